"""Stories: group a stream of articles into stories (events) and topics, incrementally.

::

    from crosswire.stories import StoryClusterer, StoryOptions, extract_features

    clusterer = StoryClusterer(StoryOptions())
    for features in extract_features(articles):
        story_id = clusterer.add(features)       # joins a story or starts one
    clusterer.assignment(articles[0].id)         # story, topic, near-duplicate mark
    saved = clusterer.to_bytes()                 # StoryClusterer.from_bytes(saved) goes on

:func:`crosswire.corpus.update_stories` keeps the stories of a stored corpus up to date
(``update_stories``) and lists them; ``crosswire eval stories`` scores the
clustering on ECB+ and NeuS.
"""

from __future__ import annotations

from .cluster import Assignment, StoryClusterer, StoryInfo
from .features import ArticleFeatures, extract_features
from .options import FEATURE_NAMES, StoryOptions

__all__ = [
    "ArticleFeatures",
    "Assignment",
    "StoryClusterer",
    "StoryInfo",
    "StoryOptions",
    "extract_features",
]
