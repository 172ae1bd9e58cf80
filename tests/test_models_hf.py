"""The optional Hugging Face NLI backend: label mapping, and a clear error without torch."""

from __future__ import annotations

import importlib.util

import pytest

from crosswire.errors import ModelError
from crosswire.models.hf import label_order


@pytest.mark.parametrize(
    ("id2label", "expected"),
    [
        ({0: "entailment", 1: "neutral", 2: "contradiction"}, [0, 1, 2]),
        ({0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"}, [2, 0, 1]),
        ({0: "contradiction", 1: "entailment", 2: "neutral"}, [2, 0, 1]),
        ({0: "entailment", 1: "not_entailment"}, [0, 1]),
    ],
)
def test_models_hf_label_order(id2label: dict[int, str], expected: list[int]) -> None:
    assert label_order(id2label, "test") == expected


@pytest.mark.parametrize(
    "id2label",
    [
        {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
        {0: "entailment", 1: "entailment", 2: "neutral"},
        {0: "neutral", 1: "contradiction"},
    ],
)
def test_models_hf_label_order_rejects_non_nli(id2label: dict[int, str]) -> None:
    with pytest.raises(ModelError):
        label_order(id2label, "test")


@pytest.mark.skipif(
    importlib.util.find_spec("torch") is not None, reason="torch is installed here"
)
def test_models_hf_without_torch_is_a_model_error() -> None:
    from crosswire.models import load_nli

    with pytest.raises(ModelError, match="torch"):
        load_nli("hf:some/cross-encoder")
