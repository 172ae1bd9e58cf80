"""The bundled check-worthiness classifier: output contract and clear cases."""

from __future__ import annotations

import numpy as np
import pytest

from crosswire.models import CheckworthinessModel, load_checkworthiness


@pytest.fixture(scope="module")
def model() -> CheckworthinessModel:
    return load_checkworthiness()


def test_models_checkworthiness_probabilities(model: CheckworthinessModel) -> None:
    probs = model.predict(["Unemployment fell to 3.5 percent last year.", "Hello."])
    assert probs.shape == (2,)
    assert probs.dtype == np.float32
    assert np.all((probs >= 0.0) & (probs <= 1.0))
    assert model.threshold == 0.5


@pytest.mark.parametrize(
    ("text", "worthy"),
    [
        ("Unemployment fell to 3.5 percent last year, the lowest in fifty years.", True),
        (
            "The British Ministry of Defence estimates approximately 6,000 North Korean troops "
            "have been killed or wounded.",
            True,
        ),
        ("Thank you all for coming tonight.", False),
        ("I think we should all take a moment to reflect.", False),
    ],
)
def test_models_checkworthiness_clear_cases(
    model: CheckworthinessModel, text: str, worthy: bool
) -> None:
    assert bool(model.predict([text])[0] >= model.threshold) is worthy


def test_models_checkworthiness_empty_input(model: CheckworthinessModel) -> None:
    assert model.predict([]).shape == (0,)


def test_models_checkworthiness_rejects_single_string(model: CheckworthinessModel) -> None:
    with pytest.raises(TypeError):
        model.predict("one string")  # type: ignore[arg-type]
