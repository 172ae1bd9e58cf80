"""crosswire.eval.nli: the FNC-1 score, the held-out split, the readers, and a small run."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.errors import EvaluationError
from crosswire.eval.nli import (
    docnli_heldout,
    docnli_trainable,
    evaluate_nli,
    fnc_score,
    is_heldout_premise,
    read_docnli,
    split_sentences,
)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        (["agree", "unrelated"], ["agree", "unrelated"], 1.0),
        (["agree", "unrelated"], ["discuss", "unrelated"], 0.5 / 1.25),
        (["agree", "unrelated"], ["unrelated", "agree"], 0.0),
        (["discuss", "disagree", "unrelated", "unrelated"], ["discuss"] * 4, 1.25 / 2.5),
    ],
)
def test_models_eval_nli_fnc_score(gold: list[str], pred: list[str], expected: float) -> None:
    assert fnc_score(gold, pred) == pytest.approx(expected)


def _write_docnli(folder: Path, name: str, rows: dict[str, list[tuple[str, str, str]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for split, items in rows.items():
        text = "".join(f"{label}\t{p}\t{h}\n" for label, p, h in items)
        (folder / f"{name}-{split}.tsv").write_text(text, encoding="utf-8")


def test_models_eval_nli_heldout_never_trainable(tmp_path: Path) -> None:
    premises = [f"Premise number {i} about the news." for i in range(60)]
    rows = [("entailment" if i % 2 else "not_entailment", p, f"Hypothesis {i}.")
            for i, p in enumerate(premises)]
    _write_docnli(tmp_path / "nli" / "docnli-binary", "mnli", {"dev": rows[:30], "test": rows})
    heldout = docnli_heldout(tmp_path, "mnli")
    trainable = docnli_trainable(tmp_path, "mnli")
    assert heldout, "some premises should be held out"
    assert {r.premise for r in heldout}.isdisjoint({r.premise for r in trainable})
    assert all(is_heldout_premise(r.premise) for r in heldout)
    assert len(heldout) + len(trainable) == 60


@pytest.mark.parametrize("line", ["entailment\tonly two fields\n", "maybe\tp\th\n"])
def test_models_eval_nli_bad_docnli_row(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(EvaluationError, match="bad.tsv:1"):
        read_docnli(path)


def test_models_eval_nli_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="not found"):
        read_docnli(tmp_path / "absent.tsv")


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("One sentence here. Another one follows! A third?", 3),
        ("Line one\nLine two. Still line two", 3),
        ('He said "stop." Then he left.', 2),
    ],
)
def test_models_eval_nli_split_sentences(text: str, n: int) -> None:
    assert len(split_sentences(text)) == n


@pytest.mark.data
def test_models_eval_nli_small_run(shared_data: Path) -> None:
    scores = evaluate_nli(shared_data, limit=40)
    for key in ("mnli_binary_acc", "fever_binary_acc", "anli_r1_acc", "anli_r2_acc",
                "anli_r3_acc", "fnc1_score", "claimdiff_acc"):
        assert 0.0 <= scores[key] <= 1.0, key
    assert scores["pairs"]["mnli_heldout"] == 40
