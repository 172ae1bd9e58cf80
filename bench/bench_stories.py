"""Corpus-mode throughput: ingest, story clustering, and the cost of adding 10% more articles.

    python bench/bench_stories.py [--data ../shared/data] [--limit N] [--extra 0.1]
                                  [--repeats 2] [--n-process 1] [--html]

The corpus is PolNeAR's 1,008 political news articles (2015-2016, with their
publisher, title and date), written to one JSONL file in a temporary folder;
``--html`` also ingests the 181 Zyte benchmark pages (trafilatura extraction).
Everything runs in this process on a real SQLite file, without NLI:

1. **ingest**: :func:`crosswire.corpus.ingest` reads, cleans and stores
   the whole corpus;
2. **fresh**: :func:`crosswire.corpus.update_stories` clusters it from
   nothing (features, clustering, writes);
3. **incremental**: a second store gets the first ``1 - extra`` of the corpus
   (ingested and clustered, untimed), then the remaining ``extra``: its
   ingest and its ``update_stories`` are timed.

Steps 2 and 3 run ``--repeats`` times, each on a fresh copy of the database
they start from, and the fastest run counts (wall clock and CPU apart).

Printed side by side: articles per second for each step (wall clock, and per
CPU-second of this process's threads: the wall clock counts the other work on
shared cores too), the split of the clustering time, and the incremental cost
as a share of the fresh clustering.
The bundled models are loaded and warmed before timing; the load average is
printed, since other work on the same cores slows every step alike.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from crosswire.corpus import StoryUpdate, ingest, update_stories
from crosswire.document import Article
from crosswire.eval.links import polnear_records, write_jsonl
from crosswire.store import open_store
from crosswire.stories import StoryOptions, extract_features


def zyte_pages(data: Path, folder: Path) -> Path:
    source = data / "extraction" / "zyte-aeb" / "html"
    folder.mkdir()
    for page in sorted(source.glob("*.html.gz")):
        (folder / page.name.removesuffix(".gz")).write_bytes(gzip.decompress(page.read_bytes()))
    return folder


def timed_ingest(sources: list[str], db: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds (this process, all its threads) of an ingest, and articles added."""
    with open_store(db) as store:
        start, cpu = time.perf_counter(), time.process_time()
        result = ingest(sources, store)
        return time.perf_counter() - start, time.process_time() - cpu, result.added


def timed_update(db: Path, options: StoryOptions) -> tuple[float, float, StoryUpdate]:
    with open_store(db) as store:
        start, cpu = time.perf_counter(), time.process_time()
        update = update_stories(store, options=options)
        return time.perf_counter() - start, time.process_time() - cpu, update


def copy_db(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite file (its write-ahead log included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def best(runs: list[tuple[float, float, Any]]) -> tuple[float, float, Any]:
    """The fastest wall clock and the least CPU over repeated runs, with the first result."""
    return min(r[0] for r in runs), min(r[1] for r in runs), runs[0][2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    default_data = Path(__file__).resolve().parents[2] / "shared" / "data"
    parser.add_argument("--data", type=Path, default=default_data)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--extra", type=float, default=0.1)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--html", action="store_true")
    args = parser.parse_args()

    options = StoryOptions(n_process=args.n_process)
    records = polnear_records(args.data, args.limit)
    words = sum(len(r["text"].split()) for r in records)
    split = round(len(records) * (1 - args.extra))
    print(
        f"{len(records)} PolNeAR articles, {words:,} words; {os.cpu_count()} cores; "
        f"spaCy n_process={args.n_process}; load {os.getloadavg()[0]:.1f}"
    )
    extract_features([Article.from_text(records[0]["text"], source="warm-up")], options=options)

    rows: list[tuple[str, int, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        whole = write_jsonl(folder / "corpus.jsonl", records)
        head = write_jsonl(folder / "head.jsonl", records[:split])
        tail = write_jsonl(folder / "tail.jsonl", records[split:])

        seconds, cpu, added = timed_ingest([str(whole)], folder / "fresh.db")
        rows.append(("ingest (JSONL, clean, store)", added, seconds, cpu))
        if args.html:
            pages = zyte_pages(args.data, folder / "html")
            seconds, cpu, added = timed_ingest([str(pages)], folder / "html.db")
            rows.append(("ingest (HTML folder, trafilatura)", added, seconds, cpu))

        fresh_seconds, fresh_cpu, fresh = best(
            [
                timed_update(copy_db(folder / "fresh.db", folder / f"fresh-{n}.db"), options)
                for n in range(args.repeats)
            ]
        )
        rows.append(("stories, whole corpus afresh", fresh.articles, fresh_seconds, fresh_cpu))

        timed_ingest([str(head)], folder / "grown.db")
        timed_update(folder / "grown.db", options)
        ingests, updates = [], []
        for n in range(args.repeats):
            copy = copy_db(folder / "grown.db", folder / f"grown-{n}.db")
            ingests.append(timed_ingest([str(tail)], copy))
            updates.append(timed_update(copy, options))
        tail_ingest, tail_cpu, tail_added = best(ingests)
        rows.append((f"ingest, {args.extra:.0%} more", tail_added, tail_ingest, tail_cpu))
        incr_seconds, incr_cpu, incr = best(updates)
        rows.append((f"stories, {args.extra:.0%} more", incr.articles, incr_seconds, incr_cpu))

    print()
    print(f"{'step':<36} {'articles':>8} {'seconds':>8} {'art/s':>7} {'cpu s':>7} {'art/cpu-s':>9}")
    for name, count, seconds, cpu in rows:
        print(
            f"{name:<36} {count:>8} {seconds:>8.1f} {count / seconds:>7.1f} {cpu:>7.1f} "
            f"{count / cpu:>9.1f}"
        )
    ingest_rate = rows[0][1] / rows[0][2]
    cluster_rate = fresh.articles / fresh_seconds
    both = len(records) / (rows[0][2] + fresh_seconds)
    print()
    print(f"fresh clustering split: {fresh.seconds}")
    print(f"incremental split:      {incr.seconds}")
    print(
        f"stories: {fresh.stories} (fresh) vs {incr.stories} (grown), "
        f"topics {fresh.topics} vs {incr.topics}; near duplicates {fresh.duplicates}"
    )
    print(
        f"throughput: ingest {ingest_rate:.1f} art/s, clustering {cluster_rate:.1f} art/s, "
        f"ingest + clustering {both:.1f} art/s (goal >= 20)"
    )
    print(
        f"adding {args.extra:.0%}: clustering {incr_seconds / fresh_seconds:.1%} of clustering "
        f"afresh (CPU {incr_cpu / fresh_cpu:.1%}); with its ingest "
        f"{(incr_seconds + tail_ingest) / fresh_seconds:.1%} "
        f"(CPU {(incr_cpu + tail_cpu) / fresh_cpu:.1%}) (goal <= 15%); "
        f"load {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
