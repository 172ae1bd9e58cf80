"""Run the web app with uvicorn: ``crosswire serve`` calls :func:`serve`."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .settings import WebSettings

__all__ = ["serve"]

logger = logging.getLogger(__name__)


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
    starts). ``settings`` overrides the limits; its host, port and token are
    replaced by the arguments.
    """
    from dataclasses import replace

    import uvicorn

    from ..store import open_store
    from .app import create_app

    base = settings or WebSettings()
    settings = replace(base, host=host, port=port, token=token)
    store = open_store(Path(db) if db is not None else None)
    with store:
        app = create_app(store=store, settings=settings)
        logger.info("serving %s on http://%s:%d", store.location, host, port)
        uvicorn.run(
            app,
            host=host,
            port=port,
            log_level="info",
            proxy_headers=False,
            server_header=False,
            limit_concurrency=64,
        )
