"""The bundled models: predict() only, no side effects, no torch.

- :func:`load_embedder` -> :class:`Embedder`: ``encode(texts)`` gives unit-length
  all-MiniLM-L6-v2 vectors (int8 ONNX, mean pooling).
- :func:`load_nli` -> :class:`NLIModel`: ``predict(pairs)`` gives probabilities
  of entailment, neutral and contradiction for ``(premise, hypothesis)`` pairs;
  ``load_nli("hf:<name or path>")`` uses a Hugging Face cross-encoder instead. The
  bundled one also answers ``same_fact(pairs)``: do two claims state the same fact,
  told alike or in conflict, or different facts (symmetric in the pair).
- :func:`load_checkworthiness` -> :class:`CheckworthinessModel`: ``predict(texts)``
  gives the probability that each sentence is worth fact-checking.

Each bundled model lives in a folder here with ``model.onnx``, ``tokenizer.json``,
``MODEL_CARD.md`` and ``manifest.json``; loaders check the files' sha256 against
the manifest and raise :class:`crosswire.errors.ModelError` on a mismatch.
Loaded models are cached per options.
"""

from __future__ import annotations

from crosswire.models._nli_types import NLI_LABELS, NLIPredictor
from crosswire.models._onnx import ModelOptions
from crosswire.models.checkworthiness import CheckworthinessModel, load_checkworthiness
from crosswire.models.embedder import Embedder, load_embedder
from crosswire.models.nli import SAME_FACT_LABELS, NLIModel, load_nli

__all__ = [
    "NLI_LABELS",
    "SAME_FACT_LABELS",
    "CheckworthinessModel",
    "Embedder",
    "ModelOptions",
    "NLIModel",
    "NLIPredictor",
    "load_checkworthiness",
    "load_embedder",
    "load_nli",
]
