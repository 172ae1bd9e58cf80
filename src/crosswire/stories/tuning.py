"""Fitting the story and topic weights and thresholds on labelled streams.

Training data only: ECB+ topics 1-20 (:data:`crosswire.eval.stories.TUNING_TOPICS`)
and the first ``neus_events`` events of NeuS ``train.source``. ECB+ has no
official split for document clustering, so its topics 21-45 are held out and
scored apart by ``crosswire eval stories``.

1. **Teacher forcing.** Each stream is replayed with every article put in its
   gold story; before it is placed, the article is scored against its
   candidate stories (the same candidates the clusterer uses), giving one row
   of :data:`~crosswire.stories.options.FEATURE_NAMES` per candidate, labelled
   "same story" and "same topic".
2. **Weights.** Logistic regressions (Newton's method, a little L2). Story
   weights: same-story candidates against the rest, over every candidate of
   both streams, each dataset weighing the same. Topic weights: every pair
   of ECB+ gold stories at the end of the stream, story against story,
   labelled "same topic" (NeuS has no topic level).
3. **Thresholds.** The story threshold maximising ECB+ sub-event B-cubed F1
   plus NeuS pairwise F1, running the real clusterer on the training streams
   (stories do not depend on the topic thresholds); then the grid of topic
   link and merge thresholds maximising ECB+ topic B-cubed F1. Each score is
   the mean over the stream in file order and four seeded shuffles of it: with
   twenty topics, one order alone picks a lucky corner of the grid.

Run it with ``python -m crosswire.stories.tuning [DATA_DIR]``; it prints the
options to paste into :mod:`crosswire.stories.options`.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .cluster import StoryClusterer
from .features import ArticleFeatures
from .options import StoryOptions

__all__ = ["TuningData", "TrainingRows"]

logger = logging.getLogger(__name__)


@dataclass
class TrainingRows:
    """Candidate rows of a replayed stream: features and two labels per row."""

    features: np.ndarray
    same_story: np.ndarray
    same_topic: np.ndarray
    #: One row per pair of gold stories at the end of the stream: story against story.
    link_features: np.ndarray
    link_same_topic: np.ndarray


def teacher_forced_rows(
    features: Sequence[ArticleFeatures],
    stories: Sequence[str],
    topics: Sequence[str],
    options: StoryOptions,
) -> TrainingRows:
    """Replay a labelled stream with gold placement; one row per (article, candidate story)."""
    clusterer = StoryClusterer(options)
    story_index: dict[str, int] = {}
    topic_of_story: list[str] = []
    label_of_story: list[str] = []
    rows: list[list[float]] = []
    same_story: list[int] = []
    same_topic: list[int] = []
    for f, story_label, topic_label in zip(features, stories, topics, strict=True):
        query = clusterer._query(f)
        for j in clusterer._candidates(query.embedding, query.lead):
            j = int(j)
            rows.append(clusterer._features(query, j))
            same_story.append(int(label_of_story[j] == story_label))
            same_topic.append(int(topic_of_story[j] == topic_label))
        story = story_index.get(story_label)
        if story is None:
            story = clusterer._new_story(f.headline)
            story_index[story_label] = story
            label_of_story.append(story_label)
            topic_of_story.append(topic_label)
        index = clusterer._remember(f, query, story, -1, math.nan)
        clusterer._join(story, index, query)
    link_rows: list[list[float]] = []
    link_same: list[int] = []
    for a, gathered in enumerate(clusterer._stories):
        query = gathered.query()
        for b in range(a):
            link_rows.append(clusterer._features(query, b))
            link_same.append(int(topic_of_story[a] == topic_of_story[b]))
    return TrainingRows(
        features=np.asarray(rows, dtype=np.float64).reshape(-1, 6),
        same_story=np.asarray(same_story, dtype=np.float64),
        same_topic=np.asarray(same_topic, dtype=np.float64),
        link_features=np.asarray(link_rows, dtype=np.float64).reshape(-1, 6),
        link_same_topic=np.asarray(link_same, dtype=np.float64),
    )


def fit_logistic(
    x: np.ndarray, y: np.ndarray, *, sample_weight: np.ndarray | None = None, l2: float = 1e-3
) -> np.ndarray:
    """Weights (bias last) of an L2-regularised logistic regression, by Newton's method."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    weight = np.ones(len(x)) if sample_weight is None else sample_weight
    weight = weight / weight.sum()
    w = np.zeros(xb.shape[1])
    penalty = l2 * np.eye(len(w))
    penalty[-1, -1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        gradient = xb.T @ (weight * (p - y)) + penalty @ w
        hessian = (xb * (weight * p * (1 - p))[:, None]).T @ xb + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def _story_rows(parts: Sequence[TrainingRows]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows for the story weights: every candidate of every part, each part weighing the same."""
    xs = [part.features for part in parts]
    ys = [part.same_story for part in parts]
    ws = [np.full(len(part.same_story), 1.0 / max(1, len(part.same_story))) for part in parts]
    return np.vstack(xs), np.concatenate(ys), np.concatenate(ws)


@dataclass
class TuningData:
    """Labelled training streams and their features."""

    ecb_features: list[ArticleFeatures]
    ecb_stories: list[str]
    ecb_topics: list[str]
    neus_features: list[ArticleFeatures]
    neus_stories: list[str]


def load_tuning_data(
    data_dir: Path, *, neus_events: int = 600, options: StoryOptions | None = None
) -> TuningData:
    """ECB+ topics 1-20 and the first ``neus_events`` NeuS train events, with their features."""
    from ..eval.stories import ECB_DIR, NEUS_DIR, TUNING_TOPICS, read_ecbplus, read_neus
    from .features import extract_features

    options = options or StoryOptions()
    ecb = [i for i in read_ecbplus(data_dir / ECB_DIR) if int(i.topic) in TUNING_TOPICS]
    neus = read_neus(data_dir / NEUS_DIR / "train.source", limit=neus_events)
    return TuningData(
        ecb_features=extract_features([i.article for i in ecb], options=options),
        ecb_stories=[i.story for i in ecb],
        ecb_topics=[i.topic for i in ecb],
        neus_features=extract_features([i.article for i in neus], options=options),
        neus_stories=[i.story for i in neus],
    )


def tune(data: TuningData, *, base: StoryOptions | None = None, orders: int = 5) -> StoryOptions:
    """Options fitted on the training streams (see the module's description)."""
    from ..eval.stories import bcubed, cluster_stream, pairwise

    base = base or StoryOptions()
    ecb = teacher_forced_rows(data.ecb_features, data.ecb_stories, data.ecb_topics, base)
    neus = teacher_forced_rows(data.neus_features, data.neus_stories, data.neus_stories, base)
    x, y, w = _story_rows([ecb, neus])
    story_w = fit_logistic(x, y, sample_weight=w)
    # NeuS events have no topic level: only ECB+ teaches topics, story against story.
    topic_w = fit_logistic(ecb.link_features, ecb.link_same_topic)
    logger.info("story weights %s, topic weights %s", story_w.round(3), topic_w.round(3))
    fitted = replace(
        base,
        story_weights=tuple(round(float(v), 3) for v in story_w),
        topic_weights=tuple(round(float(v), 3) for v in topic_w),
    )

    # Each setting is scored on the stream in file order and in ``orders - 1`` shuffled
    # orders: the mean is a steadier guide than one order of twenty topics.
    ecb_orders = _orders(len(data.ecb_features), orders)
    neus_orders = _orders(len(data.neus_features), orders)

    def mean_score(
        options: StoryOptions,
        labels: Sequence[str],
        features: Sequence[ArticleFeatures],
        order_list: list[list[int]],
        level: int,
        metric: str,
    ) -> float:
        total = 0.0
        for order in order_list:
            found = cluster_stream([features[k] for k in order], options)[level]
            gold = [labels[k] for k in order]
            total += (bcubed if metric == "b3" else pairwise)(gold, found)["f1"]
        return total / len(order_list)

    # Stories do not depend on the topic thresholds: fit the story threshold first.
    def story_score(threshold: float) -> float:
        options = replace(fitted, story_threshold=threshold)
        score = mean_score(options, data.ecb_stories, data.ecb_features, ecb_orders, 0, "b3")
        score += mean_score(options, data.neus_stories, data.neus_features, neus_orders, 0, "pairs")
        logger.info("story threshold %.2f: %.4f", threshold, score)
        return score

    story_t = max(np.arange(-2.0, 1.01, 0.25), key=lambda t: story_score(float(t)))
    fitted = replace(fitted, story_threshold=float(story_t))

    def topic_score(thresholds: tuple[float, float]) -> float:
        link, merge = thresholds
        options = replace(fitted, topic_threshold=link, topic_merge_threshold=merge)
        score = mean_score(options, data.ecb_topics, data.ecb_features, ecb_orders, 1, "b3")
        logger.info("topic thresholds %.2f %.2f: %.4f", link, merge, score)
        return score

    grid = [
        (float(link), float(merge))
        for link in np.arange(-3.0, 0.01, 0.25)
        for merge in np.arange(-3.0, 0.01, 0.5)
    ]
    link_t, merge_t = max(grid, key=topic_score)
    return replace(fitted, topic_threshold=link_t, topic_merge_threshold=merge_t)


def _orders(n: int, count: int) -> list[list[int]]:
    """File order, then ``count - 1`` seeded shuffles."""
    orders = [list(range(n))]
    for seed in range(count - 1):
        order = list(range(n))
        random.Random(seed).shuffle(order)
        orders.append(order)
    return orders


def main(argv: Sequence[str] | None = None) -> None:
    from ..eval import default_data_dir

    parser = argparse.ArgumentParser(description="Fit the story clustering weights and thresholds.")
    parser.add_argument("data", nargs="?", type=Path, default=None)
    parser.add_argument("--neus-events", type=int, default=600)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data = load_tuning_data(args.data or default_data_dir(), neus_events=args.neus_events)
    options = tune(data)
    logger.info(
        "%s",
        json.dumps(
            {
                "story_weights": options.story_weights,
                "story_threshold": options.story_threshold,
                "topic_weights": options.topic_weights,
                "topic_threshold": options.topic_threshold,
                "topic_merge_threshold": options.topic_merge_threshold,
            }
        ),
    )


if __name__ == "__main__":
    main()
