"""Reports: the v1 JSON contract (with its JSON Schema), Markdown and standalone HTML."""

from __future__ import annotations

# the names report.model lists in its __all__, and that list
from .model import *  # noqa: F403
from .model import __all__
