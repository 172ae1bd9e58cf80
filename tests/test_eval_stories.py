"""The story evaluation: B-cubed and pairwise scores, the ECB+ and NeuS readers, the floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.errors import EvaluationError
from crosswire.eval import evaluate
from crosswire.eval.stories import bcubed, pairwise, read_ecbplus, read_neus

#: Floors on the full datasets (measured values in the report of ``crosswire eval stories``).
FLOORS = {
    "ecb_topic_b3_f1": 0.90,
    "ecb_subevent_b3_f1": 0.75,
    "neus_pair_f1": 0.45,
}


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ("aabb", "xxyy", (1.0, 1.0)),
        ("aabb", "xxxx", (0.5, 1.0)),
        ("aabb", "wxyz", (1.0, 0.5)),
        ("aaab", "xxyy", (0.75, 2 / 3)),
    ],
    ids=["same", "one-cluster", "singletons", "mixed"],
)
def test_eval_stories_bcubed(gold: str, predicted: str, expected: tuple[float, float]) -> None:
    scores = bcubed(list(gold), list(predicted))
    assert (scores["precision"], scores["recall"]) == pytest.approx(expected)
    p, r = expected
    assert scores["f1"] == pytest.approx(2 * p * r / (p + r))


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [
        ("aaabbb", "xxxyyy", (1.0, 1.0, 1.0)),
        ("aaabbb", "xxxxxx", (6 / 15, 1.0, 2 * 0.4 / 1.4)),
        ("aaabbb", "uvwxyz", (0.0, 0.0, 0.0)),
        ("aabb", "xyxy", (0.0, 0.0, 0.0)),
    ],
    ids=["same", "one-cluster", "singletons", "crossed"],
)
def test_eval_stories_pairwise(
    gold: str, predicted: str, expected: tuple[float, float, float]
) -> None:
    scores = pairwise(list(gold), list(predicted))
    assert (scores["precision"], scores["recall"], scores["f1"]) == pytest.approx(expected)


def cromer(name: str, sentences: list[list[str]]) -> str:
    tokens = []
    n = 0
    for s, words in enumerate(sentences):
        for number, word in enumerate(words):
            n += 1
            tokens.append(f'<token t_id="{n}" sentence="{s}" number="{number}">{word}</token>')
    return f'<Document doc_name="{name}" doc_id="DOC1">\n' + "\n".join(tokens) + "\n</Document>"


@pytest.fixture
def ecb_dir(tmp_path: Path) -> Path:
    root = tmp_path / "ecbplus"
    words = [["Tara", "Reid", "checked", "into", "rehab", ",", "her", "rep", "said", "."]]
    plus = [
        ["http", ":", "/", "/", "example", ".", "com", "/", "lohan"],
        ["Lindsay", "Lohan", "'s", "lawyer", "said", "``", "she", "is", "fine", "''", "."],
    ]
    for topic in ("1", "2"):
        (root / topic).mkdir(parents=True)
        for n in (1, 10, 2):
            (root / topic / f"{topic}_{n}ecb.xml").write_text(cromer("x", words))
            (root / topic / f"{topic}_{n}ecbplus.xml").write_text(cromer("x", plus))
    (root / "ECBplus_coreference_sentences.csv").write_text("Topic,File,Sentence Number\n")
    return root


def test_eval_stories_ecb_reader_orders_and_labels(ecb_dir: Path) -> None:
    items = read_ecbplus(ecb_dir)
    names = [Path(i.article.source).name for i in items]
    assert names[:6] == [
        "1_1ecb.xml",
        "1_1ecbplus.xml",
        "1_2ecb.xml",
        "1_2ecbplus.xml",
        "1_10ecb.xml",
        "1_10ecbplus.xml",
    ]
    assert [(i.topic, i.story) for i in items[:2]] == [("1", "1ecb"), ("1", "1ecbplus")]
    assert {i.topic for i in items} == {"1", "2"}


def test_eval_stories_ecb_reader_rebuilds_text_and_url(ecb_dir: Path) -> None:
    ecb, plus = read_ecbplus(ecb_dir)[:2]
    assert ecb.article.text == "Tara Reid checked into rehab, her rep said."
    assert ecb.article.url is None
    assert plus.article.text == 'Lindsay Lohan\'s lawyer said "she is fine".'
    assert plus.article.url == "http://example.com/lohan"


def test_eval_stories_neus_reader_splits_events(tmp_path: Path) -> None:
    path = tmp_path / "test.source"
    path.write_text(
        "TITLE=> Kerry slammed. ARTICLE=> Trump slammed Kerry. [SEP] TITLE=> Trump vs Kerry. "
        "ARTICLE=> The president criticised Kerry.\n"
        "TITLE=> Testing. ARTICLE=> Tests are short. [SEP] TITLE=> Empty. ARTICLE=> \n",
        encoding="utf-8",
    )
    items = read_neus(path)
    assert [(i.article.title, i.story) for i in items] == [
        ("Kerry slammed.", "1"),
        ("Trump vs Kerry.", "1"),
        ("Testing.", "2"),
    ]
    assert items[1].article.text == "The president criticised Kerry."
    assert items[1].article.source == "test.source:1#2"


def test_eval_stories_missing_dataset_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="dataset not found"):
        evaluate("stories", tmp_path)


@pytest.mark.data
@pytest.mark.slow
def test_eval_stories_scores_stay_above_their_floors(shared_data: Path) -> None:
    scores = evaluate("stories", shared_data)
    assert scores["details"]["ecb_documents"] == 982
    assert scores["details"]["ecb_topics"] == 43
    assert scores["details"]["ecb_subevents"] == 86
    assert scores["details"]["neus_events"] == 307
    for key, floor in FLOORS.items():
        assert scores[key] >= floor, f"{key} {scores[key]:.4f} fell below its floor {floor}"
