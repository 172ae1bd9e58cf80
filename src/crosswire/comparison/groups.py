"""Fact clusters, their status, and how many independent sources stand behind each.

Claims that state one fact form a group (a *fact cluster*): a claim joins a
cluster only when it corroborates every claim already in it, and a cluster
holds at most one claim of each article. A claim linked to nothing is a
group of its own, so every claim has a status:

``contested``
    a claim of another cluster contradicts one of this cluster;
``corroborated``
    two or more independent sources stand behind it;
``single_source``
    otherwise.

Independence counts *roots*, the sources a claim ultimately rests on (see
:mod:`crosswire.comparison.views`): syndicated copies and near-duplicate
claims count once, as do claims resting on one attribution root ("first
reported by The Washington Post", "according to Reuters, citing the NIS");
an explicit confirmation ("Fox News has confirmed") is a root of its own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

from ..document import Article
from ..report.model import Group, Link
from .facts import shared_quote
from .views import ClaimView, acronym_of

__all__ = ["build_groups", "independent_roots"]


class _Union:
    """Union-find over string keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: str, y: str) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


def shingles(text: str, size: int = 3) -> set[str]:
    """Word ``size``-grams of a text, lower-cased."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def near_duplicate_articles(articles: Sequence[Article], threshold: float = 0.5) -> list[set[str]]:
    """Sets of article ids whose texts are near-duplicates (syndicated copies of one story)."""
    sets = [shingles(a.text, 5) for a in articles]
    union = _Union()
    for i in range(len(articles)):
        union.find(articles[i].id)
        for j in range(i + 1, len(articles)):
            if _jaccard(sets[i], sets[j]) >= threshold:
                union.union(articles[i].id, articles[j].id)
    clusters: dict[str, set[str]] = {}
    for article in articles:
        clusters.setdefault(union.find(article.id), set()).add(article.id)
    return list(clusters.values())


def independent_roots(
    members: Sequence[ClaimView],
    *,
    article_clusters: Sequence[set[str]] = (),
    copy_threshold: float = 0.6,
) -> list[list[str]]:
    """The member claims' roots, merged into classes that are not independent of each other."""
    union = _Union()
    roots = [r for view in members for r in view.roots]
    for root in roots:
        union.find(root)
    # one attribution root named two ways: "NIS" and "National Intelligence Service"
    named = [r for r in dict.fromkeys(roots) if r.startswith("source:")]
    for x in named:
        for y in named:
            if x < y and (acronym_of(_title(x)) == y[7:] or acronym_of(_title(y)) == x[7:]):
                union.union(x, y)
    # syndicated copies: articles that are near-duplicates share their own reporting
    cluster_of = {aid: min(cluster) for cluster in article_clusters for aid in cluster}
    for view in members:
        for root in view.roots:
            own = root.startswith("outlet:") or (
                root.startswith("article:") and ":" not in root[8:]
            )
            rep = cluster_of.get(view.article_id)
            if own and rep:
                union.union(root, f"copy-of:{rep}")
    # one document that a story's articles each cite unnamed ("the indictment said")
    documents: dict[str, str] = {}
    for root in dict.fromkeys(roots):
        head = _document_head(root)
        if head:
            union.union(root, documents.setdefault(head, root))
    # near-duplicate claims: a copied sentence rests on what its original rests on; two claims
    # that quote the same words (half the shorter quote) report one statement
    sets = [shingles(view.text) for view in members]
    for i, a in enumerate(members):
        for j in range(i + 1, len(members)):
            b = members[j]
            if a.article_id != b.article_id and (
                    _jaccard(sets[i], sets[j]) >= copy_threshold
                    or shared_quote(a.text, b.text, QUOTED_WORDS)):
                union.union(a.roots[0], b.roots[0])
    classes: dict[str, list[str]] = {}
    for root in dict.fromkeys(roots):
        classes.setdefault(union.find(root), []).append(root)
    return list(classes.values())


#: the run of quoted words, making half the shorter quote, from which two claims quote one
#: statement
QUOTED_WORDS = 6
#: documents a story's articles cite without a name ("according to the indictment"): in
#: one story "the indictment" is one document, whichever article cites it
DOCUMENTS = frozenset({"indictment", "complaint", "affidavit", "lawsuit", "filing",
                       "court filing", "court papers", "court documents", "charging documents",
                       "criminal complaint"})


