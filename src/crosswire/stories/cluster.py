"""Incremental story clustering: each new article joins a story or starts one.

Two levels, as news aggregators have them:

- a **story** is one event (ECB+'s sub-event, a NeuS roundup): an article joins
  the best-scoring candidate story when the score reaches the story threshold;
- a **topic** groups stories about the same kind of event around the same
  actors or place; topics are the connected components of links between
  stories, made when a story starts (to the best-scoring story under the topic
  weights) and re-checked while it grows. Topics only ever merge.

Nothing is recomputed over the whole corpus when an article arrives: the
candidates are the stories nearest by mean embedding and mean lead embedding
(a matrix product), and only those are scored in full (see
:data:`~crosswire.stories.options.FEATURE_NAMES`). Entity and term weights are
tf-idf with document frequencies counted as the stream goes. Near duplicates
(MinHash LSH, datasketch) join the story of the article they copy.

The whole state saves to bytes and loads back (:meth:`StoryClusterer.to_bytes`,
:meth:`StoryClusterer.from_bytes`), so a stored corpus grows without being
clustered again.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from datasketch import MinHashLSH

from .features import ArticleFeatures
from .options import StoryOptions
from .records import (
    Query,
    Rows,
    StoryTotals,
    lean_minhash,
    sparse_dot,
    unit,
)
from .state import pack_state, unit_rows, unpack_state

__all__ = ["Assignment", "StoryClusterer", "StoryInfo"]

logger = logging.getLogger(__name__)

DAY = 86_400.0
#: Most weighted entries kept per article (the rest barely move a cosine).
MAX_ENTITIES = 48
MAX_TERMS = 64


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: its story and topic (ids from 1), and why."""

    article_id: str
    story: int
    topic: int
    score: float | None
    new_story: bool
    duplicate_of: str | None = None


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """A story as the clusterer holds it."""

    id: int
    topic: int
    headline: str
    article_ids: tuple[str, ...]
    duplicates: int
    first_published: datetime | None
    last_published: datetime | None


def _time(when: datetime | None) -> float:
    return when.timestamp() if when is not None else math.nan


def _gap_days(when: float, first: float, last: float) -> float:
    """Days between a time and a span; 0 inside it, NaN when either is unknown."""
    if math.isnan(when) or math.isnan(first):
        return math.nan
    return max(0.0, first - when, when - last) / DAY


