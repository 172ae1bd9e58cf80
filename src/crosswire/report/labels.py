"""What a reader calls an article, shared by the report's views and its summary."""

from __future__ import annotations

import os
from typing import Any

__all__ = ["article_label"]


def article_label(article: dict[str, Any]) -> str:
    """What a reader calls an article: its outlet, else its title, else its file or URL."""
    for key in ("outlet", "title"):
        value = article.get(key)
        if value:
            return str(value)
    source = str(article.get("source") or article.get("id") or "article")
    if "://" in source:
        return source
    return os.path.basename(source.rstrip("/")) or source
