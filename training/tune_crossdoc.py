"""Replay the comparison's decisions on the multi-outlet gold's **dev** events.

    python training/tune_crossdoc.py --cache .carry/crossdoc-dev.pkl [--show]

Gathers, once per event, the analysed articles and the evidence of every candidate pair
(through the real path: reading, cleaning, analysis, views, candidates, evidence), then
replays ``relate`` and the fact clusters with the thresholds given, and prints the
``crosswire eval crossdoc`` scores of the dev half. Test events are never read here.

    python training/tune_crossdoc.py --labelled --cache .carry/crossdoc-labelled.pkl

does the same over the 2,600 cross-outlet pairs of 65 BASIL events outside the gold labelled
by reading (``training/labels/basil_same_fact.jsonl``; scored as gold pairs, without central
facts). ``--labelled neus`` does it over the 1,663 claim pairs of 150 NeuS train events
labelled by reading (``training/labels/neus_same_fact.jsonl``, see ``neus_pairs.py``);
``--held-out`` keeps only the events a same-fact training pass holds out for validation (one
in six, as ``same_fact_data.py --labelled`` splits them). ``--set max_partners=N`` replays a
tighter cap on the candidates gathered.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
from pathlib import Path
from typing import Any

from crosswire.api import Options, analyse_articles, read_inputs
from crosswire.comparison import CompareOptions, compare_articles
from crosswire.comparison.candidates import cap_partners
from crosswire.comparison.core import reported_links
from crosswire.comparison.groups import build_groups
from crosswire.comparison.relations import relate
from crosswire.eval import default_data_dir
from crosswire.eval.crossdoc import GOLD_DIR, _half_scores, load_gold, score_event
from crosswire.eval.crossdoc_data import read_event
from crosswire.report import Report

LABELS = Path(__file__).resolve().parent / "labels" / "basil_same_fact.jsonl"
NEUS_LABELS = Path(__file__).resolve().parent / "labels" / "neus_same_fact.jsonl"


def labelled_events() -> list[tuple[str, dict[str, Any]]]:
    """The BASIL pairs labelled by reading (``basil_pairs.py``, events outside the gold) in the
    gold's shape: one entry per event, its pairs, no central facts."""
    events: dict[str, dict[str, Any]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        event = events.setdefault(item["event"], {"event": f"basil:{item['event']}",
                                                  "split": "dev", "facts": [], "pairs": [],
                                                  "attributions": [], "roots": []})
        event["pairs"].append({k: item[k] for k in ("a", "a_phrase", "b", "b_phrase", "label")})
    return [(name[:8], gold) for name, gold in sorted(events.items())]


def neus_events() -> list[tuple[str, dict[str, Any]]]:
    """The NeuS claim pairs labelled by reading (``neus_pairs.py``) in the gold's shape; each
    claim is found by its first words."""
    events: dict[str, dict[str, Any]] = {}
    for line in NEUS_LABELS.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        event = events.setdefault(item["event"], {"event": item["event"], "split": "dev",
                                                  "facts": [], "pairs": [], "attributions": [],
                                                  "roots": []})
        event["pairs"].append({"a": item["a"], "a_phrase": item["a_head"], "b": item["b"],
                               "b_phrase": item["b_head"], "label": item["label"]})
    return [(name.replace(":", "-"), gold) for name, gold in sorted(events.items())]


def held_out(event: str) -> bool:
    """Whether a same-fact training pass holds this labelled event out (see
    ``same_fact_data.labelled_rows``, which names BASIL events by their triplet alone)."""
    from prepare_data import _salted

    return _salted(event.removeprefix("basil:"), "sfval", 6) == 0


def gather(data_dir: Path, options: CompareOptions, labelled: str = "",
           only_held_out: bool = False) -> list[dict[str, Any]]:
    events = []
    if labelled == "neus":
        golds = [(name, gold) for name, gold in neus_events()
                 if not only_held_out or held_out(gold["event"])]
    elif labelled:
        golds = [(name, gold) for name, gold in labelled_events()
                 if not only_held_out or held_out(gold["event"])]
    else:
        golds = [(path.stem, load_gold(path)) for path in sorted(GOLD_DIR.glob("*.json"))]
    for name, gold in golds:
        if gold["split"] != "dev":
            continue
        event = read_event(data_dir, gold["event"])
        articles, _ = read_inputs(list(event.articles.values()))
        analysed = analyse_articles(articles, options=Options())
        found = compare_articles(analysed, options=dataclasses.replace(options, keep_related=True))
        events.append({"name": name, "gold": gold, "articles": analysed,
                       "views": found.views, "evidence": found.evidence})
    return events


def capped(evidence: list[Any], max_partners: int) -> list[Any]:
    """The evidence of the candidates that ``max_partners`` keeps (the cap of
    ``find_candidates``, applied to the cached candidates)."""
    kept = {id(c) for c in cap_partners([e.candidate for e in evidence], max_partners)}
    return [e for e in evidence if id(e.candidate) in kept]


def replay(events: list[dict[str, Any]], options: CompareOptions) -> dict[str, Any]:
    scored = []
    for event in events:
        evidence = capped(event["evidence"], options.max_partners)
        links = relate(event["views"], evidence, options.thresholds)
        groups = build_groups(event["views"], links, event["articles"])
        links = reported_links(links, options)
        report = Report(articles=event["articles"], links=links, groups=groups)
        result = score_event(event["gold"], report)
        result["event"] = event["name"]
        scored.append(result)
    scores = _half_scores(scored)
    scores["events_detail"] = scored
    return scores


def explain(events: list[dict[str, Any]], label: str) -> None:
    from crosswire.comparison.facts import shared_acts
    from crosswire.eval.crossdoc import _Located

    for event in events:
        located = _Located({a.outlet: a for a in event["articles"]})
        views = event["views"]
        evidence = {frozenset((views[e.candidate.a].id, views[e.candidate.b].id)): e
                    for e in event["evidence"]}
        for pair in event["gold"]["pairs"]:
            if pair["label"] != label:
                continue
            xs = located.claims(pair["a"], pair["a_phrase"]) or ()
            ys = located.claims(pair["b"], pair["b_phrase"]) or ()
            found = [evidence[frozenset((x, y))] for x in xs for y in ys
                     if frozenset((x, y)) in evidence]
            if not found:
                print(f"NOCAND {event['name']:18} {len(xs)}x{len(ys)} | {pair['a_phrase'][:40]} | "
                      f"{pair['b_phrase'][:40]}")
                continue
            e = max(found, key=lambda e: e.candidate.similarity)
            a, b = event["views"][e.candidate.a], event["views"][e.candidate.b]
            conflicts = [c.check for c in e.checks if c.verdict == "conflict"]
            print(f"sim {e.candidate.similarity:.2f} ent {e.entailment:.2f} "
                  f"core {max([s.entailment for s in e.supports], default=0):.2f} "
                  f"acts {','.join(shared_acts(a, b))[:20]:20} words {len(e.shared_words)} "
                  f"conf {','.join(conflicts)[:20]:20} | {a.text[:60]} | {b.text[:60]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=Path(".carry/crossdoc-dev.pkl"))
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--fresh", action="store_true", help="gather the evidence again")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a CompareOptions threshold to replay with")
    parser.add_argument("--show", action="store_true", help="print each pair that got a relation")
    parser.add_argument("--labelled", nargs="?", const="basil", default="",
                        choices=("basil", "neus"),
                        help="gather the BASIL (or NeuS) pairs labelled by reading "
                             "(training/labels/*_same_fact.jsonl) instead of the gold's dev half")
    parser.add_argument("--held-out", action="store_true",
                        help="with --labelled: only the events a same-fact training pass holds "
                             "out for validation")
    parser.add_argument("--all-cores", action="store_true",
                        help="with --fresh: read every candidate pair's cores, whatever the "
                             "claims' shared wording (to replay rules that read cores there)")
    parser.add_argument("--why", default="", help="for pairs of this gold label: the closest "
                        "candidate pair's evidence")
    args = parser.parse_args()
    values = {k: float(v) if "." in v else int(v) for k, v in (s.split("=") for s in args.set)}
    options = CompareOptions(**values)
    if args.cache.exists() and not args.fresh:
        events = pickle.loads(args.cache.read_bytes())
    else:
        # with ``entailed`` set the comparison reads every pair's cores (``core_share`` 0);
        # the replay decides with the thresholds given, so nothing else of it is kept
        gathering = CompareOptions(entailed=1.0) if args.all_cores else CompareOptions()
        events = gather(args.data or default_data_dir(), gathering, args.labelled,
                        args.held_out)
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        args.cache.write_bytes(pickle.dumps(events))
    if args.held_out:
        events = [e for e in events if held_out(e["gold"]["event"])]
    scores = replay(events, options)
    if args.why:
        explain(events, args.why)
    detail = scores.pop("events_detail")
    print(json.dumps(scores, indent=1))
    if args.show:
        for event in detail:
            for pair in event["pairs"]:
                if pair["predicted"] or pair["label"] == "agree":
                    print(f"{event['event']:20} {pair['label']:9} {','.join(pair['predicted']):28}"
                          f" | {pair['a'][:45]} | {pair['b'][:45]}")


if __name__ == "__main__":
    main()
