"""How the comparison reads numbers and times: every approximator from the one table of them, spans
of time counted in words, and a dated period told as the period it is."""

from __future__ import annotations

import pytest

from crosswire.comparison.numbers import interval_of
from crosswire.document import Quantity, Span
from crosswire.number_words import APPROXIMATORS, VAGUE


def quantity(phrase: str, low: float | None, high: float | None) -> Quantity:
    text = f"{phrase} 100"
    return Quantity(Span(0, len(text), text), low, high, "people", phrase)


@pytest.mark.parametrize("phrase", sorted(APPROXIMATORS))
def test_comparison_readings_each_widens_its_number_on_the_side_it_names(
        phrase: str) -> None:
    bound, _ = APPROXIMATORS[phrase]
    low, high = {"low": (100.0, None), "high": (None, 100.0)}.get(bound, (100.0, 100.0))
    interval = interval_of(quantity(phrase, low, high))
    assert interval is not None and interval.low <= 100 <= interval.high
    assert interval.low < interval.high  # never read as the exact number
    if bound == "low":
        assert interval.low == 100
    if bound == "high":
        assert interval.high == 100


def test_comparison_readings_a_vague_count_without_its_range_takes_its_words_range() -> None:
    interval = interval_of(quantity("dozens of", 24, 24))
    assert interval is not None and (interval.low, interval.high) == VAGUE["dozens of"]
    assert interval.reading == "dozens of (24–99)"


def test_comparison_readings_a_spelt_out_vague_count_keeps_the_analysis_range() -> None:
    interval = interval_of(quantity("several hundred", 300, 900))
    assert interval is not None and (interval.low, interval.high) == (300, 900)
    assert interval.reading == "several hundred (300–900)"


def test_comparison_readings_a_span_of_time_counted_in_words_lasts_as_long() -> None:
    from datetime import UTC, datetime, timedelta

    from crosswire.comparison.timecheck import time_bounds
    from crosswire.document import TimeExpression

    published = datetime(2018, 12, 20, tzinfo=UTC)
    for words, days in (("for a week", 7), ("for several days", 3), ("for two months", 60)):
        time = TimeExpression(Span(0, len(words), words), None, None, "")
        start, end, _ = time_bounds(time, published)
        assert (start, end) == (published, published + timedelta(days=days)), words


@pytest.mark.parametrize(("start", "end", "said"), [
    ((2012, 1, 1), (2013, 1, 1), "2012"),
    ((2012, 8, 1), (2012, 9, 1), "August 2012"),
    ((2012, 8, 21), (2012, 8, 22), "2012-08-21"),
    ((2012, 9, 1), (2013, 1, 1), "2012-09-01 to 2012-12-31"),  # late 2012
])
def test_comparison_readings_a_dated_period_is_told_as_the_period_it_is(
        start: tuple[int, int, int], end: tuple[int, int, int], said: str) -> None:
    from datetime import UTC, datetime

    from crosswire.comparison.timecheck import time_bounds
    from crosswire.document import TimeExpression

    time = TimeExpression(Span(0, 4, "then"), datetime(*start, tzinfo=UTC),
                          datetime(*end, tzinfo=UTC), "")
    assert time_bounds(time, None)[2] == f"'then' ({said})"
