"""Natural language inference: does a premise entail, leave open or contradict a hypothesis?

The bundled model is a MiniLM-L6 cross-encoder trained by ``training/train.py``
and ``training/train_same_fact.py`` and shipped as int8 ONNX; :func:`load_nli`
with ``backend="hf:<name or path>"`` loads any Hugging Face sequence-classification
NLI model instead (needs the ``[torch]`` extra). Both give the same interface:
:meth:`NLIModel.predict`.

The bundled model has a second head for the question the comparison asks of two
outlets' claims: do they state **the same fact**, in agreement or with a detail in
conflict, or different facts? :meth:`NLIModel.same_fact` answers it symmetrically
(the mean over both orders of the pair); :meth:`NLIModel.predict_relations` gives
both heads for one order, for a caller that reads both orders anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
from tokenizers import Encoding

from crosswire.errors import ModelError
from crosswire.models._nli_types import NLI_LABELS, NLIPredictor, Pair, check_pairs
from crosswire.models._onnx import (
    Bundle,
    ModelOptions,
    OnnxRunner,
    bundled,
    load_once,
    softmax,
)

logger = logging.getLogger(__name__)

NLI_NAME = "nli-minilm-l6"
ENTAILMENT, NEUTRAL, CONTRADICTION = 0, 1, 2
#: the same-fact head: the same fact told alike, the same fact with a detail in conflict,
#: different facts (or unrelated)
SAME_FACT_LABELS: tuple[str, str, str] = ("same_agree", "same_conflict", "different")
SAME_AGREE, SAME_CONFLICT, DIFFERENT = 0, 1, 2
DEFAULT_MAX_LENGTH = 256

class NLIModel:
    """The bundled cross-encoder.

    ``predict(pairs)`` takes ``(premise, hypothesis)`` pairs and returns an
    ``(n, 3)`` float32 array of probabilities in the order of :data:`NLI_LABELS`:
    entailment, neutral, contradiction. It has no side effects.
    """

    labels = NLI_LABELS

    def __init__(self, bundle: Bundle, options: ModelOptions) -> None:
        self.name = bundle.name
        self.options = options
        self.manifest = bundle.manifest
        manifest_labels = tuple(bundle.manifest.get("labels", NLI_LABELS))
        if manifest_labels != NLI_LABELS:
            raise ModelError(
                f"{bundle.directory}: labels {manifest_labels} are not {NLI_LABELS}"
            )
        self._runner = OnnxRunner.for_options(bundle, options, max_length=DEFAULT_MAX_LENGTH)
        heads = tuple(bundle.manifest.get("same_fact_labels", ()))
        if heads and heads != SAME_FACT_LABELS:
            raise ModelError(
                f"{bundle.directory}: same-fact labels {heads} are not {SAME_FACT_LABELS}"
            )
        if heads and "same_fact" not in self._runner.output_names:
            raise ModelError(f"{bundle.directory}: the manifest names a same-fact head, "
                             "the graph has no 'same_fact' output")
        self._outputs = (self._runner.output_names[0], "same_fact") if heads else ()

    @property
    def has_same_fact(self) -> bool:
        """Whether the model has the same-fact head (:meth:`same_fact`)."""
        return bool(self._outputs)

    def predict(self, pairs: Sequence[Pair]) -> np.ndarray:
        return self._runner.batched(
            check_pairs(pairs),
            self._predict_batch,
            batch_size=self.options.batch_size,
            width=len(NLI_LABELS),
        )

    def _predict_batch(self, encodings: Sequence[Encoding]) -> np.ndarray:
        logits, _ = self._runner.run(encodings)
        return softmax(logits)

    def predict_relations(self, pairs: Sequence[Pair]) -> tuple[np.ndarray, np.ndarray]:
        """Both heads for each ``(a, b)`` pair in the order given: ``(n, 3)`` NLI
        probabilities (:data:`NLI_LABELS`) and ``(n, 3)`` same-fact probabilities
        (:data:`SAME_FACT_LABELS`) of this order alone. Raises :class:`ModelError` when
        the model has no same-fact head."""
        if not self._outputs:
            raise ModelError(f"{self.name}: this model has no same-fact head")
        both = self._runner.batched(
            check_pairs(pairs),
            self._relations_batch,
            batch_size=self.options.batch_size,
            width=2 * len(NLI_LABELS),
        )
        return both[:, :3], both[:, 3:]

    def _relations_batch(self, encodings: Sequence[Encoding]) -> np.ndarray:
        nli, same = self._runner.run_outputs(encodings, self._outputs)
        return np.concatenate([softmax(nli), softmax(same)], axis=1)

    def same_fact(self, pairs: Sequence[Pair]) -> np.ndarray:
        """Whether each pair of claims states the same fact: ``(n, 3)`` probabilities in the
        order of :data:`SAME_FACT_LABELS` (told alike, in conflict, different facts), the
        mean of the pair read in both orders, so ``same_fact([(a, b)])`` equals
        ``same_fact([(b, a)])``."""
        checked = check_pairs(pairs)
        _, forward = self.predict_relations(checked)
        _, backward = self.predict_relations([(b, a) for a, b in checked])
        return (forward + backward) / 2


def _load(backend: str, options: ModelOptions) -> NLIPredictor:
    if backend == "bundled":
        model: NLIPredictor = NLIModel(bundled(NLI_NAME), options)
    elif backend.startswith("hf:") and len(backend) > 3:
        from crosswire.models.hf import HFNLIModel

        model = HFNLIModel(backend[3:], options)
    else:
        raise ModelError(
            f"unknown NLI backend {backend!r}: use 'bundled' or 'hf:<model name or local path>'"
        )
    logger.info("loaded NLI model %s", model.name)
    return model


def load_nli(backend: str = "bundled", *, options: ModelOptions | None = None) -> NLIPredictor:
    """An NLI model, cached per backend and options.

    ``"bundled"`` (the default) is the int8 ONNX cross-encoder shipped with
    crosswire, verified against its manifest. ``"hf:<name or path>"`` loads a
    Hugging Face cross-encoder through transformers and torch (the ``[torch]``
    extra). Raises :class:`crosswire.errors.ModelError` when the model cannot be
    loaded or fails its hash check.
    """
    chosen = options or ModelOptions()
    return load_once(("nli", backend, chosen), lambda: _load(backend, chosen))
