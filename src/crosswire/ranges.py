"""Which of many character ranges lie inside a range, overlap it or hold a position.

The analysis stages and the comparison ask, for every sentence, claim or quote
of an article, which entities, quotes or attribution contents lie inside it or
cover it. Asking each range in turn makes that quadratic in the length of the
article: a 1,000,000-character text has thousands of each. A :class:`RangeIndex`
sorts the ranges by start once; each question is then a bisection and a look
at the ranges that start near it (no further back than the longest range is
long), and answers in the order the ranges were given::

    index = RangeIndex(article.entities, lambda e: (e.span.start, e.span.end))
    index.inside(claim.start, claim.end)        # entities within the claim
    index.overlapping(start, end)               # entities that share a character
    index.holding(position)                     # entities over one position
    index.add(entity, start, end)               # one more, after the others

Ranges are half-open, ``[start, end)``, as :class:`~crosswire.document.Span` is.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

__all__ = ["RangeIndex"]

T = TypeVar("T")


class RangeIndex(Generic[T]):
    """Items with a character range each (``key(item) -> (start, end)``, or ``None`` for an
    item without one, which is left out), sorted for the questions in the module docstring."""

    __slots__ = ("_ends", "_items", "_longest", "_next", "_orders", "_starts")

    def __init__(self, items: Iterable[T], key: Callable[[T], tuple[int, int] | None]) -> None:
        entries: list[tuple[int, int, int, T]] = []
        for order, item in enumerate(items):
            bounds = key(item)
            if bounds is not None:
                entries.append((bounds[0], bounds[1], order, item))
        entries.sort(key=lambda entry: (entry[0], entry[2]))
        self._starts = [entry[0] for entry in entries]
        self._ends = [entry[1] for entry in entries]
        self._orders = [entry[2] for entry in entries]
        self._items = [entry[3] for entry in entries]
        self._longest = max((end - start for start, end, _, _ in entries), default=0)
        self._next = len(self._orders) and max(self._orders) + 1

    def __len__(self) -> int:
        return len(self._items)

    def add(self, item: T, start: int, end: int) -> None:
        """Add ``item`` over ``[start, end)``, after every item given so far."""
        order, self._next = self._next, self._next + 1
        at = bisect_right(self._starts, start)
        self._starts.insert(at, start)
        self._ends.insert(at, end)
        self._orders.insert(at, order)
        self._items.insert(at, item)
        self._longest = max(self._longest, end - start)

    def inside(self, start: int, end: int) -> list[T]:
        """The items whose range lies within ``[start, end)``, in the order given."""
        low, high = bisect_left(self._starts, start), bisect_right(self._starts, end)
        return self._given_order(k for k in range(low, high) if self._ends[k] <= end)

    def overlapping(self, start: int, end: int) -> list[T]:
        """The items whose range shares a character with ``[start, end)``
        (``item_start < end and start < item_end``), in the order given."""
        low = bisect_right(self._starts, start - self._longest)
        high = bisect_left(self._starts, end)
        return self._given_order(k for k in range(low, high) if self._ends[k] > start)

    def holding(self, position: int) -> list[T]:
        """The items whose range holds ``position`` (``item_start <= position < item_end``),
        in the order given."""
        low = bisect_right(self._starts, position - self._longest)
        high = bisect_right(self._starts, position)
        return self._given_order(k for k in range(low, high) if self._ends[k] > position)

    def _given_order(self, found: Iterable[int]) -> list[T]:
        return [self._items[k] for k in sorted(found, key=self._orders.__getitem__)]
