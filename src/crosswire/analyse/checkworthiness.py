"""The check-worthiness stage: how worth checking each claim is, from a scorer.

A scorer is anything with ``predict(texts: list[str]) -> numpy.ndarray`` giving,
for each text, the probability that it states a fact worth checking (the
ClaimBuster sense). The stage takes the scorer as a dependency, so tests and
users can pass their own; :func:`default_scorer` gives the bundled one:

1. the fine-tuned MiniLM classifier, :func:`crosswire.models.load_checkworthiness`;
2. where that model is not installed, the hashed n-gram logistic regression
   of :mod:`crosswire.analyse.ngram_scorer`, which ships beside this module.

Sets ``checkworthiness`` on every claim of the article (one ``predict`` call per
article: the claims are the batch).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from ..document import Article
from ..errors import ModelError

__all__ = ["CheckworthinessScorer", "default_scorer", "score_claims"]

logger = logging.getLogger(__name__)


@runtime_checkable
class CheckworthinessScorer(Protocol):
    """Scores texts: the probability that each states a fact worth checking."""

    def predict(self, texts: Sequence[str]) -> np.ndarray: ...


_DEFAULT: dict[str, CheckworthinessScorer] = {}


def default_scorer(kind: str = "auto") -> CheckworthinessScorer:
    """The bundled scorer: ``"model"`` (the fine-tuned MiniLM), ``"ngram"`` (the fast
    n-gram model), or ``"auto"`` (the MiniLM model where installed, else the n-gram one)."""
    if kind not in {"auto", "model", "ngram"}:
        raise ValueError(f"unknown check-worthiness scorer {kind!r}: use auto, model or ngram")
    if kind in _DEFAULT:
        return _DEFAULT[kind]
    scorer: CheckworthinessScorer | None = None
    if kind in {"auto", "model"}:
        try:
            from ..models import load_checkworthiness

            scorer = load_checkworthiness()
        except (ImportError, ModelError) as exc:
            if kind == "model":
                raise ModelError(f"check-worthiness model unavailable: {exc}") from exc
            logger.info("check-worthiness model unavailable (%s); using the n-gram scorer", exc)
    if scorer is None:
        from .ngram_scorer import load_ngram_scorer

        scorer = load_ngram_scorer()
    _DEFAULT[kind] = scorer
    return scorer


def score_claims(article: Article, scorer: CheckworthinessScorer) -> Article:
    """Set ``checkworthiness`` on every claim of ``article`` with ``scorer``."""
    if not article.claims:
        return article
    scores = np.asarray(scorer.predict([claim.text for claim in article.claims]), dtype=float)
    if scores.shape != (len(article.claims),):
        raise ModelError(
            f"{article.source}: check-worthiness scorer gave {scores.shape} scores "
            f"for {len(article.claims)} claims"
        )
    for claim, score in zip(article.claims, scores, strict=True):
        claim.checkworthiness = float(score)
    return article
