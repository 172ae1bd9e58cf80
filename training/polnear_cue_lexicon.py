"""Learn attribution cue lemmas from the PolNeAR training split.

    python training/polnear_cue_lexicon.py [--data ../shared/data] [--min-count 3] [--min-precision 0.5]

For every verb in the training texts (parsed with the same spaCy pipeline as
the attribution stage) it counts how often the verb's lemma occurs with a
subject and how often that token lies inside a gold Cue span. Lemmas seen at
least ``--min-count`` times as cues whose precision (cue occurrences / all
occurrences with a subject) reaches ``--min-precision`` are written, with their
counts, to ``src/crosswire/analyse/cue_lexicon.py``. Only the train split is read.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from crosswire.analyse.parse import load_nlp
from crosswire.eval.attribution import read_split

OUT = Path(__file__).resolve().parents[1] / "src" / "crosswire" / "analyse" / "cue_lexicon.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-precision", type=float, default=0.5)
    parser.add_argument("--stats", type=Path, default=None, help="also write all counts as JSON here")
    parser.add_argument("--from-stats", type=Path, default=None, help="reuse counts written by --stats")
    args = parser.parse_args()
    if args.from_stats:
        write(json.loads(args.from_stats.read_text()), args.min_count, args.min_precision)
        return
    documents = read_split(args.data, "train")
    nlp = load_nlp()
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for gold, doc in zip(documents, nlp.pipe((d.text for d in documents), batch_size=16), strict=True):
        cue_chars = {i for fragments in gold.spans["Cue"] for a, b in fragments for i in range(a, b)}
        for token in doc:
            if token.pos_ not in {"VERB", "AUX"}:
                continue
            has_subject = any(c.dep_ in {"nsubj", "nsubjpass", "csubj", "agent"} for c in token.children)
            has_subject = has_subject or token.dep_ in {"conj", "advcl", "acl", "xcomp", "relcl"}
            if not has_subject:
                continue
            lemma = token.lemma_.lower()
            seen[lemma] += 1
            if token.idx in cue_chars:
                cue[lemma] += 1
    stats = {lemma: {"cue": cue[lemma], "seen": seen[lemma]} for lemma in seen if cue[lemma]}
    if args.stats:
        args.stats.write_text(json.dumps(stats, indent=1, sort_keys=True))
    write(stats, args.min_count, args.min_precision)


def write(stats: dict[str, dict[str, int]], min_count: int, min_precision: float) -> None:
    """Write the lemmas that pass both thresholds to the lexicon module."""
    learned = sorted(
        lemma
        for lemma, s in stats.items()
        if s["cue"] >= min_count and s["cue"] / s["seen"] >= min_precision
    )
    lines = [
        '"""Cue lemmas learned from the PolNeAR training split.',
        "",
        "Written by training/polnear_cue_lexicon.py "
        f"(--min-count {min_count} --min-precision {min_precision}); do not edit by hand.",
        "Each lemma: (times a gold cue, times seen with a subject) in the training texts.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "LEARNED_CUE_COUNTS: dict[str, tuple[int, int]] = {",
        *(f'    "{lemma}": ({stats[lemma]["cue"]}, {stats[lemma]["seen"]}),' for lemma in learned),
        "}",
        "",
        "LEARNED_CUE_LEMMAS: frozenset[str] = frozenset(LEARNED_CUE_COUNTS)",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(learned)} lemmas written to {OUT}")


if __name__ == "__main__":
    main()
