"""The times stage: dates and relative times, resolved against the publication date.

Assigned layer ``times``: one :class:`~crosswire.document.TimeExpression` per
date or relative time. ``start``/``end`` bound the period it names (``end``
exclusive) and ``granularity`` is ``day``, ``week``, ``month`` or ``year``:

- absolute dates: "October 22, 2024", "22 October 2024", "July 2025", "2024";
- dates without a year take it from a qualifier that covers a list ("October 22,
  December 12, and December 22 last year"; "July or August this year"), else
  from the publication date (the latest such date not after it);
- a part of a month or year: "early March" (its days 1-10), "mid May" (11-20), "late June",
  "the end of this month" (21 on); "late 1998" (September to December);
- a range of dates is one expression from the start of its first end to the end of its last,
  with the granularity of its ends: "from 1967 to 1979", "between 2001 and 2005", "2008-2012",
  "1967-79", "from January 2003 to March 2007" (not "moved from March to May", a change);
- relative times: "yesterday", "today", "Sunday" (the last Sunday on or before
  the publication date), "last/this/next week|month|year", "N days/weeks/
  months/years ago", "late last year".

Without a publication date (``article.published is None``) relative times and
dates without a year keep ``start = end = None`` and only their granularity.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..document import Article, Span, TimeExpression
from ..number_words import CARDINALS, COUNT_WORDS
from ..ranges import RangeIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["extract_times", "year_range", "year_spans"]

MONTHS = {
    name: i + 1
    for i, name in enumerate(
        "january february march april may june july august september october november "
        "december".split()
    )
}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {name: i for i, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
#: the counts "three days ago", "a week earlier" read in words
_NUMBERS = {**COUNT_WORDS, **{word: n for word, n in CARDINALS.items() if 1 <= n <= 10}}

_MONTH_RE = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_RE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH_RE})"
    rf"|(?P<m2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"|(?P<m3>{_MONTH_RE}))"
    rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
#: a year alone; "since 2003, and" holds one, "2,003" and "2003,000" do not
_YEAR_RE = re.compile(r"(?<![\d,.$£€])\b(?P<y>(?:19|20)\d\d)\b(?!\d|,\d|%)")
_REL_RE = re.compile(
    r"\b(?:(?P<mod>early|late|mid|earlier|later)[\s-]+)?(?:(?P<dir>last|this|next|past|coming)\s+"
    r"(?P<unit>week|month|year|weekend)"
    r"|(?P<num>\d+|a\s+couple(?:\s+of)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"several|few)\s+"
    r"(?P<unit2>day|week|month|year)s?\s+(?P<ago>ago|earlier|later)"
    r"|(?P<word>yesterday|today|tomorrow|tonight)"
    r"|(?:(?P<wdir>last|this|next|on)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday))\b",
    re.IGNORECASE,
)
_QUALIFIER_RE = re.compile(r"\b(last|this|next)\s+year\b", re.IGNORECASE)


def _month_period(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1)
    end = datetime(year + (month == 12), month % 12 + 1, 1)
    return start, end


def _safe_day(year: int, month: int, day: int) -> datetime:
    """The day, or the month's last day where it has fewer ("February 30")."""
    while day > 28:
        try:
            return datetime(year, month, day)
        except ValueError:
            day -= 1
    return datetime(year, month, day)


def _day(year: int, month: int, day: int) -> tuple[datetime, datetime] | None:
    try:
        start = datetime(year, month, day)
    except ValueError:
        return None
    return start, start + timedelta(days=1)


def _qualified_year(qualifier: str, published: datetime | None) -> int | None:
    if published is None:
        return None
    offset = {"last": -1, "this": 0, "next": 1}[qualifier.lower()]
    return published.year + offset


