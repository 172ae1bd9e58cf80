"""RangeIndex answers as a scan of every range would, in the order the ranges were given."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crosswire.ranges import RangeIndex

RANGES = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 25)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=30,
)
POINT = st.integers(-5, 90)


@given(RANGES, POINT, st.integers(0, 30))
def test_ranges_index_inside_and_overlapping_match_a_scan(
    ranges: list[tuple[int, int]], start: int, length: int
) -> None:
    end = start + length
    index = RangeIndex(list(enumerate(ranges)), lambda item: item[1])
    assert index.inside(start, end) == [
        (i, r) for i, r in enumerate(ranges) if start <= r[0] and r[1] <= end
    ]
    assert index.overlapping(start, end) == [
        (i, r) for i, r in enumerate(ranges) if r[0] < end and start < r[1]
    ]


@given(RANGES, POINT)
def test_ranges_index_holding_matches_a_scan(ranges: list[tuple[int, int]], point: int) -> None:
    index = RangeIndex(list(enumerate(ranges)), lambda item: item[1])
    assert index.holding(point) == [(i, r) for i, r in enumerate(ranges) if r[0] <= point < r[1]]


def test_ranges_index_leaves_out_items_without_a_range() -> None:
    index = RangeIndex(["a", "", "bc"], lambda s: (0, len(s)) if s else None)
    assert len(index) == 2
    assert index.holding(0) == ["a", "bc"]


@given(RANGES, RANGES, st.integers(-5, 90), st.integers(0, 30))
def test_ranges_index_added_ranges_answer_as_given_ones(
    first: list[tuple[int, int]], more: list[tuple[int, int]], start: int, length: int
) -> None:
    index = RangeIndex(list(enumerate(first)), lambda item: item[1])
    for n, bounds in enumerate(more, start=len(first)):
        index.add((n, bounds), *bounds)
    every = list(enumerate(first + more))
    end = start + length
    overlapping = [(i, r) for i, r in every if r[0] < end and start < r[1]]
    assert index.overlapping(start, end) == overlapping
    assert index.inside(start, end) == [(i, r) for i, r in every if start <= r[0] and r[1] <= end]
