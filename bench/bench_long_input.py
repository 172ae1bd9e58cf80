"""Seconds and peak memory of one long input through ``compare`` and ``ingest``, per size.

Each measurement runs in a fresh process (so that its peak resident memory is its own,
read with ``os.wait4``): ``crosswire.api.compare`` of a long article beside a demo
article, and ``crosswire.corpus.ingest`` of a long text into a new SQLite file
followed by the story update, as ``crosswire ingest`` does. The long texts are BASIL
articles (``../shared/data/bias/basil``) one after another, or the demo articles repeated
when BASIL is absent, cut to each size. For each size the script prints the seconds, the
peak RSS, and against the size before: the ratio of the wall and CPU times and of the memory,
and the CPU ratio over the ratio of the sizes (1.0: linear; the CPU seconds of the process
vary less than its wall time on a shared machine). With ``--against REV`` it measures that
git revision of ``src/`` as well, side by side in the same run, and prints the ratios between
the two.
Last, it times how fast a 999,999-character article is refused under the default limits.
Pin two cores to match the target machine::

    taskset -c 0,1 python bench/bench_long_input.py [--against 52e45f2]
        [--sizes 50000,100000,200000] [--ingest-sizes 5000000,19000000]

Goal (issue 13): cost that grows at most linearly with the input; a 20 MB input under
1 GB through ingest and compare; a 999,999-character comparison refused at once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BASIL = ROOT.parent / "shared" / "data" / "bias" / "basil" / "articles"
DEMO = ROOT / "src" / "crosswire" / "demo"


# --- the inputs ------------------------------------------------------------------------------


def _paragraphs() -> tuple[list[str], str]:
    files = sorted(BASIL.glob("*/*.json")) if BASIL.is_dir() else []
    paragraphs: list[str] = []
    for path in files:
        data = json.loads(path.read_text("utf-8"))
        for paragraph in data.get("body-paragraphs", []):
            text = " ".join(paragraph) if isinstance(paragraph, list) else str(paragraph)
            if text.strip():
                paragraphs.append(text.strip())
    if paragraphs:
        return paragraphs, f"BASIL ({len(files)} articles)"
    for path in sorted(DEMO.glob("*.txt")):
        paragraphs += [p.strip() for p in path.read_text("utf-8").split("\n") if p.strip()]
    return paragraphs, "the demo articles"


def long_text(size: int, paragraphs: list[str]) -> str:
    """Paragraphs one after another, blank lines between, cut to ``size`` characters."""
    parts: list[str] = []
    total, round_ = 0, 0
    while total < size:
        for paragraph in paragraphs:
            # a copy after the first round differs by its number, so it is not a repeat
            text = paragraph if round_ == 0 else f"({round_}) {paragraph}"
            parts.append(text)
            total += len(text) + 2
            if total >= size:
                break
        round_ += 1
    return "\n\n".join(parts)[:size].rstrip() + "\n"


# --- one measurement, in a child process ---------------------------------------------------------


def child_compare(path: str, limits: str) -> dict[str, Any]:
    from crosswire import api

    steps: dict[str, float] = {}
    started = time.perf_counter()

    def progress(step: str, done: int, total: int) -> None:
        steps[step] = round(time.perf_counter() - started, 2)

    fields: dict[str, Any] = {}
    if limits == "off" and hasattr(api, "Limits"):
        fields["limits"] = api.Limits(max_texts=1000, max_total_chars=10**9)
    demo = str(sorted(DEMO.glob("*.txt"))[0])
    try:
        report = api.compare([path, demo], options=api.Options(**fields), progress=progress)
    except Exception as exc:  # noqa: BLE001 - a refusal is a result here
        return {"seconds": time.perf_counter() - started, "refused": str(exc)[:160]}
    return {
        "seconds": time.perf_counter() - started,
        "steps": steps,
        "claims": sum(len(a.claims) for a in report.articles),
        "failures": [f.reason[:80] for f in report.failures],
    }


def child_ingest(path: str, db: str) -> dict[str, Any]:
    from crosswire.corpus import ingest, update_stories
    from crosswire.store import open_store

    started = time.perf_counter()
    with open_store(Path(db)) as store:
        result = ingest([path], store)
        read = time.perf_counter() - started
        update_stories(store)
    return {
        "seconds": time.perf_counter() - started,
        "steps": {"ingest": round(read, 2)},
        "added": result.added,
        "failures": [f.reason[:80] for f in result.failed],
    }


def measure(src: Path, *args: str) -> dict[str, Any]:
    """Run this script's child mode on the code in ``src``; its result and peak RSS (MB)."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONWARNINGS="ignore")
    command = [sys.executable, __file__, "--child", *args]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        return {"error": f"exit {process.returncode}", "rss_mb": usage.ru_maxrss / 1024}
    result: dict[str, Any] = json.loads(output.decode().strip().splitlines()[-1])
    result["rss_mb"] = usage.ru_maxrss / 1024
    result["cpu"] = usage.ru_utime + usage.ru_stime
    return result