class StoryClusterer:
    """Groups a stream of :class:`ArticleFeatures` into stories and topics.

    ::

        clusterer = StoryClusterer(StoryOptions())
        for features in extract_features(articles):
            story_id = clusterer.add(features)
        state = clusterer.to_bytes()           # later: StoryClusterer.from_bytes(state)
    """

    def __init__(self, options: StoryOptions | None = None, *, dimensions: int = 384) -> None:
        self.options = options or StoryOptions()
        self.dimensions = dimensions
        self._story_weights = np.asarray(self.options.story_weights, dtype=np.float64)
        self._topic_weights = np.asarray(self.options.topic_weights, dtype=np.float64)
        self._ids: list[str] = []
        self._index: dict[str, int] = {}
        self._embeddings = Rows(dimensions, np.float32)
        self._leads = Rows(dimensions, np.float32)
        self._signatures = Rows(self.options.num_perm, np.uint64)
        self._times: list[float] = []
        self._story_of: list[int] = []
        self._duplicate_of: list[int] = []
        self._scores: list[float] = []
        self._stories: list[StoryTotals] = []
        self._centroids = Rows(dimensions, np.float32)
        self._lead_centroids = Rows(dimensions, np.float32)
        self._parent: list[int] = []
        # Each topic's stories, keyed by its root story.
        self._topics: dict[int, list[int]] = {}
        self._entity_df: Counter[str] = Counter()
        self._term_df: Counter[str] = Counter()
        self._lsh = self._new_lsh()

    # --- public view -------------------------------------------------------------------------

    def __len__(self) -> int:
        """How many articles the clusterer has seen."""
        return len(self._ids)

    @property
    def story_count(self) -> int:
        return len(self._stories)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._index

    def topic_of(self, story_id: int) -> int:
        """The topic of a story: the id of the earliest story in it."""
        return self._find(story_id - 1) + 1

    def assignment(self, article_id: str) -> Assignment:
        """Where an article went; ``KeyError`` for an article never added."""
        i = self._index[article_id]
        story = self._story_of[i]
        duplicate = self._duplicate_of[i]
        score = self._scores[i]
        return Assignment(
            article_id=article_id,
            story=story + 1,
            topic=self._find(story) + 1,
            score=None if math.isnan(score) else score,
            new_story=self._stories[story].members[0] == i,
            duplicate_of=self._ids[duplicate] if duplicate >= 0 else None,
        )

    def story(self, story_id: int) -> StoryInfo:
        """One story; ``KeyError`` for an unknown id."""
        if not 1 <= story_id <= len(self._stories):
            raise KeyError(story_id)
        s = self._stories[story_id - 1]
        return StoryInfo(
            id=story_id,
            topic=self._find(story_id - 1) + 1,
            headline=s.headline,
            article_ids=tuple(self._ids[i] for i in s.members),
            duplicates=sum(1 for i in s.members if self._duplicate_of[i] >= 0),
            first_published=None if math.isnan(s.first) else datetime.fromtimestamp(s.first, UTC),
            last_published=None if math.isnan(s.last) else datetime.fromtimestamp(s.last, UTC),
        )

    def stories(self) -> Iterator[StoryInfo]:
        """Every story, in the order they started."""
        for story_id in range(1, len(self._stories) + 1):
            yield self.story(story_id)

    # --- adding ------------------------------------------------------------------------------

    def add_many(self, features: Iterable[ArticleFeatures]) -> list[int]:
        """:meth:`add` each article in order; their story ids."""
        return [self.add(f) for f in features]

    def add(self, features: ArticleFeatures) -> int:
        """Place one article: join a story or start one; returns the story id.

        An article already added keeps its story (the call changes nothing).
        """
        known = self._index.get(features.article_id)
        if known is not None:
            return self._story_of[known] + 1
        if features.embedding.shape != (self.dimensions,):
            raise ValueError(
                f"{features.article_id}: embedding of shape {features.embedding.shape}, "
                f"expected ({self.dimensions},)"
            )
        query = self._query(features)
        duplicate = self._near_duplicate(features.signature)
        score, link = math.nan, -1
        if duplicate >= 0:
            story = self._story_of[duplicate]
        else:
            story, score, link = self._choose(query)
            if story < 0:
                story = self._new_story(features.headline)
        index = self._remember(features, query, story, duplicate, score)
        self._join(story, index, query)
        if link >= 0:
            self._link(story, link)
        elif len(self._stories[story].members) > 1:
            self._relink(story)
        return story + 1

    def _query(self, features: ArticleFeatures) -> Query:
        """The article as the scorer sees it; counts its entities and terms into the frequencies."""
        when = _time(features.published)
        return Query(
            embedding=features.embedding.astype(np.float32),
            lead=features.lead_embedding.astype(np.float32),
            entities=self._tfidf(features.entities, self._entity_df, MAX_ENTITIES),
            terms=self._tfidf(features.terms, self._term_df, MAX_TERMS),
            first=when,
            last=when,
        )

    def _choose(self, query: Query) -> tuple[int, float, int]:
        """(story to join or -1, its score, story whose topic a new story joins or -1)."""
        candidates = self._candidates(query.embedding, query.lead)
        if not len(candidates):
            return -1, math.nan, -1
        rows = np.array([self._features(query, int(j)) for j in candidates])
        rows = np.hstack([rows, np.ones((len(candidates), 1))])
        story_scores = rows @ self._story_weights
        topic_scores = rows @ self._topic_weights
        story_window = self.options.story_window_days
        topic_window = self.options.topic_window_days
        for k, j in enumerate(candidates):
            s = self._stories[int(j)]
            gap = _gap_days(query.first, s.first, s.last)
            if story_window is not None and gap > story_window:
                story_scores[k] = -np.inf
            if topic_window is not None and gap > topic_window:
                topic_scores[k] = -np.inf
        best = int(np.argmax(story_scores))
        if story_scores[best] >= self.options.story_threshold:
            return int(candidates[best]), float(story_scores[best]), -1
        link = int(np.argmax(topic_scores))
        if topic_scores[link] >= self.options.topic_threshold:
            return -1, math.nan, int(candidates[link])
        return -1, math.nan, -1

    def _relink(self, story: int) -> None:
        """Link a grown story to the best-scoring story of another topic, if it scores enough."""
        s = self._stories[story]
        query = s.query()
        root = self._find(story)
        window = self.options.topic_window_days
        best_score, best = -np.inf, -1
        for j in self._candidates(query.embedding, query.lead):
            j = int(j)
            if j == story or self._find(j) == root:
                continue
            other = self._stories[j]
            if window is not None and _span_gap(s, other) > window:
                continue
            score = self._topic_score(query, j)
            if score > best_score:
                best_score, best = score, j
        if best >= 0 and best_score >= self.options.topic_threshold:
            self._link(story, best)

    def _link(self, story: int, other: int) -> None:
        """Merge the topics of ``story`` and ``other`` if every pair of their core stories links.

        Core stories are the ``topic_core_stories`` largest of each topic with
        ``topic_core_size`` articles or more (and always the two stories at
        hand). Requiring every pair, not one, keeps a chain of borderline
        links from gluing unrelated topics together (complete linkage).
        """
        root, mine = self._find(other), self._find(story)
        if root == mine:
            return
        ours = self._core(mine, story)
        theirs = self._core(root, other)
        queries = {a: self._stories[a].query() for a in ours}
        worst = min(
            self._topic_score(queries[a], b) for a in ours for b in theirs
        )
        if worst < self.options.topic_merge_threshold:
            logger.debug(
                "story %d fits story %d, not all its topic (%.2f)", story + 1, other + 1, worst
            )
            return
        logger.debug("story %d joins the topic of story %d (%.2f)", story + 1, other + 1, worst)
        self._union(story, other)

    def _core(self, root: int, story: int) -> list[int]:
        """The stories of a topic that a merge must satisfy (see :meth:`_link`)."""
        size = self.options.topic_core_size
        members = [s for s in self._topics[root] if len(self._stories[s].members) >= size]
        members.sort(key=lambda s: -len(self._stories[s].members))
        core = members[: self.options.topic_core_stories]
        if story not in core:
            core.append(story)
        return core

    def _topic_score(self, query: Query, story: int) -> float:
        row = np.append(self._features(query, story), 1.0)
        return float(row @ self._topic_weights)

    def _candidates(self, embedding: np.ndarray, lead: np.ndarray) -> np.ndarray:
        n = len(self._stories)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        k = self.options.candidates
        if n <= k:
            return np.arange(n)
        by_text = self._centroids.data @ embedding
        by_lead = self._lead_centroids.data @ lead
        top = np.argpartition(-by_text, k - 1)[:k]
        top_lead = np.argpartition(-by_lead, k - 1)[:k]
        return np.union1d(top, top_lead)

    def _features(self, query: Query, story: int) -> list[float]:
        """:data:`FEATURE_NAMES` scores of ``query`` against one story."""
        group = self._stories[story]
        centroid = float(self._centroids.data[story] @ query.embedding)
        lead_centroid = float(self._lead_centroids.data[story] @ query.lead)
        members = group.members
        if len(members) == 1:
            nearest, lead_nearest = centroid, lead_centroid
        else:
            nearest = float(np.max(self._embeddings.data[members] @ query.embedding))
            lead_nearest = float(np.max(self._leads.data[members] @ query.lead))
        entities = (
            sparse_dot(query.entities, group.entities) / math.sqrt(group.entity_norm2)
            if group.entity_norm2 > 0
            else 0.0
        )
        terms = (
            sparse_dot(query.terms, group.terms) / math.sqrt(group.term_norm2)
            if group.term_norm2 > 0
            else 0.0
        )
        return [centroid, nearest, lead_centroid, lead_nearest, entities, terms]

    def _tfidf(self, counts: dict[str, int], df: Counter[str], keep: int) -> dict[str, float]:
        """Unit tf-idf weights of an article's counts; counts it into ``df`` first."""
        n = len(self._ids) + 1
        for key in counts:
            df[key] += 1
        weights = {
            key: (1.0 + math.log(count)) * math.log((n + 1) / df[key])
            for key, count in counts.items()
            if count > 0
        }
        if len(weights) > keep:
            weights = dict(sorted(weights.items(), key=lambda kv: -kv[1])[:keep])
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {key: w / norm for key, w in weights.items()} if norm > 0 else {}

    def _near_duplicate(self, signature: np.ndarray) -> int:
        """The earliest article this one nearly copies, or -1."""
        if not self._ids:
            return -1
        found = sorted(self._index[key] for key in self._lsh.query(lean_minhash(signature)))
        if not found:
            return -1
        sims = np.mean(self._signatures.data[found] == signature, axis=1)
        for i, sim in zip(found, sims, strict=True):
            if sim >= self.options.duplicate_threshold:
                return self._duplicate_of[i] if self._duplicate_of[i] >= 0 else i
        return -1

    def _new_lsh(self) -> MinHashLSH:
        return MinHashLSH(
            threshold=self.options.duplicate_threshold, num_perm=self.options.num_perm
        )

    def _new_story(self, headline: str) -> int:
        story = len(self._stories)
        self._stories.append(StoryTotals(self.dimensions, headline=headline))
        self._centroids.append(np.zeros(self.dimensions, dtype=np.float32))
        self._lead_centroids.append(np.zeros(self.dimensions, dtype=np.float32))
        self._parent.append(story)
        self._topics[story] = [story]
        return story

    def _remember(
        self, features: ArticleFeatures, query: Query, story: int, duplicate: int, score: float
    ) -> int:
        index = len(self._ids)
        self._ids.append(features.article_id)
        self._index[features.article_id] = index
        self._embeddings.append(query.embedding)
        self._leads.append(query.lead)
        signature = np.asarray(features.signature, dtype=np.uint64)
        self._signatures.append(signature)
        self._lsh.insert(features.article_id, lean_minhash(signature), check_duplication=False)
        self._times.append(query.first)
        self._story_of.append(story)
        self._duplicate_of.append(duplicate)
        self._scores.append(score)
        if not self._stories[story].headline and features.headline:
            self._stories[story].headline = features.headline
        return index

    def _join(self, story: int, index: int, query: Query) -> None:
        s = self._stories[story]
        s.add(index, query)
        self._centroids.data[story] = unit(s.total)
        self._lead_centroids.data[story] = unit(s.lead_total)

    # --- topics: union-find over stories, the root is the earliest story -----------------------

    def _find(self, story: int) -> int:
        parent = self._parent
        root = story
        while parent[root] != root:
            root = parent[root]
        while parent[story] != root:
            parent[story], story = root, parent[story]
        return root

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        keep, gone = min(ra, rb), max(ra, rb)
        self._parent[gone] = keep
        self._topics[keep].extend(self._topics.pop(gone))

    def _rebuild_topics(self) -> None:
        """Each topic's stories, from the union-find (after loading a state)."""
        self._topics = {}
        for story in range(len(self._stories)):
            self._topics.setdefault(self._find(story), []).append(story)

    # --- saving ------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The whole state, for :meth:`from_bytes` (NumPy arrays and JSON in an ``.npz``, see
        :mod:`crosswire.stories.state`)."""
        meta = {
            "dimensions": self.dimensions,
            "ids": self._ids,
            "stories": [
                {
                    "entities": s.entities,
                    "entity_norm2": s.entity_norm2,
                    "terms": s.terms,
                    "term_norm2": s.term_norm2,
                    "headline": s.headline,
                }
                for s in self._stories
            ],
            "entity_df": dict(self._entity_df),
            "term_df": dict(self._term_df),
        }
        stories = self._stories
        arrays = {
            "embeddings": self._embeddings.data,
            "leads": self._leads.data,
            "signatures": self._signatures.data,
            "times": np.asarray(self._times, dtype=np.float64),
            "story_of": np.asarray(self._story_of, dtype=np.int64),
            "duplicate_of": np.asarray(self._duplicate_of, dtype=np.int64),
            "scores": np.asarray(self._scores, dtype=np.float64),
            "totals": np.array([s.total for s in stories]).reshape(-1, self.dimensions),
            "lead_totals": np.array([s.lead_total for s in stories]).reshape(-1, self.dimensions),
            "parent": np.asarray(self._parent, dtype=np.int64),
            "first": np.asarray([s.first for s in stories], dtype=np.float64),
            "last": np.asarray([s.last for s in stories], dtype=np.float64),
        }
        return pack_state(meta, arrays, self.options)

    @classmethod
    def from_bytes(cls, data: bytes, options: StoryOptions | None = None) -> StoryClusterer:
        """A clusterer with the state :meth:`to_bytes` saved.

        Raises ``ValueError`` when the data is not a saved state, or was made
        with feature settings (``num_perm``, ``embed_tokens``, ...) other than
        ``options``'.
        """
        options = options or StoryOptions()
        meta, arrays = unpack_state(data, options)
        dims = int(meta["dimensions"])
        c = cls(options, dimensions=dims)
        ids: list[str] = list(meta["ids"])
        c._ids = ids
        c._index = {article_id: i for i, article_id in enumerate(ids)}
        c._embeddings = Rows(dims, np.float32, arrays["embeddings"])
        c._leads = Rows(dims, np.float32, arrays["leads"])
        c._signatures = Rows(options.num_perm, np.uint64, arrays["signatures"])
        c._times = [float(t) for t in arrays["times"]]
        c._story_of = [int(s) for s in arrays["story_of"]]
        c._duplicate_of = [int(d) for d in arrays["duplicate_of"]]
        c._scores = [float(s) for s in arrays["scores"]]
        c._parent = [int(p) for p in arrays["parent"]]
        c._stories = []
        for saved, first, last, total, lead_total in zip(
            meta["stories"], arrays["first"], arrays["last"], arrays["totals"],
            arrays["lead_totals"], strict=True,
        ):
            story = StoryTotals(dims, headline=saved["headline"])
            story.entities = {k: float(v) for k, v in saved["entities"].items()}
            story.entity_norm2 = float(saved["entity_norm2"])
            story.terms = {k: float(v) for k, v in saved["terms"].items()}
            story.term_norm2 = float(saved["term_norm2"])
            story.first, story.last = float(first), float(last)
            story.total = np.array(total, dtype=np.float64)
            story.lead_total = np.array(lead_total, dtype=np.float64)
            c._stories.append(story)
        for index, story_index in enumerate(c._story_of):
            c._stories[story_index].members.append(index)
        c._centroids = Rows(dims, np.float32, unit_rows([s.total for s in c._stories], dims))
        c._lead_centroids = Rows(dims, np.float32,
                                 unit_rows([s.lead_total for s in c._stories], dims))
        c._rebuild_topics()
        c._entity_df = Counter({k: int(v) for k, v in meta["entity_df"].items()})
        c._term_df = Counter({k: int(v) for k, v in meta["term_df"].items()})
        for article_id, signature in zip(ids, c._signatures.data, strict=True):
            c._lsh.insert(article_id, lean_minhash(signature), check_duplication=False)
        return c


def _span_gap(a: StoryTotals, b: StoryTotals) -> float:
    """Days between two stories' time spans (0 when they overlap, NaN when unknown)."""
    if math.isnan(a.first) or math.isnan(b.first):
        return math.nan
    return max(0.0, a.first - b.last, b.first - a.last) / DAY
