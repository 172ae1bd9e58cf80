"""Time the comparison of one story at 2, 5, 10 and 20 articles, beside the model calls alone.

The story is an ECB+ topic (its documents of both sub-events: one topic as a corpus would
group it). The articles are read, cleaned and analysed once; the models are loaded once and
warmed; then for each size the first N documents are compared end to end
(``compare_articles``: candidates, parse of the paired claims, NLI both ways and on cores,
checks, relations, fact clusters, framing), beside the model calls alone for the same texts
(every claim embedded, and ``Comparison.nli_pairs`` through the NLI model). Medians of
``--repeat`` runs, interleaved. Pin two cores to match the target machine::

    taskset -c 0,1 python bench/bench_story.py [--topic 13] [--repeat 3] [--one-session]

``--one-session`` also compares each story with the models on one session of every core,
one call after another (``ModelOptions(workers=1)``), in the same rounds, and checks that
the links are the same.

Goal (the comparison issue): five articles of about 180 claims in 5 s or less end to end, and
cost growing linearly with the number of claims.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from crosswire.analyse import AnalysisOptions
from crosswire.api import Options, analyse_articles, read_inputs
from crosswire.comparison import compare_articles
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
    args = parser.parse_args()
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
    one_session: dict[int, list[float]] = {n: [] for n in sizes}
    totals: dict[int, list[float]] = {n: [] for n in sizes}
    models: dict[int, list[float]] = {n: [] for n in sizes}
    stats: dict[int, dict[str, int]] = {}
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
            if args.one_session:
                started = time.perf_counter()
                again = compare_articles(chosen, embedder=embedder_1, nli=nli_1)
                one_session[n].append(time.perf_counter() - started)
                assert [(x.a, x.b, x.relation) for x in again.links] == \
                    [(x.a, x.b, x.relation) for x in found.links]
    print(f"ECB+ topic {args.topic}, medians of {args.repeat} interleaved runs")
    print(f"{'articles':>8} {'claims':>6} {'cands':>6} {'nli':>5} {'links':>5} "
          f"{'total s':>8} {'models s':>8} {'ratio':>6} {'ms/claim':>8}")
    for n in sizes:
        total, model = statistics.median(totals[n]), statistics.median(models[n])
        s = stats[n]
        print(f"{n:>8} {s['claims']:>6} {s['candidates']:>6} {s['nli_pairs']:>5} {s['links']:>5} "
              f"{total:>8.2f} {model:>8.2f} {total / model:>6.2f} "
              f"{1000 * total / s['claims']:>8.1f}")
    if args.one_session:
        print("the same with the models on one session, one call after another:")
        for n in sizes:
            total, single_s = statistics.median(totals[n]), statistics.median(one_session[n])
            print(f"{n:>8} articles: {single_s:.2f} s, {single_s / total:.2f} times the "
                  f"workers' {total:.2f} s (the same links)")


if __name__ == "__main__":
    main()
