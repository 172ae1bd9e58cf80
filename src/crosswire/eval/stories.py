"""Story clustering on ECB+ and NeuS, clustered as streams.

ECB+ (``events/ecbplus``): 982 news documents in 43 topics; each topic holds
two sub-events (files ``<t>_<n>ecb.xml`` and ``<t>_<n>ecbplus.xml``), 86 real
stories. Documents are CROMER XML; the text is rebuilt from the ``<token>``
elements, one sentence a line; an ``ecbplus`` document's first "sentence" is
its URL, kept as the article's url and left out of the text. The documents
carry no publication dates, so they arrive in file order (topic, document
number, ``ecb`` before ``ecbplus``), and once more in a shuffled order.
Scored with B-cubed F1 at the topic level and at the sub-event level.

NeuS (``stories/neus-allsides``): each line of ``test.source`` is one event,
the left, centre and right articles split at ``[SEP]`` (``TITLE=> .. ARTICLE=>
..``). All articles of the split are clustered as one stream, in file order;
the articles of one event should share a story: pairwise precision, recall, F1.

The default :class:`~crosswire.stories.StoryOptions` were fitted on ECB+
topics 1-20 and NeuS train events only (:mod:`crosswire.stories.tuning`); the
``*_heldout`` keys score topics 21-45 alone, clustered as their own stream.
"""

from __future__ import annotations

import logging
import random
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import Article
from ..errors import EvaluationError
from ..stories import ArticleFeatures, StoryClusterer, StoryOptions, extract_features

__all__ = [
    "LabelledArticle",
    "bcubed",
    "cluster_stream",
    "evaluate_stories",
    "pairwise",
    "read_ecbplus",
    "read_neus",
]

logger = logging.getLogger(__name__)

ECB_DIR = Path("events") / "ecbplus"
NEUS_DIR = Path("stories") / "neus-allsides"
#: ECB+ topics the default options were fitted on; the rest are held out.
TUNING_TOPICS = range(1, 21)

