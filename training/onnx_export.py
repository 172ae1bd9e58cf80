"""ONNX export and int8 quantisation shared by the embedder and the classifiers.

The graph is exported unfused (the TorchScript exporter, opset 17, no graph
optimisation) and quantised to int8 weights in blocks of 32 along each weight's
input dimension (:func:`quantise_blockwise`: onnxruntime's ``MatMulNBits``,
8 bits, symmetric, computing with int8 activations quantised row by row), the
embedding tables to int8 with one scale each.

Row-by-row activation scales make each text's output independent of the other
texts in its batch. :func:`quantise_int8`, the dynamic quantisation the models
were first shipped with, takes one activation scale per batch: the same pair
of claims got entailment probabilities up to 0.25 apart depending on what it
was batched with (per-tensor weight scales there cost the embedder several
points of cosine agreement; per-channel scales keep it above 0.99).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import onnx
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from torch import nn

OPSET = 17
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids"]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_fp32(model: nn.Module, out: Path, *, output_name: str) -> Path:
    """Export ``model(input_ids, attention_mask, token_type_ids)`` with dynamic batch and length."""
    model = model.eval().float()
    ids = torch.tensor([[101, 7592, 2088, 2003, 1037, 3231, 102], [101, 2178, 102, 0, 0, 0, 0]])
    mask = (ids != 0).long()
    types = torch.zeros_like(ids)
    out.parent.mkdir(parents=True, exist_ok=True)
    axes: dict[str, dict[int, str]] = {name: {0: "batch", 1: "tokens"} for name in INPUT_NAMES}
    axes[output_name] = {0: "batch"} if output_name == "logits" else {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            model,
            (ids, mask, types),
            str(out),
            dynamo=False,
            input_names=INPUT_NAMES,
            output_names=[output_name],
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
        )
    onnx.checker.check_model(str(out))
    return out


def quantise_int8(fp32: Path, out: Path) -> Path:
    """Dynamic int8 quantisation, per output channel, of MatMul weights and embedding tables."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.onnx")
    quantize_dynamic(
        str(fp32),
        str(tmp),
        per_channel=True,
        weight_type=QuantType.QInt8,
        op_types_to_quantize=["MatMul", "Gather"],
    )
    shutil.move(str(tmp), str(out))
    return out


def quantise_blockwise(fp32: Path, out: Path, *, block_size: int = 32) -> Path:
    """8-bit block-wise weights for every MatMul with a constant weight (``MatMulNBits``,
    symmetric, int8 compute: ``accuracy_level=4``), then int8 embedding tables (weights only,
    dequantised on lookup). Needs ``onnx-ir``."""
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".matmul.onnx")
    config = DefaultWeightOnlyQuantConfig(block_size=block_size, is_symmetric=True,
                                          accuracy_level=4, bits=8,
                                          op_types_to_quantize=("MatMul",))
    quantiser = MatMulNBitsQuantizer(onnx.load(str(fp32)), bits=8, block_size=block_size,
                                     is_symmetric=True, accuracy_level=4,
                                     op_types_to_quantize=("MatMul",), algo_config=config)
    quantiser.process()
    quantiser.model.save_model_to_file(str(tmp), use_external_data_format=False)
    final = out.with_suffix(".tmp.onnx")
    quantize_dynamic(str(tmp), str(final), per_channel=False, weight_type=QuantType.QInt8,
                     op_types_to_quantize=["Gather"])
    tmp.unlink()
    shutil.move(str(final), str(out))
    return out


#: how :func:`quantise_blockwise` quantises, for the manifests
BLOCKWISE = ("onnxruntime MatMulNBits: 8-bit symmetric weights in blocks of 32 along the input "
             "dimension, accuracy_level 4 (int8 activations quantised row by row, so a text's "
             "output does not depend on its batch); embedding tables int8 (quantize_dynamic, "
             "Gather only)")


def write_manifest(model_dir: Path, info: dict[str, Any]) -> Path:
    """``manifest.json``: the sha256 and size of every shipped file, plus ``info``."""
    files = {
        p.name: {"sha256": sha256_file(p), "bytes": p.stat().st_size}
        for p in sorted(model_dir.iterdir())
        if p.name in {"model.onnx", "tokenizer.json"}
    }
    manifest = {"files": files, **info}
    path = model_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path
