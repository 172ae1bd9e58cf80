"""Train the attribution cue classifier on PolNeAR train; tune its threshold on PolNeAR dev.

    python training/train_cue_model.py [--data ../shared/data] [--cache /tmp/polnear-parses]

1. Parses the train and dev texts with the analysis spaCy pipeline (``--cache``
   keeps the parses as DocBin files between runs).
2. Takes every candidate frame ("open" mode: any verb with a subject and a
   content) with its features; the verbs that are not always cues
   (:data:`crosswire.analyse.lexicon.REPORTING_LEMMAS`) are the training
   examples, positive when the verb lies in a gold Cue span.
3. Fits the hashed logistic regression on the train candidates.
4. Picks the threshold that maximises source overlap F1 on dev (frames of the
   always-cue verbs kept, other candidates kept at or above the threshold),
   and writes ``src/crosswire/data/attribution_cues.npz``.

The test split is never read.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

from crosswire.analyse.attribution import Frame, find_frames
from crosswire.analyse.cue_model import WEIGHTS
from crosswire.analyse.logistic import HashedLogistic, hash_features, train_logistic
from crosswire.analyse.parse import load_nlp
from crosswire.eval.attribution import GoldDocument, match_spans, read_split

DIMS_LOG2 = 18


def parses(documents: list[GoldDocument], cache: Path | None, name: str) -> list[Doc]:
    nlp = load_nlp()
    path = cache / f"{name}.spacy" if cache else None
    if path is not None and path.is_file():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe((d.text for d in documents), batch_size=16))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin()
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(path)
    return docs


def candidates(
    documents: list[GoldDocument], docs: list[Doc]
) -> list[tuple[int, Frame, np.ndarray, int]]:
    """(document index, frame, hashed features or empty, label) for every open-mode frame."""
    rows = []
    for index, (gold, doc) in enumerate(zip(documents, docs, strict=True)):
        cue_chars = {i for fragments in gold.spans["Cue"] for a, b in fragments for i in range(a, b)}
        for frame in find_frames(doc, mode="open"):
            label = int(frame.cue[0] in cue_chars)
            ids = hash_features(frame.features, DIMS_LOG2) if frame.features else np.zeros(0, int)
            rows.append((index, frame, ids, label))
    return rows


def source_f1(
    documents: list[GoldDocument],
    docs: list[Doc],
    rows: list[tuple[int, Frame, np.ndarray, int]],
    probs: np.ndarray,
    threshold: float,
) -> float:
    chosen: dict[int, set[tuple[tuple[int, int], ...]]] = {i: set() for i in range(len(documents))}
    for (index, frame, ids, _), prob in zip(rows, probs, strict=True):
        if len(ids) and prob < threshold:
            continue
        if frame.source_range is None:
            continue
        doc = docs[index]
        start, end = frame.source_range
        chosen[index].add(((doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)),))
    matched = predicted = gold_total = 0
    for index, gold in enumerate(documents):
        spans = sorted(chosen[index])
        matched += match_spans(gold.text, spans, gold.spans["Source"], overlap=True)
        predicted += len(spans)
        gold_total += len(gold.spans["Source"])
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold_total if gold_total else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default_data = Path(__file__).resolve().parents[2] / "shared" / "data"
    parser.add_argument("--data", type=Path, default=default_data)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--l2", type=float, default=1e-3)
    args = parser.parse_args()
    train_docs = read_split(args.data, "train")
    dev_docs = read_split(args.data, "dev")
    train_rows = candidates(train_docs, parses(train_docs, args.cache, "train"))
    dev_parsed = parses(dev_docs, args.cache, "dev")
    dev_rows = candidates(dev_docs, dev_parsed)
    learn = [(ids, label) for _, _, ids, label in train_rows if len(ids)]
    print(f"train candidates: {len(learn)} ({sum(label for _, label in learn)} cues)")
    model = train_logistic(
        [r[0] for r in learn], [r[1] for r in learn], dims_log2=DIMS_LOG2, epochs=args.epochs, l2=args.l2
    )
    probs = np.array([model.probability(ids) if len(ids) else 1.0 for _, _, ids, _ in dev_rows])
    best = (0.0, 1.01)
    listed = np.array([frame.listed for _, frame, _, _ in dev_rows])
    best = (0.0, 0.5, 0.0)
    for threshold in np.arange(0.3, 0.75, 0.05):
        for veto in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3):
            kept = np.where(listed, np.where(probs >= veto, 1.0, 0.0), probs)
            score = source_f1(dev_docs, dev_parsed, dev_rows, kept, float(threshold))
            print(f"threshold {threshold:.2f} veto {veto:.2f}: dev source F1 {score:.4f}")
            if score > best[0]:
                best = (score, round(float(threshold), 2), veto)
    HashedLogistic(model.weights, DIMS_LOG2, best[1], best[2]).save(
        WEIGHTS, trained_on="PolNeAR train (thresholds tuned on dev)"
    )
    print(f"threshold {best[1]}, veto {best[2]} (dev source F1 {best[0]:.4f}); wrote {WEIGHTS}")


if __name__ == "__main__":
    main()
