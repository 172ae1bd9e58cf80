"""Check-worthiness on ClaimBuster: F1 of the check-worthy class on the two-class test set.

Dataset: ``checkworthy/claimbuster/two_class/test.json``, a list of
``{"sentence_id", "label" (1 = check-worthy), "text"}`` (702 sentences, half of
them check-worthy). Each sentence is scored by the scorer the claims stage uses
by default (:func:`crosswire.analyse.default_scorer`) and called check-worthy
when its probability reaches the scorer's ``threshold`` (0.5 when it has none).

Keys: ``f1``, ``precision``, ``recall`` (of the check-worthy class),
``accuracy``, ``auc`` (ROC, threshold-free), ``threshold``, ``scorer`` (its
class name), ``sentences``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EvaluationError

__all__ = ["evaluate_checkworthy"]


def read_claimbuster(path: Path) -> tuple[list[str], np.ndarray]:
    """Texts and 0/1 labels of a ClaimBuster two-class JSON file."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EvaluationError(f"{path}: ClaimBuster file not found") from exc
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(rows, list) or not rows:
        raise EvaluationError(f"{path}: expected a non-empty list of sentences")
    try:
        texts = [str(row["text"]) for row in rows]
        labels = np.array([int(row["label"]) for row in rows])
    except (KeyError, TypeError, ValueError) as exc:
        raise EvaluationError(f"{path}: every item needs 'text' and a 0/1 'label' ({exc})") from exc
    return texts, labels


def _auc(scores: np.ndarray, labels: np.ndarray) -> float:
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    # average ranks of ties
    for value in np.unique(scores):
        tied = scores == value
        if tied.sum() > 1:
            ranks[tied] = ranks[tied].mean()
    positives = labels == 1
    n_pos, n_neg = int(positives.sum()), int((~positives).sum())
    if not n_pos or not n_neg:
        return float("nan")
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def evaluate_checkworthy(data_dir: Path, *, scorer: Any = None) -> dict[str, Any]:
    """Score the default check-worthiness scorer (or ``scorer``) on the ClaimBuster test set."""
    from ..analyse import default_scorer

    texts, labels = read_claimbuster(
        Path(data_dir) / "checkworthy" / "claimbuster" / "two_class" / "test.json"
    )
    model = scorer if scorer is not None else default_scorer()
    probs = np.asarray(model.predict(texts), dtype=float)
    threshold = float(getattr(model, "threshold", 0.5))
    predicted = probs >= threshold
    tp = int(np.sum(predicted & (labels == 1)))
    fp = int(np.sum(predicted & (labels == 0)))
    fn = int(np.sum(~predicted & (labels == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "f1": round(f1, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "accuracy": round(float(np.mean(predicted == (labels == 1))), 4),
        "auc": round(_auc(probs, labels), 4),
        "threshold": threshold,
        "scorer": type(model).__name__,
        "sentences": len(texts),
    }
