"""Measure a bundled model and record the scores in its manifest (no torch).

    .venv/bin/python training/record_scores.py nli --data ../shared/data
    .venv/bin/python training/record_scores.py checkworthiness --data ../shared/data

``nli`` runs ``crosswire.eval.nli.evaluate_nli`` (what ``crosswire eval nli``
prints); ``checkworthiness`` scores ClaimBuster ``two_class/test.json`` (never
trained on) at the model's threshold. The scores go under ``"scores"`` in the
model's ``manifest.json`` (the manifest's file hashes are unchanged) and are printed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from crosswire.models import load_checkworthiness
from crosswire.models._onnx import MODELS_DIR

DIRS = {"nli": "nli-minilm-l6", "checkworthiness": "checkworthiness-minilm-l2"}


def checkworthiness_scores(data: Path) -> dict[str, Any]:
    path = data / "checkworthy" / "claimbuster" / "two_class" / "test.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    model = load_checkworthiness()
    probs = model.predict([r["text"] for r in rows])
    gold = np.array([int(r["label"]) == 1 for r in rows])
    pred = probs >= model.threshold
    tp = int((pred & gold).sum())
    fp = int((pred & ~gold).sum())
    fn = int((~pred & gold).sum())
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-12)
    return {
        "claimbuster_test_f1": round(f1, 4),
        "claimbuster_test_precision": round(precision, 4),
        "claimbuster_test_recall": round(recall, 4),
        "claimbuster_test_acc": round(float((pred == gold).mean()), 4),
        "claimbuster_test_sentences": len(rows),
        "threshold": model.threshold,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", choices=sorted(DIRS))
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--from-json", type=Path, default=None,
                    help="scores already printed by `crosswire eval nli --json` (nli only)")
    args = ap.parse_args()
    if args.model == "nli":
        if args.from_json is not None:
            scores = json.loads(args.from_json.read_text(encoding="utf-8"))
        else:
            from crosswire.eval.nli import evaluate_nli

            scores = evaluate_nli(args.data)
    else:
        scores = checkworthiness_scores(args.data)
    manifest_path = MODELS_DIR / DIRS[args.model] / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["scores"] = scores
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(scores, indent=2))


if __name__ == "__main__":
    main()
