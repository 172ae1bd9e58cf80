"""A fast check-worthiness scorer: logistic regression over hashed word n-grams.

The fallback of :func:`crosswire.analyse.checkworthiness.default_scorer` where
the fine-tuned MiniLM model is not installed, and the fast option
(``AnalysisOptions(checkworthiness="ngram")``). Features are lower-cased word
unigrams and bigrams, numbers folded to ``<num>``, hashed (CRC-32) into
``2**dims_log2`` buckets; the weights are trained on ClaimBuster's training set by
``training/train_checkworthy_ngram.py`` and ship as
``crosswire/data/checkworthy_ngram.npz`` with the sha256 of the training file.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ModelError

__all__ = ["NgramScorer", "featurize", "load_ngram_scorer", "train_ngram_scorer"]

WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "checkworthy_ngram.npz"
_WORD = re.compile(r"\d[\d,.]*%?|\w+(?:'\w+)?|[$%£€]")


def _tokens(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    return ["<num>" if w[0].isdigit() else w for w in words]


def featurize(text: str, dims_log2: int) -> np.ndarray:
    """Hashed unigram and bigram bucket ids of ``text`` (with repeats)."""
    words = _tokens(text)
    grams = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] + ["<bias>"]
    mask = (1 << dims_log2) - 1
    return np.fromiter((zlib.crc32(g.encode()) & mask for g in grams), dtype=np.int64)


@dataclass(frozen=True)
class NgramScorer:
    """``predict(texts)`` gives the probability that each text is check-worthy."""

    weights: np.ndarray
    dims_log2: int
    threshold: float = 0.5

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("predict() takes a sequence of texts, not one string")
        logits = np.array(
            [self.weights[featurize(t, self.dims_log2)].sum() for t in texts], dtype=np.float64
        )
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def save(self, path: Path, *, trained_on: str) -> None:
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            dims_log2=np.array(self.dims_log2),
            threshold=np.array(self.threshold),
            trained_on=np.array(trained_on),
        )


def train_ngram_scorer(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    dims_log2: int = 18,
    epochs: int = 30,
    l2: float = 1e-5,
    learning_rate: float = 0.5,
    seed: int = 0,
) -> NgramScorer:
    """Fit the logistic regression with Adagrad over shuffled single examples."""
    rng = np.random.default_rng(seed)
    features = [featurize(t, dims_log2) for t in texts]
    y = np.asarray(labels, dtype=np.float64)
    weights = np.zeros(1 << dims_log2, dtype=np.float64)
    squares = np.full(1 << dims_log2, 1e-8)
    for _ in range(epochs):
        for i in rng.permutation(len(features)):
            ids = features[i]
            p = 1.0 / (1.0 + np.exp(-weights[ids].sum()))
            grad = np.zeros(len(ids)) + (p - y[i])
            unique, counts = np.unique(ids, return_counts=True)
            g = grad[0] * counts + l2 * weights[unique]
            squares[unique] += g * g
            weights[unique] -= learning_rate * g / np.sqrt(squares[unique])
    return NgramScorer(weights.astype(np.float32), dims_log2)


@lru_cache(maxsize=1)
def load_ngram_scorer(path: Path = WEIGHTS) -> NgramScorer:
    """The shipped n-gram scorer; :class:`ModelError` when its weights are missing or damaged."""
    if not path.is_file():
        raise ModelError(f"{path}: n-gram check-worthiness weights not found")
    try:
        with np.load(path) as data:
            return NgramScorer(
                data["weights"].astype(np.float32),
                int(data["dims_log2"]),
                float(data["threshold"]),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"{path}: cannot read n-gram check-worthiness weights: {exc}") from exc


def file_sha256(path: Path) -> str:
    """sha256 of a file, for the record of what a model was trained on."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
