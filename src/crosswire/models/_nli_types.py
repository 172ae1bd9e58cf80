"""What every NLI backend shares: the labels, the pair type, the protocol and the pairs check
(a leaf module, so that the bundled model and the Hugging Face backend need not import each
other)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["NLI_LABELS", "NLIPredictor", "Pair", "check_pairs"]

NLI_LABELS: tuple[str, str, str] = ("entailment", "neutral", "contradiction")

Pair = tuple[str, str]


@runtime_checkable
class NLIPredictor(Protocol):
    """What every NLI backend offers."""

    name: str
    labels: tuple[str, str, str]

    def predict(self, pairs: Sequence[Pair]) -> np.ndarray: ...


def check_pairs(pairs: Sequence[Pair]) -> list[Pair]:
    """Pairs as a list of ``(premise, hypothesis)`` string tuples, or a TypeError."""
    if isinstance(pairs, str | tuple) and len(pairs) == 2 and isinstance(pairs[0], str):
        raise TypeError("predict() takes a sequence of (premise, hypothesis) pairs, not one pair")
    out: list[Pair] = []
    for i, pair in enumerate(pairs):
        if len(pair) != 2 or not all(isinstance(x, str) for x in pair):
            raise TypeError(f"pair {i} is not a (premise, hypothesis) pair of strings: {pair!r}")
        out.append((pair[0], pair[1]))
    return out