def resolve_time(
    phrase: str, published: datetime | None, *, year_hint: int | None = None,
    future: bool = False, nearest: bool = False,
) -> tuple[datetime | None, datetime | None, str]:
    """Resolve one date phrase: ``(start, end, granularity)``; ``start``/``end`` are ``None``
    when the phrase needs a publication date that is not known. A date without a year is the
    latest one up to the publication date, or with ``future`` (the verb it dates is in the
    future: "will leave on Feb. 28") the first one from it; so is a weekday ("will meet with
    Sanders on Thursday"). With ``nearest`` (the verb is in the present: "is pulling out of his
    Dec. 27th debate") a day is the one nearest the publication date, before or after it."""
    pub = published.replace(tzinfo=None) if published is not None else None
    match = _DATE_RE.fullmatch(phrase.strip())
    if match:
        month = MONTHS[(match.group("m1") or match.group("m2") or match.group("m3")).lower().rstrip(".")]
        day_text = match.group("d1") or match.group("d2")
        year = int(match.group("y")) if match.group("y") else year_hint
        if year is None and pub is not None:
            year = pub.year
            latest = datetime(year, month, int(day_text) if day_text else 1)
            if future and latest < datetime(pub.year, pub.month, 1 if not day_text else pub.day):
                year += 1
            elif nearest and not future and day_text:
                # a day, not a month: "dates back to January" is the past one
                year = min((pub.year - 1, pub.year, pub.year + 1),
                           key=lambda y: abs((_safe_day(y, month, int(day_text)) - pub).days))
            elif not future and latest > pub:
                year -= 1
        granularity = "day" if day_text else "month"
        if year is None:
            return None, None, granularity
        if day_text:
            period = _day(year, month, int(day_text))
            return (period[0], period[1], "day") if period else (None, None, "day")
        start, end = _month_period(year, month)
        return start, end, "month"
    match = _YEAR_RE.fullmatch(phrase.strip())
    if match:
        year = int(match.group("y"))
        return datetime(year, 1, 1), datetime(year + 1, 1, 1), "year"
    match = _REL_RE.fullmatch(phrase.strip())
    if not match:
        return None, None, ""
    if match.group("word"):
        if pub is None:
            return None, None, "day"
        shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[match.group("word").lower()]
        day = datetime(pub.year, pub.month, pub.day) + timedelta(days=shift)
        return day, day + timedelta(days=1), "day"
    if match.group("wd"):
        if pub is None:
            return None, None, "day"
        weekday = WEEKDAYS[match.group("wd").lower()]
        today = datetime(pub.year, pub.month, pub.day)
        back = (today.weekday() - weekday) % 7
        wdir = (match.group("wdir") or "").lower()
        if wdir == "next":
            day = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
        elif future and wdir != "last":
            # "will meet with Sanders on Thursday": the first such day from the publication
            day = today + timedelta(days=(weekday - today.weekday()) % 7)
        else:
            day = today - timedelta(days=back)
            if (match.group("wdir") or "").lower() == "last" and back == 0:
                day -= timedelta(days=7)
        return day, day + timedelta(days=1), "day"
    if match.group("unit2"):
        unit = match.group("unit2").lower()
        if pub is None:
            return None, None, unit
        num = " ".join(match.group("num").lower().split())
        amount = _NUMBERS.get(num) or int(num)
        sign = -1 if match.group("ago").lower() in {"ago", "earlier"} else 1
        return _shift(pub, unit, sign * amount)
    unit = match.group("unit").lower()
    if unit == "weekend":
        unit = "week"
    if pub is None:
        return None, None, unit
    offset = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[match.group("dir").lower()]
    start, end, granularity = _shift(pub, unit, offset)
    mod = (match.group("mod") or "").lower()
    if unit == "year" and start is not None and end is not None and mod in _PARTS:
        start, end = _third(_PARTS[mod], start, end, "year")
        granularity = "month"
    return start, end, granularity


