"""The Markdown report: the comparison as notes and tickets want it.

:func:`render_markdown` writes the summary (what the outlets agree on, dispute
and say alone, then the counts), every group of claims by status
(contested first, each claim with its outlet, certainty and attribution chain,
each link with its reasons in words; the claims only one article makes listed
per article), the links table, the framing table and what the cleaner removed.

Links are the corroborations, contradictions and tensions; plain ``related``
links are counted, not listed. The scores, model verdicts, cosines and word
lists behind each link are left to the JSON report (and the HTML report's
folded "evidence for specialists"), as a note under the links table says.

Article text is data, not markup: every piece of it is escaped so a Markdown
renderer shows it as written. Backslash escapes stop emphasis, links, images
and raw HTML (``<script>`` renders as the text ``<script>``); newlines inside
a claim become spaces and ``|`` is escaped so tables keep their shape.
"""

from __future__ import annotations

import re
from typing import Any

from .view import (
    RELATION_LABELS,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    STATUSES,
    ReportView,
    attribution_chain,
    build_view,
    loaded_note,
)

__all__ = ["md_escape", "render_markdown"]

_PLAIN_ID = re.compile(r"[\w.:-]+")
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md_escape(value: Any) -> str:
    """``value`` as inline Markdown text: one line, every markup character escaped."""
    text = " ".join(str(value).split())
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(report: dict[str, Any], *, title: str | None = None) -> str:
    """The report (the v1 JSON object) as a Markdown document."""
    view = build_view(report, title=title)
    parts = [
        _head(view),
        _summary(view),
        _claims(view),
        _links(view),
        _framing(view),
        _removed(view),
        _problems("Inputs that could not be read or analysed", view.failures),
        _problems("Warnings", view.warnings),
    ]
    return "\n\n".join(p for p in parts if p).rstrip() + "\n"


