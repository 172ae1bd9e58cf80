"""What the HTML and Markdown reports show, computed once from a report's JSON object.

Both renderers (and the web app) work from the v1 JSON dict, never from live
objects, so a stored report renders exactly as a fresh one. :func:`build_view`
turns that dict into a :class:`ReportView`: the status of every claim (the
status of its group), the links of every claim in both directions, the rows of
the claims-by-outlets matrix, the sources each article cites, the summary
(what the outlets agree on, dispute and say alone), and each article's text
cut into :class:`Segment` pieces ready for highlighting.

Reports show the links a reader acts on: corroborations, contradictions and
tensions (a ``related`` link the comparison marked as a tension). Plain
``related`` links, which a report holds only when it was made with
``keep_related``, are counted and left to the JSON. Each shown link reads in
plain sentences (:func:`plain_reasons`); the model's verdicts, cosines, scores
and word lists behind it are items for specialists (:func:`specialist_items`),
which the HTML folds away and the Markdown leaves to the JSON.

Claims may overlap or nest (an attribution frame and the claim it wraps). The
text is cut at every claim and framing-term boundary; each piece belongs to the
innermost claim that covers it (its *owner*) and remembers every claim covering
it, so a click anywhere opens the most specific claim and the enclosing ones
stay one step away.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from .labels import article_label
from .summary import summarise

__all__ = [
    "RELATION_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "ArticleView",
    "ReportView",
    "Row",
    "Segment",
    "attribution_chain",
    "build_view",
    "loaded_note",
    "plain_reasons",
    "script_data",
    "segment_text",
    "specialist_items",
]

logger = logging.getLogger(__name__)

#: Group statuses, in the order reports show them.
STATUSES: tuple[str, ...] = ("contested", "corroborated", "single_source")
#: How each status reads in words (every colour comes with one of these).
STATUS_LABELS: dict[str, str] = {
    "corroborated": "corroborated",
    "contested": "contested",
    "single_source": "single source",
}
#: A mark that tells the statuses apart in print and without colour.
STATUS_SYMBOLS: dict[str, str] = {"corroborated": "✓", "contested": "✗", "single_source": "•"}
RELATION_ORDER: dict[str, int] = {"contradicts": 0, "corroborates": 1, "related": 2}
#: The kinds of link a report shows, in the order it shows them (see :func:`link_kind`).
SHOWN_KINDS: tuple[str, ...] = ("contradicts", "tension", "corroborates")
KIND_ORDER: dict[str, int] = {kind: n for n, kind in enumerate(SHOWN_KINDS)}
#: How each kind of link reads, with a mark that tells them apart without colour.
RELATION_LABELS: dict[str, str] = {
    "contradicts": "✗ contradicts",
    "tension": "≠ in tension",
    "corroborates": "✓ corroborates",
    "related": "related",
}
#: A reason written for specialists: a model's probability, a cosine, a word list.
_TECHNICAL = re.compile(
    r"\bcosine\b|^model:|\bentail\w* [01]\.\d|\bprobabilit|\(\s*[01]\.\d{2}\s*\)"
    r"|^shared(?: words)?:|\bonly in [AB]:|^time zones:",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of an article's text between two consecutive span boundaries."""

    start: int
    end: int
    text: str
    #: Claims covering the piece, innermost first; ``claims[0]`` owns it.
    claims: tuple[str, ...] = ()
    #: The framing term covering the piece, if any: ``{"referent", "loaded", "reasons"}``.
    term: dict[str, Any] | None = None
    #: Claims whose first owned piece this is (the piece that takes keyboard focus).
    anchors: tuple[str, ...] = ()
    #: Claims that end with this piece (their status label follows it).
    endings: tuple[str, ...] = ()

    @property
    def owner(self) -> str | None:
        return self.claims[0] if self.claims else None


