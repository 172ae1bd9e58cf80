"""The bundled NLI cross-encoder: output contract and clear cases from news text."""

from __future__ import annotations

import numpy as np
import pytest

from crosswire.models import NLI_LABELS, ModelOptions, NLIModel, load_nli
from crosswire.models.nli import CONTRADICTION, ENTAILMENT, NEUTRAL


@pytest.fixture(scope="module")
def nli() -> NLIModel:
    model = load_nli()
    assert isinstance(model, NLIModel)
    return model


def test_models_nli_probabilities(nli: NLIModel) -> None:
    probs = nli.predict([("Kim wept at the ceremony.", "Kim cried."), ("A", "B")])
    assert probs.shape == (2, 3)
    assert probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert nli.labels == NLI_LABELS == ("entailment", "neutral", "contradiction")


@pytest.mark.parametrize(
    ("premise", "hypothesis", "expected"),
    [
        (
            "North Korean leader Kim Jong-un wept at a ceremony in Pyongyang on Sunday for "
            "soldiers killed fighting for Russia.",
            "Kim Jong-un wept at a ceremony.",
            ENTAILMENT,
        ),
        (
            "The British Ministry of Defence estimates approximately 6,000 North Korean troops "
            "have been killed or wounded.",
            "About 6,000 North Korean troops have been killed or wounded, British officials "
            "estimate.",
            ENTAILMENT,
        ),
        (
            "Six coffins were displayed during the commemorative event.",
            "Twelve coffins were displayed during the commemorative event.",
            CONTRADICTION,
        ),
        (
            "Kim was filmed kneeling beside a coffin.",
            "Kim was not filmed kneeling beside a coffin.",
            CONTRADICTION,
        ),
        (
            "The ceremony took place on Sunday.",
            "The ceremony took place on Tuesday.",
            CONTRADICTION,
        ),
        (
            "Kim attended the ceremony on Sunday.",
            "Kim opened a new coastal resort last week.",
            NEUTRAL,
        ),
    ],
)
def test_models_nli_clear_cases(
    nli: NLIModel, premise: str, hypothesis: str, expected: int
) -> None:
    probs = nli.predict([(premise, hypothesis)])[0]
    assert int(probs.argmax()) == expected, probs


def test_models_nli_empty_input(nli: NLIModel) -> None:
    assert nli.predict([]).shape == (0, 3)


@pytest.mark.parametrize("bad", [("premise", "hypothesis"), [("only one",)], [("a", 3)]])
def test_models_nli_rejects_malformed_pairs(nli: NLIModel, bad: object) -> None:
    with pytest.raises(TypeError):
        nli.predict(bad)  # type: ignore[arg-type]


def test_models_nli_order_kept_across_batch_sizes(nli: NLIModel) -> None:
    pairs = [
        ("The ceremony took place on Sunday.", "The ceremony took place on Tuesday."),
        ("Kim wept at a long ceremony for the soldiers who died in Kursk.", "Kim wept."),
        ("Kim attended the ceremony on Sunday.", "Kim opened a new coastal resort last week."),
    ] * 3
    small = load_nli(options=ModelOptions(batch_size=2)).predict(pairs)
    assert small.argmax(axis=1).tolist() == [2, 0, 1] * 3
    np.testing.assert_allclose(small, nli.predict(pairs), atol=0.05)


def test_models_nli_manifest_carries_fnc1_threshold(nli: NLIModel) -> None:
    assert 0.0 < nli.manifest["fnc1"]["related_threshold"] < 1.0


def test_models_nli_a_pair_scores_the_same_whatever_it_is_read_with(nli: NLIModel) -> None:
    pair = ("Kim was seen placing his hand on a North Korean flag draped over a grave.",
            "Kim knelt beside a coffin wrapped in the North Korean flag.")
    others = [
        ("The British Ministry of Defence estimates that about 6,000 North Korean troops have "
         "been killed or wounded in the Kursk region since they were deployed there last year.",
         "Six coffins were displayed."),
        ("Pyongyang stayed silent.", "State media broadcast the ceremony live on Sunday night."),
    ]
    alone = nli.predict([pair])[0]
    with_others = nli.predict([others[0], pair, others[1]])[1]
    assert np.array_equal(alone, with_others)
