"""ONNX export and int8 quantisation shared by the embedder and the classifiers.

The graph is exported unfused (the TorchScript exporter, opset 17, no graph
optimisation) and quantised dynamically with one int8 scale per output channel:
per-tensor scales cost the embedder several points of cosine agreement, per-channel
scales keep it above 0.99.

Dynamic quantisation also takes one activation scale per onnxruntime call, so
texts read in one call change one another's outputs; crosswire reads one text per
call by default (``ModelOptions.batch_size``). Weight-only 8-bit block quantisation
(onnxruntime's ``MatMulNBits``), whose outputs do not depend on the batch, was
measured 1.6 to 2 times slower on the project's machine and is not used.
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


def export_fp32(model: nn.Module, out: Path, *, output_name: str | list[str]) -> Path:
    """Export ``model(input_ids, attention_mask, token_type_ids)`` with dynamic batch and length.

    ``output_name`` names the output, or the outputs of a model that returns several
    (per-pair outputs, one row per batch item, except ``last_hidden_state``)."""
    names = [output_name] if isinstance(output_name, str) else list(output_name)
    model = model.eval().float()
    ids = torch.tensor([[101, 7592, 2088, 2003, 1037, 3231, 102], [101, 2178, 102, 0, 0, 0, 0]])
    mask = (ids != 0).long()
    types = torch.zeros_like(ids)
    out.parent.mkdir(parents=True, exist_ok=True)
    axes: dict[str, dict[int, str]] = {name: {0: "batch", 1: "tokens"} for name in INPUT_NAMES}
    for name in names:
        axes[name] = {0: "batch", 1: "tokens"} if name == "last_hidden_state" else {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(
            model,
            (ids, mask, types),
            str(out),
            dynamo=False,
            input_names=INPUT_NAMES,
            output_names=names,
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