@dataclass(slots=True)
class ArticleView:
    """One article as the report shows it."""

    id: str
    label: str
    data: dict[str, Any]
    claims: list[dict[str, Any]]
    segments: list[Segment]
    sources: list[str]
    unplaced: list[str] = field(default_factory=list)
    #: Claims of this article by status.
    status_counts: dict[str, int] = field(default_factory=dict)

    @property
    def removed(self) -> list[dict[str, Any]]:
        removed: list[dict[str, Any]] = self.data.get("removed", [])
        return removed


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the claims-by-outlets matrix: one group, its claims per article."""

    id: str
    status: str
    independent_sources: int | None
    cells: dict[str, list[dict[str, Any]]]
    grouped: bool

    @property
    def claims(self) -> list[dict[str, Any]]:
        return [claim for cells in self.cells.values() for claim in cells]


@dataclass(slots=True)
class ReportView:
    """Everything a renderer needs, derived from the report dict alone."""

    data: dict[str, Any]
    title: str
    articles: list[ArticleView]
    claims: dict[str, dict[str, Any]]
    status: dict[str, str]
    group_of: dict[str, dict[str, Any]]
    #: The links the report shows (corroborations, contradictions, tensions), most telling
    #: first, each with its ``kind``, its ``plain`` reasons and its ``specialist`` items.
    links: list[dict[str, Any]]
    links_of: dict[str, list[dict[str, Any]]]
    #: Every group (and every claim in none), contested first: the Markdown's sections.
    rows: list[Row]
    framing: list[dict[str, Any]]
    failures: list[dict[str, Any]]
    counts: dict[str, Any]
    warnings: list[dict[str, Any]] = field(default_factory=list)
    #: What the outlets agree on, dispute and say alone: ``{"agreed", "disputes", "only"}``
    #: (see :mod:`crosswire.report.summary`), as the report holds it or computed for a report
    #: made before it did.
    digest: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Plain ``related`` links the report holds and does not show.
    related_left_out: int = 0

    @property
    def matrix_rows(self) -> list[Row]:
        """The rows of the claims-by-outlet matrix: each fact cluster that two or more
        articles state, or that is contested, once, with a cell per article."""
        return [row for row in self.rows if len(row.cells) > 1 or row.status == "contested"]

    @property
    def alone(self) -> dict[str, list[dict[str, Any]]]:
        """Per article, the claims of the rows the matrix leaves out: said by it alone."""
        shown = {id(row) for row in self.matrix_rows}
        alone: dict[str, list[dict[str, Any]]] = {a.id: [] for a in self.articles}
        for row in self.rows:
            if id(row) not in shown:
                for article_id, claims in row.cells.items():
                    alone.setdefault(article_id, []).extend(claims)
        return alone

    @property
    def article_ids(self) -> set[str]:
        return {article.id for article in self.articles}

    def article_label(self, article_id: str) -> str:
        for article in self.articles:
            if article.id == article_id:
                return article.label
        return article_id

    def claim_article(self, claim_id: str) -> str:
        claim = self.claims.get(claim_id)
        return self.article_label(claim["article"]) if claim else ""


def loaded_note(reasons: Any) -> str:
    """``loaded term — reason; reason``, without repeating "loaded" the reasons already say."""
    texts = [re.sub(r"^loaded(?: term)?:\s*", "", str(r), flags=re.I) for r in reasons or []]
    texts = [t for t in texts if t]
    return "loaded term" + (" — " + "; ".join(texts) if texts else "")


def attribution_chain(claim: dict[str, Any]) -> list[str]:
    """Who a claim is attributed to, outermost first: its chain, else its source alone."""
    attribution = claim.get("attribution")
    if not attribution:
        return []
    chain = [str(c) for c in attribution.get("chain") or [] if c]
    if not chain and attribution.get("source"):
        chain = [str(attribution["source"])]
    return chain


def attribution_root(claim: dict[str, Any]) -> str | None:
    """The innermost source a claim rests on: the end of its chain, else its source."""
    attribution = claim.get("attribution")
    if not attribution:
        return None
    chain = [c for c in attribution.get("chain") or [] if c]
    if chain:
        return str(chain[-1])
    source = attribution.get("source")
    return str(source) if source else None


def cited_source(claim: dict[str, Any]) -> str | None:
    """The source a claim rests on (:func:`attribution_root`) when it is one a reader can look
    up (:func:`crosswire.analyse.sources.is_named_source`): never a common noun the attribution
    took for a source."""
    from ..analyse.sources import is_named_source

    root = attribution_root(claim)
    if root is None:
        return None
    attribution = claim.get("attribution") or {}
    kind = attribution.get("source_kind") if root == attribution.get("source") else None
    return root if is_named_source(root, kind or "named") else None


def segment_text(
    text: str,
    claims: list[dict[str, Any]],
    terms: list[dict[str, Any]] | None = None,
) -> list[Segment]:
    """Cut ``text`` at every claim and term boundary; see the module docstring.

    ``claims`` hold ``id``, ``start`` and ``end``; ``terms`` hold ``start``,
    ``end`` and what the segment should carry about the term. Spans must lie
    inside the text and not be empty (the caller drops the others).
    """
    terms = terms or []
    bounds = {0, len(text)}
    for span in [*claims, *terms]:
        bounds.add(span["start"])
        bounds.add(span["end"])
    cuts = sorted(bounds)
    # Innermost first: shortest span, then the one starting last.
    ordered = sorted(claims, key=lambda c: (c["end"] - c["start"], -c["start"], c["id"]))
    anchored: set[str] = set()
    segments: list[Segment] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(c["id"] for c in ordered if c["start"] <= start and end <= c["end"])
        term = next((t for t in terms if t["start"] <= start and end <= t["end"]), None)
        anchors: tuple[str, ...] = ()
        if covering and covering[0] not in anchored:
            anchored.add(covering[0])
            anchors = (covering[0],)
        endings = tuple(c["id"] for c in ordered if c["end"] == end and c["id"] in covering)
        segments.append(
            Segment(
                start=start,
                end=end,
                text=text[start:end],
                claims=covering,
                term=None if term is None else term["info"],
                anchors=anchors,
                endings=endings,
            )
        )
    return segments


def _placed(
    article: dict[str, Any], spans: list[dict[str, Any]], what: str
) -> list[dict[str, Any]]:
    """The spans that point at their text in ``article``; the others are logged and dropped."""
    text = article.get("text", "")
    good = []
    for span in spans:
        start, end = span.get("start"), span.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            logger.warning("%s: %s %r lies outside the text", article.get("source"), what, span)
            continue
        if span.get("text") is not None and text[start:end] != span["text"]:
            logger.warning("%s: %s %r does not match the text", article.get("source"), what, span)
            continue
        good.append(span)
    return good


def _terms_by_article(framing: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    spans: dict[str, list[dict[str, Any]]] = {}
    for entry in framing:
        for article_id, terms in (entry.get("terms") or {}).items():
            for term in terms:
                if not isinstance(term, dict):
                    continue
                info = {
                    "referent": entry.get("referent", ""),
                    "loaded": bool(term.get("loaded")),
                    "reasons": list(term.get("reasons") or []),
                }
                spans.setdefault(article_id, []).append({**term, "info": info})
    return spans


def _nonoverlapping(terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Framing terms with no overlap (the first of two overlapping terms wins)."""
    kept: list[dict[str, Any]] = []
    for term in sorted(terms, key=lambda t: (t["start"], -t["end"])):
        if kept and term["start"] < kept[-1]["end"]:
            continue
        kept.append(term)
    return kept


