"""The PolNeAR attribution evaluation: brat reading, span matching, scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.errors import EvaluationError
from crosswire.eval.attribution import evaluate_attribution, match_spans, read_ann

TEXT = "Officials said the port was closed. The mayor, however, denied it."
ANN = (
    "T1\tSource 0 9\tOfficials\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 15 34\tthe port was closed\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tSource 36 45\tThe mayor\n"
    "T6\tCue 56 62\tdenied\n"
    "T7\tContent 63 65;65 65\tit\n"
    "T8\tContent 15 23;28 34\tthe port\nclosed\n"
)


def write_split(root: Path, name: str, text: str, ann: str, split: str = "test") -> Path:
    base = root / "attribution" / "polnear" / split
    (base / "text").mkdir(parents=True, exist_ok=True)
    (base / "attributions").mkdir(parents=True, exist_ok=True)
    (base / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    (base / "attributions" / f"{name}_ab12.ann").write_text(ann, encoding="utf-8")
    return root


def test_eval_attribution_reads_discontinuous_spans(tmp_path: Path) -> None:
    path = tmp_path / "doc.ann"
    path.write_text(ANN, encoding="utf-8")
    spans = read_ann(path, TEXT)
    assert spans["Source"] == [((0, 9),), ((36, 45),)]
    assert ((15, 23), (28, 34)) in spans["Content"]


def test_eval_attribution_rejects_offsets_outside_text(tmp_path: Path) -> None:
    path = tmp_path / "doc.ann"
    path.write_text("T1\tSource 0 900\tOfficials\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="outside the text"):
        read_ann(path, TEXT)


@pytest.mark.parametrize(
    ("predicted", "gold", "overlap", "matched"),
    [
        ([((0, 9),)], [((0, 9),)], False, 1),
        ([((0, 10),)], [((0, 9),)], False, 1),  # a space at the edge is ignored
        ([((0, 8),)], [((0, 9),)], False, 0),
        ([((0, 4),)], [((0, 9),)], True, 1),
        ([((0, 40),)], [((0, 9),), ((15, 34),)], True, 1),  # one prediction, one match
        ([((36, 45),)], [((0, 9),)], True, 0),
    ],
)
def test_eval_attribution_match_spans(
    predicted: list[tuple[tuple[int, int], ...]],
    gold: list[tuple[tuple[int, int], ...]],
    overlap: bool,
    matched: int,
) -> None:
    assert match_spans(TEXT, predicted, gold, overlap=overlap) == matched


def test_eval_attribution_scores_small_split(tmp_path: Path) -> None:
    ann = (
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 15 34\tthe port was closed\n"
    )
    root = write_split(tmp_path, "doc-1", TEXT, ann)
    scores = evaluate_attribution(root, split="test")
    assert scores["documents"] == 1
    assert scores["source_recall"] == 1.0
    assert scores["cue_exact_recall"] == 1.0
    assert {"source_f1", "cue_f1", "content_f1", "source_exact_f1"} <= scores.keys()


def test_eval_attribution_missing_split(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="PolNeAR dev split not found"):
        evaluate_attribution(tmp_path, split="dev")


#: Floors for the PolNeAR test split; raise them when the scores rise, never lower them.
FLOORS = {"source_f1": 0.77, "cue_f1": 0.73, "content_f1": 0.75}


@pytest.mark.data
@pytest.mark.slow
def test_eval_attribution_polnear_test_floor(shared_data: Path) -> None:
    scores = evaluate_attribution(shared_data, split="test")
    assert scores["documents"] == 84
    for key, floor in FLOORS.items():
        assert scores[key] >= floor, (key, scores[key])
