"""Stories of a stored corpus: placed incrementally, resumable, listed, linked to reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.api import compare_story
from crosswire.corpus import update_stories
from crosswire.document import Article
from crosswire.errors import NotFoundError
from crosswire.store import Store, open_store
from crosswire.store.stories import StorySummary
from crosswire.stories import StoryOptions
from stories_fixtures import corpus


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return corpus()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "news.db") as opened:
        yield opened


def add(store: Store, items: list[Article]) -> None:
    for item in items:
        assert store.add_article(item)


def shape(store: Store) -> list[tuple[int, int, int, int]]:
    return [(s.id, s.topic_id, s.size, s.duplicates) for s in store.list_stories()]


def test_stories_store_update_places_every_article(store: Store, articles: list[Article]) -> None:
    add(store, articles)
    update = update_stories(store)
    assert (update.articles, update.new_stories, update.duplicates) == (7, 3, 1)
    assert (update.stories, update.topics, update.rebuilt) == (3, 3, False)
    assert shape(store) == [(1, 1, 4, 1), (2, 2, 2, 0), (3, 3, 1, 0)]
    assert store.count_stories() == 3 and store.count_stories(min_size=2) == 2


def test_stories_store_summary_names_outlets_span_and_headline(
    store: Store, articles: list[Article]
) -> None:
    add(store, articles)
    update_stories(store)
    quake = store.get_story(1)
    assert quake.headline == articles[0].title
    assert set(quake.outlets) == {
        "Jakarta Daily",
        "Pacific Wire",
        "Asia Times Online",
        "Example Wire Service",
    }
    assert quake.first_published is not None and quake.last_published is not None
    assert quake.first_published.replace(tzinfo=None) == articles[0].published
    assert quake.last_published.replace(tzinfo=None) == articles[6].published
    data = quake.to_dict()
    assert data["size"] == 4 and data["report_id"] is None and data["status_counts"] is None


def test_stories_store_second_update_places_only_new_articles(
    store: Store, articles: list[Article], tmp_path: Path
) -> None:
    add(store, articles[:4])
    assert update_stories(store).articles == 4
    add(store, articles[4:])
    later = update_stories(store)
    assert later.articles == 3
    assert later.grown_stories == 2  # the Oscars story and the quake story (its wire copy)
    with open_store(tmp_path / "at-once.db") as once:
        add(once, articles)
        update_stories(once)
        assert shape(store) == shape(once)
    assert update_stories(store).articles == 0


def test_stories_store_killed_update_resumes_where_it_stopped(
    store: Store, articles: list[Article], tmp_path: Path
) -> None:
    add(store, articles)

    def stop_after_first_batch(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        update_stories(store, batch_size=3, on_progress=stop_after_first_batch)
    assert sum(s.size for s in store.list_stories()) == 3
    assert update_stories(store, batch_size=3).articles == 4
    with open_store(tmp_path / "at-once.db") as once:
        add(once, articles)
        update_stories(once)
        assert shape(store) == shape(once)


def test_stories_store_story_articles_in_joining_order(
    store: Store, articles: list[Article]
) -> None:
    add(store, articles)
    update_stories(store)
    members = store.story_articles(1)
    assert [a.id for a in members] == [articles[i].id for i in (0, 1, 2, 6)]
    assert members[0].text == articles[0].text
    assert store.story_article_ids(1, include_duplicates=False) == [
        articles[i].id for i in (0, 1, 2)
    ]


def test_stories_store_deleted_article_leaves_its_story(
    store: Store, articles: list[Article]
) -> None:
    add(store, articles)
    update_stories(store)
    assert store.delete_article(articles[1].id)
    assert store.story_article_ids(1) == [articles[i].id for i in (0, 2, 6)]


def test_stories_store_unknown_story_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no story with id 42"):
        store.get_story(42)
    with pytest.raises(NotFoundError):
        store.story_articles(42)


def test_stories_store_report_status_counts(store: Store, articles: list[Article]) -> None:
    add(store, articles)
    update_stories(store)
    groups = [{"status": s} for s in ("corroborated", "corroborated", "single_source")]
    report_id = store.save_report({"articles": [], "groups": groups}, title="Oscars")
    store.record_story_report(2, report_id)
    oscars = store.get_story(2)
    assert isinstance(oscars, StorySummary)
    assert oscars.report_id == report_id
    assert oscars.status_counts == {"corroborated": 2, "single_source": 1}
    store.delete_report(report_id)
    assert store.get_story(2).report_id is None


@pytest.mark.parametrize(
    "options", [None, StoryOptions(embed_tokens=128)], ids=["asked", "other-features"]
)
def test_stories_store_rebuilds_from_nothing(
    store: Store, articles: list[Article], options: StoryOptions | None
) -> None:
    add(store, articles)
    update_stories(store)
    again = update_stories(store, rebuild=options is None, options=options)
    assert again.rebuilt
    assert again.articles == 7
    assert [s.size for s in store.list_stories()] == [4, 2, 1]


def test_stories_store_compare_story_saves_and_links_the_report(
    store: Store, articles: list[Article]
) -> None:
    add(store, articles)
    update_stories(store)
    comparison = compare_story(store, 1)
    assert [a.id for a in comparison.report.articles] == [articles[i].id for i in (0, 1, 2)]
    saved = store.get_report(comparison.report_id)
    assert [a["id"] for a in saved["articles"]] == [articles[i].id for i in (0, 1, 2)]
    quake = store.get_story(1)
    assert quake.report_id == comparison.report_id
    assert quake.status_counts is not None
    assert sum(quake.status_counts.values()) == len(saved["groups"])


def test_stories_store_compare_story_is_bounded_by_the_limits(
    store: Store, articles: list[Article]
) -> None:
    """A story larger than one comparison may take is refused before analysis, by name,
    and nothing is saved."""
    from crosswire.api import Limits, Options
    from crosswire.errors import RequestTooLargeError

    add(store, articles)
    update_stories(store)
    with pytest.raises(RequestTooLargeError, match=r"the limit is 2 per comparison \(max_texts\)"):
        compare_story(store, 1, options=Options(limits=Limits(max_texts=2)))
    assert store.get_story(1).report_id is None
