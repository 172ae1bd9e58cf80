"""The quantities stage: numbers with their units and approximators, as values or ranges.

Assigned layer ``quantities``: one :class:`~crosswire.document.Quantity` per
number phrase, its span covering the approximator, the number and the unit
written with it ("approximately 6,000", "more than 150", "hundreds of", "half a
ton", "$3.5 billion", "between 5 and 10 per cent"):

===================================  ===================  ==================
phrase                               low .. high          approximator
===================================  ===================  ==================
"6,000 troops"                        6000 .. 6000
"approximately 6,000"                 6000 .. 6000         approximately
"more than 150", "at least 150"       150 .. None          more than
"fewer than 150", "up to 150"         None .. 150          up to
"between 5 and 10", "5 to 10", "5-10" 5 .. 10              between
"hundreds of"                         200 .. 999           hundreds of
"dozens of"                           24 .. 99             dozens of
"several hundred"                     300 .. 900           several hundred
"nearly three dozen"                  36 .. 36             nearly
"tens of thousands (of)"              20000 .. 99999       tens of thousands
"twenty-five"                         25 .. 25
"seven thousand five hundred"         7500 .. 7500
"three-quarters"                      0.75 .. 0.75
"nearly one in seven (reports)"       1/7 .. 1/7           nearly
"a dozen (protesters)"                12 .. 12             a dozen
"half a ton"                          0.5 .. 0.5 (ton)
"passed 234-193", "a 134-to-63 vote"  234 .. 193           tally
===================================  ===================  ==================

A pair of numbers whose first is the larger, joined by a dash or "to" ("234-193", "a
134-to-63 vote", "a vote of 7 to 2"), is a *tally*, the two sides of a vote or a score, not a
range (ranges are written low to high, "5-10", and changes from one value to another, "from 7
to 2"): ``low`` and ``high`` keep its two sides as written, and ``approximator`` is ``tally``.

``unit`` is the noun the number counts ("troops", "coffins"), or ``%``, a
currency code, or the measure word ("ton", "km"). Numbers inside dates, times
and ordinals (spaCy DATE, TIME, ORDINAL entities), years that name the year of a
thing ("the 2016 election") and numbers in names or ranks ("9/11", "No. 3") are no
quantities.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..document import Article, Quantity, Span
from ..number_words import APPROXIMATORS, CARDINALS, DOZEN, SCALES, VAGUE
from ..ranges import RangeIndex
from .times import year_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_quantities", "parse_number"]

_SMALL: dict[str, float] = {
    **CARDINALS, "a dozen": DOZEN, "dozen": DOZEN,
    "half": 0.5, "a half": 0.5, "a quarter": 0.25, "quarter": 0.25, "a third": 1 / 3,
}  # fmt: skip
_SCALES = {**{word: float(n) for word, n in SCALES.items()}, "dozen": float(DOZEN),
           "mn": 1e6, "bn": 1e9}
#: approximators that come before a number ("a dozen" is read as the number itself)
_APPROX = {phrase: bound for phrase, (bound, _) in APPROXIMATORS.items() if phrase != "a dozen"}
_CURRENCY = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₩": "KRW", "₽": "RUB"}
_UNIT_WORDS = {
    "%": "%", "percent": "%", "per cent": "%", "percentage points": "percentage points",
    "percentage point": "percentage points",
    "dollars": "USD", "pounds": "GBP", "euros": "EUR", "won": "KRW", "roubles": "RUB",
    "rubles": "RUB", "yen": "JPY",
}  # fmt: skip

_UNITS = "|".join(w for w, n in CARDINALS.items() if 1 <= n <= 9)
_TEENS = "|".join(w for w, n in CARDINALS.items() if 10 <= n <= 19)
_TENS = "|".join(w for w, n in CARDINALS.items() if n >= 20)
#: a number below a hundred in words: "seven", "fifteen", "twenty-five", "ninety nine"
_UPTO99 = rf"(?:(?:{_TENS})(?:[-\s](?:{_UNITS})\b)?|{_TEENS}|{_UNITS})"
#: below a thousand: "five hundred", "three hundred and twelve"
_UPTO999 = rf"(?:{_UPTO99}(?:\s+hundred(?:\s+(?:and\s+)?{_UPTO99}\b)?)?)"
#: a whole number in words read as one: "seven thousand five hundred", "twenty-five"
_SPELLED = (rf"(?:{_UPTO999}(?:\s+(?:thousand|million|billion)"
            rf"(?:,?\s+(?:and\s+)?{_UPTO999}\b(?!\s+(?:thousand|million|billion)))?)?)")
#: "three-quarters", "two thirds": the number of parts, and what one part is
_PARTS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
          "fifth": 5, "fifths": 5}
_FRACTION = rf"(?:{_UNITS})[-\s](?:{'|'.join(sorted(_PARTS, key=len, reverse=True))})\b"
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    rf"|{_FRACTION}|{_SPELLED}(?=\W|$)"
    r"|(?:" + "|".join(sorted((re.escape(w) for w in _SMALL), key=len, reverse=True)) + r")"
)
_SCALE = r"(?:\s*(?:" + "|".join(_SCALES) + r")\b)?"
_APPROX_RE = "|".join(sorted((re.escape(a) for a in _APPROX), key=len, reverse=True))
_CUR_RE = "[" + "".join(re.escape(c) for c in _CURRENCY) + "]"
_QUANTITY = re.compile(
    rf"(?<![\w.])(?:(?P<approx>{_APPROX_RE})\s+)?"
    rf"(?:between\s+(?P<lo>{_CUR_RE}?(?:{_NUMBER}){_SCALE})\s+and\s+|"
    rf"from\s+(?P<from>{_CUR_RE}?(?:{_NUMBER}){_SCALE})\s+to\s+)?"
    rf"(?P<cur>{_CUR_RE})?(?P<num>{_NUMBER})(?=\W|$|mn\b|bn\b)"
    rf"{_SCALE.replace('(?:', '(?P<scale>', 1)}"
    rf"(?:\s*(?:-to-|-|–|to)\s*(?P<hi>(?:{_NUMBER}){_SCALE}))?"
    rf"(?P<unit>\s*(?:%|(?:per cent|percentage points?|percent)\b)"
    rf"|\s+(?:a|an)\s+(?:ton|tonne|kilogram|kg|mile|km|kilometre|kilometer|year|day|month)s?\b)?",
    re.IGNORECASE,
)
_VAGUE_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)


def _spelled_value(words: list[str]) -> float | None:
    """The value of a whole number in words ("seven thousand five hundred"), read word by word;
    ``None`` unless every word is a number word."""
    total, current = 0.0, 0.0
    for word in words:
        if word in CARDINALS:
            current += CARDINALS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0.0
        else:
            return None
    return total + current


_SMALL_WORD = rf"(?:\d{{1,3}}|{_TENS}|{_TEENS}|{_UNITS})"
#: a share told as "one in five", "1 in 3", "a one-in-three chance", "nearly one in seven"
_RATIO = re.compile(rf"(?<![\w.])(?:(?P<approx>{_APPROX_RE})\s+)?(?P<part>{_SMALL_WORD})[\s-]+"
                    rf"(?:in|out[\s-]of)[\s-]+(?P<whole>{_SMALL_WORD})\b(?![-\s]*(?:%|percent|"
                    rf"per cent))", re.IGNORECASE)


def parse_number(text: str) -> float | None:
    """The value of "6,000", "3.5 million", "six", "twenty-five", "seven thousand five hundred",
    "half", "a dozen"; ``None`` if not a number."""
    cleaned = text.strip().lower().lstrip("".join(_CURRENCY))
    words = [w for w in re.split(r"[\s,-]+", cleaned) if w and w != "and"]
    if len(words) == 2 and words[0] in CARDINALS and words[1] in _PARTS:
        return CARDINALS[words[0]] / _PARTS[words[1]]
    if len(words) > 1 and words[0] in CARDINALS:
        spelled = _spelled_value(words)
        if spelled is not None:
            return spelled
    scale = 1.0
    for word, factor in _SCALES.items():
        if cleaned.endswith(" " + word) or (len(word) > 1 and cleaned.endswith(word)):
            head = cleaned[: -len(word)].strip()
            if head and (head[-1].isdigit() or head in _SMALL):
                cleaned, scale = head, factor
                break
    if cleaned in _SMALL:
        return _SMALL[cleaned] * scale
    try:
        return float(cleaned.replace(",", "")) * scale
    except ValueError:
        return None


#: a time of day, also as text split into words writes it ("7 a. m.", "6: 40 a. m.", "10:30")
CLOCK_TIME = re.compile(
    r"\b\d{1,2}(?:\s?[:.]\s?\d{2})?\s*[ap]\.?\s?m\b\.?|\b\d{1,2}\s?:\s?\d{2}\b(?!\s?[:\d])",
    re.IGNORECASE,
)


def _blocked(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Dates, times, ordinals and the years that name the year of a thing ("the 2016
    campaign"): numbers that count nothing. A time of day is blocked also where the parse
    does not tag it (:data:`CLOCK_TIME`)."""
    return [
        (ent.start_char, ent.end_char)
        for ent in doc.ents
        if ent.label_ in {"DATE", "TIME", "ORDINAL"}
    ] + year_spans(text, doc) + [m.span() for m in CLOCK_TIME.finditer(text)]


