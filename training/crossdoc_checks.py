"""Each check and decision rule of the comparison, measured on the multi-outlet gold's **dev** half.

    python training/crossdoc_checks.py --cache .carry/crossdoc-dev.pkl

For every gold pair (two sentences of two outlets), the candidate claim pairs inside them are
weighed as the comparison weighs them. A check *fires* on a gold pair when it finds a conflict
on one of its claim pairs: before the same-fact gate (``raw``) and after it (``counted``); its
precision is the share of firings on pairs labelled ``conflict``. A corroboration *route* (the
rule whose reason a corroborates link gives first) is right on pairs labelled ``agree``. Uses the
evidence cache of ``training/tune_crossdoc.py``.
"""

from __future__ import annotations

import argparse
import json
import pickle
from collections import Counter
from pathlib import Path
from typing import Any

from crosswire.comparison import CompareOptions
from crosswire.comparison.relations import decide, weigh_checks
from crosswire.eval.crossdoc import _Located

ROUTES = (("both carry the same words", "same words"), ("nearly the same words", "near copy"),
          ("both say:", "same act, close wording"),
          ("corroborate in part", "core entailment"), ("both name the same event", "same event"))


def route(reasons: list[str]) -> str:
    for prefix, name in ROUTES:
        if any(r.startswith(prefix) or prefix in r for r in reasons):
            return name
    return "whole-claim entailment"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=Path(".carry/crossdoc-dev.pkl"))
    args = parser.parse_args()
    events = pickle.loads(args.cache.read_bytes())
    thresholds = CompareOptions().thresholds
    raw: Counter[tuple[str, str]] = Counter()
    counted: Counter[tuple[str, str]] = Counter()
    routes: Counter[tuple[str, str]] = Counter()
    labels: Counter[str] = Counter()
    for event in events:
        located = _Located({a.outlet: a for a in event["articles"]})
        views = event["views"]
        evidence = {frozenset((views[e.candidate.a].id, views[e.candidate.b].id)): e
                    for e in event["evidence"]}
        for pair in event["gold"]["pairs"]:
            label = pair["label"]
            labels[label] += 1
            xs = located.claims(pair["a"], pair["a_phrase"]) or ()
            ys = located.claims(pair["b"], pair["b_phrase"]) or ()
            fired_raw: set[str] = set()
            fired: set[str] = set()
            found_routes: set[str] = set()
            for x in xs:
                for y in ys:
                    e = evidence.get(frozenset((x, y)))
                    if e is None:
                        continue
                    a, b = views[e.candidate.a], views[e.candidate.b]
                    fired_raw |= {c.check for c in e.checks if c.verdict == "conflict"}
                    weighed = weigh_checks(e, thresholds, a, b)
                    fired |= {c.check for c in weighed.hard + weighed.soft}
                    decision = decide(e, thresholds, a.text, b.text, a, b)
                    if decision is not None and decision[0] == "corroborates":
                        found_routes.add(route(decision[2]))
            for check in fired_raw:
                raw[(check, label)] += 1
            for check in fired:
                counted[(check, label)] += 1
            for name in found_routes:
                routes[(name, label)] += 1

    def table(counts: Counter[tuple[str, str]], right: str) -> dict[str, Any]:
        names = sorted({k for k, _ in counts})
        out = {}
        for name in names:
            fired = sum(v for (k, _), v in counts.items() if k == name)
            out[name] = {"fired": fired, "right": counts[(name, right)],
                         "precision": round(counts[(name, right)] / fired, 3) if fired else None,
                         "by_label": {lab: counts[(name, lab)] for lab in labels}}
        return out

    print(json.dumps({"pairs": dict(labels),
                      "conflict_checks_raw": table(raw, "conflict"),
                      "conflict_checks_counted": table(counted, "conflict"),
                      "corroboration_routes": table(routes, "agree")}, indent=1))


if __name__ == "__main__":
    main()
