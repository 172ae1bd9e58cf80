"""Dates and times of day across articles: resolved intervals, durations and time zones.

Two claims that give a time for the same thing agree when the intervals they
name meet, within a tolerance that grows with the length of what is named:
"for another 30 days", said on April 30, ends near May 30 and agrees with
"until June 1". Two named months or years ("2002", "2003") are different periods:
they agree only where they overlap, never by the tolerance. A day part in a place's
local time ("early Saturday" in Seoul) is turned into UTC before it is compared, so
"Friday evening" in Washington is no conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..document import TimeExpression
from ..number_words import CARDINALS, COUNT_WORDS

__all__ = [
    "DayPart",
    "TimeFinding",
    "compare_dayparts",
    "compare_times",
    "find_dayparts",
    "range_ends",
    "time_bounds",
]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: local hours (start, end) for each part of a day
PARTS: dict[str, tuple[int, int]] = {
    "early": (0, 8),
    "morning": (5, 12),
    "early morning": (0, 8),
    "late morning": (9, 12),
    "midday": (11, 14),
    "noon": (11, 14),
    "afternoon": (12, 18),
    "early afternoon": (12, 15),
    "late afternoon": (15, 19),
    "evening": (17, 24),
    "early evening": (17, 21),
    "late evening": (20, 24),
    "night": (19, 24),
    "late night": (21, 24),
    "late": (18, 24),
    "": (0, 24),
}
_DAYPART = re.compile(
    r"\b(?:(early|late)\s+)?(?:on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(morning|afternoon|evening|night|midday|noon))?\b",
    re.I,
)
_DURATION = re.compile(
    r"\bfor\s+(?:another|a further|the next|an additional|(?:an)?other)?\s*(\d+|[a-z]+)\s+"
    r"(day|week|month|year)s?\b",
    re.I,
)
_UNTIL = re.compile(r"^\s*(?:until|till|through|to|by|before)\b", re.I)


@dataclass(frozen=True, slots=True)
class TimeFinding:
    """Two times compared: ``agree`` or not, with the reason in words."""

    agree: bool
    reason: str
    #: how many days lie between the two times (0 where they meet or overlap)
    gap_days: int = 0


@dataclass(frozen=True, slots=True)
class DayPart:
    """A weekday and part of a day ("early Saturday") at a span of a claim."""

    text: str
    weekday: int
    hours: tuple[int, int]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def time_bounds(
    time: TimeExpression, published: datetime | None
) -> tuple[datetime | None, datetime | None, str]:
    """``(start, end, how)`` of a time expression; durations and "until" read from its words."""
    words = time.span.text
    duration = _DURATION.search(words)
    if duration and published is not None:
        raw = duration.group(1).lower()
        count = int(raw) if raw.isdigit() else CARDINALS.get(raw, COUNT_WORDS.get(raw, 0))
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[duration.group(2).lower()] * count
        start = _aware(time.start) if time.start else _aware(published)
        if time.end and time.start and time.end - time.start >= timedelta(days=max(days - 3, 1)):
            return start, _aware(time.end), f"'{words}' from {start.date()}"
        end = _aware(published) + timedelta(days=days)
        return start, end, f"'{words}' said on {_aware(published).date()} ends {end.date()}"
    start = _aware(time.start) if time.start else None
    end = _aware(time.end) if time.end else None
    if _UNTIL.match(words) and (end or start):
        bound = end or start
        assert bound is not None
        return None, bound, f"'{words}' ends {bound.date()}"
    if start and not end:
        end = start
    if end and not start:
        start = end
    return start, end, f"'{words}'" + (f" ({_period(start, end)})" if start and end else "")


def _period(start: datetime, end: datetime) -> str:
    """The period from ``start`` to ``end`` (exclusive) in words a reader checks at a glance: a
    day, a whole month ("August 2012") or year ("2012"), else its first and last day."""
    last = (end - timedelta(days=1)).date() if end > start else start.date()
    if last == start.date():
        return str(start.date())
    if start.day == 1 and end.day == 1 and (end.year * 12 + end.month) - (
            start.year * 12 + start.month) == 1 and end.time() == start.time():
        return f"{start:%B %Y}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 1, 1) and end.time() == start.time():
        return str(start.year) if end.year == start.year + 1 else f"{start.year} to {end.year - 1}"
    return f"{start.date()} to {last}"


def _named_period(time: TimeExpression) -> bool:
    """A calendar month or year named as such ("2003", "July 2025", "last year"), not a
    duration or an open end."""
    words = time.span.text
    return (time.granularity in ("month", "year") and not _DURATION.search(words)
            and not _UNTIL.match(words))


#: the longest period one unit of each granularity names
_UNIT = {"day": timedelta(days=1), "month": timedelta(days=31), "year": timedelta(days=366)}


_Period = tuple[datetime, datetime]


def range_ends(time: TimeExpression) -> tuple[_Period, _Period] | None:
    """The first and the last period of a range of dates ("1967 to 1979": the years 1967 and
    1979), or ``None`` for a time that names one period."""
    unit = _UNIT.get(time.granularity)
    if unit is None or time.start is None or time.end is None or time.end - time.start <= unit:
        return None
    start, end = _aware(time.start), _aware(time.end)
    if time.granularity == "year":
        last = start.replace(year=end.year - 1, month=1, day=1)
        first_end = start.replace(year=start.year + 1, month=1, day=1)
    elif time.granularity == "month":
        last = (end - timedelta(days=1)).replace(day=1)
        first_end = (start + timedelta(days=32)).replace(day=1)
    else:
        last, first_end = end - unit, start + unit
    return (start, first_end), (last, end)


def _compare_ranges(a: TimeExpression, b: TimeExpression) -> TimeFinding | None:
    """Two ranges of dates compared end to end: "from 1967 to 1979" and "from 1966 to 1978"
    differ at both ends, though the periods overlap; "1967-79" and "from 1967 to 1979" agree.
    ``None`` unless both are ranges of one granularity."""
    ends_a, ends_b = range_ends(a), range_ends(b)
    if ends_a is None or ends_b is None or a.granularity != b.granularity:
        return None
    differ = []
    gap = timedelta(0)
    for what, (sa, ea), (sb, eb) in zip(("begins", "ends"), ends_a, ends_b, strict=True):
        if sa < eb and sb < ea:
            continue
        gap = max(gap, sa - eb, sb - ea)
        differ.append(f"{what} {_period(sa, ea)} against {_period(sb, eb)}")
    days = gap.days + (1 if gap.seconds else 0)
    if not differ:
        return TimeFinding(True, f"dates agree: '{a.span.text}' and '{b.span.text}' "
                                 "(the same first and last " + a.granularity + ")")
    return TimeFinding(False, f"dates differ: '{a.span.text}' vs '{b.span.text}' "
                              f"({'; '.join(differ)})", days)


def compare_times(
    ta: list[TimeExpression],
    tb: list[TimeExpression],
    *,
    published_a: datetime | None,
    published_b: datetime | None,
) -> list[TimeFinding]:
    """Compare the resolved times of two claims; each pair that can be resolved gives a finding.

    Open-ended times ("until June 1") are compared by their end; the
    tolerance is a day, or a tenth of the longer interval. Two ranges of dates ("from 1967
    to 1979") are compared end to end, each end as a named period.
    """
    findings: list[TimeFinding] = []
    for a in ta:
        sa, ea, how_a = time_bounds(a, published_a)
        if ea is None:
            continue
        for b in tb:
            ranged = _compare_ranges(a, b)
            if ranged is not None:
                findings.append(ranged)
                continue
            sb, eb, how_b = time_bounds(b, published_b)
            if eb is None:
                continue
            spans = [e - s for s, e in ((sa, ea), (sb, eb)) if s is not None]
            longest = max(spans, default=timedelta(0))
            tolerance = max(timedelta(days=1), longest / 10)
            if sa is None or sb is None:
                gap = abs(ea - eb)
                agree = gap <= tolerance
                what = "end"
            else:
                gap = max(sa - eb, sb - ea, timedelta(0))
                # two named months or years agree only where they overlap
                named = _named_period(a) and _named_period(b)
                agree = (sa < eb and sb < ea) if named else gap <= tolerance
                what = "time"
            days = gap.days + (1 if gap.seconds else 0)
            touching = (what == "time" and not days and sa is not None and sb is not None
                        and not (sa < eb and sb < ea))
            if agree and touching:
                # two dates side by side: one moment can fall on both in two time zones
                reason = (f"dates agree within a day: {how_a} and {how_b} are next to each "
                          "other, as one moment can be in two time zones")
            elif agree:
                reason = (f"dates agree: {how_a} and {how_b}"
                          + (f" ({what}s within {days} day{'s' if days != 1 else ''})"
                             if days else ""))
            elif days == 0:  # two named periods, one ending as the other begins
                reason = f"dates differ: {how_a} vs {how_b} (different {a.granularity}s)"
            else:
                reason = f"dates differ: {how_a} vs {how_b} ({days} days apart)"
            findings.append(TimeFinding(agree, reason, days))
    return findings


def find_dayparts(text: str) -> list[DayPart]:
    """Weekdays with a part of the day ("early Saturday", "Friday evening") in a text."""
    found: list[DayPart] = []
    for match in _DAYPART.finditer(text):
        modifier = (match.group(1) or "").lower()
        part = (match.group(3) or "").lower()
        key = f"{modifier} {part}".strip()
        hours = PARTS.get(key) or PARTS.get(part) or PARTS.get(modifier) or PARTS[""]
        weekday = WEEKDAYS.index(match.group(2).lower())
        found.append(DayPart(match.group(0), weekday, hours))
    return found


def _utc_window(part: DayPart, zone: str, reference: date) -> tuple[datetime, datetime]:
    """The UTC interval of a day part in a zone, on the ``part.weekday`` nearest ``reference``."""
    offset = (part.weekday - reference.weekday() + 3) % 7 - 3
    day = reference + timedelta(days=offset)
    tz = ZoneInfo(zone)
    start = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(hours=part.hours[0])
    end = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(hours=part.hours[1])
    return start.astimezone(UTC), end.astimezone(UTC)


def _utc(value: datetime) -> str:
    return value.strftime("%a %H:%M UTC")


def compare_dayparts(
    pa: list[DayPart],
    pb: list[DayPart],
    *,
    zone_a: tuple[str, str] | None,
    zone_b: tuple[str, str] | None,
    reference: date,
) -> list[TimeFinding]:
    """Compare weekday parts of two claims, each in its place's time zone.

    ``zone_a``/``zone_b`` are ``(place name, IANA zone)``; without a zone, a
    weekday one apart is reported as a possible time-zone difference, not a
    conflict.
    """
    findings: list[TimeFinding] = []
    for a in pa:
        for b in pb:
            if zone_a and zone_b:
                a0, a1 = _utc_window(a, zone_a[1], reference)
                b0, b1 = _utc_window(b, zone_b[1], reference)
                # the same weekday a week apart is not what anyone means
                if b0 - a1 > timedelta(days=3):
                    b0, b1 = b0 - timedelta(days=7), b1 - timedelta(days=7)
                elif a0 - b1 > timedelta(days=3):
                    b0, b1 = b0 + timedelta(days=7), b1 + timedelta(days=7)
                overlap = a0 < b1 and b0 < a1
                where = (f"'{a.text}' in {zone_a[0]} is {_utc(a0)}–{_utc(a1)}; "
                         f"'{b.text}' in {zone_b[0]} is {_utc(b0)}–{_utc(b1)}")
                if overlap:
                    findings.append(TimeFinding(True, f"time zones: {where}: they overlap, "
                                                      "no conflict"))
                else:
                    findings.append(TimeFinding(False, f"times differ: {where}: no overlap"))
                continue
            apart = min((a.weekday - b.weekday) % 7, (b.weekday - a.weekday) % 7)
            if apart == 0:
                continue
            if apart == 1:
                findings.append(TimeFinding(True, f"'{a.text}' vs '{b.text}': one day apart, "
                                                  "possibly the same moment in different time "
                                                  "zones"))
            else:
                findings.append(TimeFinding(False, f"days differ: '{a.text}' vs '{b.text}'"))
    return findings