#: words that make a number a count of people harmed when they follow it: "24 dead", "over
#: 200 injured", "at least 30 were killed" (the people are not named: "dead" is an adjective)
CASUALTIES = frozenset({"dead", "killed", "injured", "wounded", "hurt", "missing"})
#: what may stand between such a number and the word: "30 were killed", "12 have been hurt"
_CASUALTY_AUX = frozenset({"were", "are", "was", "is", "have", "had", "has", "been", "being"})


def _casualty_after(doc: Doc, i: int) -> str:
    """The casualty word (:data:`CASUALTIES`) that a number before token ``i`` counts, or ""."""
    for token in doc[i : i + 3]:
        if token.lower_ in CASUALTIES:
            return token.lower_
        if token.lower_ not in _CASUALTY_AUX:
            return ""
    return ""


def _unit_after(doc: Doc, end: int) -> str:
    """The noun a number ending at character ``end`` counts ("6,000 North Korean troops")."""
    token = doc.char_span(end - 1, end, alignment_mode="expand")
    if token is None or len(token) == 0:
        return ""
    tok = token[-1]
    casualty = _casualty_after(doc, tok.i + 1)
    if casualty:
        return casualty
    if tok.dep_ in {"nummod", "quantmod", "compound"} and tok.head.i > tok.i:
        head = tok.head
        while head.dep_ in {"nummod", "quantmod"} and head.head.i > head.i:
            head = head.head
        if head.pos_ in {"NOUN", "PROPN"}:
            return head.text
    nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.pos_ == "NOUN":
        return nxt.text
    if nxt is not None and nxt.lower_ == "of":
        # a part of a group: "50 of our members", "three of the five justices"
        for later in doc[nxt.i + 1 : nxt.i + 5]:
            if later.pos_ == "NOUN":
                return later.text
            if later.pos_ not in ("DET", "PRON", "NUM", "ADJ"):
                break
    return ""


