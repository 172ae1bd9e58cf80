"""The ClaimBuster check-worthiness evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswire.analyse import default_scorer
from crosswire.analyse.ngram_scorer import load_ngram_scorer
from crosswire.errors import EvaluationError
from crosswire.eval.checkworthy import evaluate_checkworthy

ROWS = [
    {"sentence_id": 1, "label": 1, "text": "Unemployment fell to 3.5 percent last year."},
    {"sentence_id": 2, "label": 1, "text": "We cut taxes for 95 percent of working families."},
    {"sentence_id": 3, "label": 0, "text": "Thank you all very much for being here tonight."},
    {"sentence_id": 4, "label": 0, "text": "I hope you have a wonderful evening."},
]


def write_test_set(root: Path, content: str) -> Path:
    folder = root / "checkworthy" / "claimbuster" / "two_class"
    folder.mkdir(parents=True)
    (folder / "test.json").write_text(content, encoding="utf-8")
    return root


def test_eval_checkworthy_scores_small_set(tmp_path: Path) -> None:
    root = write_test_set(tmp_path, json.dumps(ROWS))
    scores = evaluate_checkworthy(root, scorer=load_ngram_scorer())
    assert scores["sentences"] == 4
    assert scores["auc"] == 1.0
    assert 0.0 <= scores["f1"] <= 1.0


@pytest.mark.parametrize(
    ("content", "reason"),
    [("{not json", "not valid JSON"), ("[]", "non-empty list"), ('[{"text": "x"}]', "label")],
)
def test_eval_checkworthy_malformed(tmp_path: Path, content: str, reason: str) -> None:
    root = write_test_set(tmp_path, content)
    with pytest.raises(EvaluationError, match=reason):
        evaluate_checkworthy(root, scorer=load_ngram_scorer())


#: F1 floors on the ClaimBuster test set per scorer; raise them when scores rise, never lower them.
FLOORS = {"CheckworthinessModel": 0.80, "NgramScorer": 0.75}


@pytest.mark.data
def test_eval_checkworthy_claimbuster_floor(shared_data: Path) -> None:
    scores = evaluate_checkworthy(shared_data)
    assert scores["sentences"] == 702
    assert scores["scorer"] == type(default_scorer()).__name__
    assert scores["f1"] >= FLOORS[scores["scorer"]], scores