def _head(view: ReportView) -> str:
    data = view.data
    meta = [md_escape(data.get("generator") or "crosswire")]
    if data.get("created"):
        meta.append("made " + md_escape(data["created"]))
    meta.append("report schema v" + md_escape(data.get("schema_version", "1")))
    return f"# {md_escape(view.title)}\n\n" + " · ".join(meta)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _summary(view: ReportView) -> str:
    c = view.counts
    lines = ["## Summary", "", *_digest(view), "### In numbers", "", "| | |", "|---|---|"]
    lines.append(f"| Articles | {c['articles']} |")
    lines.append(f"| Claims | {c['claims']} |")
    for status in ("corroborated", "contested", "single_source"):
        label = f"{STATUS_SYMBOLS[status]} {STATUS_LABELS[status].capitalize()}"
        lines.append(
            f"| {label} | {_plural(c['claims_by_status'][status], 'claim')} "
            f"in {_plural(c['groups_by_status'][status], 'group')} |"
        )
    links = c["shown_links"]
    related = (
        f" ({view.related_left_out} plain related not shown)" if view.related_left_out else ""
    )
    lines.append(
        f"| Links | {links['contradicts']} contradict · {links['tension']} in tension"
        f" · {links['corroborates']} corroborate{related} |"
    )
    lines.append(f"| Removed by the cleaner | {c['removed']} |")
    if c["failures"]:
        lines.append(f"| Inputs that failed | {c['failures']} |")
    if c["warnings"]:
        lines.append(f"| Warnings | {c['warnings']} |")
    lines += [
        "",
        "| Article | Claims | ✓ Corroborated | ✗ Contested | • Single source "
        "| Independent sources cited | Removed |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for a in view.articles:
        sources = f"{len(a.sources)}" + (
            ": " + "; ".join(md_escape(s) for s in a.sources) if a.sources else ""
        )
        counts = a.status_counts
        lines.append(
            f"| {md_escape(a.label)} | {len(a.claims)} | {counts.get('corroborated', 0)} "
            f"| {counts.get('contested', 0)} | {counts.get('single_source', 0)} | {sources} "
            f"| {len(a.removed)} |"
        )
    return "\n".join(lines)


def _digest(view: ReportView) -> list[str]:
    """What the outlets agree on, dispute and say alone, each item naming its claims."""
    digest = view.digest
    lines = ["### Agreed: stated by two or more outlets", ""]
    for n, item in enumerate(digest.get("agreed", []), 1):
        status = item.get("status", "single_source")
        lines.append(
            f"{n}. “{md_escape(_short(item.get('text', ''), 200))}” — "
            f"{STATUS_SYMBOLS.get(status, '')} {md_escape(STATUS_LABELS.get(status, status))}; "
            f"{_outlets(view, item.get('outlets', []))}; {md_escape(item.get('basis', ''))} "
            f"({_claim_ids(item.get('claims', []))})"
        )
    if not digest.get("agreed"):
        lines.append("No fact is stated by two or more outlets.")
    lines += ["", "### Disputed: contradictions and tensions", ""]
    for n, item in enumerate(digest.get("disputes", []), 1):
        kind = "✗ contradiction" if item.get("kind") == "contradiction" else "≠ tension"
        slot = f" on {md_escape(item['slot'])}" if item.get("slot") else ""
        lines.append(f"{n}. {kind}{slot}: {md_escape(item.get('reason', ''))}")
        for side, entry in zip("AB", item.get("sides", []), strict=False):
            lines.append(
                f"   - {side}: {_outlets(view, entry.get('outlets', []))}: "
                f"“{md_escape(_short(entry.get('text', ''), 160))}” "
                f"({_claim_ids(entry.get('claims', []))})"
            )
    if not digest.get("disputes"):
        lines.append(
            "No claim of one outlet was found to contradict or be in tension with another's."
        )
    lines += ["", "### Only one outlet says it: the most check-worthy", ""]
    for entry in digest.get("only", []):
        lines += [f"**{md_escape(view.article_label(entry.get('article', '')))}**", ""]
        for claim in entry.get("claims", []):
            lines.append(
                f"- “{md_escape(_short(claim.get('text', ''), 200))}” "
                f"({_claim_ids([claim.get('claim', '')])})"
            )
        more = int(entry.get("more", 0) or 0)
        if more:
            lines.append(f"- …and {_plural(more, 'more claim')} only this outlet makes")
        lines.append("")
    if not digest.get("only"):
        lines += ["Every claim is stated by more than one outlet.", ""]
    return lines


def _outlets(view: ReportView, outlets: list[dict[str, Any]]) -> str:
    names = [
        view.article_label(o["article"]) if o.get("article") in view.article_ids
        else str(o.get("outlet", ""))
        for o in outlets
    ]
    return ", ".join(f"**{md_escape(name)}**" for name in names)


def _claim_ids(ids: list[str]) -> str:
    word = "claim" if len(ids) == 1 else "claims"
    return f"{word} " + ", ".join(_code(i) for i in ids)


def _chain(claim: dict[str, Any]) -> str:
    return " → ".join(md_escape(c) for c in attribution_chain(claim))


def _claim_line(view: ReportView, claim: dict[str, Any]) -> str:
    meta = [md_escape(claim.get("certainty", "asserted"))]
    cue = claim.get("certainty_cue")
    if cue and cue.get("text"):
        meta[0] += f" (“{md_escape(cue['text'])}”)"
    chain = _chain(claim)
    if chain:
        meta.append("according to " + chain)
    return (
        f"- **{md_escape(view.article_label(claim['article']))}**: "
        f"“{md_escape(claim['text'])}” — {', '.join(meta)} {_code(claim['id'])}"
    )


def _code(value: Any) -> str:
    """An id as inline code when it is a plain id, else as escaped text."""
    text = str(value)
    if _PLAIN_ID.fullmatch(text):
        return f"`{text}`"
    return md_escape(text)


def _claims(view: ReportView) -> str:
    titles = {
        "contested": "Contested claims",
        "corroborated": "Corroborated claims",
        "single_source": "Single-source claims",
    }
    sections: list[str] = []
    for status in STATUSES:
        rows = [r for r in view.rows if r.status == status]
        if not rows:
            continue
        lines = [f"## {STATUS_SYMBOLS[status]} {titles[status]}"]
        # a single-source fact one article states: listed per article, not a group each
        alone = status == "single_source"
        for row in (r for r in rows if not (alone and len(r.cells) == 1)):
            claims = row.claims
            if row.grouped:
                sources = ""
                if row.independent_sources is not None:
                    sources = ", " + _plural(row.independent_sources, "independent source")
                lines += ["", f"### Group {_code(row.id)}{sources}", ""]
            else:
                lines += ["", "### In no group", ""]
            lines += [_claim_line(view, c) for c in claims]
            ids = {c["id"] for c in claims}
            for link in view.links:
                if link["a"] in ids and link["b"] in ids:
                    lines.append(_link_line(view, link, nested=True))
        if alone:
            for article in view.articles:
                own = [c for r in rows if list(r.cells) == [article.id] for c in r.claims]
                if own:
                    lines += ["", f"### Only {md_escape(article.label)} says it", ""]
                    lines += [_claim_line(view, c) for c in own]
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def _kind(link: dict[str, Any]) -> str:
    return md_escape(RELATION_LABELS.get(link["kind"], link["kind"]))


def _link_line(view: ReportView, link: dict[str, Any], *, nested: bool) -> str:
    reasons = "; ".join(md_escape(r) for r in link["plain"]) or "no reason given in words"
    indent = "  " if nested else ""
    return f"{indent}- *{_kind(link)}*: {reasons}"


def _links(view: ReportView) -> str:
    related = ""
    if view.related_left_out:
        n = view.related_left_out
        related = (
            f"\n\n{_plural(n, 'plain related link')} (claims about the same subject that "
            f"neither confirm nor contradict each other) {'is' if n == 1 else 'are'} not "
            "listed; the JSON report holds them."
        )
    if not view.links:
        return (
            "## Links between claims\n\nNo claim of one article was found to corroborate, "
            "contradict or be in tension with another's." + related
        )
    lines = [
        "## Links between claims",
        "",
        "| Relation | Claim | Other claim | Why |",
        "|---|---|---|---|",
    ]
    for link in view.links:
        sides = []
        for side in (link["a"], link["b"]):
            claim = view.claims.get(side)
            if claim is None:
                sides.append(_code(side))
            else:
                sides.append(
                    f"{md_escape(view.article_label(claim['article']))}: "
                    f"“{md_escape(_short(claim['text']))}”"
                )
        reasons = "; ".join(md_escape(r) for r in link["plain"]) or "—"
        lines.append(f"| {_kind(link)} | {sides[0]} | {sides[1]} | {reasons} |")
    lines += [
        "",
        "The score, the model's verdicts both ways, the cosine and the word lists behind each "
        "link are in the JSON report (each link's `evidence`, `nli`, `similarity` and `checks`) "
        "and under “evidence for specialists” in the HTML report.",
    ]
    return "\n".join(lines) + related


def _short(text: str, limit: int = 120) -> str:
    value = " ".join(text.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _framing(view: ReportView) -> str:
    if not view.framing:
        return "## Framing\n\nNo referent is named differently by the articles."
    head = "| Referent | " + " | ".join(md_escape(a.label) for a in view.articles) + " |"
    lines = ["## Framing", "", head, "|---" * (len(view.articles) + 1) + "|"]
    for entry in view.framing:
        cells = []
        for article in view.articles:
            terms = []
            for term in (entry.get("terms") or {}).get(article.id, []):
                if isinstance(term, str):
                    terms.append(f"“{md_escape(term)}”")
                    continue
                word = f"“{md_escape(term['text'])}”"
                if term.get("loaded"):
                    word = f"**{word}** ({md_escape(loaded_note(term.get('reasons')))})"
                terms.append(word)
            cells.append("<br>".join(terms) if terms else "—")
        lines.append(f"| {md_escape(entry.get('referent', ''))} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _removed(view: ReportView) -> str:
    lines = ["## What the cleaner removed"]
    for article in view.articles:
        removed = article.removed
        lines += ["", f"### {md_escape(article.label)}: {len(removed)} removed"]
        if removed:
            lines.append("")
        for r in removed:
            lines.append(
                f"- “{md_escape(_short(r['text'], 200))}” — {md_escape(r['reason'])} "
                f"(raw text {r['start']}–{r['end']})"
            )
    return "\n".join(lines)


def _problems(heading: str, problems: list[dict[str, Any]]) -> str:
    """A section listing failures or warnings: each input, the stage if known, the reason."""
    if not problems:
        return ""
    lines = [f"## {heading}", ""]
    for p in problems:
        stage = f" ({md_escape(p['stage'])})" if p.get("stage") else ""
        lines.append(f"- **{md_escape(p['source'])}**{stage}: {md_escape(p['reason'])}")
    return "\n".join(lines)
