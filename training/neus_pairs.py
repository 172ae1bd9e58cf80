"""Cross-outlet claim pairs of NeuS events, chosen where the comparison decides, for labelling.

    python training/neus_pairs.py candidates --data ../shared/data --out .carry/neus-pairs \
        --events 60 --chunks 8
    python training/neus_pairs.py collect --out .carry/neus-pairs
    python training/neus_pairs.py rows --data ../shared/data      # used by same_fact_data.py

(in crosswire's own venv).

``candidates`` runs the real path (reading, cleaning, analysis, comparison with every candidate
pair read by the model) on ``--events`` NeuS *train* events with three outlets (never the
development or test lines, and none of ``crosswire/eval/crossdoc_gold``), and picks up to
``PER_EVENT`` of each event's candidate claim pairs, weighted towards the pairs the comparison's
decision turns on: those it corroborates, those the model reads as one fact or an entailment
that it does not corroborate, other candidates above the model's gate, and a few below it. Each
pair is written with both claims and the event's articles beside them, for reading.

The pairs are labelled by careful reading with the gold's definitions
(``crosswire/eval/crossdoc_gold/README.md``): ``agree``, ``conflict`` (with the slot),
``different``, ``unrelated``. ``collect`` turns the answers into
``training/labels/neus_same_fact.jsonl``: the event (``neus:train:<line>``), the outlets, and for
each claim the first and the last words that delimit it in its article (never the articles'
text). ``rows`` reads them back against ``../shared/data``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from basil_pairs import answers, write_chunks, write_labels

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels" / "neus_same_fact.jsonl"
PER_EVENT = 40
HEAD_WORDS = 8
TAIL_WORDS = 5
SEED = 31


def _ends(text: str) -> tuple[str, str]:
    """The first words of a claim and its last words after those (none for a short claim)."""
    words = text.split()
    head = words[:HEAD_WORDS]
    tail = words[len(head):][-TAIL_WORDS:]
    return " ".join(head), " ".join(tail)


def _find(article_text: str, head: str, tail: str) -> str | None:
    """The shortest stretch of ``article_text`` that starts with ``head`` and ends with
    ``tail``, whitespace as in the article."""
    import re

    pattern = r"\s+".join(map(re.escape, head.split()))
    if tail:
        pattern += r"[\s\S]*?" + r"\s+".join(map(re.escape, tail.split()))
    found = re.search(pattern, article_text)
    return found.group(0) if found else None


def _train_lines(data: Path) -> list[int]:
    from crosswire.eval.crossdoc_data import NEUS_DIR

    lines = (data / NEUS_DIR / "train.source").read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if line.count("[SEP]") >= 2]


def candidates(data: Path, out: Path, events: int, chunks: int) -> None:
    from crosswire.api import Options, analyse_articles, read_inputs
    from crosswire.comparison import CompareOptions, compare_articles
    from crosswire.comparison.relations import decide
    from crosswire.eval.crossdoc_data import read_neus_event

    rng = random.Random(SEED)
    lines = _train_lines(data)
    rng.shuffle(lines)
    out.mkdir(parents=True, exist_ok=True)
    (out / "events").mkdir(exist_ok=True)
    rows: list[dict[str, Any]] = []
    done: list[str] = []
    thresholds = CompareOptions().thresholds
    for line in lines:
        if len(done) >= events:
            break
        event = read_neus_event(data, "train", line)
        if len(event.articles) < 3:
            continue
        words = [len(a.text.split()) for a in event.articles.values()]
        if min(words) < 40:
            continue
        articles, _ = read_inputs(list(event.articles.values()))
        analysed = analyse_articles(articles, options=Options())
        found = compare_articles(analysed, options=CompareOptions(keep_related=True))
        views = found.views
        outlet = {a.id: a.outlet for a in analysed}
        buckets: dict[str, list[tuple[Any, Any, Any]]] = {"corroborated": [], "boundary": [],
                                                          "gated": [], "below": []}
        for evidence in found.evidence:
            a, b = views[evidence.candidate.a], views[evidence.candidate.b]
            decision = decide(evidence, thresholds, a.text, b.text, a, b)
            relation = decision[0] if decision else None
            sf = evidence.same_fact
            if relation == "corroborates":
                bucket = "corroborated"
            elif evidence.candidate.similarity < thresholds.gate:
                bucket = "below"
            elif (sf is not None and float(sf[0]) >= 0.5) or evidence.entailment >= 0.5:
                bucket = "boundary"
            else:
                bucket = "gated"
            buckets[bucket].append((evidence, a, b))
        chosen = []
        for name, quota in (("corroborated", 8), ("boundary", 16), ("gated", 10), ("below", 6)):
            pool = buckets[name]
            rng.shuffle(pool)
            chosen += [(name, *item) for item in pool[:quota]]
        for name, evidence, a, b in chosen[:PER_EVENT]:
            rows.append({"id": f"n{line}-{len(rows):05d}", "event": event.event,
                         "a": outlet[a.article_id], "a_claim": a.text,
                         "b": outlet[b.article_id], "b_claim": b.text, "bucket": name,
                         "cosine": round(float(evidence.candidate.similarity), 3)})
        with (out / "events" / f"neus-train-{line}.txt").open("w", encoding="utf-8") as fh:
            for article in analysed:
                fh.write(f"=== {article.outlet} ===\n{article.text}\n\n")
        done.append(event.event)
        print(f"{event.event}: {len(chosen)} pairs", file=sys.stderr)
    write_chunks(out, rows, done, chunks)


def collect(out: Path) -> None:
    """The readers' answers (``basil_pairs.answers``) joined with the candidates into
    :data:`LABELS`."""
    kept = []
    found, bad = answers(out)
    for pair, answer in found:
        label = answer["label"]
        item: dict[str, Any] = {"event": pair["event"], "bucket": pair["bucket"]}
        for side in ("a", "b"):
            head, tail = _ends(pair[f"{side}_claim"])
            item |= {side: pair[side], f"{side}_head": head, f"{side}_tail": tail}
        item["label"] = label
        if label == "conflict" and answer.get("slot"):
            item["slot"] = answer["slot"]
        kept.append(item)
    write_labels(LABELS, kept, "head", bad)


def rows(data: Path) -> list[dict[str, str]]:
    """The labelled pairs with their claims' texts (``a``, ``b``) read back from the articles.
    A claim that can no longer be found is an error."""
    from crosswire.eval.crossdoc_data import read_event

    texts: dict[str, dict[str, str]] = {}
    out = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["event"] not in texts:
            event = read_event(data, item["event"])
            texts[item["event"]] = {o: a.raw_text for o, a in event.articles.items()}
        claims = []
        for side in ("a", "b"):
            found = _find(texts[item["event"]].get(item[side], ""), item[f"{side}_head"],
                          item[f"{side}_tail"])
            if found is None:
                raise SystemExit(f"{LABELS}: no {item[side]} claim of {item['event']} runs "
                                 f"from {item[f'{side}_head']!r} to {item[f'{side}_tail']!r}")
            claims.append(found)
        out.append({**item, "a": claims[0], "b": claims[1]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=("candidates", "collect", "rows"))
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path(".carry/neus-pairs"))
    parser.add_argument("--events", type=int, default=60)
    parser.add_argument("--chunks", type=int, default=8)
    args = parser.parse_args()
    if args.command == "candidates":
        candidates(args.data, args.out, args.events, args.chunks)
    elif args.command == "collect":
        collect(args.out)
    else:
        found = rows(args.data)
        print(f"{len(found)} pairs read back")


if __name__ == "__main__":
    main()
