"""Cross-outlet sentence pairs of BASIL stories outside the multi-outlet gold, for labelling.

    python training/basil_pairs.py candidates --data ../shared/data --out .carry/basil-pairs
    python training/basil_pairs.py collect --out .carry/basil-pairs
    python training/basil_pairs.py rows --data ../shared/data    # used by same_fact_data.py
    python training/basil_pairs.py score --data ../shared/data   # the bundled model on them

(in crosswire's own venv).

``candidates`` picks, for each BASIL triplet that is not an event of
``crosswire/eval/crossdoc_gold`` (those stay out of training entirely), up to ``PER_EVENT``
pairs of sentences from two outlets: the closest partners by the bundled embedder's cosine
(most of them two tellings of one fact, or near-paraphrases of different facts) and a sample
of middling ones (different facts of the story, and tellings of one fact in other words). It
writes them in chunks for reading, with each event's three articles beside them.

The pairs are labelled by careful reading, with the gold's definitions
(``crosswire/eval/crossdoc_gold/README.md``): ``agree``, ``conflict`` (with the slot that
differs), ``different``, ``unrelated``. ``collect`` turns the reading's answers into
``training/labels/basil_same_fact.jsonl``: event, outlets, a short exact phrase of each
sentence (its first words) and the label, never the articles' text. ``rows`` reads that file
back against ``../shared/data`` into training rows. ``score`` measures the bundled relation
model's same-fact head on the validation events' pairs (one event in six, as
``same_fact_data.py --labelled`` holds them out): the AUC of p(same fact, told alike) for
``agree`` against the rest, and precision and recall from 0.5, 0.8 and 0.9.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels" / "basil_same_fact.jsonl"
GOLD = HERE.parent / "src" / "crosswire" / "eval" / "crossdoc_gold"
PER_EVENT = 40
PHRASE_WORDS = 10
SEED = 29
LABEL_SET = ("agree", "conflict", "different", "unrelated")


def gold_events() -> set[str]:
    out = set()
    for path in GOLD.glob("*.json"):
        event = json.loads(path.read_text(encoding="utf-8")).get("event", "")
        if event.startswith("basil:"):
            out.add(event.split(":", 1)[1])
    return out


def stories(data: Path) -> dict[str, dict[str, list[str]]]:
    """``{triplet: {outlet: [sentence, ...]}}`` for the BASIL triplets outside the gold, with
    BASIL's own sentence split."""
    excluded = gold_events()
    out: dict[str, dict[str, list[str]]] = {}
    for path in sorted((data / "bias" / "basil" / "articles").glob("*/*.json")):
        triplet = path.stem.rsplit("_", 1)[0]
        if triplet in excluded:
            continue
        doc = json.loads(path.read_text(encoding="utf-8", errors="replace"))
        sentences = [s.strip() for para in doc.get("body-paragraphs", []) for s in para
                     if s.strip()]
        out.setdefault(triplet, {})[str(doc["source"]).lower()] = sentences
    return out


def phrase(sentence: str) -> str:
    return " ".join(sentence.split()[:PHRASE_WORDS])


def candidates(data: Path, out: Path, chunks: int) -> None:
    import numpy as np

    from crosswire.models import load_embedder

    embedder = load_embedder()
    rng = random.Random(SEED)
    found = stories(data)
    events = sorted(t for t, outlets in found.items() if len(outlets) >= 2)
    out.mkdir(parents=True, exist_ok=True)
    (out / "events").mkdir(exist_ok=True)
    rows: list[dict[str, Any]] = []
    for triplet in events:
        outlets = found[triplet]
        names = sorted(outlets)
        usable = {o: [s for s in outlets[o] if 6 <= len(s.split()) <= 70] for o in names}
        vectors = {o: embedder.encode(usable[o]) if usable[o] else None for o in names}
        pool: dict[tuple[str, str, str, str], float] = {}
        for i, oa in enumerate(names):
            for ob in names[i + 1:]:
                va, vb = vectors[oa], vectors[ob]
                if va is None or vb is None:
                    continue
                sims = va @ vb.T
                for x in range(sims.shape[0]):
                    for y in np.argsort(-sims[x])[:2]:
                        pool[(oa, usable[oa][x], ob, usable[ob][int(y)])] = float(sims[x, y])
                for y in range(sims.shape[1]):
                    x = int(np.argmax(sims[:, y]))
                    pool[(oa, usable[oa][x], ob, usable[ob][y])] = float(sims[x, y])
        ranked = sorted(pool.items(), key=lambda kv: -kv[1])
        top = [kv for kv in ranked if kv[1] >= 0.6][:18]
        middle = [kv for kv in ranked if 0.4 <= kv[1] < 0.6]
        low = [kv for kv in ranked if 0.25 <= kv[1] < 0.4]
        rng.shuffle(middle)
        rng.shuffle(low)
        chosen = top + middle[:PER_EVENT - len(top) - 6]
        chosen += low[:PER_EVENT - len(chosen)]
        for (oa, sa, ob, sb), cosine in chosen:
            rows.append({"id": f"{triplet[:8]}-{len(rows):05d}", "event": triplet,
                         "a": oa, "a_sentence": sa, "b": ob, "b_sentence": sb,
                         "cosine": round(cosine, 3)})
        with (out / "events" / f"{triplet}.txt").open("w", encoding="utf-8") as fh:
            for o in names:
                fh.write(f"=== {o} ===\n")
                fh.write("\n".join(outlets[o]) + "\n\n")
    write_chunks(out, rows, events, chunks)


