"""Logistic regression over hashed string features: the small learned models of the analysis.

A feature is a string ("lemma=say", "dep=ccomp"); it is hashed (CRC-32, stable
across runs and machines) into one of ``2**dims_log2`` weights. Used by the
n-gram check-worthiness scorer and the attribution cue classifier; numpy only.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ModelError

__all__ = ["HashedLogistic", "hash_features", "load_logistic", "train_logistic"]


def hash_features(features: Iterable[str], dims_log2: int) -> np.ndarray:
    """Bucket ids of string features, plus the bias bucket."""
    mask = (1 << dims_log2) - 1
    ids = [zlib.crc32(f.encode("utf-8")) & mask for f in features]
    ids.append(zlib.crc32(b"<bias>") & mask)
    return np.asarray(ids, dtype=np.int64)


@dataclass(frozen=True)
class HashedLogistic:
    """Weights of a hashed logistic regression and its decision threshold."""

    weights: np.ndarray
    dims_log2: int
    threshold: float = 0.5
    #: a second, lower threshold for a model that may also veto (0: never vetoes)
    veto: float = 0.0

    def probability(self, ids: np.ndarray) -> float:
        return float(1.0 / (1.0 + np.exp(-float(self.weights[ids].sum()))))

    def probabilities(self, rows: Sequence[np.ndarray]) -> np.ndarray:
        logits = np.array([self.weights[ids].sum() for ids in rows], dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-logits))

    def save(self, path: Path, *, trained_on: str) -> None:
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            dims_log2=np.array(self.dims_log2),
            threshold=np.array(self.threshold),
            veto=np.array(self.veto),
            trained_on=np.array(trained_on),
        )


def train_logistic(
    rows: Sequence[np.ndarray],
    labels: Sequence[int],
    *,
    dims_log2: int,
    epochs: int = 10,
    l2: float = 1e-4,
    learning_rate: float = 0.5,
    seed: int = 0,
) -> HashedLogistic:
    """Fit the weights with Adagrad over shuffled single examples."""
    rng = np.random.default_rng(seed)
    y = np.asarray(labels, dtype=np.float64)
    weights = np.zeros(1 << dims_log2, dtype=np.float64)
    squares = np.full(1 << dims_log2, 1e-8)
    for _ in range(epochs):
        for i in rng.permutation(len(rows)):
            ids = rows[i]
            p = 1.0 / (1.0 + np.exp(-weights[ids].sum()))
            unique, counts = np.unique(ids, return_counts=True)
            g = (p - y[i]) * counts + l2 * weights[unique]
            squares[unique] += g * g
            weights[unique] -= learning_rate * g / np.sqrt(squares[unique])
    return HashedLogistic(weights.astype(np.float32), dims_log2)


def load_logistic(path: Path, what: str) -> HashedLogistic:
    """Weights saved by :meth:`HashedLogistic.save`; :class:`ModelError` when missing or damaged."""
    if not path.is_file():
        raise ModelError(f"{path}: {what} weights not found")
    try:
        with np.load(path) as data:
            veto = float(data["veto"]) if "veto" in data.files else 0.0
            return HashedLogistic(
                data["weights"].astype(np.float32),
                int(data["dims_log2"]),
                float(data["threshold"]),
                veto,
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"{path}: cannot read {what} weights: {exc}") from exc