def build_view(report: dict[str, Any], *, title: str | None = None) -> ReportView:
    """Derive what the reports show from a v1 report dict."""
    claims = {c["id"]: c for c in report.get("claims", [])}
    status: dict[str, str] = {}
    group_of: dict[str, dict[str, Any]] = {}
    for group in report.get("groups", []):
        for claim_id in group.get("claims", []):
            status.setdefault(claim_id, group["status"])
            group_of.setdefault(claim_id, group)
    for claim_id in claims:
        # A claim no group holds is told by one article only.
        status.setdefault(claim_id, "single_source")

    every = report.get("links", []) or []
    links = sorted(
        (
            {**link, "kind": kind, "plain": plain_reasons(link),
             "specialist": specialist_items(link)}
            for link in every
            if (kind := link_kind(link)) in KIND_ORDER
        ),
        key=lambda link: (KIND_ORDER[link["kind"]], -float(link.get("score", 0) or 0)),
    )
    links_of: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        links_of.setdefault(link["a"], []).append({**link, "other": link["b"]})
        links_of.setdefault(link["b"], []).append({**link, "other": link["a"]})

    terms = _terms_by_article(report.get("framing", []))
    articles: list[ArticleView] = []
    for article in report.get("articles", []):
        own = [c for c in report.get("claims", []) if c.get("article") == article["id"]]
        placed = _placed(article, own, "claim")
        placed_terms = _nonoverlapping(_placed(article, terms.get(article["id"], []), "term"))
        placed_ids = {c["id"] for c in placed}
        sources = sorted({root for c in own if (root := cited_source(c))}, key=str.casefold)
        articles.append(
            ArticleView(
                id=article["id"],
                label=article_label(article),
                data=article,
                claims=own,
                segments=segment_text(article.get("text", ""), placed, placed_terms),
                sources=_dedupe_casefold(sources),
                unplaced=[c["id"] for c in own if c["id"] not in placed_ids],
            )
        )
    _disambiguate_labels(articles)
    for view in articles:
        view.status_counts = {s: 0 for s in STATUSES}
        for claim in view.claims:
            key = status[claim["id"]]
            view.status_counts[key] = view.status_counts.get(key, 0) + 1

    rows = _rows(report, claims, status)
    by_status = {s: 0 for s in STATUSES}
    for claim_id in claims:
        by_status[status[claim_id]] = by_status.get(status[claim_id], 0) + 1
    groups_by_status = {s: 0 for s in STATUSES}
    for group in report.get("groups", []):
        groups_by_status[group["status"]] = groups_by_status.get(group["status"], 0) + 1
    relations = {r: 0 for r in RELATION_ORDER}
    for link in every:
        relations[link["relation"]] = relations.get(link["relation"], 0) + 1
    kinds = {kind: 0 for kind in SHOWN_KINDS}
    for link in links:
        kinds[link["kind"]] += 1
    counts = {
        "articles": len(articles),
        "claims": len(claims),
        "claims_by_status": by_status,
        "groups": len(report.get("groups", [])),
        "groups_by_status": groups_by_status,
        "links": relations,
        "shown_links": kinds,
        "framing": len(report.get("framing", [])),
        "removed": sum(len(a.removed) for a in articles),
        "failures": len(report.get("failures", []) or []),
        "warnings": len(report.get("warnings", []) or []),
    }
    if title is None and isinstance(report.get("title"), str) and report["title"].strip():
        title = report["title"].strip()
    if title is None:
        labels = [a.label for a in articles]
        title = "Comparison: " + (" vs ".join(labels) if labels else "no articles")
    return ReportView(
        data=report,
        title=title,
        articles=articles,
        claims=claims,
        status=status,
        group_of=group_of,
        links=links,
        links_of=links_of,
        rows=rows,
        framing=report.get("framing", []),
        failures=list(report.get("failures", []) or []),
        counts=counts,
        warnings=list(report.get("warnings", []) or []),
        digest=_digest(report),
        related_left_out=len(every) - len(links),
    )


