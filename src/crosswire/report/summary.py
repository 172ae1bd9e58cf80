"""The summary a reader wants first: what the outlets agree on, what they dispute, what one says.

:func:`summarise` reads a report's JSON object (its ``articles``, ``claims``,
``links`` and ``groups``, the fact clusters) and returns three lists, which
``Report.to_dict()`` writes into the report's ``summary`` beside its counts:

``agreed``
    the fact clusters that two or more outlets (articles) state: corroborated
    ones first, then contested ones, then those that rest on one underlying
    source however many outlets repeat it (``status`` says which, ``basis``
    says it in words: "3 outlets, 1 underlying source: Reuters"); each by the
    number of outlets, then by check-worthiness.
``disputes``
    pairs of clusters linked by a contradiction, or by a related link marked
    as a tension, most check-worthy first. A contradiction sets the two
    clusters against each other, so each side holds its whole cluster; a
    tension is between claims, so each side holds the claims that are linked
    (so do the two sides of a contradiction inside one group, which only a
    report made before fact clusters can hold).
    ``slot`` and ``reason`` come from the first check in conflict ("numbers",
    "numbers differ: '2,000' vs '3,000'"); without one, ``slot`` is null and
    ``reason`` is the link's first reason in words.
``only``
    per article, the claims no other article states (clusters of one
    article), most check-worthy first, at most ``per_outlet`` of them and the
    number left out in ``more``.

Every item names its claims by id, and every id is one of the report's
claims. The summary is computed from the JSON object alone, so a report
stored before it existed gets the same summary when it is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .labels import article_label

__all__ = ["summarise"]

#: How many claims of one outlet ``only`` lists.
PER_OUTLET = 5

_STATUS_ORDER = {"corroborated": 0, "contested": 1, "single_source": 2}
_KIND_ORDER = {"contradiction": 0, "tension": 1}

#: How the comparison words the notes on a claim's roots (see ``comparison/views.py``).
_NOTE_NAMES = (
    re.compile(r"^rests on unnamed '(?P<name>.+)' in this article$"),
    re.compile(r"^rests on (?P<name>.+?), which first reported it$"),
    re.compile(r"^rests on (?P<name>.+?)(?: \(via .*\))?$"),
    re.compile(r"^independently confirmed by (?P<name>.+)$"),
)


def summarise(report: Mapping[str, Any], *, per_outlet: int = PER_OUTLET) -> dict[str, Any]:
    """``{"agreed": [...], "disputes": [...], "only": [...]}`` for a v1 report object."""
    summary = _Summary(report)
    return {
        "agreed": summary.agreed(),
        "disputes": summary.disputes(),
        "only": summary.only(per_outlet),
    }


class _Summary:
    """The report's claims, clusters and links, indexed for the three lists."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        self.articles = {a["id"]: a for a in report.get("articles", []) or []}
        self.claims = {c["id"]: c for c in report.get("claims", []) or []}
        self.position = {claim_id: n for n, claim_id in enumerate(self.claims)}
        self.links = [
            link
            for link in report.get("links", []) or []
            if link.get("a") in self.claims and link.get("b") in self.claims
        ]
        self.groups: list[dict[str, Any]] = []
        self.group_of: dict[str, dict[str, Any]] = {}
        for group in report.get("groups", []) or []:
            members = [c for c in group.get("claims", []) if c in self.claims]
            members = [c for c in members if c not in self.group_of]
            if not members:
                continue
            kept = {**group, "claims": members}
            self.groups.append(kept)
            for claim_id in members:
                self.group_of[claim_id] = kept
        for claim_id in self.claims:
            # a claim no group holds is a cluster of its own
            if claim_id not in self.group_of:
                alone = {"id": claim_id, "claims": [claim_id], "status": "single_source",
                         "independent_sources": 1}
                self.groups.append(alone)
                self.group_of[claim_id] = alone
        #: per claim, the scores of the corroborations that bind it to its own cluster
        self.bound: dict[str, float] = {}
        for link in self.links:
            a, b = link["a"], link["b"]
            if link["relation"] == "corroborates" and self.group_of[a] is self.group_of[b]:
                for end in (a, b):
                    self.bound[end] = self.bound.get(end, 0.0) + float(link.get("score", 0.0))

    # --- helpers -------------------------------------------------------------------------------

    def article_of(self, claim_id: str) -> str:
        return str(self.claims[claim_id].get("article", ""))

    def outlets(self, claim_ids: list[str]) -> list[dict[str, str]]:
        """The articles that state these claims, in article order, with the outlet's name."""
        ids = {self.article_of(c) for c in claim_ids}
        ordered = [a for a in self.articles if a in ids]
        ordered += sorted(ids - set(ordered))
        return [{"article": a, "outlet": self.outlet_name(a)} for a in ordered]

    def outlet_name(self, article_id: str) -> str:
        article = self.articles.get(article_id)
        return article_label(article) if article else article_id

    def worth(self, claim_ids: list[str]) -> float:
        """The highest check-worthiness among the claims (0 where none is scored)."""
        scores = [self.claims[c].get("checkworthiness") for c in claim_ids]
        return max((float(s) for s in scores if isinstance(s, int | float)), default=0.0)

    def central(self, claim_ids: list[str]) -> str:
        """The cluster's most central claim: the one its corroborations bind most strongly to
        the others (the first claim when none does)."""
        return max(claim_ids, key=lambda c: self.bound.get(c, 0.0))

    def claim_entry(self, claim_id: str) -> dict[str, Any]:
        claim = self.claims[claim_id]
        entry: dict[str, Any] = {"claim": claim_id, "text": claim.get("text", "")}
        if isinstance(claim.get("checkworthiness"), int | float):
            entry["checkworthiness"] = claim["checkworthiness"]
        return entry

    # --- agreed --------------------------------------------------------------------------------

    def agreed(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for group in self.groups:
            claim_ids = list(group["claims"])
            outlets = self.outlets(claim_ids)
            if len(outlets) < 2:
                continue
            roots = self.root_names(group)
            independent = int(group.get("independent_sources") or len(roots) or 1)
            central = self.central(claim_ids)
            items.append({
                "group": group["id"],
                "status": group.get("status", "single_source"),
                "claims": claim_ids,
                "claim": central,
                "text": self.claims[central].get("text", ""),
                "outlets": outlets,
                "independent_sources": independent,
                "roots": roots,
                "basis": _basis(outlets, independent, roots),
                "checkworthiness": round(self.worth(claim_ids), 4),
            })
        items.sort(key=lambda item: (
            _STATUS_ORDER.get(item["status"], 9),
            -len(item["outlets"]),
            -item["checkworthiness"],
            min(self.position[c] for c in item["claims"]),
        ))
        return items

    def root_names(self, group: Mapping[str, Any]) -> list[str]:
        """Each independent root of a cluster in words ("The Guardian", "GB News (own
        reporting)"); roots the comparison merged (one source named two ways, copies of one
        account) are one entry, "counted once"."""
        notes: dict[str, tuple[str, str]] = {}
        for source in group.get("sources", []) or []:
            claim_id = source.get("claim")
            for root, note in zip(source.get("roots", []) or [], source.get("how", []) or [],
                                  strict=False):
                notes.setdefault(str(root), (str(note), str(claim_id)))
        names: list[str] = []
        for root_class in group.get("root_classes", []) or []:
            words = list(dict.fromkeys(
                self.root_name(str(root), notes.get(str(root))) for root in root_class
            ))
            names.append(" / ".join(words) + (" (counted once)" if len(words) > 1 else ""))
        return names

    def root_name(self, root: str, note: tuple[str, str] | None) -> str:
        kind, _, rest = root.partition(":")
        claim_id = note[1] if note else ""
        article_id = self.article_of(claim_id) if claim_id in self.claims else ""
        if kind == "outlet" or (kind == "article" and ":" not in rest):
            return f"{self.outlet_name(article_id or rest)} (own reporting)"
        if note:
            for pattern in _NOTE_NAMES:
                match = pattern.match(note[0])
                if match:
                    name = match.group("name")
                    if kind == "article":
                        return f"unnamed {name} (in {self.outlet_name(article_id)})"
                    return name
        if kind == "article":
            return f"unnamed {rest.partition(':')[2]}"
        return rest or root

    # --- disputes ------------------------------------------------------------------------------

    def disputes(self) -> list[dict[str, Any]]:
        pairs: dict[frozenset[str], list[dict[str, Any]]] = {}
        for link in self.links:
            if not (link["relation"] == "contradicts"
                    or (link["relation"] == "related" and link.get("tension"))):
                continue
            ga, gb = self.group_of[link["a"]], self.group_of[link["b"]]
            # one cluster never holds a contradiction, but a report made before clusters may
            key = frozenset((ga["id"], gb["id"]) if ga is not gb else (link["a"], link["b"]))
            pairs.setdefault(key, []).append(link)
        items = [self.dispute(links) for links in pairs.values()]
        items.sort(key=lambda item: (
            -item["checkworthiness"],
            _KIND_ORDER[item["kind"]],
            min(self.position[c] for side in item["sides"] for c in side["claims"]),
        ))
        return items

    def dispute(self, links: list[dict[str, Any]]) -> dict[str, Any]:
        links = sorted(links, key=lambda x: (x["relation"] != "contradicts",
                                            -float(x.get("score", 0.0))))
        first = links[0]
        kind = "contradiction" if first["relation"] == "contradicts" else "tension"
        sides = []
        apart = self.group_of[first["a"]] is not self.group_of[first["b"]]
        for end in ("a", "b"):
            group = self.group_of[first[end]]
            if not apart:
                claim_ids = [first[end]]
            elif kind == "contradiction":
                claim_ids = list(group["claims"])
            else:
                linked = {x[e] for x in links for e in ("a", "b")} & set(group["claims"])
                claim_ids = [c for c in group["claims"] if c in linked]
            sides.append({
                "group": group["id"],
                "claims": claim_ids,
                "claim": first[end],
                "text": self.claims[first[end]].get("text", ""),
                "outlets": self.outlets(claim_ids),
            })
        slot, reason = _conflict(first)
        return {
            "kind": kind,
            "sides": sides,
            "slot": slot,
            "reason": reason,
            "links": [{"a": x["a"], "b": x["b"], "relation": x["relation"]} for x in links],
            "checkworthiness": round(self.worth([c for s in sides for c in s["claims"]]), 4),
        }

    # --- only ----------------------------------------------------------------------------------

    def only(self, per_outlet: int) -> list[dict[str, Any]]:
        alone: dict[str, list[str]] = {}
        for group in self.groups:
            articles = {self.article_of(c) for c in group["claims"]}
            if len(articles) == 1:
                alone.setdefault(articles.pop(), []).extend(group["claims"])
        items: list[dict[str, Any]] = []
        for article_id in [*self.articles, *sorted(set(alone) - set(self.articles))]:
            claim_ids = alone.get(article_id)
            if not claim_ids:
                continue
            claim_ids.sort(key=lambda c: (-self.worth([c]), self.position[c]))
            shown = claim_ids[: max(per_outlet, 0)]
            items.append({
                "article": article_id,
                "outlet": self.outlet_name(article_id),
                "claims": [self.claim_entry(c) for c in shown],
                "more": len(claim_ids) - len(shown),
            })
        return items


def _basis(articles: list[dict[str, str]], independent: int, roots: list[str]) -> str:
    """"3 outlets, 1 underlying source: Reuters"; "2 outlets, 2 independent sources: ...";
    "2 articles of 1 outlet, ..." where one outlet published more than one of the articles."""
    names = len({a["outlet"] for a in articles})
    if names == len(articles):
        text = f"{names} outlets"
    else:
        text = f"{len(articles)} articles of {names} outlet{'s' if names > 1 else ''}"
    if independent == 1:
        text += ", 1 underlying source"
    else:
        text += f", {independent} independent sources"
    return text + (": " + "; ".join(roots) if roots else "")


def _conflict(link: Mapping[str, Any]) -> tuple[str | None, str]:
    """The slot and reason of the link's first check in conflict, else its first reason."""
    for check in link.get("checks", []) or []:
        if isinstance(check, Mapping) and check.get("verdict") == "conflict":
            slot = str(check["check"]) if check.get("check") else None
            return slot, str(check.get("reason", ""))
    technical = set(link.get("evidence", []) or [])
    reasons = [str(r) for r in link.get("reasons", []) or [] if r not in technical]
    plain = [r for r in reasons if not r.startswith("model:")]
    return None, (plain or reasons or [""])[0]
