"""Fit the comparison's agreement model (``crosswire/comparison/agreement.json``).

    .venv/bin/python training/tune_crossdoc.py --labelled --fresh \
        --cache .carry/crossdoc-labelled.pkl
    .venv/bin/python training/tune_crossdoc.py --labelled neus --fresh \
        --cache .carry/crossdoc-neus.pkl
    .venv-train/bin/python training/train_agreement.py

The rows are the claim pairs of the cross-outlet sentence pairs labelled by reading
(``training/labels/basil_same_fact.jsonl``, 65 BASIL events outside the multi-outlet gold;
``training/labels/neus_same_fact.jsonl``, 150 NeuS train events) that the comparison gathers
as candidates and the relation model reads: the evidence the comparison has when it decides.
A claim pair is labelled "one fact" when its sentence pair is labelled ``agree``. One event in
six of each set is held out (as ``same_fact_data.py --labelled`` splits them) and only scored:
the script prints, on the held-out events' sentence pairs, the precision and recall of
"corroborated" at each threshold (a sentence pair is called when any of its claim pairs is).
The multi-outlet gold is never read here. Needs scikit-learn (the training environment).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import pickle
import platform
from pathlib import Path
from typing import Any

import numpy as np
from tune_crossdoc import held_out

from crosswire.comparison.agreement import FEATURES, WEIGHTS, agreement_features
from crosswire.comparison.relations import RelationThresholds, weigh_checks
from crosswire.eval.crossdoc import _Located


def rows(path: Path, source: str) -> list[dict[str, Any]]:
    thresholds = RelationThresholds()
    out = []
    for event in pickle.loads(path.read_bytes()):
        views = event["views"]
        located = _Located({article.outlet: article for article in event["articles"]})
        evidence = {frozenset((views[e.candidate.a].id, views[e.candidate.b].id)): e
                    for e in event["evidence"]}
        held = held_out(event["gold"]["event"])
        for number, pair in enumerate(event["gold"]["pairs"]):
            xs = located.claims(pair["a"], pair["a_phrase"]) or ()
            ys = located.claims(pair["b"], pair["b_phrase"]) or ()
            found_all = [evidence[frozenset((x, y))] for x in xs for y in ys
                         if frozenset((x, y)) in evidence]
            found_all = [e for e in found_all
                         if e.modelled and e.candidate.similarity >= thresholds.gate]
            closest = max(found_all, key=lambda e: e.candidate.similarity, default=None)
            for found in found_all:
                a, b = views[found.candidate.a], views[found.candidate.b]
                weighed = weigh_checks(found, thresholds, a, b)
                features = agreement_features(
                    found, a, b, acts=weighed.acts, same_counts=weighed.same_counts,
                    soft=bool(weighed.soft), negated=weighed.negated is not None)
                out.append({"source": source, "event": event["gold"]["event"],
                            "pair": number, "held": held, "label": pair["label"],
                            "closest": found is closest, "features": features})
    return out


def by_pair(rows_: list[dict[str, Any]], scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    best: dict[tuple[str, int], float] = collections.defaultdict(float)
    gold: dict[tuple[str, int], bool] = {}
    for row, score in zip(rows_, scores, strict=True):
        key = (row["event"], row["pair"])
        best[key] = max(best[key], float(score))
        gold[key] = row["label"] == "agree"
    keys = sorted(best)
    return np.array([best[k] for k in keys]), np.array([gold[k] for k in keys])


def curve(scores: np.ndarray, gold: np.ndarray) -> list[dict[str, float]]:
    out = []
    for threshold in (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        called = scores >= threshold
        right = int((called & gold).sum())
        out.append({"threshold": threshold, "called": int(called.sum()),
                    "precision": round(right / max(int(called.sum()), 1), 4),
                    "recall": round(right / max(int(gold.sum()), 1), 4)})
    return out


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--basil", type=Path, default=Path(".carry/crossdoc-labelled.pkl"))
    parser.add_argument("--neus", type=Path, default=Path(".carry/crossdoc-neus.pkl"))
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation")
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args()
    data = rows(args.basil, "basil") + rows(args.neus, "neus")
    # of two sentences that tell one fact, the closest claims tell it (the others of either
    # sentence may state other facts): those are the examples of one fact
    train = [r for r in data if not r["held"] and (r["closest"] or r["label"] != "agree")]
    test = [r for r in data if r["held"]]
    x = np.stack([r["features"] for r in train])
    y = np.array([r["label"] == "agree" for r in train])
    model = LogisticRegression(C=args.c, max_iter=5000).fit(x, y)
    scored: dict[str, Any] = {}
    for name, part in (("held_out", test), ("train", train)):
        probs = model.predict_proba(np.stack([r["features"] for r in part]))[:, 1]
        scores, gold = by_pair(part, probs)
        scored[name] = {"sentence_pairs": len(gold), "agree": int(gold.sum()),
                        "auc": round(float(roc_auc_score(gold, scores)), 4),
                        "curve": curve(scores, gold)}
    counts = collections.Counter((r["source"], r["held"], r["label"] == "agree") for r in data)
    result = {
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 6),
        "trained": {
            "script": "training/train_agreement.py",
            "model": f"logistic regression (scikit-learn, C={args.c})",
            "date": dt.date.today().isoformat(),
            "machine": f"{platform.machine()}, {platform.system()}",
            "fitted": {"claim_pairs": len(train), "one_fact": int(y.sum())},
            "rows": {f"{s} {'held out' if h else 'train'} {'one fact' if a else 'other'}": n
                     for (s, h, a), n in sorted(counts.items())},
            "data": ["training/labels/basil_same_fact.jsonl (65 BASIL events outside the "
                     "multi-outlet gold)",
                     "training/labels/neus_same_fact.jsonl (150 NeuS train events)"],
            "held_out": "one event in six of each (tune_crossdoc.held_out), scored only",
        },
        "scores": scored,
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"weights": dict(zip(FEATURES, result["weights"], strict=True)),
                      "bias": result["bias"], "scores": scored}, indent=1))


if __name__ == "__main__":
    main()
