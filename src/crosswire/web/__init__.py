"""The local web app: the report views, stored articles and comparisons, and a REST API.

:func:`create_app` builds the FastAPI app (tests drive it in-process through
``httpx.ASGITransport``); :func:`serve` runs it with uvicorn, on 127.0.0.1
unless told otherwise, and only with an API token anywhere else.
"""

from __future__ import annotations

from .app import create_app
from .server import serve
from .settings import WebSettings, is_loopback

__all__ = ["WebSettings", "create_app", "is_loopback", "serve"]
