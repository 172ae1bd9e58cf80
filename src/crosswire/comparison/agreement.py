"""A pair's evidence taken together: whether two claims of different outlets tell one fact.

Each of the comparison's corroboration routes reads one kind of evidence against a
threshold: the model's entailment, a core's, the same-fact head, the same act in close words,
the same count. Two tellings of one fact often reach none of them alone, though together they
leave little doubt: close wording, most descriptive words shared, the same act, the same
names, a same-fact reading above even. The agreement model weighs them together: a logistic
regression over the features below, learnt from the cross-outlet pairs of BASIL and NeuS
events labelled by reading (``training/labels``; never the multi-outlet gold, see
``training/train_agreement.py``). Its weights, the data it was fitted on and its measured
precision are in ``agreement.json``.

It widens corroboration only: a pair it reads as one fact corroborates where no check finds a
conflict, neither claim negates or hedges what the other states, and they date no shared act
apart (:func:`crosswire.comparison.relations.decide`, ``CompareOptions.agreement``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .checks import content_words
from .evidence import Evidence, said_inside, word_share
from .facts import shared_words_run
from .views import ClaimView

__all__ = ["FEATURES", "AgreementModel", "agreement_features", "load_agreement"]

WEIGHTS = Path(__file__).resolve().parent / "agreement.json"

#: the features, each in [0, 1], in the order of the model's weights
FEATURES = (
    "cosine",           # the claims' embedding cosine
    "entail_max",       # the model's entailment of the whole claim, likelier direction
    "entail_min",       # ... the less likely direction
    "contradict_max",   # the model's contradiction, likelier direction
    "contradict_min",
    "told_alike",       # the same-fact head: the same fact, told alike
    "told_conflict",    # ... the same fact, with a detail in conflict
    "one_fact",         # ... either
    "core",             # the best entailment of one claim's core by the other
    "shared_share",     # the share of the claims' descriptive words both use
    "shared_words",     # how many descriptive words both use, over 10 (at most 1)
    "same_act",         # both state an act in common (the parse)
    "same_count",       # the same count of the same thing
    "soft_conflict",    # a check finds a difference that is no contradiction
    "negated",          # one side negates an act both name
    "length_ratio",     # the shorter claim's words over the longer's
    "shared_names",     # names both claims give, over 4 (at most 1)
    "same_words",       # four or more words in a row, word for word, half the shorter claim
    "actors_apart",     # both name who acts, and no one in common
    "content_share",    # the share of the words of what is said (an attributed claim's
                        # content, else the claim) both use
    "both_said",        # both claims give what someone says, inside the claim
    "same_source",      # both are attributed, to sources that share a name
    "sources_apart",    # both are attributed, to sources that share none
)
#: the features the relation model gives: where it was not asked, they may take any value
MODEL_FEATURES = frozenset({"entail_max", "entail_min", "contradict_max", "contradict_min",
                            "told_alike", "told_conflict", "one_fact", "core"})


def agreement_features(evidence: Evidence, a: ClaimView, b: ClaimView, *,
                       acts: Sequence[str], same_counts: Sequence[tuple[str, str, str]],
                       soft: bool, negated: bool) -> np.ndarray:
    """The features of one pair (see :data:`FEATURES`); ``acts``, ``same_counts``, ``soft``
    and ``negated`` as the comparison weighed its checks
    (:func:`crosswire.comparison.relations.weigh_checks`). The relation model's features are 0
    where it was not asked."""
    ab = evidence.ab if evidence.ab is not None else np.zeros(3)
    ba = evidence.ba if evidence.ba is not None else np.zeros(3)
    same = evidence.same_fact if evidence.same_fact is not None else np.zeros(3)
    shared = set(evidence.shared_words)
    words_a, words_b = len(a.text.split()), len(b.text.split())
    actors_a, actors_b = set(a.actors), set(b.actors)
    values = (
        evidence.candidate.similarity,
        max(ab[0], ba[0]), min(ab[0], ba[0]), max(ab[2], ba[2]), min(ab[2], ba[2]),
        same[0], same[1], same[0] + same[1],
        max((s.entailment for s in evidence.supports), default=0.0),
        word_share(shared | set(evidence.only_a), shared | set(evidence.only_b)),
        min(len(shared) / 10, 1.0),
        bool(acts),
        any(x == y for x, y, _ in same_counts),
        soft, negated,
        min(words_a, words_b) / max(words_a, words_b, 1),
        min(len(evidence.candidate.shared_entities), 4) / 4,
        shared_words_run(a.text, b.text, 4) is not None,
        bool(actors_a) and bool(actors_b) and not actors_a & actors_b,
        word_share(_said_words(a), _said_words(b)),
        said_inside(a) is not None and said_inside(b) is not None,
        *_sources(a, b),
    )
    return np.clip(np.asarray(values, dtype=np.float64), 0.0, 1.0)


def _said_words(view: ClaimView) -> set[str]:
    """The content words of what a claim says: its attributed content, else the whole claim."""
    return content_words(said_inside(view) or view.text)


def _sources(a: ClaimView, b: ClaimView) -> tuple[bool, bool]:
    """Whether both claims are attributed to a source with a name in common, or with none."""
    names = [content_words(v.claim.attribution.source or "") if v.claim.attribution else set()
             for v in (a, b)]
    if not names[0] or not names[1]:
        return False, False
    common = bool(names[0] & names[1])
    return common, not common


@dataclass(frozen=True)
class AgreementModel:
    """A logistic regression over :data:`FEATURES`."""

    weights: np.ndarray
    bias: float

    def probability(self, features: np.ndarray) -> float:
        """The probability that the two claims tell one fact."""
        return 1.0 / (1.0 + math.exp(-(float(features @ self.weights) + self.bias)))

    def best_case(self, features: np.ndarray) -> float:
        """The highest probability any answer of the relation model could give the pair: what
        decides whether asking it could make the pair corroborate."""
        score = self.bias
        for name, weight, value in zip(FEATURES, self.weights, features, strict=True):
            score += max(weight, 0.0) if name in MODEL_FEATURES else weight * value
        return 1.0 / (1.0 + math.exp(-score))


@cache
def load_agreement(path: Path = WEIGHTS) -> AgreementModel:
    """The agreement model (weights read once per process);
    :class:`~crosswire.errors.ModelError` when its file is missing, damaged or not for these
    features."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ModelError(f"{path}: its features are not the comparison's "
                             f"({', '.join(data['features'])})")
        return AgreementModel(np.asarray(data["weights"], dtype=np.float64), float(data["bias"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{path}: cannot read the agreement model ({exc})") from exc