def _shift(pub: datetime, unit: str, amount: int) -> tuple[datetime, datetime, str]:
    today = datetime(pub.year, pub.month, pub.day)
    if unit == "day":
        day = today + timedelta(days=amount)
        return day, day + timedelta(days=1), "day"
    if unit == "week":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=amount)
        return monday, monday + timedelta(days=7), "week"
    if unit == "month":
        index = pub.year * 12 + pub.month - 1 + amount
        start, end = _month_period(index // 12, index % 12 + 1)
        return start, end, "month"
    year = pub.year + amount
    return datetime(year, 1, 1), datetime(year + 1, 1, 1), "year"


#: verbs that put what they govern ahead: "is expected to leave", "plans to step down", "is
#: poised to assume control on Thursday", "is due to"
_AHEAD = frozenset({"expect", "plan", "schedule", "set", "intend", "aim", "prepare", "poise",
                    "poised", "slate", "due"})
_PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re"})


def _future(doc: Doc, start: int, token_starts: list[int] | None = None) -> bool:
    """Whether the verb a date hangs on speaks of the future ("will leave on Feb. 28", "is
    expected to step down in February"). ``token_starts``: each token's ``idx``, in order."""
    if token_starts is None:
        token_starts = [t.idx for t in doc]
    at = bisect_right(token_starts, start) - 1
    token = doc[at] if at >= 0 and start < doc[at].idx + len(doc[at].text) else None
    while token is not None and token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    for _ in range(3):
        if token is None:
            return False
        helpers = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
        # "will leave"; "would be held" (the future of a reported plan), not "would have been"
        if any(h in ("will", "shall", "'ll") for h in helpers) or (
                "would" in helpers and "have" not in helpers):
            return True
        # "is expected to", "was planned for" under a clause; as the main verb only in the
        # present ("The debate is scheduled for Dec. 15", not "They planned it for March")
        present = token.tag_ in ("VBZ", "VBP") or any(h in _PRESENT_BE for h in helpers)
        if token.lemma_.lower() in _AHEAD and (token.dep_ != "ROOT" or present) or any(
                c.lemma_.lower() in _AHEAD for c in [token.head] if token.dep_ == "xcomp"):
            return True
        token = token.head if token.head.i != token.i else None
    return False


#: what may stand before a year that names the year of a thing: "the 2016 election",
#: "Zinke's 2014 and 2016 campaigns", "his 1999 book"
_YEAR_BEFORE = frozenset({"DT", "PRP$", "POS"})


def year_spans(text: str, doc: Doc) -> list[tuple[int, int]]:
    """The years in a text that are dates: inside a date the parser finds ("in 2014", "from
    2007 to 2014"), or naming the year of what follows them after a determiner or a
    possessive ("Zinke's 2014 and 2016 congressional campaigns"), not a count ("2014
    people")."""
    dates = RangeIndex([(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"],
                       lambda bounds: bounds)
    starts = [t.idx for t in doc]
    found: list[tuple[int, int]] = []
    for match in _YEAR_RE.finditer(text):
        start, end = match.span()
        if any(s <= start and end <= e for s, e in dates.holding(start)):
            found.append((start, end))
            continue
        at = bisect_right(starts, start) - 1
        if at < 0 or doc[at].idx != start:
            continue
        before = at - 1
        # "2014 and 2016 campaigns": the years of a list share what stands before the first
        while before >= 1 and doc[before].lower_ in ("and", "or", ",") and _YEAR_RE.fullmatch(
                doc[before - 1].text):
            before -= 2
        after = doc[at + 1] if at + 1 < len(doc) else None
        while after is not None and (after.lower_ in ("and", "or", ",")
                                     or _YEAR_RE.fullmatch(after.text)):
            after = doc[after.i + 1] if after.i + 1 < len(doc) else None
        if (before >= 0 and doc[before].tag_ in _YEAR_BEFORE and after is not None
                and after.pos_ in ("NOUN", "PROPN", "ADJ")):
            found.append((start, end))
    # the last year of a range ("from 1967 to 1979", "1967-79") is a date like its first
    for start, end in list(found):
        ranged = year_range(text, start, end)
        if ranged is not None:
            found.append(ranged[2:])
    return sorted(set(found))


def _present(doc: Doc, start: int, token_starts: list[int]) -> bool:
    """Whether the verb a date hangs on is in the present ("is pulling out of his Dec. 27th
    debate", "is asking her to testify before May 1", "does not have taxes go up on January
    1st"): neither past nor perfect. A verb in the infinitive or a gerund is read through the
    verb that governs it."""
    at = bisect_right(token_starts, start) - 1
    token = doc[at] if at >= 0 else None
    while token is not None and token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    for _ in range(3):
        if token is None or token.pos_ not in ("VERB", "AUX") or token.tag_ in ("VBD", "VBN"):
            return False
        helpers = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        if any(h.tag_ in ("VBD", "VBN") or h.lower_ in ("have", "has") for h in helpers):
            return False
        if token.tag_ in ("VBZ", "VBP") or any(h.tag_ in ("VBZ", "VBP") for h in helpers):
            return True
        token = token.head if token.head.i != token.i else None
    return False


def extract_times(article: Article, doc: Doc) -> list[TimeExpression]:
    """Every date and relative time in the article, resolved where it can be."""
    text = article.text
    published = article.published
    spans = _Taken()
    results: list[TimeExpression] = []
    token_starts = [t.idx for t in doc]

    def overlaps(start: int, end: int) -> bool:
        return spans.overlaps(start, end)

    # Year qualifiers that cover a list of dates: "October 22, December 12 ... last year".
    qualifiers = [(m.start(), m.end(), m.group(1)) for m in _QUALIFIER_RE.finditer(text)]
    qualifier_starts = [q[0] for q in qualifiers]
    date_matches = [m for m in _DATE_RE.finditer(text) if _is_date(m, text)]
    for match in date_matches:
        start, end = match.span()
        hint = None
        if not match.group("y"):
            qualifier = _list_qualifier(text, end, qualifiers, qualifier_starts)
            if qualifier is not None:
                hint = _qualified_year(qualifier, published)
        ahead = _future(doc, start, token_starts)
        begin, finish, granularity = resolve_time(
            match.group(0), published, year_hint=hint, future=ahead,
            nearest=not ahead and _present(doc, start, token_starts))
        start, begin, finish = _part(text, start, begin, finish, granularity)
        spans.add(start, end)
        results.append(TimeExpression(Span(start, end, text[start:end]), begin, finish, granularity))
    for match in _REL_RE.finditer(text):
        start, end = match.span()
        if overlaps(start, end):
            continue
        if match.group("wdir") and match.group("wdir").lower() == "on":
            start = match.start("wd")
        ahead = bool(match.group("wd")) and _future(doc, start, token_starts)
        begin, finish, granularity = resolve_time(text[start:end], published, future=ahead)
        if not match.group("mod"):
            start, begin, finish = _part(text, start, begin, finish, granularity)
        spans.add(start, end)
        results.append(TimeExpression(Span(start, end, text[start:end]), begin, finish, granularity))
    for start, end in year_spans(text, doc):
        if overlaps(start, end) or end - start != 4:  # "79" of "1967-79" joins its range below
            continue
        begin, finish, granularity = resolve_time(text[start:end], published)
        start, begin, finish = _part(text, start, begin, finish, granularity)
        spans.add(start, end)
        results.append(TimeExpression(Span(start, end, text[start:end]), begin, finish, granularity))
    results.sort(key=lambda t: t.span.start)
    return _join_ranges(text, doc, results, token_starts)


#: what joins the two ends of a range of dates ("from 1967 *to* 1979", "between 2001 *and*
#: 2005", "2008*-*2012")
_RANGE_JOIN = re.compile(
    r"\s*(?:(?P<word>to|until|till|through|thru|and)\s+|(?P<dash>[-\u2013\u2014])\s*)",
    re.IGNORECASE)
#: what opens a range before its first end
_RANGE_OPEN = re.compile(r"\b(?P<open>from|between)\s+$", re.IGNORECASE)
#: the last year of a range that the parse does not take for a date ("from 1967 to 1979"),
#: or its last two figures after a dash ("1967-79")
_RANGE_YEAR = re.compile(r"(?P<y>(?:19|20)\d\d|\d\d)\b(?!\d|,\d|%|\.\d|-)")
#: verbs whose "from X to Y" tells a change of date, not a period ("moved the vote from March
#: to May"); verbs of amount keep the period ("rose 30 percent from 2007 to 2014")
_CHANGE_VERBS = frozenset({
    "move", "postpone", "delay", "push", "reschedule", "shift", "change", "bring", "advance",
    "switch", "extend", "defer", "put", "set",
})
_RANGE_UNITS = frozenset({"day", "month", "year"})


def _range_end(text: str, start: int, end: int) -> re.Match[str] | None:
    """The joining words after the date at ``start``..``end`` when it opens a range: a dash,
    or "to" / "until" / "through" after "from", or "and" after "between"."""
    join = _RANGE_JOIN.match(text, end)
    if join is None:
        return None
    if join.group("dash"):
        return join
    opener = _RANGE_OPEN.search(text, max(0, start - 12), start)
    if opener is None:
        return None
    if (opener.group("open").lower() == "between") != (join.group("word").lower() == "and"):
        return None
    return join


def year_range(text: str, start: int, end: int) -> tuple[int, int, int, int] | None:
    """``(first year, last year, start, end of the last year's figures)`` when the year at
    ``start``..``end`` opens a range of years ("from 1967 to 1979", "between 2001 and 2005",
    "1967-79")."""
    join = _range_end(text, start, end)
    last = _RANGE_YEAR.match(text, join.end()) if join is not None else None
    if join is None or last is None or (len(last.group("y")) < 4 and not join.group("dash")):
        return None
    first = int(text[start:end])
    value = int(last.group("y"))
    if value < 100:
        value += first // 100 * 100
    return (first, value, last.start(), last.end()) if value > first else None


def _changed(doc: Doc, start: int, token_starts: list[int]) -> bool:
    """Whether the date at ``start`` hangs on a verb of change ("moved from March to May")."""
    at = bisect_right(token_starts, start) - 1
    token = doc[at] if at >= 0 else None
    for _ in range(4):
        if token is None:
            return False
        if token.pos_ in ("VERB", "AUX"):
            return token.lemma_.lower() in _CHANGE_VERBS
        token = token.head if token.head.i != token.i else None
    return False


def _plain(time: TimeExpression) -> bool:
    """A date or year named as such, resolved: "1967", "March 2007", "June 3, 2018"."""
    words = time.span.text
    return (time.start is not None and time.end is not None and time.granularity in _RANGE_UNITS
            and bool(_DATE_RE.fullmatch(words) or _YEAR_RE.fullmatch(words)))


def _join_ranges(text: str, doc: Doc, times: list[TimeExpression],
                 token_starts: list[int]) -> list[TimeExpression]:
    """The times with each range of two dates of one granularity joined into one expression
    ("from 1967 to 1979": 1967-01-01 to 1980-01-01, granularity ``year``). The last year of a
    range is read here where the parse gave it no date ("to 1979", "1967-79")."""
    joined: list[TimeExpression] = []
    at = 0
    while at < len(times):
        first = times[at]
        join = _range_end(text, first.span.start, first.span.end) if _plain(first) else None
        if join is None or _changed(doc, first.span.start, token_starts):
            joined.append(first)
            at += 1
            continue
        last: tuple[int, datetime] | None = None  # where the range ends, and its end
        following = times[at + 1] if at + 1 < len(times) else None
        if (following is not None and following.span.start == join.end() and _plain(following)
                and following.granularity == first.granularity):
            last = following.span.end, following.end  # type: ignore[assignment]
        elif first.granularity == "year" and (following is None
                                               or following.span.start > join.end()):
            ranged = year_range(text, first.span.start, first.span.end)  # "1967-79"
            if ranged is not None:
                last = ranged[3], datetime(ranged[1] + 1, 1, 1)
        if last is None or first.start is None or last[1] <= first.end:  # type: ignore[operator]
            joined.append(first)
            at += 1
            continue
        end, finish = last
        span = Span(first.span.start, end, text[first.span.start:end])
        joined.append(TimeExpression(span, first.start, finish, first.granularity))
        at += 2 if following is not None and following.span.end == end else 1
    return joined


#: a part of the month or year named right after it: "mid May", "early-March", "late 1998",
#: "the end of this month", "the beginning of next year"
_PART_LEAD = re.compile(r"\b(early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of"
                        r"(?:\s+the)?)[\s-]+$", re.IGNORECASE)
_PARTS = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}


def _part(text: str, start: int, begin: datetime | None, finish: datetime | None,
          granularity: str) -> tuple[int, datetime | None, datetime | None]:
    """A month or year with a part named before it: where the expression starts, and the
    days of that part (:func:`_third`)."""
    if granularity not in ("month", "year"):
        return start, begin, finish
    lead = _PART_LEAD.search(text, max(0, start - 24), start)
    if lead is None:
        return start, begin, finish
    words = lead.group(1).lower().split()
    at = lead.start() + (4 if words[0] == "the" else 0)
    if begin is None or finish is None:
        return at, begin, finish
    return (at, *_third(_PARTS[next(w for w in words if w in _PARTS)], begin, finish,
                        granularity))


def _third(third: int, begin: datetime, finish: datetime,
           granularity: str) -> tuple[datetime, datetime]:
    """The first (0), middle (1) or last (2) part of the month or year ``begin``..``finish``:
    a month's days 1-10, 11-20 and 21 on; a year's January to April, May to August and
    September on."""
    if granularity == "month":
        first = begin.replace(day=(1, 11, 21)[third])
        return first, begin.replace(day=(11, 21)[third]) if third < 2 else finish
    first = begin.replace(month=(1, 5, 9)[third])
    return first, begin.replace(month=(5, 9)[third]) if third < 2 else finish


class _Taken:
    """The ranges already taken by a time expression: they never overlap one another, so
    sorted by start they are sorted by end too, and an overlap is one bisection away."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        at = bisect_left(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a taken range shares a character with ``[start, end)``."""
        before = bisect_left(self._starts, end) - 1  # the last range starting before ``end``
        return before >= 0 and self._ends[before] > start


#: words before a bare month name that make it the month ("in May", "mid-May", "by March")
_MONTH_LEAD = re.compile(r"\b(?:in|since|by|until|till|through|before|after|during|from|mid|"
                         r"early|late|last|next|this|of)[\s-]+$", re.IGNORECASE)


def _is_date(match: re.Match[str], text: str) -> bool:
    """Reject month names that are not dates: lower case words, "May" the modal and "March"
    the verb without a day or year (unless a preposition or "mid", "early", "late" leads
    them: "in mid May"), and abbreviations standing alone."""
    word = match.group("m1") or match.group("m2") or match.group("m3")
    if not word[0].isupper():
        return False
    if match.group("m3") and not match.group("y"):
        bare = word.rstrip(".")
        if bare.lower() in {"may", "march"}:
            return bool(_MONTH_LEAD.search(text[max(0, match.start() - 12):match.start()]))
        return len(bare) > 3
    return True


def _list_qualifier(
    text: str, end: int, qualifiers: list[tuple[int, int, str]],
    starts: list[int] | None = None,
) -> str | None:
    """The year qualifier ("last year") that closes the list of dates ``end`` belongs to
    (``qualifiers`` in text order; ``starts``, where each begins)."""
    if starts is None:
        starts = [q[0] for q in qualifiers]
    for q_start, _q_end, word in qualifiers[bisect_left(starts, end) :]:
        between = text[end:q_start]
        if len(between) > 80:
            return None
        stripped = _DATE_RE.sub("", between)
        if re.fullmatch(r"[\s,]*(?:(?:and|or)\s+)?[\s,]*(?:(?:and|or)\s+)?[\s,]*", stripped):
            return word
        return None
    return None
