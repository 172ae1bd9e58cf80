"""The core of a claim: its main statement without the detail and framing around it.

News claims carry more than one statement: "Kim delivered an emotional tribute
to soldiers who perished in Ukraine, marking a rare acknowledgment of the
war". An NLI model asked whether another outlet's account entails the whole of
it says *neutral* as soon as one detail is missing from that account (here the
acknowledgment), even when the account says the same thing about the event.
Two accounts of one event rarely carry the same details, so the comparison
also asks whether one claim entails the *core* of the other:

* the claim without a leading adverbial or attribution frame ("According to
  The Guardian, ...", "In a moment that drew attention, ..."); for a claim
  the analysis found attributed ("The NIS alleges that P"), the content P
  and its cores (:func:`framed_cores`): what another account can support is
  P, not that the NIS alleges it;
* the prefixes of that main part that end at a clause boundary (a comma, a
  semicolon, a dash, or a relative, participial or subordinate clause), of
  ``min_words`` words or more: "Kim delivered an emotional tribute to
  soldiers", "Kim delivered an emotional tribute to soldiers who perished in
  Ukraine"; a trailing ", officials said" goes the same way. A core never
  ends inside a relative clause set off right after the subject ("The event,
  which featured artists, was ...") nor on a word that needs more ("that",
  "of", "the").

A core keeps the claim's subject and verb, so entailing it is evidence that
both claims state the same thing, in part; the detail left out is named in
the link's reasons.
"""

from __future__ import annotations

import re

__all__ = ["cores", "framed_cores", "left_out"]

#: where a clause ends: punctuation, or a word that opens a relative, participial,
#: subordinate or reporting clause
_BOUNDARY = re.compile(
    r"\s*[,;:\u2014]\s+|\s+[\u2013-]\s+|\s+(?=(?:who|which|whose|where|while|as|after|before|"
    r"during|marking|amid|despite|following|though|although|because|when|since|but|saying|"
    r"even\s+as|even\s+though|according\s+to|in\s+a\s+bid)\b)",
)
#: a leading segment that frames the statement rather than making it
_LEAD = re.compile(
    r"(?:according\s+to|in|on|at|after|before|as|while|despite|amid|following|although|"
    r"though|when|since|with|during|by|for|under|over|earlier|later|meanwhile|however|yet|"
    r"but|and|so|also)\b",
    re.I,
)
_QUOTES = " \t\n.\"'\u201c\u201d\u2018\u2019"
#: a piece that stops on a word that needs more after it is no statement
_DANGLING = re.compile(
    r"\b(?:that|which|who|whose|if|a|an|the|of|to|and|or|but|as|even|by|with|for|from|in|on|"
    r"at|than|when|while|where|is|are|was|were|be|been|has|have|had)$", re.I)
#: a relative clause set off by commas right after the subject
_INTERRUPTION = re.compile(r"(?:who|which|whose)\b", re.I)


def _segments(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, separator)`` of each clause of ``text``."""
    segments: list[tuple[int, int, str]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.start() > start:
            segments.append((start, match.start(), match.group(0).strip()))
        start = match.end()
    if start < len(text):
        segments.append((start, len(text), ""))
    return segments


def cores(text: str, *, min_words: int = 5, limit: int = 3) -> list[str]:
    """The shorter statements a claim makes, shortest first (see the module docstring).

    Each core is a piece of ``text`` (never rewritten) of ``min_words`` words or
    more and shorter than the claim; at most ``limit`` are returned.
    """
    whole = text.strip(_QUOTES)
    segments = _segments(whole)
    if len(segments) < 2:
        return []
    first = 0
    while (first < len(segments) - 1 and segments[first][2] == ","
           and _LEAD.match(whole, segments[first][0])):
        first += 1
    begin = segments[first][0]
    # "The event, which featured ..., was a reminder": a clause that interrupts the subject
    # is no statement on its own; cores run past it
    start = first
    if (first + 2 < len(segments) and segments[first][2] == ","
            and _INTERRUPTION.match(whole, segments[first + 1][0])):
        start = first + 2
    found: list[str] = []
    for k in range(start, len(segments)):
        piece = whole[begin : segments[k][1]].strip(" ,;:\u2014\u2013-" + _QUOTES)
        if _DANGLING.search(piece):
            continue
        if len(piece.split()) >= min_words and piece != whole and piece not in found:
            found.append(piece)
    return found[:limit]


def framed_cores(text: str, content: str | None, *, min_words: int = 5,
                 limit: int = 3) -> list[str]:
    """The cores of a claim whose attributed ``content`` (a piece of ``text``) is known: the
    content itself when shorter than the claim, then the content's cores; else
    :func:`cores` of the text."""
    content = (content or "").strip(_QUOTES)
    if not content or content not in text or content == text.strip(_QUOTES):
        return cores(text, min_words=min_words, limit=limit)
    found = [content] if len(content.split()) >= min_words else []
    found += [c for c in cores(content, min_words=min_words, limit=limit) if c not in found]
    return found[:limit]


def left_out(text: str, core: str, *, words: int = 12) -> str:
    """What a claim says beyond one of its cores, shortened to ``words`` words, for reasons."""
    at = text.find(core)
    rest = (text[:at] + " ... " + text[at + len(core):]) if at >= 0 else text
    rest = rest.strip(" ,;:.\u2014\u2013-" + _QUOTES)
    rest = re.sub(r"^\.\.\.\s*[,;:]?\s*|\s*[,;:]?\s*\.\.\.$", "", rest).strip(" ,;:")
    parts = rest.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")
