"""Throughput of the bundled models beside a bare onnxruntime session on the same inputs.

    python bench/bench_models.py --threads 2 [--batch-size 1 32] [--json OUT] [--repeat 3]
        [--workers 2]

Inputs are sentences of the bundled demo articles (and pairs of neighbouring
sentences for NLI), repeated to ``--n``. For each model it times

- ``pipeline``: the public call (``Embedder.encode``, ``NLIModel.predict``,
  ``CheckworthinessModel.predict``): tokenisation, length-sorted batching,
  onnxruntime, pooling or softmax;
- ``bare``: the same graph in an ``onnxruntime.InferenceSession`` with the same
  intra-op threads, fed the same already-tokenised batches.

The NLI model's same-fact head is timed too, when it has one: ``nli relations``
(both heads, one order: what the comparison calls) and ``same fact`` (the
symmetric public call, both orders: two graph runs per pair). ``--nli-beside DIR``
times another NLI bundle (a model folder with its manifest, such as an earlier
release kept aside) in the same run, and prints the bundled model's rate over its
rate (``vs beside``). ``--workers W`` also times each model served by ``W`` single-thread
workers over one session (``ModelOptions(workers=W)``, the library's default on a machine of
``W`` cores), beside the one session of ``--threads`` threads, and prints the ratio.

``overhead`` is pipeline time over bare time. Each figure is the median of
``--repeat`` runs after a warm-up; every call is timed once per round, round after
round, so the figures of one batch size are measured side by side under the same load.
With several ``--batch-size`` values (the library's default, 1, reads one text per
onnxruntime call so that no text's output depends on another's), each is run in
turn and ``vs first`` is its pipeline rate over the first batch size's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from crosswire.models import (  # noqa: E402
    ModelOptions,
    load_checkworthiness,
    load_embedder,
    load_nli,
)
from crosswire.models._onnx import OnnxRunner, open_bundle  # noqa: E402
from crosswire.models.nli import NLIModel  # noqa: E402

DEMO = ROOT / "src" / "crosswire" / "demo"
MODELS = ("embedder", "nli", "checkworthiness")


def demo_sentences() -> list[str]:
    import re

    out: list[str] = []
    for path in sorted(DEMO.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            out.extend(s for s in re.split(r"(?<=[.!?])\s+", line.strip()) if len(s.split()) >= 4)
    return out


def interleaved(calls: list[tuple[str, Callable[[], Any]]], repeat: int) -> dict[str, float]:
    """The median seconds of each call, timed in rounds (each call once per round) after a
    warm-up round."""
    for _, fn in calls:
        fn()
    times: dict[str, list[float]] = {name: [] for name, _ in calls}
    for _ in range(repeat):
        for name, fn in calls:
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(t) for name, t in times.items()}


def bare_runner(runner: OnnxRunner, inputs: list[Any], batch_size: int, threads: int,
                provider: str) -> Callable[[], None]:
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    session = ort.InferenceSession(str(runner.bundle.onnx_path), sess_options=opts,
                                   providers=[provider])
    encodings = sorted(runner.encode(inputs), key=lambda e: len(e.ids))
    feeds = [runner.feeds(encodings[i : i + batch_size])
             for i in range(0, len(encodings), batch_size)]

    def run() -> None:
        for feed in feeds:
            session.run(None, feed)

    return run


def bench(threads: int, n: int, repeat: int, batch_size: int, models: list[str],
          beside: Path | None = None, workers: int = 0) -> dict[str, Any]:
    options = ModelOptions(batch_size=batch_size, threads=threads, workers=1)
    sentences = demo_sentences()
    texts = (sentences * (n // len(sentences) + 1))[:n]
    pairs = [(sentences[i], sentences[(i + 1) % len(sentences)]) for i in range(len(sentences))]
    pairs = (pairs * (n // len(pairs) + 1))[:n]
    rows: dict[str, Any] = {}
    cases: list[tuple[str, Any, Callable[[], Any], list[Any]]] = []
    if "embedder" in models:
        emb = load_embedder(options=options)
        cases.append(("embedder", emb, lambda: emb.encode(texts), texts))
    if "nli" in models:
        nli = load_nli(options=options)
        cases.append(("nli", nli, lambda: nli.predict(pairs), pairs))
        if getattr(nli, "has_same_fact", False):
            cases.append(("nli relations", nli, lambda: nli.predict_relations(pairs), pairs))
            cases.append(("same fact", nli, lambda: nli.same_fact(pairs), pairs))
        if beside is not None:
            other = NLIModel(open_bundle(beside), options)
            cases.append(("nli beside", other, lambda: other.predict(pairs), pairs))
    if "checkworthiness" in models:
        cw = load_checkworthiness(options=options)
        cases.append(("checkworthiness", cw, lambda: cw.predict(texts), texts))
    pooled: list[tuple[str, Callable[[], Any], int]] = []
    if workers > 1:
        served = ModelOptions(batch_size=batch_size, workers=workers)
        if "embedder" in models:
            emb_w = load_embedder(options=served)
            pooled.append(("embedder", lambda: emb_w.encode(texts), len(texts)))
        if "nli" in models:
            nli_w = load_nli(options=served)
            pooled.append(("nli", lambda: nli_w.predict(pairs), len(pairs)))
        if "checkworthiness" in models:
            cw_w = load_checkworthiness(options=served)
            pooled.append(("checkworthiness", lambda: cw_w.predict(texts), len(texts)))
    # every case is timed once per round, round after round, so that a change in the
    # machine's load falls on all of them alike
    calls: list[tuple[str, Callable[[], Any]]] = []
    for name, model, call, inputs in cases:
        runner: OnnxRunner = model._runner
        bare_inputs = inputs + [(b, a) for a, b in inputs] if name == "same fact" else inputs
        calls.append((f"{name} pipeline", call))
        calls.append((f"{name} bare", bare_runner(runner, bare_inputs, batch_size, threads,
                                                  "CPUExecutionProvider")))
    calls += [(f"{name} workers", call) for name, call, _ in pooled]
    timed = interleaved(calls, repeat)
    for name, _, _, inputs in cases:
        pipeline_s, bare_s = timed[f"{name} pipeline"], timed[f"{name} bare"]
        rows[name] = {
            "items": len(inputs),
            "pipeline_per_s": round(len(inputs) / pipeline_s, 1),
            "bare_per_s": round(len(inputs) / bare_s, 1),
            "overhead": round(pipeline_s / bare_s, 3),
        }
    for name, _, count in pooled:
        rows[name]["workers_per_s"] = round(count / timed[f"{name} workers"], 1)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n", type=int, default=512)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--batch-size", type=int, nargs="+", default=[ModelOptions().batch_size, 32])
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    ap.add_argument("--nli-beside", type=Path, default=None,
                    help="another NLI model folder to time in the same run")
    ap.add_argument("--workers", type=int, default=0,
                    help="also time the models served by this many single-thread workers "
                         "over one session, beside one session of --threads threads")
    args = ap.parse_args()
    result = {
        "machine": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "threads": args.threads,
        "batch_sizes": args.batch_size,
        "onnxruntime": ort.__version__,
        "providers_available": ort.get_available_providers(),
        "numpy": np.__version__,
        "results": {str(size): bench(args.threads, args.n, args.repeat, size, args.models,
                                     args.nli_beside, args.workers)
                    for size in args.batch_size},
    }
    cpus = result["cpu_count"]
    print(f"int8 ONNX on {args.threads} thread(s), {cpus} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"{'model':<16}{'batch':>6}{'items':>7}{'pipeline/s':>12}{'bare/s':>10}"
          f"{'overhead':>10}{'vs first':>10}")
    first = result["results"][str(args.batch_size[0])]
    for size, rows in result["results"].items():
        for name, row in rows.items():
            ratio = row["pipeline_per_s"] / first[name]["pipeline_per_s"]
            print(f"{name:<16}{size:>6}{row['items']:>7}{row['pipeline_per_s']:>12}"
                  f"{row['bare_per_s']:>10}{row['overhead']:>10}{ratio:>10.2f}")
    for size, rows in result["results"].items():
        if "nli beside" in rows:
            for name in ("nli", "nli relations", "same fact"):
                if name in rows:
                    ratio = rows[name]["pipeline_per_s"] / rows["nli beside"]["pipeline_per_s"]
                    print(f"batch {size}: {name} vs beside {ratio:.2f}")
    for size, rows in result["results"].items():
        for name, row in rows.items():
            if "workers_per_s" in row:
                ratio = row["workers_per_s"] / row["pipeline_per_s"]
                print(f"batch {size}: {name} on {args.workers} single-thread workers "
                      f"{row['workers_per_s']}/s, {ratio:.2f} times one session of "
                      f"{args.threads} thread(s)")
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