_ECB_NAME = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")
_NEUS_PART = re.compile(r"^\s*TITLE=>(.*?)ARTICLE=>(.*)$", re.DOTALL)
_NO_SPACE_BEFORE = frozenset(",.:;!?%)]}'") | {"'s", "n't", "''", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = ("(", "[", "{", "$", "``")


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    """An article with its gold topic and story."""

    article: Article
    topic: str
    story: str


# --- metrics --------------------------------------------------------------------------------------


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (Bagga and Baldwin, 1998)."""
    if len(gold) != len(predicted) or not gold:
        raise ValueError("bcubed needs two labellings of the same, non-empty items")
    joint = Counter(zip(gold, predicted, strict=True))
    gold_size = Counter(gold)
    predicted_size = Counter(predicted)
    precision = sum(n * n / predicted_size[p] for (g, p), n in joint.items()) / len(gold)
    recall = sum(n * n / gold_size[g] for (g, p), n in joint.items()) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def pairwise(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[str, float]:
    """Precision, recall and F1 over the pairs of items put in one cluster."""
    if len(gold) != len(predicted):
        raise ValueError("pairwise needs two labellings of the same items")

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter(zip(gold, predicted, strict=True)))
    in_predicted = pairs(Counter(predicted))
    in_gold = pairs(Counter(gold))
    precision = both / in_predicted if in_predicted else 0.0
    recall = both / in_gold if in_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# --- datasets -------------------------------------------------------------------------------------


def _detokenise(tokens: list[str]) -> str:
    out: list[str] = []
    for token in tokens:
        if out and token not in _NO_SPACE_BEFORE and not out[-1].endswith(_NO_SPACE_AFTER):
            out.append(" ")
        out.append(token)
    return "".join(out).replace("``", '"').replace("''", '"')


def _ecb_document(path: Path) -> tuple[str, str | None]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise EvaluationError(f"{path}: cannot read the ECB+ document: {exc}") from exc
    sentences: dict[int, list[str]] = {}
    for token in root.iter("token"):
        sentences.setdefault(int(token.get("sentence", "0")), []).append(token.text or "")
    lines = [_detokenise(tokens) for _, tokens in sorted(sentences.items())]
    url = None
    if lines and re.match(r"^https?\s*:", lines[0]):
        url = lines.pop(0).replace(" ", "")
    return "\n".join(line for line in lines if line.strip()), url


def read_ecbplus(directory: Path) -> list[LabelledArticle]:
    """The ECB+ documents in file order, labelled with topic and sub-event."""
    found: list[tuple[tuple[int, int, int], Path]] = []
    for path in directory.glob("*/*.xml"):
        match = _ECB_NAME.match(path.name)
        if match:
            key = (int(match[1]), int(match[2]), 0 if match[3] == "ecb" else 1)
            found.append((key, path))
    if not found:
        raise EvaluationError(f"{directory}: no ECB+ documents (<topic>/<t>_<n>ecb.xml)")
    labelled: list[LabelledArticle] = []
    for (topic, _, sub), path in sorted(found):
        text, url = _ecb_document(path)
        article = Article.from_text(text, source=str(path), url=url)
        labelled.append(
            LabelledArticle(
                article, topic=str(topic), story=f"{topic}{'ecbplus' if sub else 'ecb'}"
            )
        )
    return labelled


def read_neus(path: Path, *, limit: int | None = None) -> list[LabelledArticle]:
    """The articles of a NeuS ``.source`` file in file order, labelled with their event (line)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot read the NeuS file: {exc}") from exc
    labelled: list[LabelledArticle] = []
    for number, line in enumerate(lines[:limit] if limit else lines, start=1):
        for part_number, part in enumerate(line.split("[SEP]"), start=1):
            match = _NEUS_PART.match(part)
            if not match or not match[2].strip():
                continue
            article = Article.from_text(
                match[2].strip(),
                source=f"{path.name}:{number}#{part_number}",
                title=match[1].strip() or None,
            )
            labelled.append(LabelledArticle(article, topic=str(number), story=str(number)))
    if not labelled:
        raise EvaluationError(f"{path}: no NeuS articles (TITLE=> .. ARTICLE=> ..)")
    return labelled


# --- running --------------------------------------------------------------------------------------


def cluster_stream(
    features: Sequence[ArticleFeatures], options: StoryOptions
) -> tuple[list[int], list[int]]:
    """Cluster features in the order given; each article's (story ids, topic ids)."""
    clusterer = StoryClusterer(options)
    clusterer.add_many(features)
    placed = [clusterer.assignment(f.article_id) for f in features]
    return [a.story for a in placed], [a.topic for a in placed]


def _ecb_scores(
    items: Sequence[LabelledArticle], features: Sequence[ArticleFeatures], options: StoryOptions
) -> dict[str, dict[str, float]]:
    stories, topics = cluster_stream(features, options)
    return {
        "topic": bcubed([i.topic for i in items], topics) | {"clusters": len(set(topics))},
        "subevent": bcubed([i.story for i in items], stories) | {"clusters": len(set(stories))},
    }


def evaluate_stories(
    data_dir: Path, *, options: StoryOptions | None = None, neus_split: str = "test"
) -> dict[str, Any]:
    """Score story clustering on ECB+ and NeuS (see the module's description)."""
    options = options or StoryOptions()
    ecb_dir, neus_path = data_dir / ECB_DIR, data_dir / NEUS_DIR / f"{neus_split}.source"
    for needed in (ecb_dir, neus_path):
        if not needed.exists():
            raise EvaluationError(f"{needed}: dataset not found")
    ecb = read_ecbplus(ecb_dir)
    neus = read_neus(neus_path)
    started = time.perf_counter()
    ecb_features = extract_features([i.article for i in ecb], options=options)
    neus_features = extract_features([i.article for i in neus], options=options)
    feature_seconds = time.perf_counter() - started

    started = time.perf_counter()
    whole = _ecb_scores(ecb, ecb_features, options)
    cluster_seconds = time.perf_counter() - started
    held = [k for k, i in enumerate(ecb) if int(i.topic) not in TUNING_TOPICS]
    tuned = [k for k, i in enumerate(ecb) if int(i.topic) in TUNING_TOPICS]
    heldout = _ecb_scores([ecb[k] for k in held], [ecb_features[k] for k in held], options)
    tuning = _ecb_scores([ecb[k] for k in tuned], [ecb_features[k] for k in tuned], options)
    order = list(range(len(ecb)))
    random.Random(0).shuffle(order)
    shuffled = _ecb_scores([ecb[k] for k in order], [ecb_features[k] for k in order], options)

    neus_stories, neus_topics = cluster_stream(neus_features, options)
    neus_gold = [i.story for i in neus]
    neus_pairs = pairwise(neus_gold, neus_stories)
    neus_topic_pairs = pairwise(neus_gold, neus_topics)

    articles = len(ecb) + len(neus)
    return {
        "ecb_topic_b3_f1": whole["topic"]["f1"],
        "ecb_subevent_b3_f1": whole["subevent"]["f1"],
        "neus_pair_f1": neus_pairs["f1"],
        "ecb_topic_b3_f1_heldout": heldout["topic"]["f1"],
        "ecb_subevent_b3_f1_heldout": heldout["subevent"]["f1"],
        "ecb_topic_b3_f1_tuning": tuning["topic"]["f1"],
        "ecb_subevent_b3_f1_tuning": tuning["subevent"]["f1"],
        "ecb_topic_b3_f1_shuffled": shuffled["topic"]["f1"],
        "ecb_subevent_b3_f1_shuffled": shuffled["subevent"]["f1"],
        "neus_pair_precision": neus_pairs["precision"],
        "neus_pair_recall": neus_pairs["recall"],
        "neus_topic_pair_f1": neus_topic_pairs["f1"],
        "details": {
            "ecb": {name: _rounded(value) for name, value in whole.items()},
            "ecb_heldout_topics": "21-45 (clustered as their own stream)",
            "ecb_heldout": {name: _rounded(value) for name, value in heldout.items()},
            "ecb_shuffled_seed": 0,
            "ecb_documents": len(ecb),
            "ecb_topics": len({i.topic for i in ecb}),
            "ecb_subevents": len({i.story for i in ecb}),
            "neus_split": neus_split,
            "neus_articles": len(neus),
            "neus_events": len(set(neus_gold)),
            "neus_pairs": _rounded(neus_pairs),
            "features_per_second": round(articles / feature_seconds, 1),
            "ecb_clustering_per_second": round(len(ecb) / cluster_seconds, 1),
        },
    }


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    return {key: round(value, 4) for key, value in scores.items()}
