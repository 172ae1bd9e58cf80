"""The times and quantities stages on BASIL sentences labelled by reading
(``training/labels/basil_times.jsonl``, ``basil_quantities.jsonl``): floors on both halves,
measured as ``training/measure_dates.py`` and ``training/measure_quantities.py`` print them."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

TRAINING = Path(__file__).resolve().parent.parent / "training"


def _measure(module: str, data: Path) -> dict[str, dict[str, Any]]:
    """The module's scores of crosswire on each half of its gold."""
    sys.path.insert(0, str(TRAINING))
    try:
        dates = importlib.import_module("measure_dates")
        measure = importlib.import_module(module)
    finally:
        sys.path.remove(str(TRAINING))
    items = dates.load(measure.LABELS, data)
    read = (measure.crosswire_times if module == "measure_dates"
            else measure.crosswire_quantities)(items)
    return {half: measure.score([i for i in items if i["half"] == half],
                                [r for i, r in zip(items, read, strict=True) if i["half"] == half])
            for half in ("dev", "test")}


def test_analyse_times_on_labelled_news(shared_data: Path) -> None:
    scores = _measure("measure_dates", shared_data)
    assert scores["dev"]["resolved_right"] >= 0.94, scores
    assert scores["test"]["resolved_right"] >= 0.92, scores
    assert min(s["precision"] for s in scores.values()) >= 0.94, scores


def test_analyse_quantities_on_labelled_news(shared_data: Path) -> None:
    scores = _measure("measure_quantities", shared_data)
    assert scores["dev"]["value_right"] >= 0.97, scores
    assert scores["test"]["value_right"] >= 0.92, scores
    assert min(s["precision"] for s in scores.values()) >= 0.92, scores


@pytest.mark.parametrize("name", ["basil_times.jsonl", "basil_quantities.jsonl"])
def test_analyse_gold_keeps_phrases_not_articles(name: str) -> None:
    """The labels point into the data by a sentence's first words; no sentence is copied."""
    for line in (TRAINING / "labels" / name).read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        assert len(item["sentence"].split()) <= 8 and item["half"] in ("dev", "test")
