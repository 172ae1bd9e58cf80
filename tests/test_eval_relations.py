"""crosswire eval relations: ClaimDiff and FNC-1 through the comparison path (small slices)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.eval.relations import evaluate_relations


@pytest.mark.data
def test_eval_relations_keys_and_ranges(shared_data: Path) -> None:
    scores = evaluate_relations(shared_data, limit=12, fnc_limit=6)
    assert set(scores) >= {"claimdiff_s", "claimdiff_w", "fnc1", "nli", "seconds"}
    for key in ("claimdiff_s", "claimdiff_w"):
        assert scores[key]["n"] == 12
        assert 0.0 <= scores[key]["f1"] <= 1.0
    assert scores["fnc1"]["n"] == 6
    assert 0.0 <= scores["fnc1"]["score"] <= 1.0
    assert set(scores["fnc1"]["per_class_f1"]) == {"agree", "disagree", "discuss", "unrelated"}