def _digest(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The report's ``summary`` lists, or the same computed from it when it has none."""
    keys = ("agreed", "disputes", "only")
    stored = report.get("summary")
    if isinstance(stored, dict) and all(isinstance(stored.get(k), list) for k in keys):
        return {k: stored[k] for k in keys}
    return summarise(report)


def _rows(
    report: dict[str, Any], claims: dict[str, dict[str, Any]], status: dict[str, str]
) -> list[Row]:
    """One row per group, with a cell per article that states it; a claim that a group
    already holds is not repeated in a later one, and a claim in no group is a row alone."""
    rows: list[Row] = []
    seen: set[str] = set()
    for group in report.get("groups", []):
        cells: dict[str, list[dict[str, Any]]] = {}
        for claim_id in group.get("claims", []):
            claim = claims.get(claim_id)
            if claim is None:
                logger.warning("group %s names an unknown claim %s", group.get("id"), claim_id)
                continue
            if claim_id in seen:
                continue
            seen.add(claim_id)
            cells.setdefault(claim["article"], []).append(claim)
        if not cells:
            continue
        rows.append(
            Row(group["id"], group["status"], group.get("independent_sources"), cells, True)
        )
    for claim_id, claim in claims.items():
        if claim_id not in seen:
            rows.append(Row(claim_id, status[claim_id], None, {claim["article"]: [claim]}, False))
    order = {s: i for i, s in enumerate(STATUSES)}
    rows.sort(key=lambda r: (order.get(r.status, 9), -len(r.cells)))
    return rows


def _dedupe_casefold(values: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for value in values:
        key = " ".join(value.casefold().split())
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def _disambiguate_labels(articles: list[ArticleView]) -> None:
    """Number articles whose labels collide, so columns and cells can be told apart."""
    counts: dict[str, int] = {}
    for article in articles:
        counts[article.label] = counts.get(article.label, 0) + 1
    seen: dict[str, int] = {}
    for article in articles:
        if counts[article.label] > 1:
            seen[article.label] = seen.get(article.label, 0) + 1
            article.label = f"{article.label} ({seen[article.label]})"


def link_kind(link: dict[str, Any]) -> str:
    """``corroborates``, ``contradicts``, ``tension`` (a related link marked as one) or
    ``related``."""
    relation = str(link.get("relation", "related"))
    if relation == "related" and link.get("tension"):
        return "tension"
    return relation


def _technical(reason: str) -> bool:
    return bool(_TECHNICAL.search(reason))


def plain_reasons(link: dict[str, Any]) -> list[str]:
    """A link's reasons in plain sentences: those that read as a model's numbers or a
    word list (from a report made before the comparison kept them apart) are left to
    :func:`specialist_items`."""
    return [str(r) for r in link.get("reasons") or [] if r and not _technical(str(r))]


def _triple(values: Any, labels: Any) -> str:
    pairs = zip(labels or (), values or (), strict=False)
    return ", ".join(f"{str(label).replace('_', ' ')} {float(value):.2f}" for label, value in pairs)


def specialist_items(link: dict[str, Any]) -> list[str]:
    """What lies behind a link, for specialists, one line each: its score, the model's
    verdict both ways, the cosine, the same-fact model, the core one claim states of the
    other, the word lists and every check's verdict. Built from the link's details
    (``evidence``, ``similarity``, ``nli``, ``same_fact``, ``core``, ``checks``)."""
    items: list[str] = []

    def add(item: str) -> None:
        if item and item not in items:
            items.append(item)

    if link.get("score") is not None:
        add(f"score {float(link['score']):.2f}")
    for reason in link.get("reasons") or []:
        if reason and _technical(str(reason)):
            add(str(reason))
    nli = link.get("nli")
    for item in link.get("evidence") or []:
        # the model's verdict both ways comes in full below, when the link has it
        if not (isinstance(nli, dict) and str(item).startswith("model:")):
            add(str(item))
    if isinstance(nli, dict):
        labels = nli.get("labels") or ["entailment", "neutral", "contradiction"]
        add(f"model, A to B: {_triple(nli.get('a_to_b'), labels)}")
        add(f"model, B to A: {_triple(nli.get('b_to_a'), labels)}")
    if isinstance(link.get("similarity"), int | float) and not any("cosine" in i for i in items):
        add(f"similar wording (cosine {float(link['similarity']):.2f})")
    same = link.get("same_fact")
    if isinstance(same, dict):
        add(f"same-fact model: {_triple(same.get('probabilities'), same.get('labels'))}")
    core = link.get("core")
    if isinstance(core, dict) and core.get("core"):
        entailment = core.get("entailment")
        sure = f" (entailment {float(entailment):.2f})" if entailment is not None else ""
        add(f"core stated by {core.get('premise', '?')}{sure}: '{core['core']}'")
    plain = set(plain_reasons(link))
    for check in link.get("checks") or []:
        if not isinstance(check, dict):
            continue
        reason = str(check.get("reason", ""))
        if reason in plain or reason in items:
            continue
        add(f"{check.get('check', 'check')} ({check.get('verdict', '')}): {reason}")
    return items


def script_data(view: ReportView) -> dict[str, Any]:
    """What the report page's script needs, once: the claims, the groups of more than one
    claim or not single-source (a claim in none is single-source), the shown links with
    their plain reasons and specialist items, and per article the claims only it makes.

    The article texts are on the page already, so a claim placed in its text carries no
    text of its own (the script reads it off the page); the JSON report holds the rest.
    """
    claim_keys = ("id", "article", "start", "end", "certainty", "kind", "checkworthiness")
    unplaced = {claim_id for article in view.articles for claim_id in article.unplaced}
    claims = []
    for claim in view.claims.values():
        entry = {k: claim[k] for k in claim_keys if claim.get(k) is not None}
        if claim["id"] in unplaced or claim.get("article") not in view.article_ids:
            entry["text"] = claim.get("text", "")
        cue = claim.get("certainty_cue")
        if isinstance(cue, dict) and cue.get("text"):
            entry["certainty_cue"] = {k: cue.get(k) for k in ("start", "end", "text")}
        attribution = claim.get("attribution")
        if isinstance(attribution, dict):
            entry["attribution"] = {
                k: attribution[k]
                for k in ("source", "source_kind", "cue", "chain")
                if attribution.get(k)
            }
        claims.append(entry)
    groups = [
        {k: group.get(k) for k in ("id", "claims", "status", "independent_sources")}
        for group in view.data.get("groups", []) or []
        if len(group.get("claims") or []) > 1 or group.get("status") != "single_source"
    ]
    links = [
        {"a": link["a"], "b": link["b"], "kind": link["kind"], "reasons": link["plain"],
         "specialist": link["specialist"]}
        for link in view.links
    ]
    return {
        "articles": {article.id: article.label for article in view.articles},
        "claims": claims,
        "groups": groups,
        "links": links,
        "alone": {
            article_id: [claim["id"] for claim in claims]
            for article_id, claims in view.alone.items()
            if claims
        },
    }
