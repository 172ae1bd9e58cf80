"""Time the seed comparison warm, beside the model-only time for the same pairs.

Reads, cleans and analyses the two bundled demo articles once, loads the
models once and warms them, then times ``compare_articles`` end to end
(candidates, NLI both ways and on the claims' cores, checks, groups, framing)
against the model calls alone for the same texts (embedding every claim, and
the NLI model on the very (premise, hypothesis) pairs the comparison read:
``Comparison.nli_pairs``). Pin two cores with taskset to match
the target machine::

    taskset -c 0,1 python bench/bench_compare.py [--repeat 5]

Goal: the seed comparison in 2 s or less end to end.
"""

from __future__ import annotations

import argparse
import statistics
import time

from crosswire.analyse import AnalysisOptions
from crosswire.api import Options, analyse_articles, demo_paths, read_inputs
from crosswire.comparison import CompareOptions, compare_articles
from crosswire.errors import ModelError
from crosswire.models import load_embedder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    articles, _ = read_inputs(demo_paths())
    articles = analyse_articles(
        articles, options=Options(analysis=AnalysisOptions(checkworthiness="none")))
    embedder = load_embedder()
    try:
        from crosswire.models import load_nli

        nli = load_nli()
    except ModelError as exc:
        print(f"no NLI model ({exc}); timing without it")
        nli = None
    options = CompareOptions(use_nli=nli is not None)
    compare_articles(articles, options=options, embedder=embedder, nli=nli)  # warm up
    totals, models = [], []
    found = None
    for _ in range(args.repeat):
        started = time.perf_counter()
        found = compare_articles(articles, options=options, embedder=embedder, nli=nli)
        totals.append(time.perf_counter() - started)
        claims = [c.text for a in articles for c in a.claims]
        started = time.perf_counter()
        embedder.encode(claims)
        if nli is not None and found.nli_pairs:
            nli.predict(found.nli_pairs)
        models.append(time.perf_counter() - started)
    assert found is not None
    total, model = statistics.median(totals), statistics.median(models)
    print(f"claims: {found.stats['claims']}, candidate pairs: {found.stats['candidates']} "
          f"of {found.stats['all_pairs']}, NLI pairs read: {found.stats['nli_pairs']}, "
          f"links: {len(found.links)}, NLI: {nli is not None}")
    print(f"seed comparison end to end (median of {args.repeat}): {total:.3f} s")
    print(f"model calls alone for the same claims and pairs:     {model:.3f} s")
    print(f"ratio end-to-end / model-only: {total / model:.2f}; goal <= 2 s: "
          f"{'met' if total <= 2.0 else 'missed'}")
    print("stages (last run):", found.stats["seconds"])


if __name__ == "__main__":
    main()
