"""The comparison weighs every approximator the analysis reads, from the one table of them."""

from __future__ import annotations

import pytest

from crosswire.comparison.numbers import interval_of
from crosswire.document import Quantity, Span
from crosswire.number_words import APPROXIMATORS, VAGUE


def quantity(phrase: str, low: float | None, high: float | None) -> Quantity:
    text = f"{phrase} 100"
    return Quantity(Span(0, len(text), text), low, high, "people", phrase)


@pytest.mark.parametrize("phrase", sorted(APPROXIMATORS))
def test_comparison_approximators_each_widens_its_number_on_the_side_it_names(
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


def test_comparison_approximators_a_vague_count_without_its_range_takes_its_words_range() -> None:
    interval = interval_of(quantity("dozens of", 24, 24))
    assert interval is not None and (interval.low, interval.high) == VAGUE["dozens of"]
    assert interval.reading == "dozens of (24–99)"


def test_comparison_approximators_a_spelt_out_vague_count_keeps_the_analysis_range() -> None:
    interval = interval_of(quantity("several hundred", 300, 900))
    assert interval is not None and (interval.low, interval.high) == (300, 900)
    assert interval.reading == "several hundred (300–900)"


def test_comparison_approximators_a_span_of_time_counted_in_words_lasts_as_long() -> None:
    from datetime import UTC, datetime, timedelta

    from crosswire.comparison.timecheck import time_bounds
    from crosswire.document import TimeExpression

    published = datetime(2018, 12, 20, tzinfo=UTC)
    for words, days in (("for a week", 7), ("for several days", 3), ("for two months", 60)):
        time = TimeExpression(Span(0, len(words), words), None, None, "")
        start, end, _ = time_bounds(time, published)
        assert (start, end) == (published, published + timedelta(days=days)), words