# --- the table ----------------------------------------------------------------------------------


def _row(label: str, size: int, result: dict[str, Any], before: tuple[int, dict[str, Any]] | None
         ) -> str:
    if "error" in result or "refused" in result:
        why = result.get("error") or f"refused: {result['refused']}"
        return f"  {label:<8} {size:>11,}  {why}"
    line = (f"  {label:<8} {size:>11,}  {result['seconds']:8.1f} s  {result['cpu']:8.1f} s"
            f"  {result['rss_mb']:8.0f} MB")
    if before is not None and "seconds" in before[1] and "error" not in before[1]:
        grow = size / before[0]
        old = before[1]
        line += (f"   x{grow:g} size: time x{result['seconds'] / old['seconds']:.2f},"
                 f" CPU x{result['cpu'] / old['cpu']:.2f}"
                 f" ({result['cpu'] / old['cpu'] / grow:.2f} per x size),"
                 f" memory x{result['rss_mb'] / old['rss_mb']:.2f}")
    steps = result.get("steps")
    if steps:
        line += "   " + ", ".join(f"{k} by {v:g} s" for k, v in steps.items())
    if result.get("failures"):
        line += f"   failed: {result['failures'][0]}"
    return line


def _series(
    title: str, codes: dict[str, Path], sizes: list[int], run: Any
) -> dict[str, dict[int, dict[str, Any]]]:
    print(f"\n{title}")
    print(f"  {'code':<8} {'chars':>11}  {'wall':>10}  {'CPU':>10}  {'peak RSS':>11}")
    found: dict[str, dict[int, dict[str, Any]]] = {label: {} for label in codes}
    for size in sizes:  # the codes interleaved, so that a busy machine slows both alike
        for label, src in codes.items():
            found[label][size] = run(src, size)
    for label in codes:
        previous: tuple[int, dict[str, Any]] | None = None
        for size in sizes:
            print(_row(label, size, found[label][size], previous))
            previous = (size, found[label][size])
    return found


def _side_by_side(found: dict[str, dict[int, dict[str, Any]]], sizes: list[int]) -> None:
    if "before" not in found:
        return
    for size in sizes:
        old, new = found["before"][size], found["after"][size]
        if "seconds" in old and "seconds" in new and "error" not in old and "error" not in new:
            print(f"  {size:>11,} chars: before/after time {old['seconds'] / new['seconds']:.2f}, "
                  f"CPU {old['cpu'] / new['cpu']:.2f}, "
                  f"peak RSS {old['rss_mb'] / new['rss_mb']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50000,100000,200000")
    parser.add_argument("--ingest-sizes", default="5000000,19000000")
    parser.add_argument("--against", help="a git revision to measure beside the working tree")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = child_compare(*rest) if kind == "compare" else child_ingest(*rest)
        print(json.dumps(result))
        return
    paragraphs, origin = _paragraphs()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    ingest_sizes = [int(s) for s in args.ingest_sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="crosswire-bench-") as folder:
        work = Path(folder)
        codes = {"after": ROOT / "src"}
        if args.against:
            old = work / "before"
            old.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.against, "src"],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
            codes = {"before": old / "src", **codes}
        print(f"texts from {origin}; code: "
              + ", ".join(f"{k} = {args.against if k == 'before' else 'working tree'}"
                          for k in codes))

        def text_file(size: int) -> str:
            path = work / f"long-{size}.txt"
            if not path.exists():
                path.write_text(long_text(size, paragraphs), "utf-8")
            return str(path)

        found = _series("compare (a long article and a demo article; limits off)", codes, sizes,
                        lambda src, size: measure(src, "compare", text_file(size), "off"))
        _side_by_side(found, sizes)
        if ingest_sizes:
            counter = iter(range(1_000_000))
            found = _series(
                "ingest (read, clean, store, stories) into a new database", codes, ingest_sizes,
                lambda src, size: measure(src, "ingest", text_file(size),
                                          str(work / f"bench-{next(counter)}.db")))
            _side_by_side(found, ingest_sizes)
        print("\na 999,999-character article beside a demo article, default limits:")
        for label, src in codes.items():
            result = measure(src, "compare", text_file(999_999), "default")
            outcome = f"refused: {result['refused']}" if "refused" in result else "compared"
            print(f"  {label:<8} {result['seconds']:8.1f} s  {result['cpu']:8.1f} s CPU"
                  f"  {result['rss_mb']:8.0f} MB  {outcome}")


if __name__ == "__main__":
    main()
