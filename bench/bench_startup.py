"""The first comparison of a fresh web app, with the models loading as it starts and without.

Starts the web app in a process of its own over a new SQLite file, as ``crosswire serve``
does, twice per round: once as ``crosswire serve`` builds it (the comparison's models begin
to load on a thread of their own as the app starts, :func:`crosswire.warm_up`), once with
the same :func:`crosswire.compare` handed in, which the app does not warm. Each time it waits
until the app answers, waits ``--think`` seconds more (a reader pasting two articles), posts
the bundled demo pair to ``/compare.json`` and times that first answer, then a second one.
Rounds alternate the two ways so both share the machine's load; medians are printed::

    taskset -c 0,1 python bench/bench_startup.py [--rounds 3] [--think 3]

Beside it, the time of ``crosswire compare --demo`` in a fresh process (two local files:
the command loads the models as it needs them; given URLs, it loads them while it fetches).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEMO = sorted((ROOT / "src" / "crosswire" / "demo").glob("*.txt"))

APP = """
import sys, uvicorn
import crosswire
from crosswire.web.app import create_app
store = crosswire.open_store(sys.argv[1])
compare = None if sys.argv[3] == "warm" else crosswire.compare
uvicorn.run(create_app(store=store, compare=compare), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _first_answers(mode: str, think: float) -> tuple[float, float]:
    """The seconds of the first and the second comparison of a fresh app."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    body = {"texts": [p.read_text(encoding="utf-8") for p in DEMO]}
    with tempfile.TemporaryDirectory() as tmp:
        server = subprocess.Popen([sys.executable, "-c", APP, str(Path(tmp) / "bench.db"),
                                   str(port), mode])
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"{base}/index.json", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the app did not start")
                time.sleep(0.1)
            time.sleep(think)
            took = []
            for _ in range(2):
                start = time.perf_counter()
                answer = httpx.post(f"{base}/compare.json", json=body, timeout=120)
                took.append(time.perf_counter() - start)
                if answer.status_code != 201:
                    raise SystemExit(f"{mode}: /compare.json answered {answer.status_code}")
            return took[0], took[1]
        finally:
            server.terminate()
            server.wait(30)


def _cli_demo() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "crosswire"), "compare", "--demo",
                        "--json", str(Path(tmp) / "report.json")], check=True,
                       capture_output=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, default=3.0,
                        help="seconds between the app answering and the first comparison")
    args = parser.parse_args()
    times: dict[str, list[tuple[float, float]]] = {"warm": [], "cold": []}
    cli: list[float] = []
    for _ in range(args.rounds):
        for mode in ("warm", "cold"):
            times[mode].append(_first_answers(mode, args.think))
        cli.append(_cli_demo())
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; "
          f"{args.rounds} rounds, {args.think:g} s between start and the first comparison")
    print(f"{'app':>22} {'first (s)':>10} {'second (s)':>11}")
    for mode, label in (("warm", "models load at start"), ("cold", "loaded by the first")):
        first = statistics.median(t[0] for t in times[mode])
        second = statistics.median(t[1] for t in times[mode])
        print(f"{label:>22} {first:10.2f} {second:11.2f}")
    print(f"crosswire compare --demo, fresh process: {statistics.median(cli):.2f} s")


if __name__ == "__main__":
    main()
