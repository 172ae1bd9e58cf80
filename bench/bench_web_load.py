"""Reads stay fast while comparisons run: a load test of ``crosswire serve`` on loopback.

Starts ``crosswire serve`` in a process of its own over a new SQLite file, stores a few
articles, then for ``--seconds`` (60) runs ``--posters`` (8) clients that post comparisons
(two short articles each, the bundled demo articles with a numbered sentence added so that
no two requests are alike; on 429 a client waits ``Retry-After``, at most 5 s, and posts
again) and ``--readers`` (50) clients that read ``GET /articles.json`` back to back. Then it
checks that nothing was lost: every comparison answered 201 is stored, and the store holds
no other. It prints the read latencies (median, p95, p99, max), the comparisons' answers by
status, and any error other than a documented 429. Bounded in count and time: loopback
only, the clients stop at the deadline, the server is stopped at the end. Pin two cores to
match the target machine::

    taskset -c 0,1 python bench/bench_web_load.py [--seconds 60] [--posters 8] [--readers 50]

Goal (issue 13): reads p99 under 1 s; no error but documented 429s; nothing lost.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEMO = sorted((ROOT / "src" / "crosswire" / "demo").glob("*.txt"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/index.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--posters", type=int, default=8)
    parser.add_argument("--readers", type=int, default=50)
    args = parser.parse_args()
    texts = [path.read_text("utf-8") for path in DEMO]
    with tempfile.TemporaryDirectory(prefix="crosswire-load-") as folder:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "crosswire.cli", "serve",
                   "--db", str(Path(folder) / "load.db"), "--port", str(port)]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env=dict(os.environ, PYTHONWARNINGS="ignore"))
        try:
            _wait_until_up(base)
            seed = httpx.post(f"{base}/compare.json", json={"texts": texts}, timeout=300)
            assert seed.status_code == 201, seed.text
            _load(base, texts, args)
        finally:
            server.terminate()
            server.wait(30)


def _load(base: str, texts: list[str], args: argparse.Namespace) -> None:
    ends = time.monotonic() + args.seconds
    latencies: list[float] = []
    read_status: Counter[int] = Counter()
    post_status: Counter[int] = Counter()
    errors: list[str] = []
    created: list[str] = []
    lock = threading.Lock()
    counter = iter(range(1_000_000))

    def reader() -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < ends:
                started = time.perf_counter()
                try:
                    status = http.get("/articles.json?limit=20").status_code
                except httpx.HTTPError as exc:
                    with lock:
                        errors.append(f"read: {type(exc).__name__}")
                    continue
                with lock:
                    latencies.append(time.perf_counter() - started)
                    read_status[status] += 1

    def poster() -> None:
        with httpx.Client(base_url=base, timeout=600) as http:
            while time.monotonic() < ends:
                n = next(counter)
                update = f"Update {n}: officials said talks would resume."
                body = {"texts": [f"{t}\n{update}" for t in texts]}
                try:
                    response = http.post("/compare.json", json=body)
                except httpx.HTTPError as exc:
                    with lock:
                        errors.append(f"post: {type(exc).__name__}")
                    continue
                with lock:
                    post_status[response.status_code] += 1
                    if response.status_code == 201:
                        created.append(response.json()["id"])
                    elif response.status_code != 429:
                        errors.append(f"post: {response.status_code} {response.text[:120]}")
                if response.status_code == 429:
                    wait = min(float(response.headers.get("retry-after", "1")), 5.0)
                    time.sleep(min(wait, max(ends - time.monotonic(), 0)))

    threads = [threading.Thread(target=reader) for _ in range(args.readers)]
    threads += [threading.Thread(target=poster) for _ in range(args.posters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    listing = httpx.get(f"{base}/reports.json?limit=500", timeout=30).json()
    stored = {r["id"] for r in listing["reports"]}
    lost = [i for i in created if i not in stored]
    unexpected = len(stored) - 1 - len(created)  # the seed comparison is the one other
    ordered = sorted(latencies)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    print(f"{args.seconds:g} s, {args.posters} posting, {args.readers} reading")
    median = statistics.median(ordered)
    print(f"reads: {len(ordered)} ({dict(read_status)}); median {median:.3f} s, "
          f"p95 {p(0.95):.3f} s, p99 {p(0.99):.3f} s, max {ordered[-1]:.3f} s; "
          f"goal p99 < 1 s: {'met' if p(0.99) < 1 else 'missed'}")
    print(f"comparisons: {dict(post_status)} (201 saved, 429 refused with Retry-After)")
    print(f"errors other than 429: {len(errors)}" + (f" ({errors[:5]})" if errors else ""))
    print(f"lost: {len(lost)} of {len(created)} saved; stored without an answer: {unexpected}")


if __name__ == "__main__":
    main()
