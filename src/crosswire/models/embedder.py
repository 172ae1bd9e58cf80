"""Sentence embeddings: all-MiniLM-L6-v2, int8 ONNX, mean pooling, unit length."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from tokenizers import Encoding

from crosswire.models._onnx import (
    Bundle,
    ModelOptions,
    OnnxRunner,
    load_bundled,
    texts_only,
)

EMBEDDER_NAME = "all-minilm-l6-v2"
DIMENSIONS = 384
DEFAULT_MAX_LENGTH = 256


class Embedder:
    """Turns texts into unit-length vectors; the dot product of two is their cosine.

    ``encode`` has no side effects: the same texts give the same vectors, in the
    order given.
    """

    dimensions = DIMENSIONS

    def __init__(self, bundle: Bundle, options: ModelOptions) -> None:
        self.name = bundle.name
        self.options = options
        self._runner = OnnxRunner.for_options(bundle, options, max_length=DEFAULT_MAX_LENGTH)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), 384)`` float32 array of L2-normalised mean-pooled embeddings."""
        return self._runner.batched(
            texts_only(texts, "encode"),
            self._embed_batch,
            batch_size=self.options.batch_size,
            width=DIMENSIONS,
        )

    def _embed_batch(self, encodings: Sequence[Encoding]) -> np.ndarray:
        hidden, feeds = self._runner.run(encodings)
        return pool_and_normalise(hidden, feeds["attention_mask"])


def pool_and_normalise(hidden: np.ndarray, attention_mask: np.ndarray) -> np.ndarray:
    """Mean of the token vectors (padding left out), scaled to unit length."""
    mask = attention_mask[..., None].astype(np.float32)
    summed = (hidden * mask).sum(axis=1)
    pooled = summed / np.clip(mask.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return np.asarray(pooled / np.clip(norms, 1e-12, None), dtype=np.float32)


def load_embedder(*, options: ModelOptions | None = None) -> Embedder:
    """The bundled sentence embedder, verified against its manifest and cached.

    Raises :class:`crosswire.errors.ModelError` when a model file is missing or
    fails its hash check.
    """
    return load_bundled(Embedder, EMBEDDER_NAME, options)
