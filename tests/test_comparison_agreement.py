"""The agreement model: a pair's evidence taken together (``CompareOptions.agreement``), on
short articles of our own through the real path (read, clean, analyse with spaCy, compare
with the bundled models)."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime

import numpy as np
import pytest

import crosswire
from crosswire.api import Options, analyse_articles
from crosswire.comparison import CompareOptions, compare_articles
from crosswire.comparison.agreement import (
    FEATURES,
    MODEL_FEATURES,
    WEIGHTS,
    agreement_features,
    load_agreement,
)
from crosswire.comparison.relations import decide, weigh_checks

LIBRARY = ("The city council voted on Tuesday to close the downtown library next spring, "
           "ending a century of service.",
           "On Tuesday the city council voted to close the downtown library in the spring, "
           "officials said.")
SPEAKERS = ("Mayor Anna Smith said the city council will close the downtown library next "
            "spring to save money.",
            "Councilman Mark Jones said the council will close the library downtown in the "
            "spring, to save money on repairs.")


def evidence_of(*texts: str):  # type: ignore[no-untyped-def]
    articles = [crosswire.read_text(t, outlet=f"Outlet {n}", title=f"Story {n}",
                                    published=datetime(2018, 12, 20))
                for n, t in enumerate(texts, start=1)]
    analysed = analyse_articles(articles, options=Options())
    found = compare_articles(analysed, options=CompareOptions(keep_related=True))
    pairs = [(e, found.views[e.candidate.a], found.views[e.candidate.b])
             for e in found.evidence if e.modelled]
    assert pairs, "the model read no pair"
    return max(pairs, key=lambda p: p[0].candidate.similarity)


def features_of(evidence, a, b, options: CompareOptions) -> np.ndarray:  # type: ignore[no-untyped-def]
    weighed = weigh_checks(evidence, options.thresholds, a, b)
    return agreement_features(evidence, a, b, acts=weighed.acts,
                              same_counts=weighed.same_counts, soft=bool(weighed.soft),
                              negated=weighed.negated is not None)


def undecided(evidence):  # type: ignore[no-untyped-def]
    """The pair as the model might read it where no other route decides: neither entails the
    other, and the same-fact head is unsure."""
    return dataclasses.replace(evidence, ab=np.array([0.2, 0.79, 0.01]),
                               ba=np.array([0.2, 0.79, 0.01]), supports=(),
                               same_fact=np.array([0.55, 0.0, 0.45]))


def test_agreement_weights_are_the_comparisons_features() -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    model = load_agreement()
    assert model.weights.shape == (len(FEATURES),)
    held_out = data["scores"]["held_out"]
    assert held_out["sentence_pairs"] > 300 and 0.5 < held_out["auc"] <= 1.0


def test_agreement_features_lie_in_unit_range_and_best_case_bounds_every_reading() -> None:
    found, a, b = evidence_of(*LIBRARY)
    features = features_of(found, a, b, CompareOptions())
    assert features.shape == (len(FEATURES),)
    assert ((features >= 0) & (features <= 1)).all()
    model = load_agreement()
    rng = np.random.default_rng(7)
    model_columns = [i for i, name in enumerate(FEATURES) if name in MODEL_FEATURES]
    for _ in range(200):
        other = features.copy()
        other[model_columns] = rng.random(len(model_columns))
        assert model.probability(other) <= model.best_case(features) + 1e-12


#: the routes that would corroborate the library pair first (the same act in close words,
#: close words alone) left out, so that the pair reaches the agreement model
ALONE = {"agree": 1.0, "close_cosine": 0.0}


def test_agreement_corroborates_only_when_set() -> None:
    found, a, b = evidence_of(*LIBRARY)
    found = undecided(found)
    off = decide(found, CompareOptions(**ALONE).thresholds, a.text, b.text, a, b)
    assert off is None or off[0] != "corroborates"
    on = decide(found, CompareOptions(agreement=0.85, **ALONE).thresholds, a.text, b.text, a, b)
    assert on is not None and on[0] == "corroborates", on
    assert on[2][0].startswith("Both tell the same fact: they give the same act (vote)")
    assert any("agreement model" in reason for reason in on[2])


def test_agreement_never_joins_two_speakers() -> None:
    found, a, b = evidence_of(*SPEAKERS)
    found = undecided(found)
    options = CompareOptions(agreement=0.85, **ALONE)
    features = dict(zip(FEATURES, features_of(found, a, b, options), strict=True))
    assert features["sources_apart"] == 1.0
    decision = decide(found, options.thresholds, a.text, b.text, a, b)
    assert decision is None or decision[0] != "corroborates"


@pytest.mark.parametrize("change", ["negation", "different facts"])
def test_agreement_yields_to_a_negation_or_a_sure_different_facts(change: str) -> None:
    texts = LIBRARY if change != "negation" else (
        LIBRARY[0], "On Tuesday the city council did not vote to close the downtown library in "
                    "the spring, officials said.")
    found, a, b = evidence_of(*texts)
    found = undecided(found)
    if change == "different facts":
        found = dataclasses.replace(found, same_fact=np.array([0.05, 0.0, 0.95]))
    options = CompareOptions(agreement=0.5, **ALONE)
    decision = decide(found, options.thresholds, a.text, b.text, a, b)
    assert decision is None or decision[0] != "corroborates", decision
