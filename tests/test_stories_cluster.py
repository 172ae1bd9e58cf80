"""Story clustering: events share stories, copies are marked, the state saves and goes on."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from crosswire.stories import ArticleFeatures, StoryClusterer, StoryOptions, extract_features
from stories_fixtures import corpus


@pytest.fixture(scope="module")
def features() -> list[ArticleFeatures]:
    return extract_features(corpus())


def stories_of(clusterer: StoryClusterer, features: list[ArticleFeatures]) -> list[int]:
    return [clusterer.assignment(f.article_id).story for f in features]


def test_stories_cluster_groups_each_event(features: list[ArticleFeatures]) -> None:
    clusterer = StoryClusterer()
    clusterer.add_many(features)
    quake, oscars, baseball = 1, 2, 3
    assert stories_of(clusterer, features) == [quake] * 3 + [oscars] * 2 + [baseball, quake]
    assert clusterer.story_count == 3


def test_stories_cluster_marks_the_wire_copy(features: list[ArticleFeatures]) -> None:
    clusterer = StoryClusterer()
    clusterer.add_many(features)
    copy = clusterer.assignment(features[-1].article_id)
    assert copy.duplicate_of == features[0].article_id
    assert clusterer.story(copy.story).duplicates == 1
    assert [clusterer.assignment(f.article_id).duplicate_of for f in features[:-1]] == [None] * 6


@pytest.mark.parametrize("split", [1, 3, 6])
def test_stories_cluster_saved_state_goes_on_as_one_run(
    features: list[ArticleFeatures], split: int
) -> None:
    whole = StoryClusterer()
    whole.add_many(features)
    first = StoryClusterer()
    first.add_many(features[:split])
    resumed = StoryClusterer.from_bytes(first.to_bytes())
    resumed.add_many(features[split:])
    assert [resumed.assignment(f.article_id) for f in features] == [
        whole.assignment(f.article_id) for f in features
    ]
    assert list(resumed.stories()) == list(whole.stories())


def test_stories_cluster_adding_an_article_again_changes_nothing(
    features: list[ArticleFeatures],
) -> None:
    clusterer = StoryClusterer()
    clusterer.add_many(features)
    before = list(clusterer.stories())
    assert clusterer.add(features[3]) == 2
    assert list(clusterer.stories()) == before
    assert len(clusterer) == len(features)


def test_stories_cluster_story_window_splits_a_late_follow_up(
    features: list[ArticleFeatures],
) -> None:
    late = features[1].published + timedelta(days=30)  # type: ignore[operator]
    moved = [features[0], dataclasses.replace(features[1], published=late)]
    clusterer = StoryClusterer(StoryOptions(story_window_days=7))
    assert clusterer.add_many(moved) == [1, 2]
    unlimited = StoryClusterer(StoryOptions(story_window_days=None))
    assert unlimited.add_many(moved) == [1, 1]


def test_stories_cluster_story_spans_and_headlines(features: list[ArticleFeatures]) -> None:
    clusterer = StoryClusterer()
    clusterer.add_many(features)
    quake = clusterer.story(1)
    assert quake.headline == "Strong earthquake kills five in Indonesia's Aceh province"
    assert quake.article_ids == tuple(features[i].article_id for i in (0, 1, 2, 6))
    assert quake.first_published == features[0].published
    assert quake.last_published == features[6].published


def test_stories_cluster_topic_of_a_lone_story_is_itself(features: list[ArticleFeatures]) -> None:
    clusterer = StoryClusterer()
    clusterer.add_many(features)
    assert [clusterer.topic_of(s) for s in (1, 2, 3)] == [1, 2, 3]


@pytest.mark.parametrize(
    "data",
    [b"", b"not a state", b"PK\x03\x04broken zip"],
    ids=["empty", "text", "broken-zip"],
)
def test_stories_cluster_refuses_what_is_not_a_state(data: bytes) -> None:
    with pytest.raises(ValueError, match="not a saved story state"):
        StoryClusterer.from_bytes(data)


def test_stories_cluster_refuses_a_state_made_with_other_features(
    features: list[ArticleFeatures],
) -> None:
    clusterer = StoryClusterer()
    clusterer.add_many(features[:2])
    with pytest.raises(ValueError, match="was made with"):
        StoryClusterer.from_bytes(clusterer.to_bytes(), StoryOptions(embed_tokens=128))


def test_stories_cluster_refuses_a_wrong_embedding(features: list[ArticleFeatures]) -> None:
    wrong = dataclasses.replace(features[0], embedding=features[0].embedding[:10])
    with pytest.raises(ValueError, match="embedding of shape"):
        StoryClusterer().add(wrong)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("story_weights", (1.0, 2.0), "story_weights needs 7 numbers"),
        ("candidates", 0, "candidates must be at least 1"),
        ("story_window_days", 0.0, "story_window_days must be positive"),
        ("duplicate_threshold", 1.5, "duplicate_threshold must lie in"),
        ("num_perm", 8, "num_perm must lie between"),
        ("embed_tokens", 1024, "embed_tokens must lie between"),
        ("topic_core_size", 0, "topic_core_size and topic_core_stories"),
    ],
)
def test_stories_cluster_options_are_checked(field: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        StoryOptions(**{field: value})  # type: ignore[arg-type]
