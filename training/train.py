"""Fine-tune MiniLM-L6 as the NLI cross-encoder or the check-worthiness classifier.

    python training/train.py nli --data .carry/data --base .carry/minilm --out out/nli
    python training/train.py checkworthiness --data .carry/data --base .carry/minilm --out out/cw

Reads the files ``prepare_data.py`` wrote and the fp16 MiniLM weights
(``model-fp16.safetensors`` and ``tokenizer.json`` under ``--base``). The word
embedding table stays frozen at the values the shipped int8 embedder holds (the rest is
fine-tuned), so the trained weights that differ from the base fit in about 22 MB of
fp16: ``trained-fp16.safetensors``.

NLI loss: cross-entropy over entailment / neutral / contradiction; a binary
"not entailment" row (DocNLI) scores the log of p(neutral) + p(contradiction).
Check-worthiness loss: class-weighted cross-entropy (the classes count equally),
so a probability of 0.5 is the decision point for a balanced set.
After every epoch the validation files are scored; the best epoch is kept.
Deterministic for a given seed and machine (cuDNN nondeterminism aside).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from minilm import (  # noqa: E402
    EMBEDDER_ONNX,
    WORD_KEY,
    PairClassifier,
    word_embeddings_from_onnx,
)

FROZEN = ("bert.embeddings.word_embeddings.weight",)
SOURCE_WEIGHTS = {"fnc1/disagree": 2.0}


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def tokenize(tok: Tokenizer, rows: list[dict[str, Any]], task: str) -> list[list[list[int]]]:
    if task == "nli":
        encs = tok.encode_batch([(r["p"], r["h"]) for r in rows])
    else:
        encs = tok.encode_batch([r["t"] for r in rows])
    return [[e.ids, e.type_ids] for e in encs]


def batches(lengths: list[int], size: int, rng: random.Random, *, shuffle: bool) -> list[list[int]]:
    """Batches of similar length: shuffle, sort within windows of 50 batches, shuffle batches."""
    order = list(range(len(lengths)))
    if shuffle:
        rng.shuffle(order)
    window = size * 50
    out: list[list[int]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lambda i: lengths[i])
        out.extend(chunk[k : k + size] for k in range(0, len(chunk), size))
    if shuffle:
        rng.shuffle(out)
    return out


def collate(encoded: list[list[list[int]]], idx: list[int], device: torch.device):
    width = max(len(encoded[i][0]) for i in idx)
    ids = torch.zeros((len(idx), width), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, i in enumerate(idx):
        n = len(encoded[i][0])
        ids[row, :n] = torch.tensor(encoded[i][0])
        types[row, :n] = torch.tensor(encoded[i][1])
        mask[row, :n] = 1
    return ids.to(device), mask.to(device), types.to(device)


def nli_loss(logits: torch.Tensor, y: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    logp = torch.log_softmax(logits.float(), dim=-1)
    not_ent = torch.logsumexp(logp[:, 1:3], dim=-1)
    picked = logp.gather(1, y.clamp(max=2).unsqueeze(1)).squeeze(1)
    nll = -torch.where(y == 3, not_ent, picked)
    return (nll * w).sum() / w.sum()


@torch.no_grad()
def predict(model, encoded, device, batch_size: int, amp: bool) -> np.ndarray:
    model.eval()
    out = np.zeros((len(encoded), model.classifier.out_features), dtype=np.float32)
    for idx in batches([len(e[0]) for e in encoded], batch_size, random.Random(0), shuffle=False):
        ids, mask, types = collate(encoded, idx, device)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            logits = model(ids, mask, types)
        out[idx] = torch.softmax(logits.float(), dim=-1).cpu().numpy()
    model.train()
    return out


def nli_metrics(probs: np.ndarray, rows: list[dict[str, Any]]) -> dict[str, float]:
    out: dict[str, float] = {}
    src = np.array([r["src"].split("/")[0] for r in rows])
    y = np.array([r["y"] for r in rows])
    for name in ("mnli", "fever"):
        sel = np.array([r["src"] == f"docnli/{name}" for r in rows])
        if sel.any():
            out[f"{name}_val_binary_acc"] = float(((probs[sel, 0] > 0.5) == (y[sel] == 0)).mean())
    three = y != 3
    if three.any():
        out["three_way_val_acc"] = float((probs[three].argmax(1) == y[three]).mean())
        for name in ("fnc1", "synthetic", "claimdiff"):
            sel = three & (src == name)
            if sel.any():
                out[f"{name}_val_acc"] = float((probs[sel].argmax(1) == y[sel]).mean())
    parts = [out.get("mnli_val_binary_acc", 0), out.get("fever_val_binary_acc", 0),
             out.get("three_way_val_acc", 0)]
    out["select"] = float(np.mean(parts))
    return out


def cw_metrics(probs: np.ndarray, rows: list[dict[str, Any]]) -> dict[str, float]:
    y = np.array([r["y"] for r in rows])
    pred = probs[:, 1] >= 0.5
    tp = float((pred & (y == 1)).sum())
    fp = float((pred & (y == 0)).sum())
    fn = float((~pred & (y == 1)).sum())
    f1 = 2 * tp / max(2 * tp + fp + fn, 1)
    # the same with negatives weighted to count as much as positives (a balanced set)
    scale = (y == 1).sum() / max((y == 0).sum(), 1)
    bf1 = 2 * tp / max(2 * tp + fp * scale + fn, 1)
    acc = float((pred == (y == 1)).mean())
    return {"val_f1": f1, "val_balanced_f1": float(bf1), "val_acc": acc, "select": float(bf1)}


def class_weights(y: torch.Tensor) -> torch.Tensor:
    """Weights of the two classes of labels ``y`` so that each counts as much as the other."""
    counts = torch.bincount(y, minlength=2).float()
    return counts.sum() / (2 * counts)


def warmup_then_linear(opt: torch.optim.Optimizer, total: int,
                       warm: int) -> torch.optim.lr_scheduler.LambdaLR:
    """The learning rate rising over ``warm`` steps, then falling linearly to 0 at ``total``."""
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))


def load_base(base: Path) -> dict[str, torch.Tensor]:
    """Base encoder weights (fp32); the word-embedding table from the shipped int8 embedder.

    ``base`` holds ``base-pack.safetensors`` (``pack_base.py``) or the full
    ``model-fp16.safetensors``; either way the frozen word-embedding table is the one
    the int8 embedder holds (``minilm.word_embeddings_from_onnx``), whose sha256 the
    pack records.
    """
    pack = base / "base-pack.safetensors"
    path = pack if pack.is_file() else base / "model-fp16.safetensors"
    state = {k: v.float() for k, v in load_file(str(path)).items()}
    if pack.is_file():
        with safe_open(str(pack), "pt") as fh:
            expected = (fh.metadata() or {}).get("word_embeddings_onnx_sha256")
        actual = hashlib.sha256(EMBEDDER_ONNX.read_bytes()).hexdigest()
        if expected != actual:
            raise SystemExit(f"{EMBEDDER_ONNX}: sha256 {actual}, the pack was made for {expected}")
    state[WORD_KEY] = word_embeddings_from_onnx(EMBEDDER_ONNX)
    return state


def trainable_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().to("cpu", torch.float16).contiguous()
            for k, v in model.state_dict().items() if k not in FROZEN}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("task", choices=["nli", "checkworthiness"])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=None, help="rows per file (smoke tests)")
    ap.add_argument("--max-steps", type=int, default=None, help="stop early (smoke tests)")
    ap.add_argument("--time-budget", type=float, default=None,
                    help="seconds: stop training after the epoch that passes it")
    args = ap.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    amp = device.type == "cuda"
    if amp:
        torch.backends.cuda.matmul.allow_tf32 = True
    args.out.mkdir(parents=True, exist_ok=True)
    log = open(args.out / "train.log", "w", encoding="utf-8")

    def say(msg: str) -> None:
        print(msg, flush=True)
        log.write(msg + "\n")
        log.flush()

    prefix = "nli" if args.task == "nli" else "cw"
    train_rows = read_jsonl(args.data / f"{prefix}_train.jsonl.gz", args.limit)
    val_rows = read_jsonl(args.data / f"{prefix}_val.jsonl.gz", args.limit)
    tok = Tokenizer.from_file(str(args.base / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=args.max_length)
    t0 = time.time()
    train_enc = tokenize(tok, train_rows, args.task)
    val_enc = tokenize(tok, val_rows, args.task)
    say(f"{args.task}: {len(train_rows)} train, {len(val_rows)} val rows, tokenized in "
        f"{time.time() - t0:.1f}s on {device} ({torch.cuda.get_device_name() if amp else 'cpu'})")

    n_labels = 3 if args.task == "nli" else 2
    model = PairClassifier(n_labels)
    model.bert.load_state_dict(load_base(args.base), strict=True)
    for name, p in model.named_parameters():
        p.requires_grad = name not in FROZEN
    model.to(device).train()

    y_all = torch.tensor([r["y"] for r in train_rows])
    if args.task == "nli":
        w_all = torch.tensor([SOURCE_WEIGHTS.get(r["src"], 1.0) for r in train_rows])
    else:
        class_w = class_weights(y_all)
        w_all = class_w[y_all]
        say(f"class weights {class_w.tolist()}")

    decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr,
                            fused=amp)
    rng = random.Random(args.seed)
    lengths = [len(e[0]) for e in train_enc]
    steps_per_epoch = math.ceil(len(train_enc) / args.batch_size)
    total = steps_per_epoch * args.epochs
    warm = max(1, int(total * args.warmup))
    sched = warmup_then_linear(opt, total, warm)

    started = time.time()
    best: dict[str, Any] = {"select": -1.0}
    history = []
    step = 0
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        for idx in batches(lengths, args.batch_size, rng, shuffle=True):
            ids, mask, types = collate(train_enc, idx, device)
            y = y_all[idx].to(device)
            w = w_all[idx].to(device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
                logits = model(ids, mask, types)
            if args.task == "nli":
                loss = nli_loss(logits, y, w)
            else:
                nll = torch.nn.functional.cross_entropy(logits.float(), y, reduction="none")
                loss = (nll * w).sum() / w.sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            if args.max_steps is not None and step >= args.max_steps:
                break
        probs = predict(model, val_enc, device, 256, amp)
        scorer = nli_metrics if args.task == "nli" else cw_metrics
        metrics = scorer(probs, val_rows)
        metrics = {k: round(v, 4) for k, v in metrics.items()}
        metrics.update(epoch=epoch, seconds=round(time.time() - t0, 1), step=step)
        history.append(metrics)
        say(json.dumps(metrics))
        if metrics["select"] > best["select"]:
            best = dict(metrics)
            save_file(trainable_state(model), str(args.out / "trained-fp16.safetensors"))
        if args.max_steps is not None and step >= args.max_steps:
            break
        spent = time.time() - started
        if args.time_budget is not None and spent * (epoch + 1) / epoch > args.time_budget:
            say(f"stopping after epoch {epoch}: another would pass the time budget")
            break
    summary = {"task": args.task, "best": best, "history": history,
               "args": {k: str(v) for k, v in vars(args).items()},
               "device": torch.cuda.get_device_name() if amp else "cpu",
               "torch": torch.__version__, "train_rows": len(train_rows), "val_rows": len(val_rows)}
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    say(f"best epoch {best.get('epoch')}: {json.dumps(best)}")


if __name__ == "__main__":
    main()
