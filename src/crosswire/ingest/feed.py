"""RSS and Atom feeds: one article per entry, through feedparser.

An entry's text is its fullest content (``content:encoded``, Atom
``<content>``), else its summary, read as HTML one block a line. The entry's
title, link, author and publication date become the article's; the outlet is
the feed's title. Each entry's source is ``<feed>#<n>`` (``n`` from 1).

A file that is not a feed, or a feed that cannot be parsed and has no entries,
is a :class:`~crosswire.errors.MalformedInputError`; an entry without text is an
:class:`~crosswire.errors.EmptyInputError` for that entry, and the other entries
are still read.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from ..document import Article
from ..errors import EmptyInputError, InputError, MalformedInputError
from .common import IngestOptions, article_fields, prepare
from .html import fragment_text
from .text import infer_outlet

__all__ = ["iter_feed"]

logger = logging.getLogger(__name__)


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    return None


def _entry_html(entry: Any) -> tuple[str, str]:
    """The fullest text of an entry and its MIME type."""
    candidates: list[tuple[str, str]] = []
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        candidates.append((value, content.get("type") or "text/html"))
    summary = entry.get("summary") or ""
    if summary:
        detail = entry.get("summary_detail") or {}
        candidates.append((summary, detail.get("type") or "text/html"))
    if not candidates:
        return "", "text/html"
    return max(candidates, key=lambda item: len(item[0]))


def _entry_article(entry: Any, *, source: str, outlet: str | None) -> Article:
    body, mime = _entry_html(entry)
    text = fragment_text(body, source=source) if "html" in mime else body.strip()
    if not text.strip():
        raise EmptyInputError(source, "the feed entry has no text")
    metadata: dict[str, Any] = {
        "title": entry.get("title"),
        "url": entry.get("link"),
        "author": entry.get("author"),
        "published": _when(entry),
        "outlet": outlet or infer_outlet(text),
        "language": entry.get("language"),
    }
    if entry.get("id"):
        metadata["entry_id"] = entry.get("id")
    return Article.from_text(text, source=source, **article_fields(metadata))


def iter_feed(
    data: bytes, *, source: str, options: IngestOptions | None = None
) -> Iterator[Article | InputError]:
    """Each entry's article, or the error that entry gives."""
    options = options or IngestOptions()
    raw = prepare(data, source, options)
    parsed = feedparser.parse(raw, sanitize_html=True, resolve_relative_uris=False)
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            raise MalformedInputError(source, f"not a readable RSS or Atom feed: {problem}")
        if not parsed.get("version"):
            raise MalformedInputError(source, "not an RSS or Atom feed")
        raise EmptyInputError(source, "the feed has no entries")
    problem = _serious_problem(parsed)
    outlet = (parsed.get("feed") or {}).get("title") or None
    results: list[Article | InputError] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{source}#{number}"
        try:
            results.append(_entry_article(entry, source=where, outlet=outlet))
        except InputError as exc:
            results.append(exc)
    if problem and not any(isinstance(item, Article) for item in results):
        raise MalformedInputError(source, f"not a readable RSS or Atom feed: {problem}")
    if problem:
        logger.info("%s: feed has problems but was read: %s", source, problem)
    yield from results


def _serious_problem(parsed: Any) -> str | None:
    """The parse error of a feed, unless it is only a wrong or missing encoding label."""
    if not parsed.get("bozo"):
        return None
    problem = parsed.get("bozo_exception")
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if isinstance(problem, benign):
        return None
    return str(problem) or type(problem).__name__
