"""A smaller check-worthiness classifier: the six-layer MiniLM model's first layers, trained
to give the six-layer model's probabilities on news claims and ClaimBuster's labels.

    git archive c6bdee6 src/crosswire/models/checkworthiness-minilm-l6 \
        | tar -x --strip-components=3 -C .carry       # the six-layer model, as released
    python training/distil_checkworthiness.py --data ../shared/data --out .carry/cw-small \
        --teacher .carry/checkworthiness-minilm-l6 --layers 3 --epochs 4

The student starts from the six-layer model's own weights (dequantised: the embeddings, the
first ``--layers`` encoder layers and the classifier) and learns from two sources:

* ClaimBuster ``two_class/train.json`` (split by sentence id as ``prepare_data.py`` splits it):
  the label, class-weighted as ``train.py`` weighs it, and the six-layer model's probability;
* the claims crosswire finds in news articles (PTC train articles and PolNeAR *train*
  articles, analysed through ``analyse_many``): the six-layer model's probability alone.

After every epoch it scores ClaimBuster's validation split (the balanced F1 ``train.py``
selects on) and its agreement with the six-layer model on the claims of PolNeAR *dev*
articles, which are never trained on; the epoch with the best sum is kept. ClaimBuster's
test set is read only by ``record_scores.py``. Writes ``trained-fp16.safetensors`` (every
weight but the frozen word-embedding table) and ``summary.json`` into ``--out``; export with
``training/export.py checkworthiness``, which reads the number of layers from the weights.
Seeded; runs on the CPU.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.torch import save_file
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from minilm import BertConfig, PairClassifier, state_from_int8_onnx  # noqa: E402
from prepare_data import claimbuster  # noqa: E402
from train import (  # noqa: E402
    FROZEN,
    batches,
    class_weights,
    collate,
    cw_metrics,
    predict,
    trainable_state,
    warmup_then_linear,
)

from crosswire.analyse import AnalysisOptions, analyse_many  # noqa: E402
from crosswire.document import Article  # noqa: E402
from crosswire.models._onnx import ModelOptions, open_bundle  # noqa: E402
from crosswire.models.checkworthiness import CheckworthinessModel  # noqa: E402


def article_paths(data: Path, polnear_limit: int) -> tuple[list[Path], list[Path]]:
    """News articles to train on (PTC train, PolNeAR train) and to check agreement on
    (PolNeAR dev)."""
    ptc = sorted((data / "propaganda" / "ptc" / "train-articles").glob("article*.txt"))
    polnear = data / "attribution" / "polnear"
    train = sorted((polnear / "train" / "text").rglob("*.txt"))[:polnear_limit]
    dev = sorted((polnear / "dev" / "text").rglob("*.txt"))[: max(polnear_limit // 3, 1)]
    return ptc + train, dev


def news_claims(paths: list[Path]) -> list[str]:
    """The texts of the claims crosswire finds in these articles (the scorer's inputs)."""
    articles = [Article.from_text(p.read_text(encoding="utf-8", errors="replace"), source=p.name)
                for p in paths]
    texts: list[str] = []
    seen: set[str] = set()
    options = AnalysisOptions(checkworthiness="none")
    for article in analyse_many(articles, options=options):
        for claim in article.claims:
            if claim.text not in seen:
                seen.add(claim.text)
                texts.append(claim.text)
    return texts


def student(teacher: Path, layers: int, seed: int, start: Path | None = None,
            intermediate: int = 0) -> PairClassifier:
    """The teacher's embeddings, first ``layers`` layers and classifier; or, with ``start``,
    those of a shipped student (its ``model.onnx``, of ``layers`` layers or more). With
    ``intermediate``, each layer keeps that many of its feed-forward units, those whose
    weights in and out weigh most (the product of their norms)."""
    torch.manual_seed(seed)
    if start is not None:
        state = state_from_int8_onnx(start / "model.onnx", layers=None)
    else:
        state = state_from_int8_onnx(teacher / "model.onnx")
    keep = {k: v for k, v in state.items()
            if not k.startswith("bert.encoder.layer.") or int(k.split(".")[3]) < layers}
    width = BertConfig().intermediate
    if intermediate:
        width = intermediate
        for layer in range(layers):
            prefix = f"bert.encoder.layer.{layer}."
            w_in = keep[prefix + "intermediate.dense.weight"]
            w_out = keep[prefix + "output.dense.weight"]
            weight = w_in.norm(dim=1) * w_out.norm(dim=0)
            units = torch.sort(torch.topk(weight, intermediate).indices).values
            keep[prefix + "intermediate.dense.weight"] = w_in[units].contiguous()
            keep[prefix + "intermediate.dense.bias"] = \
                keep[prefix + "intermediate.dense.bias"][units].contiguous()
            keep[prefix + "output.dense.weight"] = w_out[:, units].contiguous()
    model = PairClassifier(2, BertConfig(layers=layers, intermediate=width))
    model.load_state_dict(keep, strict=True)
    return model


def agreement(p: np.ndarray, q: np.ndarray) -> dict[str, float]:
    """How closely ``p`` follows the teacher's ``q``: the share on the same side of 0.5,
    the mean absolute difference and the rank correlation."""
    rank_p, rank_q = np.argsort(np.argsort(p)), np.argsort(np.argsort(q))
    return {"same_side": float(((p >= 0.5) == (q >= 0.5)).mean()),
            "mean_abs_diff": float(np.abs(p - q).mean()),
            "spearman": float(np.corrcoef(rank_p, rank_q)[0, 1])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--teacher", type=Path, default=Path(".carry/checkworthiness-minilm-l6"),
                    help="the six-layer model's folder (model.onnx, tokenizer.json, manifest.json)")
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--start", type=Path, default=None,
                    help="a shipped student's folder to start from instead of the teacher's "
                         "first layers (its model.onnx, of --layers layers or more: the first "
                         "--layers are kept)")
    ap.add_argument("--intermediate", type=int, default=0,
                    help="feed-forward units each layer keeps (0: all 1,536)")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--hard", type=float, default=0.5,
                    help="weight of ClaimBuster's label beside the six-layer model's probability")
    ap.add_argument("--polnear-limit", type=int, default=300)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    cache = args.out / "texts.json"
    if cache.is_file():
        texts = json.loads(cache.read_text(encoding="utf-8"))
    else:
        cb_train, cb_val = claimbuster(args.data)
        train_paths, dev_paths = article_paths(args.data, args.polnear_limit)
        cb_texts = {r["t"] for r in cb_train + cb_val}
        news = [t for t in news_claims(train_paths) if t not in cb_texts]
        dev = set(news_claims(dev_paths)) - set(news) - cb_texts
        texts = {"cb_train": cb_train, "cb_val": cb_val, "news": news, "news_dev": sorted(dev)}
        teacher = CheckworthinessModel(open_bundle(args.teacher), ModelOptions(threads=1))
        for key in ("cb_train", "cb_val"):
            probs = teacher.predict([r["t"] for r in texts[key]])
            for row, p in zip(texts[key], probs, strict=True):
                row["q"] = float(p)
        for key in ("news", "news_dev"):
            probs = teacher.predict(texts[key])
            texts[key] = [{"t": t, "q": float(p)} for t, p in zip(texts[key], probs, strict=True)]
        cache.write_text(json.dumps(texts), encoding="utf-8")
    print({k: len(v) for k, v in texts.items()}, flush=True)

    tok = Tokenizer.from_file(str(args.teacher / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=128)

    def encode(rows: list[dict[str, Any]]) -> list[list[list[int]]]:
        return [[e.ids, e.type_ids] for e in tok.encode_batch([r["t"] for r in rows])]

    train_rows = texts["cb_train"] + texts["news"]
    train_enc = encode(train_rows)
    val_enc, dev_enc = encode(texts["cb_val"]), encode(texts["news_dev"])
    q = torch.tensor([r["q"] for r in train_rows])
    y = torch.tensor([r.get("y", -1) for r in train_rows])
    class_weight = class_weights(y[y >= 0])

    model = student(args.teacher, args.layers, args.seed, args.start, args.intermediate)
    model.train()
    for name, param in model.named_parameters():
        param.requires_grad = name not in FROZEN
    params = [p for p in model.parameters() if p.requires_grad]
    optim = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps_per_epoch = math.ceil(len(train_rows) / args.batch)
    total = steps_per_epoch * args.epochs
    warm = max(1, int(0.06 * total))
    sched = warmup_then_linear(optim, total, warm)

    def scores() -> dict[str, float]:
        cpu = torch.device("cpu")
        dev_p = predict(model, dev_enc, cpu, 64, amp=False)[:, 1]
        out = {**cw_metrics(predict(model, val_enc, cpu, 64, amp=False), texts["cb_val"]),
               **{f"news_dev_{k}": v for k, v in
                  agreement(dev_p, np.array([r["q"] for r in texts["news_dev"]])).items()}}
        out["select"] = out["val_balanced_f1"] + out["news_dev_same_side"]
        return out

    teacher_val = cw_metrics(np.stack([1 - np.array([r["q"] for r in texts["cb_val"]]),
                                       np.array([r["q"] for r in texts["cb_val"]])], axis=1),
                             texts["cb_val"])
    start_scores = scores()
    print("teacher on the validation split:", teacher_val, flush=True)
    print("student before training:", start_scores, flush=True)
    history: list[dict[str, Any]] = [{"epoch": 0, **start_scores}]
    best = -1.0
    began = time.time()
    step = 0
    for epoch in range(1, args.epochs + 1):
        for idx in batches([len(e[0]) for e in train_enc], args.batch, rng, shuffle=True):
            ids, mask, types = collate(train_enc, idx, torch.device("cpu"))
            logp = torch.log_softmax(model(ids, mask, types).float(), dim=-1)
            target = q[idx]
            soft = -(target * logp[:, 1] + (1 - target) * logp[:, 0])
            labels = y[idx]
            labelled = labels >= 0
            loss = soft.mean()
            if labelled.any():
                picked = logp[labelled].gather(1, labels[labelled].unsqueeze(1)).squeeze(1)
                w = class_weight[labels[labelled]]
                hard = -(picked * w).sum() / w.sum()
                loss = (1 - args.hard) * loss + args.hard * hard * labelled.float().mean()
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optim.step()
            sched.step()
            step += 1
            if step % 200 == 0:
                print(f"epoch {epoch} step {step}/{total} loss {loss.item():.4f} "
                      f"{time.time() - began:.0f}s", flush=True)
        result = {"epoch": epoch, **scores()}
        history.append(result)
        print(result, flush=True)
        if result["select"] > best:
            best = result["select"]
            save_file(trainable_state(model), str(args.out / "trained-fp16.safetensors"))
            kept = result
    summary = {
        "best": kept,
        "args": {k: str(v) for k, v in vars(args).items()},
        "device": "cpu",
        "torch": torch.__version__,
        "threads": args.threads,
        "train_rows": len(train_rows),
        "val_rows": len(val_enc) + len(dev_enc),
        "train_seconds": round(time.time() - began, 1),
        "steps": step,
        "layers": args.layers,
        "intermediate": args.intermediate or BertConfig().intermediate,
        "teacher": {"model": args.teacher.name, "validation": teacher_val},
        "history": history,
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print("kept:", kept)


if __name__ == "__main__":
    main()
