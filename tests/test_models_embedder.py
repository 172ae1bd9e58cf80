"""The bundled sentence embedder: shape, unit length, agreement with fp32, stability."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from crosswire.models import Embedder, ModelOptions, load_embedder
from crosswire.models._onnx import MODELS_DIR

REFERENCE = MODELS_DIR / "all-minilm-l6-v2" / "reference.json"


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder()


@pytest.fixture(scope="module")
def reference() -> dict[str, list]:
    data: dict[str, list] = json.loads(Path(REFERENCE).read_text(encoding="utf-8"))
    return data


def test_models_embedder_shape_and_unit_length(embedder: Embedder) -> None:
    vectors = embedder.encode(["Kim Jong-un wept at the ceremony.", "Markets fell on Monday."])
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_models_embedder_agrees_with_fp32_reference(
    embedder: Embedder, reference: dict[str, list]
) -> None:
    ours = embedder.encode(reference["sentences"])
    ref = np.asarray(reference["embeddings"], dtype=np.float32)
    cosines = (ours * ref).sum(axis=1)
    assert cosines.mean() >= 0.99
    assert cosines.min() >= 0.97


def test_models_embedder_empty_input(embedder: Embedder) -> None:
    assert embedder.encode([]).shape == (0, 384)


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_models_embedder_order_kept_across_batch_sizes(
    embedder: Embedder, reference: dict[str, list], batch_size: int
) -> None:
    sentences = reference["sentences"][:7]
    small = load_embedder(options=ModelOptions(batch_size=batch_size)).encode(sentences)
    ref = np.asarray(reference["embeddings"][:7], dtype=np.float32)
    # row i must still be sentence i, whatever order the batches ran in
    assert np.all((small * ref).sum(axis=1) > 0.97)


def test_models_embedder_similar_sentences_closer(embedder: Embedder) -> None:
    a, b, c = embedder.encode(
        [
            "North Korean soldiers were killed fighting for Russia in Kursk.",
            "Troops from North Korea died in the Kursk region while fighting on Russia's side.",
            "The recipe calls for two cups of flour and a pinch of salt.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.3


def test_models_embedder_rejects_single_string(embedder: Embedder) -> None:
    with pytest.raises(TypeError):
        embedder.encode("one string")  # type: ignore[arg-type]


def test_models_embedder_loader_is_cached() -> None:
    assert load_embedder() is load_embedder()


def test_models_embedder_a_text_embeds_the_same_whatever_it_is_read_with(
        embedder: Embedder) -> None:
    text = "Kim was seen placing his hand on a North Korean flag draped over a grave."
    others = ["Six coffins were displayed during the commemorative event, despite far higher "
              "casualty figures reported by the British Ministry of Defence.", "Pyongyang said."]
    alone = embedder.encode([text])[0]
    assert np.array_equal(alone, embedder.encode([others[0], text, others[1]])[1])