def _document_head(root: str) -> str | None:
    """The document an unnamed root of one article names, if it is one of :data:`DOCUMENTS`."""
    if not root.startswith("article:"):
        return None
    parts = root.split(":", 2)
    if len(parts) < 3:
        return None
    return parts[2] if parts[2] in DOCUMENTS else None


def _title(root: str) -> str:
    # keys are lower-cased; capitalise words so acronym_of can read initials
    return " ".join(w.capitalize() for w in root.split(":", 1)[1].split())


def _group_id(claim_ids: Sequence[str]) -> str:
    digest = hashlib.sha256("\n".join(sorted(claim_ids)).encode("utf-8")).hexdigest()[:12]
    return f"g-{digest}"


def _fact_clusters(views: Sequence[ClaimView], links: Sequence[Link]) -> list[list[str]]:
    """Claims that state one fact, as clusters without chaining.

    Corroborations are taken strongest first; two clusters merge only when every claim of one
    corroborates every claim of the other from a different article (complete linkage), and no
    article would have two claims in the merged cluster. So a claim that corroborates two
    others that state different facts joins at most one of them.
    """
    article_of = {v.id: v.article_id for v in views}
    agree: dict[frozenset[str], float] = {}
    for link in links:
        if link.relation == "corroborates" and link.a != link.b:
            key = frozenset((link.a, link.b))
            agree[key] = max(agree.get(key, 0.0), float(link.score))
    cluster: dict[str, list[str]] = {v.id: [v.id] for v in views}
    for key, _ in sorted(agree.items(), key=lambda item: (-item[1], sorted(item[0]))):
        a, b = sorted(key)
        ca, cb = cluster[a], cluster[b]
        if ca is cb:
            continue
        if {article_of[x] for x in ca} & {article_of[y] for y in cb}:
            continue
        if not all(frozenset((x, y)) in agree for x in ca for y in cb):
            continue
        merged = ca + cb
        for member in merged:
            cluster[member] = merged
    order = {v.id: n for n, v in enumerate(views)}
    unique = {id(c): c for c in cluster.values()}
    return [sorted(c, key=order.__getitem__) for c in unique.values()]


def build_groups(
    views: Sequence[ClaimView],
    links: Sequence[Link],
    articles: Sequence[Article],
) -> list[Group]:
    """Every claim in exactly one fact cluster, with its status and independent sources.

    A cluster holds the claims that state one fact (see :func:`_fact_clusters`);
    contradictions and tensions are links *between* clusters and never merge them.
    """
    by_id = {v.id: v for v in views}
    clusters = _fact_clusters(views, links)
    group_of = {claim: _group_id(members) for members in clusters for claim in members}
    contradicted: dict[str, set[str]] = {}
    tension: dict[str, set[str]] = {}
    for link in links:
        if link.a not in group_of or link.b not in group_of:
            continue
        ga, gb = group_of[link.a], group_of[link.b]
        if ga == gb:
            continue
        if link.relation == "contradicts":
            contradicted.setdefault(ga, set()).add(gb)
            contradicted.setdefault(gb, set()).add(ga)
        elif link.relation == "related" and link.details.get("tension"):
            tension.setdefault(link.a, set()).add(link.b)
            tension.setdefault(link.b, set()).add(link.a)
    copies = near_duplicate_articles(articles)
    groups: list[Group] = []
    for ids in clusters:
        group_views = [by_id[i] for i in ids]
        gid = group_of[ids[0]]
        classes = independent_roots(group_views, article_clusters=copies)
        independent = len(classes)
        if gid in contradicted:
            status = "contested"
        elif independent >= 2 and len({v.article_id for v in group_views}) > 1:
            status = "corroborated"
        else:
            status = "single_source"
        details: dict[str, Any] = {
            "articles": sorted({v.article_id for v in group_views}),
            "sources": [
                {"claim": v.id, "roots": list(v.roots), "how": list(v.root_notes)}
                for v in group_views
            ],
            "root_classes": classes,
        }
        if gid in contradicted:
            details["contradicted_by"] = sorted(contradicted[gid])
        related = sorted({t for i in ids for t in tension.get(i, ())} - set(ids))
        if related:
            details["in_tension_with"] = related
        groups.append(Group(gid, tuple(ids), status, independent, details))  # type: ignore[arg-type]
    order = {"contested": 0, "corroborated": 1, "single_source": 2}
    position = {v.id: n for n, v in enumerate(views)}
    groups.sort(key=lambda g: (order[g.status], min(position[c] for c in g.claims)))
    return groups
