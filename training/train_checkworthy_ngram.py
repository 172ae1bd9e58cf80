"""Train the n-gram check-worthiness scorer on ClaimBuster's two-class training set.

    python training/train_checkworthy_ngram.py [--data ../shared/data] [--select]

Only ``two_class/train.json`` is used for training. ``--select`` picks the
epochs and L2 strength on a held-out tenth of the training set (seeded) and
prints the scores of each setting; the final model is then fit on the whole
training set and written to ``src/crosswire/data/checkworthy_ngram.npz``. The
decision threshold stored with it is chosen on the held-out tenth.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from crosswire.analyse.logistic import HashedLogistic
from crosswire.analyse.ngram_scorer import WEIGHTS, file_sha256, train_ngram_scorer


def f1(probs: np.ndarray, labels: np.ndarray, threshold: float) -> float:
    predicted = probs >= threshold
    tp = float(np.sum(predicted & (labels == 1)))
    fp = float(np.sum(predicted & (labels == 0)))
    fn = float(np.sum(~predicted & (labels == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--select", action="store_true")
    args = parser.parse_args()
    train_path = args.data / "checkworthy" / "claimbuster" / "two_class" / "train.json"
    rows = json.loads(train_path.read_text(encoding="utf-8"))
    texts = [r["text"] for r in rows]
    labels = np.array([int(r["label"]) for r in rows])
    rng = np.random.default_rng(13)
    order = rng.permutation(len(rows))
    held = order[: len(rows) // 10]
    fit = order[len(rows) // 10 :]
    settings = [(epochs, l2) for epochs in (5, 10, 20) for l2 in (0.0, 1e-5, 1e-4)]
    chosen = (10, 1e-5)
    best = -1.0
    threshold = 0.5
    if args.select:
        for epochs, l2 in settings:
            model = train_ngram_scorer([texts[i] for i in fit], labels[fit], epochs=epochs, l2=l2)
            probs = model.predict([texts[i] for i in held])
            score = max(f1(probs, labels[held], t) for t in np.arange(0.2, 0.8, 0.05))
            print(f"epochs={epochs} l2={l2}: held-out best F1 {score:.4f}")
            if score > best:
                best, chosen = score, (epochs, l2)
    epochs, l2 = chosen
    model = train_ngram_scorer([texts[i] for i in fit], labels[fit], epochs=epochs, l2=l2)
    probs = model.predict([texts[i] for i in held])
    threshold = float(max(np.arange(0.2, 0.8, 0.05), key=lambda t: f1(probs, labels[held], t)))
    print(f"chosen epochs={epochs} l2={l2} threshold={threshold:.2f} "
          f"(held-out F1 {f1(probs, labels[held], threshold):.4f})")
    final = train_ngram_scorer(texts, labels, epochs=epochs, l2=l2)
    weights = HashedLogistic(final.model.weights, final.model.dims_log2, round(threshold, 2))
    weights.save(WEIGHTS, trained_on=f"claimbuster two_class/train.json sha256={file_sha256(train_path)}")
    print(f"wrote {WEIGHTS} ({WEIGHTS.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
