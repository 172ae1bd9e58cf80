"""Run the web app with uvicorn: ``crosswire serve`` calls :func:`serve`.

The access log never holds a token: :class:`RedactTokens` replaces the value of
``token`` (and ``access_token``) query parameters with ``[redacted]`` in every
line uvicorn logs, access and error logs alike.

:func:`serve` takes its address before anything else: a port already taken
raises :class:`~crosswire.errors.AddressInUseError` (another address that
cannot be bound, a :class:`~crosswire.errors.ConfigurationError`), not
uvicorn's own message and exit.
"""

from __future__ import annotations

import copy
import errno
import logging
import os
import re
import socket
from pathlib import Path
from typing import Any

from .. import AddressInUseError, ConfigurationError
from .settings import WebSettings

__all__ = ["RedactTokens", "listen", "serve", "server_options"]

logger = logging.getLogger(__name__)

_TOKEN_PARAM = re.compile(r"(?i)((?:^|[?&;])(?:access_)?token=)[^&;#\s\"']*")
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """``text`` with the value of every ``token=`` query parameter replaced."""
    return _TOKEN_PARAM.sub(rf"\g<1>{REDACTED}", text)


class RedactTokens(logging.Filter):
    """Replaces token values in a log record's message and arguments (see :func:`redact`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            args = record.args.items()
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in args}
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with :class:`RedactTokens` on its loggers and handlers."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_tokens"] = {"()": f"{__name__}.RedactTokens"}
    for part in (*config["handlers"].values(), *config["loggers"].values()):
        part.setdefault("filters", []).append("redact_tokens")
    return config


def server_options(*, host: str, port: int) -> dict[str, Any]:
    """The uvicorn settings :func:`serve` uses: tokens kept out of the logs, no proxy headers."""
    return {
        "host": host,
        "port": port,
        "log_level": "info",
        "log_config": log_config(),
        "proxy_headers": False,
        "server_header": False,
        "limit_concurrency": 64,
    }


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (as uvicorn binds one), ready to hand to uvicorn.

    Raises :class:`~crosswire.errors.AddressInUseError` when another program
    has the port, and :class:`~crosswire.errors.ConfigurationError` for any other
    address that cannot be bound (not this machine's, a port reserved to root).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise AddressInUseError(host, port) from exc
        raise ConfigurationError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    except BaseException:
        sock.close()
        raise
    return sock


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    db: str | os.PathLike[str] | None = None,
    token: str | None = None,
    settings: WebSettings | None = None,
) -> None:
    """Serve the web app on ``host:port`` over the store at ``db`` until interrupted.

    Binding anything but a loopback address needs ``token`` (a
    :class:`~crosswire.errors.ConfigurationError` says so before anything
    starts), and a port in use gives :class:`~crosswire.errors.AddressInUseError`
    before the store is opened. ``settings`` overrides the limits; its host, port
    and token are replaced by the arguments.
    """
    from dataclasses import replace

    import uvicorn

    from .. import open_store
    from .app import create_app

    base = settings or WebSettings()
    settings = replace(base, host=host, port=port, token=token)
    with listen(host, port) as sock:
        store = open_store(Path(db) if db is not None else None)
        with store:
            app = create_app(store=store, settings=settings)
            config = uvicorn.Config(app, **server_options(host=host, port=port))
            logger.info("serving %s on http://%s:%d", store.location, host, port)
            _log_started(host, sock)
            try:
                uvicorn.Server(config).run(sockets=[sock])
            except KeyboardInterrupt:
                # uvicorn stops gracefully on Ctrl+C, then raises it again (as uvicorn.run).
                logger.info("stopped")


def _log_started(host: str, sock: socket.socket) -> None:
    """uvicorn's own "running on" line, which it leaves out for a socket it is given."""
    where = f"[{host}]" if ":" in host else host
    logging.getLogger("uvicorn.error").info(
        "Uvicorn running on http://%s:%d (Press CTRL+C to quit)", where, sock.getsockname()[1]
    )
