"""Time the comparison of one story at 2, 5, 10 and 20 articles, beside the model calls alone.

The story is an ECB+ topic (its documents of both sub-events: one topic as a corpus would
group it). The articles are read, cleaned and analysed once; the models are loaded once and
warmed; then for each size the first N documents are compared end to end
(``compare_articles``: candidates, parse of the paired claims, NLI both ways and on cores,
checks, relations, fact clusters, framing), beside the model calls alone for the same texts
(every claim embedded, and ``Comparison.nli_pairs`` through the NLI model). Medians of
``--repeat`` runs, interleaved. Pin two cores to match the target machine::

    taskset -c 0,1 python bench/bench_story.py [--topic 13] [--repeat 3] [--one-session]
                                               [--caps 10,5,3]

``--one-session`` also compares each story with the models on one session of every core,
one call after another (``ModelOptions(workers=1)``), in the same rounds, and checks that
the links are the same. ``--caps`` compares each story once per ``max_partners`` cap (the
partners a claim keeps over all other articles), in the same rounds, and says how many of
the first cap's corroborations and contradictions each other cap keeps with the same
relation. Each row's model calls are fitted against its claims over N = 5 to 20
(``pairs = c * claims ** k``): ``k`` is the exponent quoted. So are the claim pairs the model
was asked about (each once, both directions and cores aside) and the claims in them: where the
claims asked about grow with the claims and the pairs faster, each claim finds more partners
as more outlets tell its fact.

Goal (the comparison issue): five articles of about 180 claims in 5 s or less end to end, and
cost growing linearly with the number of claims.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import statistics
import time
from collections.abc import Mapping
from pathlib import Path

from crosswire.analyse import AnalysisOptions
from crosswire.api import Options, analyse_articles, read_inputs
from crosswire.comparison import CompareOptions, compare_articles
from crosswire.eval import default_data_dir
from crosswire.eval.stories import ECB_DIR, read_ecbplus
from crosswire.models import ModelOptions, load_embedder, load_nli


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="13")
    parser.add_argument("--sizes", default="2,5,10,20")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--one-session", action="store_true",
                        help="also compare with the models on one session of every core, one "
                             "call after another (ModelOptions(workers=1)), in the same rounds")
    parser.add_argument("--parse-claims", action="store_true",
                        help="also time each story with its claims' facts left out, so that the "
                             "comparison parses the paired claims again (as before the facts "
                             "layer), in the same rounds")
    parser.add_argument("--caps", default="",
                        help="max_partners caps to compare side by side (the first is the "
                             "reference), e.g. 10,5,3")
    args = parser.parse_args()
    caps = [int(c) for c in args.caps.split(",") if c.strip()]
    labelled = [i for i in read_ecbplus((args.data or default_data_dir()) / ECB_DIR)
                if i.topic == args.topic]
    sizes = [int(s) for s in args.sizes.split(",") if int(s) <= len(labelled)]
    articles, _ = read_inputs([i.article for i in labelled[: max(sizes)]])
    articles = analyse_articles(
        articles, options=Options(analysis=AnalysisOptions(checkworthiness="none")))
    embedder, nli = load_embedder(), load_nli()
    compare_articles(articles[:2], embedder=embedder, nli=nli)  # warm up
    single = ModelOptions(workers=1)
    embedder_1, nli_1 = load_embedder(options=single), load_nli(options=single)
    if args.one_session:
        compare_articles(articles[:2], embedder=embedder_1, nli=nli_1)
    unfacted = []
    if args.parse_claims:
        unfacted = [dataclasses.replace(a, claims=[dataclasses.replace(c, facts=None)
                                                   for c in a.claims]) for a in articles]
    parsed: dict[int, list[float]] = {n: [] for n in sizes}
    same: dict[int, bool] = {}
    one_session: dict[int, list[float]] = {n: [] for n in sizes}
    totals: dict[int, list[float]] = {n: [] for n in sizes}
    models: dict[int, list[float]] = {n: [] for n in sizes}
    stats: dict[int, dict[str, int]] = {}
    by_cap: dict[tuple[int, int], list[float]] = {(c, n): [] for c in caps for n in sizes}
    cap_stats: dict[tuple[int, int], dict[str, float]] = {}
    for _ in range(args.repeat):
        for n in sizes:
            chosen = articles[:n]
            started = time.perf_counter()
            found = compare_articles(chosen, embedder=embedder, nli=nli)
            totals[n].append(time.perf_counter() - started)
            started = time.perf_counter()
            embedder.encode([c.text for a in chosen for c in a.claims])
            if found.nli_pairs:
                nli.predict(found.nli_pairs)
            models[n].append(time.perf_counter() - started)
            stats[n] = {k: found.stats[k] for k in ("claims", "candidates", "nli_pairs")}
            stats[n]["links"] = len(found.links)
            asked = [e.candidate for e in found.evidence if e.ab is not None]
            stats[n]["asked"] = len(asked)
            stats[n]["asked_claims"] = len({i for c in asked for i in (c.a, c.b)})
            if unfacted:
                started = time.perf_counter()
                reparsed = compare_articles(unfacted[:n], embedder=embedder, nli=nli)
                parsed[n].append(time.perf_counter() - started)
                same[n] = ({(x.a, x.b, x.relation) for x in reparsed.links}
                           == {(x.a, x.b, x.relation) for x in found.links})
            if args.one_session:
                started = time.perf_counter()
                again = compare_articles(chosen, embedder=embedder_1, nli=nli_1)
                one_session[n].append(time.perf_counter() - started)
                assert [(x.a, x.b, x.relation) for x in again.links] == \
                    [(x.a, x.b, x.relation) for x in found.links]
            reference: dict[tuple[str, str], str] = {}
            for cap in caps:
                options = dataclasses.replace(CompareOptions(), max_partners=cap)
                started = time.perf_counter()
                capped = compare_articles(chosen, embedder=embedder, nli=nli, options=options)
                by_cap[(cap, n)].append(time.perf_counter() - started)
                found_links = {(x.a, x.b): x.relation for x in capped.links
                               if x.relation in ("corroborates", "contradicts")}
                if cap == caps[0]:
                    reference = found_links
                kept = sum(found_links.get(k) == r for k, r in reference.items())
                cap_stats[(cap, n)] = {"claims": capped.stats["claims"],
                                       "nli_pairs": capped.stats["nli_pairs"],
                                       "findings": len(found_links), "kept": kept,
                                       "reference": len(reference)}
    print(f"ECB+ topic {args.topic}, medians of {args.repeat} interleaved runs")
    print(f"{'articles':>8} {'claims':>6} {'cands':>6} {'nli':>5} {'links':>5} "
          f"{'total s':>8} {'models s':>8} {'ratio':>6} {'ms/claim':>8}")
    for n in sizes:
        total, model = statistics.median(totals[n]), statistics.median(models[n])
        s = stats[n]
        print(f"{n:>8} {s['claims']:>6} {s['candidates']:>6} {s['nli_pairs']:>5} {s['links']:>5} "
              f"{total:>8.2f} {model:>8.2f} {total / model:>6.2f} "
              f"{1000 * total / s['claims']:>8.1f}")
    fit = [n for n in sizes if n >= 5]
    if len(fit) >= 2:
        print("claim pairs the model was asked about (each once), and the claims in them:")
        for n in fit:
            s = stats[n]
            print(f"{n:>8} articles: {s['asked']} pairs, {s['asked_claims']} claims "
                  f"({s['asked'] / max(s['asked_claims'], 1):.2f} pairs a claim)")
        print(f"pairs asked ~ claims ** {_exponent([stats[n] for n in fit], 'asked'):.2f}; "
              f"claims in them ~ claims ** "
              f"{_exponent([stats[n] for n in fit], 'asked_claims'):.2f}")
        print(f"model pairs ~ claims ** {_exponent([stats[n] for n in fit]):.2f} "
              f"(N = {fit[0]} to {fit[-1]})")
    for cap in caps:
        print(f"max_partners {cap}:")
        for n in sizes:
            s = cap_stats[(cap, n)]
            print(f"{n:>8} articles: {statistics.median(by_cap[(cap, n)]):.2f} s, "
                  f"{int(s['nli_pairs'])} model pairs, {int(s['findings'])} corroborations and "
                  f"contradictions; {int(s['kept'])} of the first cap's {int(s['reference'])} "
                  "kept with the same relation")
        if len(fit) >= 2:
            print(f"  model pairs ~ claims ** {_exponent([cap_stats[(cap, n)] for n in fit]):.2f}")
    if unfacted:
        print("the same with the paired claims parsed again (their facts left out):")
        for n in sizes:
            total, again_s = statistics.median(totals[n]), statistics.median(parsed[n])
            print(f"{n:>8} articles: {again_s:.2f} s, {again_s / total:.2f} times the facts "
                  f"layer's {total:.2f} s ({'the same' if same[n] else 'other'} links)")
    if args.one_session:
        print("the same with the models on one session, one call after another:")
        for n in sizes:
            total, single_s = statistics.median(totals[n]), statistics.median(one_session[n])
            print(f"{n:>8} articles: {single_s:.2f} s, {single_s / total:.2f} times the "
                  f"workers' {total:.2f} s (the same links)")


def _exponent(rows: list[Mapping[str, float]], key: str = "nli_pairs") -> float:
    """``k`` in ``model pairs = c * claims ** k`` (or another count, ``key``): the
    least-squares slope of log pairs on log claims over the rows."""
    xs = [math.log(r["claims"]) for r in rows]
    ys = [math.log(max(r[key], 1)) for r in rows]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
            / sum((x - mx) ** 2 for x in xs))


if __name__ == "__main__":
    main()
