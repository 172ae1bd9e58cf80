"""crosswire eval crossdoc: the multi-outlet gold is well formed, and the comparison keeps its
measured floors on the test half (BASIL in ../shared/data; skipped without it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswire.eval.crossdoc import GOLD_DIR, LABELS, check_gold_file, evaluate_crossdoc

GOLD = sorted(GOLD_DIR.glob("*.json"))


def test_eval_crossdoc_gold_has_two_halves_of_whole_events() -> None:
    splits = {path.stem: json.loads(path.read_text(encoding="utf-8"))["split"] for path in GOLD}
    assert len(splits) >= 30
    assert set(splits.values()) == {"dev", "test"}
    assert sum(1 for s in splits.values() if s == "test") >= 15
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert len(gold["facts"]) >= 3
        assert len(gold["pairs"]) >= 20
        assert {p["label"] for p in gold["pairs"]} <= set(LABELS)
        assert sum(bool(p.get("trap")) for p in gold["pairs"]) * 4 >= len(gold["pairs"])


@pytest.mark.data
@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_eval_crossdoc_gold_points_into_the_articles(path: Path, shared_data: Path) -> None:
    summary = check_gold_file(path, shared_data)  # raises on a phrase not found once
    assert "facts" in summary


#: measured on the test half with the model's routes held to shared wording (``shared_share``
#: 0.3, ``act_apart`` 0.8) and the same count of the same thing as agreement: corroborates
#: precision 0.972, recall 0.205, central facts 0.095, one fact per cluster, 1 trap, sentence
#: coverage 0.978, fragments 0.015 (see docs/comparison.md). With the same act in close words
#: corroborating from a cosine of 0.65 the half gave 0.956 / 0.252 and central facts 0.126,
#: with 2 traps; those links were right 33 times in 74 in the reports of 44 real stories read
#: link by link (``crosswire eval links``), so the rule now needs 0.8. The goals of the
#: comparison issue are higher for recall (0.70) and central facts (0.80).
#: Central facts were 0.095 while one written statement quoted by two outlets (one of them
#: leaving the quote unattributed in that claim) counted as two independent sources; counted
#: once, as the gold's own shared roots say (``roots_counted_once`` 0.500 -> 0.677), four of
#: those facts are single-source and the half gives 0.053
FLOORS = {"corroborates_precision": 0.97, "corroborates_recall": 0.20,
          "central_fact_recall": 0.05, "claims_sentence_coverage": 0.95,
          "attribution_source_recall": 0.90, "roots_counted_once": 0.65}


@pytest.mark.data
def test_eval_crossdoc_test_half_floors(shared_data: Path) -> None:
    scores = evaluate_crossdoc(shared_data, splits=("test",), polnear=False)["test"]
    for key, floor in FLOORS.items():
        assert scores[key] >= floor, (key, scores[key])
    assert scores["trap_false_findings"] <= 1
    assert scores["max_cluster_facts"] <= 1
    assert scores["largest_group"] <= 3
    assert scores["central_fact_clustered"] >= scores["central_fact_recall"]
    assert scores["claims"]["fragment_share"] <= 0.03
