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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .logistic import HashedLogistic, hash_features, load_logistic, train_logistic

__all__ = ["NgramScorer", "load_ngram_scorer", "train_ngram_scorer"]

WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "checkworthy_ngram.npz"
_WORD = re.compile(r"\d[\d,.]*%?|\w+(?:'\w+)?|[$%£€]")


def _tokens(text: str) -> list[str]:
    words = _WORD.findall(text.lower().replace("\u2019", "'"))
    return ["<num>" if w[0].isdigit() else w for w in words]


def featurize(text: str, dims_log2: int) -> np.ndarray:
    """Hashed unigram and bigram bucket ids of ``text`` (with repeats)."""
    words = _tokens(text)
    grams = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return hash_features(grams, dims_log2)


@dataclass(frozen=True)
class NgramScorer:
    """``predict(texts)`` gives the probability that each text is check-worthy."""

    model: HashedLogistic

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("predict() takes a sequence of texts, not one string")
        rows = [featurize(t, self.model.dims_log2) for t in texts]
        return self.model.probabilities(rows).astype(np.float32)


def train_ngram_scorer(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    dims_log2: int = 18,
    epochs: int = 10,
    l2: float = 1e-4,
) -> NgramScorer:
    """Fit the scorer on labelled sentences (1 = check-worthy)."""
    rows = [featurize(t, dims_log2) for t in texts]
    return NgramScorer(train_logistic(rows, labels, dims_log2=dims_log2, epochs=epochs, l2=l2))


@lru_cache(maxsize=1)
def load_ngram_scorer(path: Path = WEIGHTS) -> NgramScorer:
    """The shipped n-gram scorer; :class:`ModelError` when its weights are missing or damaged."""
    return NgramScorer(load_logistic(path, "n-gram check-worthiness"))


def file_sha256(path: Path) -> str:
    """sha256 of a file, for the record of what a model was trained on."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
