"""The cleaner on the bundled demo articles: the GB News page loses its noise, once each."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.clean import clean_article
from crosswire.document import Article
from crosswire.ingest import read


@pytest.fixture(scope="module")
def gb_news(seed_paths: list[Path]) -> Article:
    [article] = read(seed_paths[0])
    return clean_article(article)


@pytest.fixture(scope="module")
def retelling(seed_paths: list[Path]) -> Article:
    [article] = read(seed_paths[1])
    return clean_article(article)


@pytest.mark.parametrize(
    "line", ["Don't Miss", "Most Read", "Trending on GB News", "LATEST DEVELOPMENTS:", "REUTERS"]
)
def test_clean_seed_removes_noise_line(gb_news: Article, line: str) -> None:
    assert line in [removal.text for removal in gb_news.removed]


def test_clean_seed_removes_every_reuters_credit(gb_news: Article) -> None:
    assert [r.text for r in gb_news.removed].count("REUTERS") == gb_news.raw_text.count("REUTERS")


@pytest.mark.parametrize(
    "sentence",
    [
        "opened a new coastal resort",
        "The dictator appeared to weep",
        "visibly emotional during a ceremony",
        "State media broadcast showed Kim with tears in his eyes",
        "The British Ministry of Defence estimates approximately 6,000",
    ],
)
def test_clean_seed_keeps_repeated_sentence_once(gb_news: Article, sentence: str) -> None:
    assert gb_news.text.count(sentence) == 1


@pytest.mark.parametrize(
    "fuller",
    [
        "The ceremony took place just days after Kim had opened a new coastal resort, where he "
        "observed a citizen sliding down a curved water slide.",
        "North Korea's leader Kim Jong-un was visibly emotional during a ceremony commemorating "
        "soldiers who perished while fighting for Russia in Ukraine.",
        "State media broadcast showed Kim with tears in his eyes, breathing rapidly and gulping "
        "as he watched the proceedings.",
    ],
)
def test_clean_seed_keeps_the_fuller_sentence(gb_news: Article, fuller: str) -> None:
    assert fuller in gb_news.text


def test_clean_seed_drops_trending_line(gb_news: Article) -> None:
    assert "Trending on GB News" not in gb_news.text


def test_clean_seed_infers_outlet(gb_news: Article) -> None:
    assert gb_news.outlet == "GB News"


def test_clean_seed_offsets_point_at_raw_text(gb_news: Article) -> None:
    assert all(gb_news.raw_text[gb_news.offset_map[i]] == ch for i, ch in enumerate(gb_news.text))
    gb_news.check_spans()


def test_clean_seed_retelling_loses_nothing(retelling: Article) -> None:
    assert retelling.removed == []
    assert retelling.text == retelling.raw_text.strip()


def test_clean_seed_stage_declares_layers() -> None:
    from crosswire.clean import clean_stage

    cleaning = clean_stage()
    assert cleaning.name == "clean"
    assert cleaning.requires == ("raw_text",)
    assert cleaning.assigns == ("text", "removed")
