"""Check-worthiness: how likely is a sentence to state a fact worth checking?

A two-layer MiniLM classifier, shipped as int8 ONNX: the first two layers of the
three-layer model shipped before (itself three layers of a MiniLM-L6 model fine-tuned on
ClaimBuster's two-class training set), each cut to half its feed-forward units, trained
further to give the six-layer model's probabilities on news claims and ClaimBuster's labels
(see its model card). It scores ClaimBuster's test set as well as the six-layer model did, in
about half the three-layer model's time a claim.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from tokenizers import Encoding

from crosswire.models._onnx import (
    Bundle,
    ModelOptions,
    OnnxRunner,
    load_bundled,
    softmax,
    texts_only,
)

CHECKWORTHINESS_NAME = "checkworthiness-minilm-l2"
DEFAULT_MAX_LENGTH = 128


class CheckworthinessModel:
    """``predict(texts)`` gives an ``(n,)`` float32 array: the probability that each
    text is check-worthy. ``threshold`` is the decision threshold its scores were
    measured with (a text is check-worthy when its probability is at least that).
    """

    def __init__(self, bundle: Bundle, options: ModelOptions) -> None:
        self.name = bundle.name
        self.options = options
        self.threshold = float(bundle.manifest.get("threshold", 0.5))
        self._runner = OnnxRunner.for_options(bundle, options, max_length=DEFAULT_MAX_LENGTH)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        probs = self._runner.batched(
            texts_only(texts, "predict"),
            self._predict_batch,
            batch_size=self.options.batch_size,
            width=1,
        )
        return np.asarray(probs.reshape(-1), dtype=np.float32)

    def _predict_batch(self, encodings: Sequence[Encoding]) -> np.ndarray:
        logits, _ = self._runner.run(encodings)
        return softmax(logits)[:, 1:2]


def load_checkworthiness(*, options: ModelOptions | None = None) -> CheckworthinessModel:
    """The bundled check-worthiness classifier, verified against its manifest and cached.

    Raises :class:`crosswire.errors.ModelError` when a model file is missing or
    fails its hash check.
    """
    return load_bundled(CheckworthinessModel, CHECKWORTHINESS_NAME, options)
