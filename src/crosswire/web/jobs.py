"""Where comparisons run: a bounded pool of their own, beside the threads that serve reads.

A comparison is CPU work for seconds to minutes (the models, the analysis); a
listing is milliseconds of SQLite. :class:`Comparisons` keeps them apart:

- comparisons run in their own pool of ``compare_workers`` threads (one by
  default: the models are large and the machine may be small), never in the
  threads that serve pages and JSON, so ``GET /articles.json`` stays fast
  while they run;
- the URLs a comparison fetches are fetched first, in a pool of their own, so
  a server that trickles bytes delays its own comparison only (each fetch ends
  by ``IngestOptions.deadline``), not the others;
- at most ``compare_workers + compare_queue`` comparisons are admitted at once
  (running, waiting or fetching); another is answered 429 with ``Retry-After``
  (an estimate from the recent comparisons' durations);
- a comparison is abandoned when its client goes away, or when
  ``compare_deadline`` seconds have passed since it was admitted (answered 503).

What abandoning stops, and what it cannot: a comparison still waiting for a
worker is cancelled and never runs; one under way stops at its next step
(after reading; within an article's analysis, after each batch of text parsed
and each 32 claims scored; before the comparison; before saving), since a
thread cannot be stopped from outside: the step at hand, or the comparison of
the claims, runs to its end, then the work is dropped and nothing is saved.
A fetch under way runs until it ends or its own deadline passes. Until
abandoned work has stopped it keeps its place among the admitted comparisons,
so the bound holds for the work actually running.

How far a comparison has got: a request may name its comparison with a job id of
its own choosing (``job``: 8 to 64 letters, digits, ``-`` or ``_``; the compare
form's script makes a random one). While it runs, and for :data:`KEEP_FINISHED` seconds
after, :meth:`Comparisons.status` gives its state (``fetching``, ``waiting`` for a
worker, ``running``, ``done``, ``failed``, ``abandoned``, ``refused``), its current step with
``done`` and ``total`` (the steps of :data:`crosswire.api.Progress`, then ``save``)
and a sentence saying so; the app serves it at ``/compare/jobs/{job}.json``.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
from starlette.exceptions import HTTPException

if TYPE_CHECKING:
    from starlette.requests import Request

    from .settings import WebSettings

__all__ = ["JOB_ID", "Abandoned", "Comparisons", "JobStatus"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
F = TypeVar("F")

#: How often a waiting request looks at its work, and at its client (seconds).
_POLL = 0.05
_CLIENT_POLL = 0.5

#: What a job id looks like (chosen by the client: see the module docstring).
JOB_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
#: Seconds a finished comparison's status is kept for a last look.
KEEP_FINISHED = 120.0
#: The most statuses kept at once (finished ones are dropped first, oldest first).
MAX_STATUSES = 256

#: How each step is said, with its counts.
_STEPS = {
    "read": "Reading the inputs: {done:,} of {total:,}",
    "analyse": "Analysing the articles: {done:,} of {total:,} done",
    "parse": "Parsing the text: {done:,} of {total:,} characters",
    "claims": "Scoring the claims: {done:,} of {total:,}",
    "compare": "Comparing the claims across the articles",
    "save": "Saving the report",
}
_STATES = {
    "unknown": "Not started yet",
    "fetching": "Reading the inputs",
    "waiting": "Waiting for a free worker",
    "running": "Starting",
    "done": "Done",
    "failed": "Stopped by an error",
    "abandoned": "Abandoned",
    "refused": "Refused: the server takes no more comparisons now",
}


@dataclass
class JobStatus:
    """How far one comparison has got (see the module docstring)."""

    job: str
    state: str = "fetching"
    step: str | None = None
    done: int = 0
    total: int = 0
    steps: dict[str, tuple[int, int]] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    def message(self) -> str:
        """The state in words: "Scoring the claims: 120 of 787 (articles analysed: 0 of 2)"."""
        if self.state != "running" or self.step is None:
            return _STATES.get(self.state, self.state)
        text = _STEPS.get(self.step, self.step + ": {done:,} of {total:,}").format(
            done=self.done, total=self.total
        )
        if self.step in ("parse", "claims") and "analyse" in self.steps:
            done, total = self.steps["analyse"]
            text += f" (articles analysed: {done:,} of {total:,})"
        return text

    def to_dict(self) -> dict[str, Any]:
        now = self.finished if self.finished is not None else time.monotonic()
        return {
            "job": self.job,
            "state": self.state,
            "step": self.step,
            "done": self.done,
            "total": self.total,
            "steps": {name: list(counts) for name, counts in self.steps.items()},
            "message": self.message(),
            "elapsed": round(now - self.started, 1),
        }


class Abandoned(Exception):  # noqa: N818 - the state of the work, raised to unwind it
    """The client of a comparison went away; its work was dropped (see the module docstring).

    Raised in the request, and, from the progress callback, in the worker thread to
    stop the work at its next step.
    """


class Comparisons:
    """The comparison pool, the fetch pool and the admission bound (see the module docstring)."""

    def __init__(self, settings: WebSettings) -> None:
        self.workers = settings.compare_workers
        self.capacity = settings.compare_workers + settings.compare_queue
        self.deadline = settings.compare_deadline
        self._compare_pool = ThreadPoolExecutor(self.workers, "crosswire-compare")
        self._fetch_pool = ThreadPoolExecutor(self.capacity, "crosswire-fetch")
        self._lock = threading.Lock()
        self._admitted = 0
        self._durations: deque[float] = deque(maxlen=16)
        self._statuses: OrderedDict[str, JobStatus] = OrderedDict()

    @property
    def admitted(self) -> int:
        """Comparisons admitted now (fetching, waiting or running, abandoned ones included)."""
        with self._lock:
            return self._admitted

    def retry_after(self) -> int:
        """Seconds until a place is likely free: the waiting work at the recent pace."""
        with self._lock:
            typical = sum(self._durations) / len(self._durations) if self._durations else 30.0
            waiting = max(self._admitted - self.workers + 1, 1)
        return max(1, math.ceil(typical * waiting / self.workers))

    async def run(
        self,
        request: Request | None,
        fetch: Callable[[], F],
        compare: Callable[[F, Callable[[str, int, int], None]], T],
        *,
        job: str | None = None,
    ) -> T:
        """``compare(fetch(), progress)``: the fetch in the fetch pool, then the comparison in
        the comparison pool, for a request that is dropped if ``request``'s client goes.

        ``progress(step, done, total)`` raises :class:`Abandoned` once the work is dropped.
        ``job`` names the comparison for :meth:`status` (``HTTPException`` 409 when a
        comparison of that name is still under way). Raises ``HTTPException`` 429 when
        full and 503 past the deadline, and :class:`Abandoned` when the client goes away.
        """
        status = self._register(job)
        try:
            self._admit()
        except HTTPException:
            self._finish(status, "refused")
            raise
        abandoned = threading.Event()
        ends = time.monotonic() + self.deadline
        started = time.monotonic()
        pending: Future[Any] | None = None

        def progress(step: str, done: int, total: int) -> None:
            if abandoned.is_set():
                raise Abandoned(f"abandoned before {step} {done}/{total}")
            if status is not None:
                with self._lock:
                    status.state, status.step, status.done, status.total = (
                        "running",
                        step,
                        done,
                        total,
                    )
                    status.steps[step] = (done, total)

        def running(fetched: F, progress: Callable[[str, int, int], None]) -> T:
            if status is not None:
                with self._lock:
                    status.state = "running"
            return compare(fetched, progress)

        end = "failed"
        try:
            pending = self._fetch_pool.submit(fetch)
            fetched: F = await self._wait(pending, request, abandoned, ends)
            if status is not None:
                with self._lock:
                    status.state = "waiting"
            pending = self._compare_pool.submit(running, fetched, progress)
            result: T = await self._wait(pending, request, abandoned, ends)
            with self._lock:
                self._durations.append(time.monotonic() - started)
            end = "done"
            return result
        except Abandoned:
            end = "abandoned"
            raise
        finally:
            self._finish(status, "abandoned" if abandoned.is_set() else end)
            if pending is not None and not pending.done():
                pending.add_done_callback(self._release)  # the thread still works: keep its place
            else:
                self._release()

    def status(self, job: str) -> dict[str, Any] | None:
        """How far the comparison named ``job`` has got (see the module docstring), or
        ``None`` when none of that name is running or finished recently."""
        with self._lock:
            self._prune()
            found = self._statuses.get(job)
            return found.to_dict() if found is not None else None

    def _register(self, job: str | None) -> JobStatus | None:
        if job is None:
            return None
        if not JOB_ID.match(job):
            raise HTTPException(
                422, "job must be 8 to 64 letters, digits, '-' or '_' (a random id)"
            )
        with self._lock:
            self._prune()
            known = self._statuses.get(job)
            if known is not None and known.finished is None:
                raise HTTPException(409, f"a comparison with job id {job!r} is under way")
            status = JobStatus(job)
            self._statuses[job] = status
            self._statuses.move_to_end(job)
            return status

    def _finish(self, status: JobStatus | None, state: str) -> None:
        if status is None:
            return
        with self._lock:
            status.state, status.finished = state, time.monotonic()

    def _prune(self) -> None:
        """Drop finished statuses past :data:`KEEP_FINISHED`, and the oldest finished ones
        past :data:`MAX_STATUSES` (called with the lock held)."""
        now = time.monotonic()
        for key, status in list(self._statuses.items()):
            if status.finished is not None and now - status.finished > KEEP_FINISHED:
                del self._statuses[key]
        for key, status in list(self._statuses.items()):
            if len(self._statuses) <= MAX_STATUSES:
                break
            if status.finished is not None:
                del self._statuses[key]

    def close(self) -> None:
        """Stop taking work; comparisons not started are cancelled."""
        self._compare_pool.shutdown(wait=False, cancel_futures=True)
        self._fetch_pool.shutdown(wait=False, cancel_futures=True)

    def _admit(self) -> None:
        with self._lock:
            if self._admitted < self.capacity:
                self._admitted += 1
                return
        seconds = self.retry_after()
        raise HTTPException(
            429,
            f"{self.capacity} comparisons are running or waiting, the most this server takes "
            f"at once (compare_workers + compare_queue); try again in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )

    def _release(self, _: object = None) -> None:
        with self._lock:
            self._admitted -= 1

    async def _wait(
        self,
        future: Future[T],
        request: Request | None,
        abandoned: threading.Event,
        ends: float,
    ) -> T:
        next_look = time.monotonic() + _CLIENT_POLL
        while not future.done():
            now = time.monotonic()
            if now >= ends:
                self._drop(future, abandoned)
                raise HTTPException(
                    503,
                    f"the comparison took longer than {self.deadline:g} s (compare_deadline) "
                    "and was abandoned",
                    headers={"Retry-After": str(self.retry_after())},
                )
            if request is not None and now >= next_look:
                next_look = now + _CLIENT_POLL
                if await request.is_disconnected():
                    self._drop(future, abandoned)
                    raise Abandoned("the client went away")
            await anyio.sleep(min(_POLL, max(ends - now, 0.0)))
        return future.result()

    @staticmethod
    def _drop(future: Future[Any], abandoned: threading.Event) -> None:
        abandoned.set()
        if not future.cancel():  # under way: it stops at its next step; nobody reads its end
            future.add_done_callback(_quietly)


def _quietly(future: Future[Any]) -> None:
    """Read the end of abandoned work, so that its error (if any) is logged once, quietly."""
    if future.cancelled():
        return
    error = future.exception()
    if error is not None and not isinstance(error, Abandoned):
        logger.info("abandoned comparison ended with %s: %s", type(error).__name__, error)
