"""Who runs an ingest, and whether a recorded run's process is gone.

Each ingest run records the process id and host name of the process running
it (:func:`this_process`). A run still recorded as ``running`` whose process is
gone was killed (``SIGKILL``, a power cut, an out-of-memory kill): nothing
recorded its end. :func:`process_gone` tells, for a process on this host:

* no process has that id (or only a zombie does): gone;
* a process has that id but started after the run did: the id was reused, so
  the run's own process is gone (Linux, from ``/proc``);
* otherwise it is taken to be alive.

A run recorded on another host, or without a process id (recorded before
schema revision 0003), cannot be judged from here and is left as it is.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime
from pathlib import Path

__all__ = ["process_gone", "this_process"]

#: Seconds of clock disagreement tolerated between the run's start and its process's.
_CLOCK_SLACK = 2.0


def this_process() -> tuple[int, str]:
    """The current process id and host name, as a run records them."""
    return os.getpid(), socket.gethostname()


def process_gone(pid: int | None, host: str | None, run_started: datetime) -> bool:
    """Whether the process that started a run at ``run_started`` is known to be gone."""
    if pid is None or host is None or host != socket.gethostname() or os.name != "posix":
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # a process of another user has that id: look at when it started
    found = _process_stat(pid)
    if found is None:
        return False
    state, started = found
    return state in ("Z", "X") or started > run_started.timestamp() + _CLOCK_SLACK


def _process_stat(pid: int) -> tuple[str, float] | None:
    """Process ``pid``'s state letter and start (seconds since the epoch); ``None``: unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text(encoding="ascii").splitlines()
            if line.startswith("btime ")
        )
        ticks = os.sysconf("SC_CLK_TCK")
    except (OSError, StopIteration, ValueError):
        return None
    # The fields after the command name, which is in parentheses and may hold spaces.
    fields = stat[stat.rfind(")") + 2 :].split()
    if len(fields) < 20 or not fields[19].isdigit():
        return None
    return fields[0], boot + int(fields[19]) / ticks
