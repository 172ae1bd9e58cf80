"""Train the relation model's same-fact head beside its NLI head, on the CPU if need be.

    .venv-train/bin/python training/train_same_fact.py --data .carry/samefact \\
        --start src/crosswire/models/nli-minilm-l6/model.onnx --out .carry/samefact-run

The model (``minilm.SameFactClassifier``) is the bundled NLI cross-encoder with a
second three-way head on the same pooled vector: the same fact in agreement, the
same fact in conflict, different facts. Training starts from the bundled model's
weights (dequantised from its int8 graph, ``minilm.state_from_int8_onnx``; the new
head is seeded) or, with ``--base``, from a trainer's fp16 weights.

Each step's loss is the same-fact cross-entropy on the rows that carry a same-fact
label plus the NLI loss of ``train.py`` on the rows that carry an NLI label
(DocNLI replay keeps the entailment head where it was). The same-fact question is
symmetric, so each same-fact row is read in a random order every time it is drawn;
a row read reversed drops its NLI label, which is directional.

With ``--symmetric`` the same-fact loss is read off the mean of both orders'
probabilities, the quantity the comparison uses, so each same-fact row is read both
ways in every step. ``--device cuda`` trains on a GPU (``gpu_same_fact.sh`` runs
several settings side by side there).

Checkpoints (model, optimiser, schedule, step) go to ``--out/checkpoint.pt`` every
``--checkpoint-every`` steps; started again with the same arguments, the run resumes
from the last one and goes through the same batches it would have. The validation
set is scored every ``--eval-every`` steps and at the end; the weights with the best
validation score (by default the mean of ECB+ development same-event AUC, same-fact
accuracy and DocNLI binary accuracy; ``--select`` names other keys, such as
``basil_auc`` of the labelled BASIL pairs) are written to ``trained-fp16.safetensors``.
Deterministic for a given seed and machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from minilm import (  # noqa: E402
    EMBEDDER_ONNX,
    SameFactClassifier,
    state_from_int8_onnx,
    word_embeddings_from_onnx,
)
from train import batches, collate, nli_loss  # noqa: E402

#: where the model trains and predicts (``--device``)
DEVICE = torch.device("cpu")

FROZEN = ("bert.embeddings.word_embeddings.weight",)
SOURCE_WEIGHTS = {"fnc1/disagree": 2.0, "claimdiff/weaken": 2.0}


def read_rows(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def encode(tok: Tokenizer, rows: list[dict[str, Any]], *, reverse: bool) -> list[list[list[int]]]:
    pairs = [(r["h"], r["p"]) if reverse else (r["p"], r["h"]) for r in rows]
    return [[e.ids, e.type_ids] for e in tok.encode_batch(pairs)]


@torch.no_grad()
def predict(model: SameFactClassifier, forward: list, backward: list) -> dict[str, np.ndarray]:
    """NLI probabilities in the given order; same-fact probabilities averaged over both."""
    model.eval()
    n = len(forward)
    nli = np.zeros((n, 3), dtype=np.float32)
    sf = np.zeros((n, 3), dtype=np.float32)
    for encoded, keep_nli in ((forward, True), (backward, False)):
        lengths = [len(e[0]) for e in encoded]
        for idx in batches(lengths, 64, random.Random(0), shuffle=False):
            ids, mask, types = collate(encoded, idx, DEVICE)
            a, b = model(ids, mask, types)
            if keep_nli:
                nli[idx] = torch.softmax(a.float(), -1).cpu().numpy()
            sf[idx] += torch.softmax(b.float(), -1).cpu().numpy() / 2
    model.train()
    return {"nli": nli, "sf": sf}


def auc(scores: np.ndarray, gold: np.ndarray) -> float:
    pos, neg = scores[gold], scores[~gold]
    if not len(pos) or not len(neg):
        return 0.0
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def precision_recall(scores: np.ndarray, gold: np.ndarray, cut: float) -> tuple[float, float]:
    """Precision and recall of ``scores >= cut`` against ``gold``."""
    pred = scores >= cut
    tp = float((pred & gold).sum())
    return tp / max(float(pred.sum()), 1.0), tp / max(float(gold.sum()), 1.0)


def metrics(probs: dict[str, np.ndarray], rows: list[dict[str, Any]],
            select: tuple[str, ...] = ()) -> dict[str, float]:
    out: dict[str, float] = {}
    src = np.array([r["src"] for r in rows])
    sf = np.array([r["sf"] for r in rows])
    nli = np.array([r["nli"] for r in rows])
    ecb = np.char.startswith(src.astype(str), "ecb/")
    if ecb.any():
        score = probs["sf"][ecb, 0]
        gold = sf[ecb] == 0
        out["ecb_dev_auc"] = auc(score, gold)
        out["ecb_dev_precision"], out["ecb_dev_recall"] = precision_recall(score, gold, 0.5)
    labelled = sf >= 0
    out["sf_val_acc"] = float((probs["sf"][labelled].argmax(1) == sf[labelled]).mean())
    for name in ("claimdiff", "fnc1", "synthetic", "basil"):
        sel = labelled & np.char.startswith(src.astype(str), name)
        if sel.any():
            out[f"sf_{name}_acc"] = float((probs["sf"][sel].argmax(1) == sf[sel]).mean())
    for name in ("basil", "neus", ""):
        # the pairs labelled by reading: BASIL sentences, NeuS claims, and both together
        chosen = np.char.find(src.astype(str), "/labelled_") >= 0
        if name:
            chosen &= np.char.startswith(src.astype(str), f"{name}/")
        if not chosen.any():
            continue
        key = name or "labelled"
        score = probs["sf"][chosen, 0]
        gold = sf[chosen] == 0
        out[f"{key}_auc"] = auc(score, gold)
        for cut in (0.8, 0.9):
            out[f"{key}_precision_{cut}"], out[f"{key}_recall_{cut}"] = precision_recall(
                score, gold, cut)
    for name in ("mnli", "fever"):
        sel = src == f"docnli/{name}"
        if sel.any():
            out[f"{name}_val_binary_acc"] = float(((probs["nli"][sel, 0] > 0.5)
                                                   == (nli[sel] == 0)).mean())
    docnli = [out[k] for k in ("mnli_val_binary_acc", "fever_val_binary_acc") if k in out]
    out["docnli_val_binary_acc"] = float(np.mean(docnli)) if docnli else 0.0
    keys = select or ("ecb_dev_auc", "sf_val_acc", "docnli_val_binary_acc")
    out["select"] = float(np.mean([out.get(k, 0.0) for k in keys]))
    return out


def trainable_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().to(torch.float16).cpu().contiguous()
            for k, v in model.state_dict().items() if k not in FROZEN}


def save_atomic(obj: Any, path: Path) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--start", type=Path, default=EMBEDDER_ONNX.parent.parent / "nli-minilm-l6"
                    / "model.onnx", help="int8 graph of the bundled NLI model to start from")
    ap.add_argument("--base", type=Path, default=None,
                    help="fp16 trained weights (train.py's output) to start from instead")
    ap.add_argument("--tokenizer", type=Path,
                    default=EMBEDDER_ONNX.parent.parent / "nli-minilm-l6" / "tokenizer.json")
    ap.add_argument("--train-file", default="train.jsonl.gz",
                    help="the training rows under --data (several: comma-separated; a pair "
                         "met twice is read once)")
    ap.add_argument("--val-file", default="val.jsonl.gz",
                    help="the validation rows under --data")
    ap.add_argument("--select", default="",
                    help="comma-separated validation keys whose mean picks the kept weights "
                         "(default: ecb_dev_auc, sf_val_acc, docnli_val_binary_acc)")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--warmup", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--checkpoint-every", type=int, default=50)
    ap.add_argument("--eval-every", type=int, default=150)
    ap.add_argument("--limit", type=int, default=None, help="rows per file (smoke tests)")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--symmetric", action="store_true",
                    help="same-fact loss on the mean of both orders' probabilities")
    ap.add_argument("--word-embeddings", type=Path, default=None,
                    help="the frozen word-embedding table as safetensors (default: read "
                         "from the bundled embedder's graph)")
    ap.add_argument("--weight", action="append", default=[], metavar="SRC=W",
                    help="loss weight of the rows whose source starts with SRC")
    ap.add_argument("--time-budget", type=float, default=None,
                    help="seconds of training after which the run scores and stops")
    args = ap.parse_args()
    global DEVICE
    DEVICE = torch.device(args.device)
    weights = dict(SOURCE_WEIGHTS)
    for item in args.weight:
        src, _, w = item.partition("=")
        weights[src] = float(w)

    select = tuple(k for k in args.select.split(",") if k)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    log = open(args.out / "train.log", "a", encoding="utf-8")

    def say(msg: str) -> None:
        print(msg, flush=True)
        log.write(msg + "\n")
        log.flush()

    train_rows, seen = [], set()
    for name in args.train_file.split(","):
        for row in read_rows(args.data / name)[: args.limit]:
            if (row["p"], row["h"]) not in seen:
                seen.add((row["p"], row["h"]))
                train_rows.append(row)
    val_rows = read_rows(args.data / args.val_file)[: args.limit]
    tok = Tokenizer.from_file(str(args.tokenizer))
    tok.no_padding()
    tok.enable_truncation(max_length=args.max_length)
    t0 = time.time()
    fwd = encode(tok, train_rows, reverse=False)
    bwd = encode(tok, train_rows, reverse=True)
    val_fwd = encode(tok, val_rows, reverse=False)
    val_bwd = encode(tok, val_rows, reverse=True)
    say(f"{len(train_rows)} train, {len(val_rows)} val rows, tokenized in {time.time() - t0:.1f}s,"
        f" {args.threads} CPU threads, torch {torch.__version__}, device {DEVICE}")

    model = SameFactClassifier()
    if args.base is not None:
        state = {k: v.float() for k, v in load_file(str(args.base)).items()}
    else:
        state = state_from_int8_onnx(args.start)
    if args.word_embeddings is not None:
        table = next(iter(load_file(str(args.word_embeddings)).values())).float()
    else:
        table = word_embeddings_from_onnx(EMBEDDER_ONNX)
    state["bert.embeddings.word_embeddings.weight"] = table
    missing = model.load_state_dict(state, strict=False)
    if set(missing.missing_keys) - {"same_fact.weight", "same_fact.bias"} or missing.unexpected_keys:
        raise SystemExit(f"weights do not fit the model: {missing}")
    for name, p in model.named_parameters():
        p.requires_grad = name not in FROZEN
    model.to(DEVICE)
    model.train()

    sf_all = torch.tensor([r["sf"] for r in train_rows])
    nli_all = torch.tensor([r["nli"] for r in train_rows])
    def weight(src: str) -> float:
        hits = [w for prefix, w in weights.items() if src.startswith(prefix)]
        return max(hits, key=abs) if hits else 1.0

    w_all = torch.tensor([weight(r["src"]) for r in train_rows])
    head = [p for n, p in model.named_parameters() if n.startswith("same_fact.")]
    decay = [p for n, p in model.named_parameters()
             if p.requires_grad and p.ndim >= 2 and not n.startswith("same_fact.")]
    no_decay = [p for n, p in model.named_parameters()
                if p.requires_grad and p.ndim < 2 and not n.startswith("same_fact.")]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": no_decay, "weight_decay": 0.0},
                             {"params": head, "weight_decay": 0.0, "lr": args.head_lr}],
                            lr=args.lr)
    lengths = [max(len(a[0]), len(b[0])) for a, b in zip(fwd, bwd, strict=True)]
    per_epoch = math.ceil(len(train_rows) / args.batch_size)
    total = max(1, int(per_epoch * args.epochs))
    warm = max(1, int(total * args.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))

    plan: list[tuple[list[int], list[bool]]] = []
    order_rng = random.Random(args.seed)
    while len(plan) < total:
        for idx in batches(lengths, args.batch_size, order_rng, shuffle=True):
            plan.append((idx, [order_rng.random() < 0.5 for _ in idx]))
    plan = plan[:total]

    step, best, history, spent = 0, {"select": -1.0}, [], 0.0
    ckpt = args.out / "checkpoint.pt"
    if ckpt.is_file():
        saved = torch.load(ckpt, weights_only=False, map_location=DEVICE)
        model.load_state_dict(saved["model"])
        opt.load_state_dict(saved["opt"])
        sched.load_state_dict(saved["sched"])
        step, best, history, spent = saved["step"], saved["best"], saved["history"], saved["spent"]
        say(f"resumed at step {step} of {total}")
    else:
        say(f"{total} steps of {args.batch_size} ({args.epochs} epochs)")

    def evaluate() -> None:
        nonlocal best
        t = time.time()
        m = {k: round(v, 4) for k, v in metrics(predict(model, val_fwd, val_bwd), val_rows, select).items()}
        m.update(step=step, eval_seconds=round(time.time() - t, 1), train_seconds=round(spent))
        history.append(m)
        say(json.dumps(m))
        if m["select"] > best["select"]:
            best = dict(m)
            save_file(trainable_state(model), str(args.out / "trained-fp16.safetensors"))

    if step == 0:
        evaluate()
    started = time.time() - spent
    window = time.time()
    while step < total:
        if args.time_budget is not None and time.time() - started > args.time_budget:
            say(f"time budget spent at step {step} of {total}")
            break
        idx, flips = plan[step]
        enc = [bwd[i] if f else fwd[i] for i, f in zip(idx, flips, strict=True)]
        ids, mask, types = collate(enc, list(range(len(idx))), DEVICE)
        sf = sf_all[idx].to(DEVICE)
        nli = torch.where(torch.tensor(flips), torch.full_like(nli_all[idx], -1),
                          nli_all[idx]).to(DEVICE)
        w = w_all[idx].to(DEVICE)
        nli_logits, sf_logits = model(ids, mask, types)
        loss = torch.zeros((), device=DEVICE)
        has_sf = sf >= 0
        if has_sf.any() and args.symmetric:
            # the other order of each row, and the loss on the mean of both orders' probabilities
            other = [fwd[i] if f else bwd[i] for i, f in zip(idx, flips, strict=True)]
            o_ids, o_mask, o_types = collate(other, list(range(len(idx))), DEVICE)
            _, sf_other = model(o_ids, o_mask, o_types)
            mean = (torch.softmax(sf_logits.float(), -1) + torch.softmax(sf_other.float(), -1)) / 2
            nll = -torch.log(mean[has_sf].gather(1, sf[has_sf].unsqueeze(1)).squeeze(1) + 1e-7)
            loss = loss + (nll * w[has_sf]).sum() / w[has_sf].sum()
        elif has_sf.any():
            ce = torch.nn.functional.cross_entropy(sf_logits[has_sf], sf[has_sf], reduction="none")
            loss = loss + (ce * w[has_sf]).sum() / w[has_sf].sum()
        has_nli = nli >= 0
        if has_nli.any():
            loss = loss + nli_loss(nli_logits[has_nli], nli[has_nli], w[has_nli])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        step += 1
        spent = time.time() - started
        if step % 10 == 0:
            say(f"step {step}/{total} loss {loss.item():.4f} "
                f"{(time.time() - window) / 10:.2f}s/step elapsed {spent / 60:.1f} min")
            window = time.time()
        if step % args.eval_every == 0 or step == total:
            evaluate()
        elif args.time_budget is not None and time.time() - started > args.time_budget:
            evaluate()
        if step % args.checkpoint_every == 0 or step == total:
            save_atomic({"model": model.state_dict(), "opt": opt.state_dict(),
                         "sched": sched.state_dict(), "step": step, "best": best,
                         "history": history, "spent": spent}, ckpt)
    summary = {"task": "same_fact", "best": best, "history": history,
               "args": {k: str(v) for k, v in vars(args).items()},
               "device": (torch.cuda.get_device_name(DEVICE) if DEVICE.type == "cuda"
                          else "cpu"),
               "threads": args.threads, "train_seconds": round(spent), "torch": torch.__version__,
               "train_rows": len(train_rows), "val_rows": len(val_rows), "steps": total}
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    say(f"best at step {best.get('step')}: {json.dumps(best)}")


if __name__ == "__main__":
    main()