def write_chunks(out: Path, rows: list[dict[str, Any]], events: list[str], chunks: int) -> None:
    """The candidate pairs in ``chunks`` files for reading (``candidates-<k>.jsonl``), whole
    events to a file, in the order of ``events``."""
    per_chunk = (len(events) + chunks - 1) // chunks
    for k in range(chunks):
        mine = set(events[k * per_chunk:(k + 1) * per_chunk])
        with (out / f"candidates-{k}.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                if r["event"] in mine:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} pairs of {len(events)} events in {chunks} chunks under {out}")


def answers(out: Path) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], int]:
    """The readers' answers (``labels-*.jsonl`` under ``out``: ``{"id", "label", "slot"?,
    "note"?}``), each with the candidate pair it labels (``candidates-*.jsonl``), and how many
    answers were skipped (unreadable, naming no candidate, or with a label not in
    :data:`LABEL_SET`; each named on stderr)."""
    pairs = {}
    for path in sorted(out.glob("candidates-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            pairs[r["id"]] = r
    found, bad = [], 0
    for path in sorted(out.glob("labels-*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                answer = json.loads(line)
                pair = pairs[answer["id"]]
                label = answer["label"]
            except (ValueError, KeyError) as exc:
                print(f"{path}:{n}: skipped: {exc}", file=sys.stderr)
                bad += 1
                continue
            if label not in LABEL_SET:
                print(f"{path}:{n}: skipped: label {label!r}", file=sys.stderr)
                bad += 1
                continue
            found.append((pair, answer))
    return found, bad


def collect(out: Path) -> None:
    """The readers' answers joined with the candidates into :data:`LABELS`."""
    kept = []
    found, bad = answers(out)
    for pair, answer in found:
        label = answer["label"]
        item = {"event": pair["event"], "a": pair["a"], "a_phrase": phrase(pair["a_sentence"]),
                "b": pair["b"], "b_phrase": phrase(pair["b_sentence"]), "label": label}
        if label == "conflict" and answer.get("slot"):
            item["slot"] = answer["slot"]
        kept.append(item)
    write_labels(LABELS, kept, "phrase", bad)


def write_labels(path: Path, kept: list[dict[str, Any]], name: str, bad: int) -> None:
    """Write labelled pairs to ``path``, one JSON object a line, sorted by event, outlets and
    each side's ``a_<name>``/``b_<name>`` key, and say how many of each label."""
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = sorted(kept, key=lambda r: (r["event"], r["a"], r[f"a_{name}"], r["b"],
                                       r[f"b_{name}"]))
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept),
                    encoding="utf-8")
    counts: dict[str, int] = {}
    for r in kept:
        counts[r["label"]] = counts.get(r["label"], 0) + 1
    print(f"{len(kept)} labelled pairs ({counts}), {bad} skipped, written to {path}")


def rows(data: Path) -> list[dict[str, str]]:
    """The labelled pairs with their sentences: ``{"event", "a", "b", "label", ...}``, where
    ``a`` and ``b`` are the sentences. A phrase that no longer starts exactly one sentence of its
    outlet is an error."""
    found = stories(data)
    out = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        texts = []
        for side in ("a", "b"):
            sentences = found.get(item["event"], {}).get(item[side], [])
            hits = [s for s in sentences if phrase(s) == item[f"{side}_phrase"]]
            if not hits:
                raise SystemExit(f"{LABELS}: no {item[side]} sentence of {item['event']} "
                                 f"starts with {item[f'{side}_phrase']!r}")
            texts.append(hits[0])
        out.append({**item, "a": texts[0], "b": texts[1]})
    return out


def score(data: Path) -> dict[str, float]:
    import numpy as np

    sys.path.insert(0, str(HERE))
    from prepare_data import _salted

    from crosswire.eval.relations import _auc
    from crosswire.models import load_nli

    held = [r for r in rows(data) if _salted(r["event"], "sfval", 6) == 0]
    probs = load_nli().same_fact([(r["a"], r["b"]) for r in held])[:, 0]
    gold = np.array([r["label"] == "agree" for r in held])
    out = {"pairs": len(held), "agree": int(gold.sum()), "auc": round(_auc(probs, gold), 4)}
    for cut in (0.5, 0.8, 0.9):
        pred = probs >= cut
        tp = int((pred & gold).sum())
        out[f"precision_{cut}"] = round(tp / max(int(pred.sum()), 1), 4)
        out[f"recall_{cut}"] = round(tp / max(int(gold.sum()), 1), 4)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=("candidates", "collect", "rows", "score"))
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=HERE.parent / ".carry" / "basil-pairs")
    parser.add_argument("--chunks", type=int, default=6)
    args = parser.parse_args()
    if args.step == "candidates":
        candidates(args.data, args.out, args.chunks)
    elif args.step == "collect":
        collect(args.out)
    elif args.step == "score":
        print(json.dumps(score(args.data), indent=1))
    else:
        labelled = rows(args.data)
        print(f"{len(labelled)} rows read back")


if __name__ == "__main__":
    main()
