"""The framing evaluation on BASIL: lexical-bias spans placed in the text, precision and recall."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import app
from crosswire.errors import EvaluationError
from crosswire.eval.framing import basil_split, evaluate_framing, read_basil_lexical

TRIPLET = "00000000-test-0000-0000-000000000000"
PARAGRAPHS = [["The senator made a sham of the vote. ", " He left."], ["Critics were outraged."]]


def write_basil(root: Path, spans: list[dict[str, object]]) -> Path:
    base = root / "bias" / "basil"
    (base / "articles" / "2019").mkdir(parents=True)
    (base / "annotations" / "2019").mkdir(parents=True)
    article = {"triplet-uuid": TRIPLET, "source": "fox", "body-paragraphs": PARAGRAPHS,
               "main-entities": ["Ann Smith"]}
    (base / "articles" / "2019" / f"{TRIPLET}_1.json").write_text(json.dumps(article), "utf-8")
    annotation = {"phrase-level-annotations": spans}
    (base / "annotations" / "2019" / f"{TRIPLET}_1_ann.json").write_text(
        json.dumps(annotation), "utf-8")
    return root


def test_eval_framing_places_spans_in_the_text(tmp_path: Path) -> None:
    root = write_basil(tmp_path, [
        {"id": "p0", "bias": "lex", "start": 19, "end": 23, "txt": "sham"},
        {"id": "p2", "bias": "lex", "start": 13, "end": 22, "txt": "outraged."},
        {"id": "p1", "bias": "lex", "start": 4, "end": 8, "txt": "left"},  # after a space
        {"id": "p1", "bias": "inf", "start": 1, "end": 9, "txt": "He left."},
    ])
    (article,) = read_basil_lexical(root)
    assert [article.text[s:e] for s, e in article.spans] == ["sham", "left", "outraged."]
    assert article.split == basil_split(TRIPLET)


def test_eval_framing_scores_precision_and_recall(tmp_path: Path) -> None:
    root = write_basil(tmp_path, [{"id": "p0", "bias": "lex", "start": 19, "end": 23,
                                   "txt": "sham"}])
    scores = evaluate_framing(root)
    split = basil_split(TRIPLET)
    # "sham" is right; "outraged" is a match no annotator marked
    assert scores[split]["matches"] == 2 and scores[split]["right"] == 1
    assert scores[split]["precision"] == 0.5 and scores[split]["recall"] == 1.0
    assert {t["term"] for t in scores["terms"]} == {"sham", "outraged"}


def test_eval_framing_misplaced_span_is_an_error(tmp_path: Path) -> None:
    root = write_basil(tmp_path, [{"id": "p0", "bias": "lex", "start": 0, "end": 4,
                                   "txt": "sham"}])
    with pytest.raises(EvaluationError, match="'sham' is not at 0:4"):
        read_basil_lexical(root)


#: floors on BASIL's test half (never used to build the lexicon); raise them, never lower them
FLOORS = {"precision": 0.12, "recall": 0.055}


@pytest.mark.data
def test_eval_framing_basil_prints_precision_and_recall(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "framing.json"
    result = CliRunner().invoke(app, ["eval", "framing", "--data", str(shared_data),
                                      "--json", str(out)])
    assert result.exit_code == 0, result.output
    for key in ("test.precision", "test.recall", "dev.precision", "all.recall"):
        assert key in result.stdout
    scores = json.loads(out.read_text("utf-8"))
    assert scores["all"]["spans"] == 478 and scores["all"]["articles"] == 300
    for key, floor in FLOORS.items():
        assert scores["test"][key] >= floor, scores["test"]
