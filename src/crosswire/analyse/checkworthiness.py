"""The check-worthiness stage: how worth checking each claim is, from a scorer.

A scorer is anything with ``predict(texts: list[str]) -> numpy.ndarray`` giving,
for each text, the probability that it states a fact worth checking (the
ClaimBuster sense). The stage takes the scorer as a dependency, so tests and
users can pass their own; :func:`default_scorer` gives the bundled one:

1. the fine-tuned MiniLM classifier, :func:`crosswire.models.load_checkworthiness`;
2. where that model is not installed, the hashed n-gram logistic regression
   of :mod:`crosswire.analyse.ngram_scorer`, which ships beside this module.

Sets ``checkworthiness`` on every claim of the article (one ``predict`` call per
article: the claims are the batch). With a progress callback, the claims are
scored :data:`PROGRESS_CHUNK` at a time and the callback is told after each
chunk; the bundled scorers score each text alone (the MiniLM model's batch size is
1 by default), so the scores are the same.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from ..document import Article
from ..errors import ModelError

__all__ = ["PROGRESS_CHUNK", "CheckworthinessScorer", "default_scorer", "score_claims"]

logger = logging.getLogger(__name__)

#: How many claims are scored between two progress calls (about half a second on two cores).
PROGRESS_CHUNK = 32


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
            from ..models import ModelOptions, load_checkworthiness

            # one onnxruntime thread: the analysis scores claims on a thread of its own while
            # the parse goes on, and a second model thread there only waits on the parse for
            # the interpreter lock (the same scores either way)
            scorer = load_checkworthiness(options=ModelOptions(threads=1, workers=1))
        except (ImportError, ModelError) as exc:
            if kind == "model":
                raise ModelError(f"check-worthiness model unavailable: {exc}") from exc
            logger.info("check-worthiness model unavailable (%s); using the n-gram scorer", exc)
    if scorer is None:
        from .ngram_scorer import load_ngram_scorer

        scorer = load_ngram_scorer()
    _DEFAULT[kind] = scorer
    return scorer


def score_claims(
    article: Article,
    scorer: CheckworthinessScorer,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Article:
    """Set ``checkworthiness`` on every claim of ``article`` with ``scorer``.

    ``progress(done, total)``, when given, is called before the first claim is scored
    and after each :data:`PROGRESS_CHUNK` claims; it may raise to stop the work.
    """
    if not article.claims:
        return article
    texts = [claim.text for claim in article.claims]
    if progress is None:
        scores = np.asarray(scorer.predict(texts), dtype=float)
    else:
        scores = _in_chunks(scorer, texts, progress)
    if scores.shape != (len(article.claims),):
        raise ModelError(
            f"{article.source}: check-worthiness scorer gave {scores.shape} scores "
            f"for {len(article.claims)} claims"
        )
    for claim, score in zip(article.claims, scores, strict=True):
        claim.checkworthiness = float(score)
    return article


def _in_chunks(
    scorer: CheckworthinessScorer, texts: list[str], progress: Callable[[int, int], None]
) -> np.ndarray:
    """The scores of ``texts``, :data:`PROGRESS_CHUNK` at a time (a chunk's scores of the wrong
    shape are returned as they are, for the caller's check to refuse)."""
    parts: list[np.ndarray] = []
    progress(0, len(texts))
    for start in range(0, len(texts), PROGRESS_CHUNK):
        chunk = texts[start : start + PROGRESS_CHUNK]
        scores = np.asarray(scorer.predict(chunk), dtype=float)
        if scores.shape != (len(chunk),):
            return scores
        parts.append(scores)
        progress(min(start + PROGRESS_CHUNK, len(texts)), len(texts))
    return np.concatenate(parts)
