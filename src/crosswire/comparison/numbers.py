"""Numbers with approximators and ranges, as intervals that can agree or conflict.

A reported number is rarely exact. "more than 150" is compatible with "150"
(a reporter rounds down) but not with "roughly 400"; "tens of thousands" does
not overlap "hundreds of thousands". Each :class:`~crosswire.document.Quantity`
becomes a :class:`Interval` whose width follows its approximator, and two
quantities of the same kind of thing agree when their intervals overlap.

The quantities stage of the analysis (:mod:`crosswire.analyse.quantities`) reads
``low``/``high``/``approximator`` from the words; this module only weighs them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..analyse.quantities import parse_number
from ..document import Quantity
from ..number_words import APPROXIMATORS, VAGUE

__all__ = [
    "Interval",
    "NumberFinding",
    "compare_quantities",
    "interval_of",
    "counted",
    "counts_differ",
    "specific",
    "percents_meet",
    "same_kind",
]

#: units that name the same kind of thing
UNIT_CLASSES: tuple[frozenset[str], ...] = (
    frozenset({"troop", "soldier", "personnel", "force", "servicemen", "serviceman", "fighter"}),
    frozenset({"person", "people", "civilian", "resident", "individual", "victim"}),
    frozenset({"death", "dead", "killed", "fatality", "casualty", "life"}),
    frozenset({"injured", "wounded", "hurt", "injury"}),
    frozenset({"percent", "%", "per cent", "percentage point"}),
    frozenset({"dollar", "usd", "$"}),
    frozenset({"euro", "eur", "€"}),
    frozenset({"pound", "gbp", "£"}),
    frozenset({"km", "kilometre", "kilometer"}),
    frozenset({"mile", "mi"}),
)

@dataclass(frozen=True, slots=True)
class Interval:
    """The values a reported number allows, and how they were read."""

    low: float
    high: float
    reading: str

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    def describe(self) -> str:
        if self.low == self.high:
            return _fmt(self.low)
        return f"{_fmt(self.low)}–{_fmt(self.high)}"


@dataclass(frozen=True, slots=True)
class NumberFinding:
    """Two quantities of the same kind compared: ``agree`` or not, with the reason in words."""

    a: Quantity
    b: Quantity
    agree: bool
    reason: str


def _fmt(value: float) -> str:
    if value >= 1e6 and value % 1e5 == 0:
        return f"{value / 1e6:g} million"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _approximator_class(approximator: str) -> str:
    """How an approximator widens its number (see :data:`~crosswire.number_words.APPROXIMATORS`),
    ``"vague"`` for a vague count whose range the analysis spelt out, else ``"exact"``."""
    words = approximator.lower().strip()
    if words in VAGUE:
        return "vague"
    return APPROXIMATORS[words][1] if words in APPROXIMATORS else "exact"


def interval_of(quantity: Quantity) -> Interval | None:
    """The interval a quantity allows, widened by its approximator; ``None`` without a value."""
    low, high, approximator = quantity.low, quantity.high, quantity.approximator
    if (low is None and high is None) or approximator == TALLY:
        return None  # a tally's two sides are no range of one value (see same_tallies)
    kind = _approximator_class(approximator)
    if kind == "vague":
        # the range the analysis spelt out ("tens of thousands": 20,000 to 99,999), else the
        # one the words allow
        if low is None or high is None or high <= low:
            low, high = VAGUE[approximator.lower().strip()]
        return Interval(low, high, f"{approximator} ({_fmt(low)}–{_fmt(high)})")
    if low is not None and high is not None and high != low:
        lo, hi = min(low, high), max(low, high)
        return Interval(lo, hi, f"between {_fmt(lo)} and {_fmt(hi)}")
    value = low if low is not None else high
    assert value is not None
    if kind == "lower":
        return Interval(value, value * 1.5, f"{approximator} {_fmt(value)} (read as {_fmt(value)}–"
                        f"{_fmt(value * 1.5)})")
    if kind == "upper":
        return Interval(value * 0.5, value, f"{approximator} {_fmt(value)} (read as "
                        f"{_fmt(value * 0.5)}–{_fmt(value)})")
    if kind == "nearly":
        return Interval(value * 0.85, value, f"{approximator} {_fmt(value)} (read as "
                        f"{_fmt(value * 0.85)}–{_fmt(value)})")
    if kind == "about":
        return Interval(value * 0.8, value * 1.2, f"{approximator} {_fmt(value)} (read as "
                        f"{_fmt(value * 0.8)}–{_fmt(value * 1.2)})")
    slack = max(abs(value) * 0.01, 0.0)
    return Interval(value - slack, value + slack, _fmt(value))


def _unit_key(unit: str) -> str:
    word = unit.lower().strip()
    word = re.sub(r"^(?:north korean|south korean|russian|ukrainian|american|british|us|u\.s\.)\s+",
                  "", word)
    words = word.split()
    if words:
        word = words[-1] if len(words) > 1 and words[-1] not in ("point",) else word
    for suffix, repl in (("ies", "y"), ("men", "man"), ("s", "")):
        if word.endswith(suffix) and len(word) > 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


def same_kind(a: str, b: str) -> bool:
    """Whether two units count the same kind of thing ("troops" and "soldiers" do)."""
    ka, kb = _unit_key(a), _unit_key(b)
    if ka == kb:
        return True
    return any(ka in cls and kb in cls for cls in UNIT_CLASSES)


def _is_year(quantity: Quantity) -> bool:
    value = quantity.low if quantity.low is not None else quantity.high
    return (
        not quantity.unit
        and value is not None
        and 1800 <= value <= 2100
        and value == int(value)
        and re.fullmatch(r"\d{4}", quantity.span.text.strip()) is not None
    )


#: the units of shares: a percentage, or a margin in points
PERCENT_UNITS = frozenset({"%", "percentage points", "points", "point"})


def _stated(quantity: Quantity) -> Interval | None:
    """The values a quantity states, without the slack of a lower or upper bound ("more than
    40 percent" states 40)."""
    interval = interval_of(quantity)
    if interval is None or _approximator_class(quantity.approximator) not in ("lower", "upper"):
        return interval
    value = quantity.low if quantity.low is not None else quantity.high
    assert value is not None
    return Interval(value * 0.99, value * 1.01, interval.reading)


def percents_meet(qa: Sequence[Quantity], qb: Sequence[Quantity]) -> bool | None:
    """Whether two claims that both give percentages or margins in points share one (the
    values of one overlap the values of the other); ``None`` when either gives none.

    Two claims whose shares all differ report different measurements, whatever act and names
    they share: "leading Bernie Sanders among likely voters, 46 percent to 44 percent" in one
    poll and "leads Sanders by about 6 points" in an average of polls.
    """
    shares = [[i for q in side if q.unit in PERCENT_UNITS and (i := _stated(q)) is not None]
              for side in (qa, qb)]
    if not shares[0] or not shares[1]:
        return None
    return any(x.overlaps(y) for x in shares[0] for y in shares[1])


#: units that measure rather than count things (money, shares, sizes, weights, spans of time),
#: and scale words read as units ("five dozen")
MEASURES = frozenset({
    "%", "percent", "per cent", "percentage point", "point", "usd", "gbp", "eur", "jpy", "krw",
    "rub", "dollar", "euro", "pound", "yen", "won", "rouble", "ruble", "cent", "km",
    "kilometre", "kilometer", "mile", "mi", "metre", "meter", "foot", "feet", "inch", "yard",
    "acre", "hectare", "ton", "tonne", "kilogram", "kg", "gram", "ounce", "gallon", "litre",
    "liter", "barrel", "degree", "magnitude", "year", "month", "week", "day", "hour", "minute",
    "second", "time", "dozen", "hundred", "thousand", "million", "billion",
})


#: the approximator of a tally, the two sides of a vote or a score ("passed 234-193")
TALLY = "tally"

#: the fewest votes (or points) of both sides from which one tally tells one vote by itself:
#: "a 5-4 ruling" or "a 7-2 vote" recurs within one story far more often than "234-193"
SPECIFIC_TALLY = 20


#: what a tally counts when it is a moment of a game, not its result ("a 31-24 lead"): the
#: same lead and the final score of one game are two facts
PASSING_TALLIES = frozenset({"lead", "leads", "advantage", "deficit"})


def same_tallies(qa: Sequence[Quantity], qb: Sequence[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """Pairs of tallies, one of each claim, with the same two sides ("234-193" / "234 to 193"),
    of :data:`SPECIFIC_TALLY` or more in all, neither a passing score
    (:data:`PASSING_TALLIES`): the same vote or result told twice."""
    def sides(q: Quantity) -> tuple[float, float] | None:
        if q.approximator != TALLY or q.low is None or q.high is None:
            return None
        if q.unit.lower() in PASSING_TALLIES:
            return None
        return max(q.low, q.high), min(q.low, q.high)

    found = []
    for a in qa:
        side = sides(a)
        if side is None or sum(side) < SPECIFIC_TALLY:
            continue
        found += [(a, b) for b in qb if sides(b) == side]
    return found


def counted(unit: str) -> bool:
    """Whether ``unit`` names things counted ("rifles", "people"), not a measure (see
    :data:`MEASURES`); ``False`` for no unit."""
    word = unit.lower().strip()
    if not word:
        return False
    return word not in MEASURES and word.removesuffix("s") not in MEASURES and \
        word.removesuffix("es") not in MEASURES


#: the smallest count that tells one fact by itself: two claims of one story that both give
#: "two women" or "four games" name the same count by chance far more often than "23 pirates"
SPECIFIC_COUNT = 5


def specific(number: str, noun: str) -> bool:
    """Whether a number (its words as written) of ``noun`` tells one fact by itself: a measure
    (a share, a sum, a span of time: "3.6%"), or a count of things of at least
    :data:`SPECIFIC_COUNT`."""
    if not counted(noun):
        return True
    words = re.findall(r"[\w.,]+", re.sub(r"(\d)\s*,\s*(\d{3})\b", r"\1,\2", number.lower()))
    value = parse_number(words[-1]) if words else None
    return value is None or value >= SPECIFIC_COUNT


def counts_differ(qa: list[Quantity], qb: list[Quantity]) -> NumberFinding | None:
    """A count of one claim and a count of the other, of one kind of thing, that cannot both
    hold, where each claim gives such a count that no count of the other agrees with; else
    ``None``. Two such claims give different numbers of the same things, which no wording in
    common makes one statement ("14 AK-47 rifles, 31 magazines and 923 rounds" / "six AK-47
    rifles, 12 magazines and about 300 rounds"). One claim adding a count the other lacks, or
    listing the other's count among more ("5 killed and 20 injured" / "20 injured"), is no
    difference. Only counts of things are read (:func:`counted`): sums of money, shares,
    distances and spans of time measure what may be different things ("a $43,000 watch" /
    "$750,000 in campaign money"), and a number without a unit counts nothing known."""
    findings = [f for f in compare_quantities(qa, qb) if counted(f.a.unit) and counted(f.b.unit)]
    agreeing_a = {id(f.a) for f in findings if f.agree}
    agreeing_b = {id(f.b) for f in findings if f.agree}
    differing = [f for f in findings if not f.agree]
    lone_a = [f for f in differing if id(f.a) not in agreeing_a]
    lone_b = [f for f in differing if id(f.b) not in agreeing_b]
    if not lone_a or not lone_b:
        return None
    both = [f for f in lone_a if f in lone_b]
    return both[0] if both else lone_a[0]


def compare_quantities(
    qa: list[Quantity], qb: list[Quantity]
) -> list[NumberFinding]:
    """Compare the quantities of two claims that count the same kind of thing.

    Quantities are paired when their units are of one kind; when neither has a
    unit, they are paired only if each claim holds exactly one number.
    """
    qa = [q for q in qa if not _is_year(q)]
    qb = [q for q in qb if not _is_year(q)]
    findings: list[NumberFinding] = []
    for a in qa:
        ia = interval_of(a)
        if ia is None:
            continue
        for b in qb:
            if a.unit or b.unit:
                if not (a.unit and b.unit and same_kind(a.unit, b.unit)):
                    continue
            elif not (len(qa) == 1 and len(qb) == 1):
                continue
            ib = interval_of(b)
            if ib is None:
                continue
            agree = ia.overlaps(ib)
            what = f" {a.unit or b.unit}" if (a.unit or b.unit) else ""
            if agree:
                reason = (f"numbers agree: '{a.span.text}' ({ia.describe()}) and "
                          f"'{b.span.text}' ({ib.describe()}){what and ' of' + what} overlap")
            else:
                reason = (f"numbers differ: '{a.span.text}' ({ia.describe()}) vs "
                          f"'{b.span.text}' ({ib.describe()}){what and ' of' + what}: "
                          f"the ranges do not overlap")
            findings.append(NumberFinding(a, b, agree, reason))
    return findings
