"""Optional NLI backend: any Hugging Face sequence-classification NLI model.

Needs the ``[torch]`` extra (torch, transformers). Loaded with
``load_nli("hf:<name or local path>")``; a name only works where the Hugging Face
hub can be reached or the model is in the local cache. The model's own labels
(``config.id2label``) are mapped onto crosswire's order, entailment / neutral /
contradiction; a two-label model (entailment / not entailment) puts the second
probability under neutral.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from crosswire.errors import ModelError
from crosswire.models._nli_types import NLI_LABELS, Pair, check_pairs
from crosswire.models._onnx import ModelOptions

logger = logging.getLogger(__name__)

_ALIASES = {
    "entailment": 0, "entail": 0, "entailed": 0,
    "neutral": 1, "not_entailment": 1, "non_entailment": 1, "not entailment": 1,
    "contradiction": 2, "contradict": 2, "contradictory": 2,
}


def label_order(id2label: dict[int, str], source: str) -> list[int]:
    """For each of the model's outputs, its index in :data:`NLI_LABELS`."""
    order: list[int] = []
    for i in range(len(id2label)):
        name = str(id2label[i]).strip().lower()
        if name not in _ALIASES:
            raise ModelError(
                f"{source}: label {id2label[i]!r} is not an NLI label "
                "(expected entailment, neutral, contradiction)"
            )
        order.append(_ALIASES[name])
    if sorted(set(order)) not in ([0, 1, 2], [0, 1]) or len(set(order)) != len(order):
        raise ModelError(f"{source}: labels {list(id2label.values())} are not an NLI label set")
    return order


class HFNLIModel:
    """A transformers cross-encoder behind the same ``predict(pairs)`` as :class:`NLIModel`."""

    labels = NLI_LABELS

    def __init__(self, name_or_path: str, options: ModelOptions) -> None:
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise ModelError(
                f"hf:{name_or_path}: the Hugging Face backend needs torch and transformers "
                "(pip install 'crosswire[torch]')"
            ) from exc
        self.name = f"hf:{name_or_path}"
        self.options = options
        self._torch = torch
        try:
            self._tokenizer: Any = AutoTokenizer.from_pretrained(name_or_path)
            self._model: Any = AutoModelForSequenceClassification.from_pretrained(name_or_path)
        except (OSError, ValueError) as exc:
            raise ModelError(f"{self.name}: cannot load the model: {exc}") from exc
        self._model.eval()
        if options.threads is not None:
            torch.set_num_threads(options.threads)
        self._order = label_order(dict(self._model.config.id2label), self.name)
        self._max_length = options.max_length or 512

    def predict(self, pairs: Sequence[Pair]) -> np.ndarray:
        checked = check_pairs(pairs)
        out = np.zeros((len(checked), len(NLI_LABELS)), dtype=np.float32)
        size = self.options.batch_size
        for start in range(0, len(checked), size):
            chunk = checked[start : start + size]
            batch = self._tokenizer(
                [p for p, _ in chunk],
                [h for _, h in chunk],
                padding=True,
                truncation=True,
                max_length=self._max_length,
                return_tensors="pt",
            )
            with self._torch.no_grad():
                logits = self._model(**batch).logits
            probs = self._torch.softmax(logits.float(), dim=-1).numpy()
            for j, target in enumerate(self._order):
                out[start : start + len(chunk), target] += probs[:, j]
        return out
