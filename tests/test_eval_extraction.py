"""The extraction evaluation: the benchmark's scoring, and the pinned floor on the Zyte pages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from crosswire.errors import EvaluationError
from crosswire.eval import evaluate
from crosswire.eval.extraction import (
    corpus_dir,
    corpus_sha256,
    evaluate_extraction,
    score_pages,
    shingle_counts,
)

BASELINE = Path(__file__).parent / "eval_baseline.json"
#: trafilatura 2.0.0's published F1 on this benchmark: the floor may never go below it.
PUBLISHED_TRAFILATURA_F1 = 0.958

SENTENCE = "North Korean leader Kim Jong-un wept at a ceremony for soldiers killed in Kursk"


@pytest.mark.parametrize(
    ("true", "predicted", "expected"),
    [
        (SENTENCE, SENTENCE, (1.0, 0.0, 0.0)),
        (SENTENCE, "", (0.0, 0.0, 1.0)),
        ("", SENTENCE, (0.0, 1.0, 0.0)),
        ("", "", (0.0, 0.0, 0.0)),
        ("Kim wept", "Kim wept", (1.0, 0.0, 0.0)),  # fewer than 4 words: one shingle
        ("Kim wept", "kim wept", (0.0, 0.5, 0.5)),  # case is kept
        ("one two three four", "one two three four one two three four", (0.2, 0.8, 0.0)),
        ("a-b c,d", "a b c d", (1.0, 0.0, 0.0)),  # words are \w+ runs
    ],
)
def test_eval_extraction_shingle_counts(
    true: str, predicted: str, expected: tuple[float, float, float]
) -> None:
    assert shingle_counts(true, predicted) == pytest.approx(expected)


def test_eval_extraction_pages_weigh_the_same_whatever_their_length() -> None:
    long_true = " ".join(f"w{i}" for i in range(1000))
    long_pred = " ".join(f"w{i}" for i in range(500))
    short = shingle_counts("a b c d e", "a b c d e")
    long = shingle_counts(long_true, long_pred)
    assert sum(long) == pytest.approx(1.0)
    scores = score_pages([short, long])
    assert scores["recall"] == pytest.approx((1.0 + long[0] / (long[0] + long[2])) / 2)


def test_eval_extraction_f1_is_harmonic_mean_of_mean_precision_and_recall() -> None:
    rows = [(0.5, 0.5, 0.0), (0.5, 0.0, 0.5)]  # P 0.5 R 1, then P 1 R 0.5
    scores = score_pages(rows)
    assert scores["precision"] == pytest.approx(0.75)
    assert scores["recall"] == pytest.approx(0.75)
    assert scores["f1"] == pytest.approx(0.75)  # the mean of per-page F1s would be 2/3


def test_eval_extraction_empty_prediction_counts_for_recall_only() -> None:
    scores = score_pages([(1.0, 0.0, 0.0), shingle_counts(SENTENCE, "")])
    assert scores["precision"] == pytest.approx(1.0)
    assert scores["recall"] == pytest.approx(0.5)


def write_corpus(folder: Path) -> Path:
    body = (
        "<p>The ceremony in Pyongyang marked the first anniversary of the treaty with Russia, "
        "state media said on Monday, and showed the leader with tears in his eyes.</p>"
        "<p>Analysts said the public display of grief was aimed at an audience at home, where "
        "families of the soldiers had heard little about their fate.</p>"
    )
    html = (
        "<html><head><title>Kim mourns soldiers</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Kim mourns soldiers</h1>{body}</article><footer>Most Read</footer>"
        "</body></html>"
    )
    (folder / "html").mkdir(parents=True)
    truth = {}
    for page_id in ("p1", "p2"):
        with gzip.open(folder / "html" / f"{page_id}.html.gz", "wt", encoding="utf-8") as handle:
            handle.write(html)
        truth[page_id] = {"url": f"https://example.org/{page_id}", "articleBody": body}
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return folder


def test_eval_extraction_runs_on_a_small_corpus(tmp_path: Path) -> None:
    write_corpus(tmp_path / "extraction" / "zyte-aeb")
    result = evaluate("extraction", tmp_path)
    assert result["pages"] == 2
    assert {"precision", "recall", "f1", "extraction", "per_page", "corpus_sha256"} <= set(result)
    assert [page["id"] for page in result["per_page"]] == ["p1", "p2"]
    assert result["f1"] > 0.5


def test_eval_extraction_missing_corpus_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="ground-truth.json"):
        corpus_dir(tmp_path)


@pytest.fixture(scope="module")
def baseline() -> dict[str, object]:
    data: dict[str, object] = json.loads(BASELINE.read_text(encoding="utf-8"))["extraction"]
    return data


def test_eval_extraction_floor_never_below_published_score(baseline: dict[str, object]) -> None:
    floors = baseline["floors"]
    assert isinstance(floors, dict)
    assert floors["f1"] >= PUBLISHED_TRAFILATURA_F1


def test_eval_extraction_corpus_is_the_pinned_one(
    shared_data: Path, baseline: dict[str, object]
) -> None:
    assert corpus_sha256(corpus_dir(shared_data)) == baseline["corpus_sha256"], (
        "the Zyte corpus changed: re-measure and re-pin tests/eval_baseline.json"
    )


@pytest.mark.slow
def test_eval_extraction_meets_pinned_floor(shared_data: Path, baseline: dict[str, object]) -> None:
    result = evaluate_extraction(shared_data)
    assert result["corpus_sha256"] == baseline["corpus_sha256"]
    assert result["pages"] == 181
    floors = baseline["floors"]
    assert isinstance(floors, dict)
    for key, floor in floors.items():
        value = result
        for part in key.split("."):
            value = value[part]
        assert value >= floor, f"{key} {value} fell below its floor {floor}"
