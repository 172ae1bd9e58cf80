"""The quotes stage: direct and indirect quotes and who said them.

Assigned layer ``quotes``: one :class:`~crosswire.document.Quote` per

- **direct quote**: text between paired quotation marks (``"..."``, ``“...”``,
  ``‘...’``, and ``'...'`` where it cannot be an apostrophe), marks included;
  a quote left open at the end of a paragraph runs to the end of that
  paragraph (news style for quotes that go on in the next paragraph);
- **indirect quote**: the content of an attribution that has no quotation mark
  in it ("Analysts suggest Kim's ... might be aimed at ...").

A quote's speaker is the resolved source of the attribution whose content holds
it ("He added: ..." is Rob Lee's when Rob Lee was the last person quoted).
Quotation marks in the middle of a word (apostrophes) never open or close a quote.
"""

from __future__ import annotations

import re

from ..document import Article, Attribution, Quote, Span
from ..ranges import RangeIndex

__all__ = ["find_quote_spans", "quote_layer"]

_OPENERS_BEFORE = set(" \t\n([{\u2014\u2013-:;/")
_DOUBLE = {'"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb"}
_MAX_SINGLE = 300


def _opens(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in _OPENERS_BEFORE


def _double_quotes(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, char in enumerate(text):
        if char == "\n" and open_at is not None:
            # A quote open at the end of a paragraph ends with that paragraph.
            end = i
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            spans.append((open_at, end))
            open_at = None
            continue
        if char not in _DOUBLE:
            continue
        if char in {"\u201c", "\u201e", "\u00ab"}:
            opening = True
        elif char in {"\u201d", "\u00bb"}:
            opening = False
        else:
            opening = open_at is None and _opens(text, i)
            if open_at is None and not opening:
                opening = i + 1 < len(text) and not text[i + 1].isspace()
        if opening:
            if open_at is None:
                open_at = i
        elif open_at is not None:
            if i > open_at + 1:
                spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None:
        end = len(text.rstrip())
        if end > open_at + 1:
            spans.append((open_at, end))
    return spans


def _single_quotes(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[\u2018']", text):
        i = match.start()
        if not _opens(text, i) or i + 1 >= len(text) or text[i + 1].isspace():
            continue
        closer = "\u2019" if text[i] == "\u2018" else "'"
        j = i + 1
        limit = min(len(text), i + _MAX_SINGLE)
        while j < limit:
            j = text.find(closer, j, limit)
            if j < 0 or text.find("\n", i, j) >= 0:
                j = -1
                break
            after = text[j + 1] if j + 1 < len(text) else " "
            if not after.isalnum():
                break
            j += 1
        else:
            j = -1
        if j > i + 1 and text[j - 1] != " ":
            spans.append((i, j + 1))
    # Drop single-quote spans that overlap each other (keep the first).
    kept: list[tuple[int, int]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of direct quotes in ``text``, quotation marks included, in order."""
    spans = _double_quotes(text)
    doubles = RangeIndex(spans, _bounds)
    # single-quote spans never overlap one another: only the double ones can cross them
    for single in _single_quotes(text):
        crossing = [d for d in doubles.overlapping(*single)
                    if not (d[0] <= single[0] and single[1] <= d[1])]
        if not crossing:
            spans.append(single)
    return sorted(set(spans))


def _bounds(span: tuple[int, int]) -> tuple[int, int]:
    return span


def _covering(
    attributions: RangeIndex[Attribution], start: int, end: int
) -> Attribution | None:
    best: Attribution | None = None
    best_overlap = 0
    for attribution in attributions.overlapping(start, end):
        content = attribution.content
        if content is None:
            continue
        overlap = min(end, content.end) - max(start, content.start)
        if overlap > best_overlap and overlap >= (end - start) // 2:
            best, best_overlap = attribution, overlap
    return best


def quote_layer(article: Article) -> list[Quote]:
    """Direct quotes with their speakers, then indirect quotes (attribution contents)."""
    text = article.text
    quotes: list[Quote] = []
    direct = find_quote_spans(text)
    contents = RangeIndex(article.attributions,
                          lambda a: (a.content.start, a.content.end) if a.content else None)
    for start, end in direct:
        attribution = _covering(contents, start, end)
        quotes.append(
            Quote(
                span=Span(start, end, text[start:end]),
                speaker=attribution.source if attribution else None,
                speaker_span=attribution.source_span if attribution else None,
                direct=True,
            )
        )
    direct_index = RangeIndex(direct, _bounds)
    for attribution in article.attributions:
        content = attribution.content
        if content is None or attribution.source is None:
            continue
        if direct_index.overlapping(content.start, content.end):
            continue
        quotes.append(
            Quote(
                span=content,
                speaker=attribution.source,
                speaker_span=attribution.source_span,
                direct=False,
            )
        )
    quotes.sort(key=lambda q: (q.span.start, q.span.end))
    return quotes