#: what stands before a number that is a rank or part of a name: "No. 2", "9/11", and a
#: capital joined to it by a hyphen ("AK-47 rifles", "F-16", "COVID-19 cases", "AK - 47")
_NOT_A_COUNT = re.compile(r"(?:\bNo\.\s*|\d/|[A-Z]-|[A-Z] - )$")
#: a number followed by a slash and another: "9/11", "24/7"
_SLASHED = re.compile(r"/\d")

#: a number word used as a verb: "investigators began to zero in on a van"
_PHRASAL = re.compile(r"\s+in\s+on\b", re.IGNORECASE)


def _verb(doc: Doc, text: str, start: int, end: int) -> bool:
    """Whether the number word at ``start:end`` is a verb ("zero in on", tagged a verb)."""
    if _PHRASAL.match(text, end):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].pos_ in {"VERB", "AUX"}


def extract_quantities(article: Article, doc: Doc) -> list[Quantity]:
    """Every number phrase in the article, normalised (see the module docstring)."""
    text = article.text
    # dates, times, ordinals and the numbers already taken, looked up by position
    blocked = RangeIndex(_blocked(doc, text), lambda bounds: bounds)
    found: list[Quantity] = []
    taken: RangeIndex[tuple[int, int]] = RangeIndex([], lambda bounds: bounds)

    def free(start: int, end: int) -> bool:
        return not (blocked.overlapping(start, end) or taken.overlapping(start, end))

    for match in _RATIO.finditer(text):
        # "one in five voters", "a 1 in 3 chance": a share, not two counts
        start, end = match.span()
        if not free(start, end):
            continue
        part, whole = parse_number(match.group("part")), parse_number(match.group("whole"))
        if part is None or not whole:
            continue
        approximator = (match.group("approx") or "").lower()
        found.append(Quantity(Span(start, end, text[start:end]), part / whole, part / whole,
                              _unit_after(doc, end), approximator))
        taken.add((start, end), start, end)
    for match in _VAGUE_RE.finditer(text):
        start, end = match.span()
        least, most = VAGUE[match.group(0).lower()]
        unit = _unit_after(doc, end)
        found.append(
            Quantity(Span(start, end, text[start:end]), least, most, unit, match.group(0).lower())
        )
        taken.add((start, end), start, end)
    for match in _QUANTITY.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1].isspace():
            end -= 1
        num_start = match.start("num")
        if not free(num_start, match.end("num")):
            continue
        number = match.group("num")
        if _NOT_A_COUNT.search(text, max(0, num_start - 6), num_start) or _SLASHED.match(
                text, match.end("num")):
            continue  # "9/11", "24/7", "the No. 2 Republican", "AK-47": a name or a rank
        spelled = not any(c.isdigit() for c in number)
        if spelled and _verb(doc, text, num_start, match.end("num")):
            continue
        if spelled and match.group("approx") is None and not match.group("unit"):
            # "one", "half" ("one of the", "half of them") are no count; "a dozen" is, before
            # the noun it counts ("a dozen protesters")
            word = number.lower()
            if word in {"one", "half", "quarter"} or (
                    word in {"a dozen", "dozen"} and not _unit_after(doc, match.end("num"))):
                continue
        value = parse_number(number + (match.group("scale") or ""))
        if value is None:
            continue
        low: float | None = value
        high: float | None = value
        approximator = (match.group("approx") or "").lower()
        if not approximator and number.lower() == "a dozen":
            approximator = "a dozen"  # a round count: "a dozen protesters" is about twelve
        bound = _APPROX.get(approximator, "both")
        if bound == "low":
            high = None
        elif bound == "high":
            low = None
        first = match.group("lo") or match.group("from")
        if first is not None:
            low = parse_number(first)
            approximator = approximator or ("between" if match.group("lo") else "from")
        if match.group("hi") is not None:
            high = parse_number(match.group("hi"))
            if (first is None and not approximator and low is not None and high is not None
                    and high < low):
                approximator = "tally"  # "passed 234-193": two sides, not a range
        unit_text = (match.group("unit") or "").strip().lower()
        unit = _CURRENCY.get(match.group("cur") or "", "")
        if unit_text:
            words = unit_text.split()
            unit = _UNIT_WORDS.get(unit_text, words[-1].rstrip("s"))
            if words[0] in {"a", "an"} and low is not None:
                # "half a ton": the number multiplies one unit
                unit = words[-1].rstrip("s")
        if not unit:
            unit = _unit_after(doc, end)
        found.append(Quantity(Span(start, end, text[start:end]), low, high, unit, approximator))
        taken.add((start, end), start, end)
    found.sort(key=lambda q: q.span.start)
    return found
