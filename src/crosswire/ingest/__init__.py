"""Readers: turn a source into :class:`~crosswire.document.Article` objects.

A source is a path, a URL or ``-`` (standard input)::

    from crosswire.ingest import IngestOptions, read, read_many, read_text

    articles = read("page.html")                 # one source; raises on a bad one
    for item in read_many(["a.txt", "feeds/", "https://example.org/story"]):
        ...                                      # an Article, or the InputError of one input
    article = read_text("Officials said ...", outlet="Example News")

Which reader runs:

==========================================  =========================================
source                                      reader
==========================================  =========================================
``http://``, ``https://`` (other schemes     :mod:`~crosswire.ingest.url` (guarded), then by
are refused)                                 content type
``-``                                       standard input, by content
a folder                                    every readable file in it, recursively
``.txt`` ``.text`` ``.md``                  :mod:`~crosswire.ingest.text`
``.html`` ``.htm`` ``.xhtml``               :mod:`~crosswire.ingest.html` (trafilatura)
``.jsonl`` ``.ndjson``                      :mod:`~crosswire.ingest.jsonl`, one article a line
``.json``                                   :mod:`~crosswire.ingest.jsonl`: one JSON document (an
                                            article, or a list of them), else JSON Lines
``.rss`` ``.atom`` ``.xml``                 :mod:`~crosswire.ingest.feed` (feedparser)
any of these with ``.gz``                   the same, gunzipped (within ``max_bytes``)
``.warc`` ``.wet`` ``.arc`` (``.gz`` too)   :mod:`~crosswire.ingest.warc` (warcio), every gzip
                                            member: each HTML response through the HTML
                                            reader; ``max_bytes`` on each record, not the file
another suffix                              by content (HTML, feed, JSON, WARC, else text)
==========================================  =========================================

Article ids are :func:`~crosswire.document.content_hash` of the raw text. Every
failure is an :class:`~crosswire.errors.InputError` subclass naming the input
(a path, a URL, ``<stdin>``, ``file.jsonl:12``, ``list.json#2``, ``feed.xml#3``,
``crawl.warc.gz#https://example.org/page``) and the reason.
"""

from __future__ import annotations

import io
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..document import Article
from ..errors import InputError
from .common import HtmlOptions, IngestOptions, check_size, kind_of_name, sniff_kind
from .feed import iter_feed
from .html import read_html
from .jsonl import iter_json, iter_jsonl
from .text import read_text, read_text_bytes
from .url import check_url, fetch, iter_url
from .warc import is_warc, iter_warc, read_warc

__all__ = [
    "HtmlOptions",
    "IngestOptions",
    "fetch",
    "is_url",
    "read",
    "read_bytes",
    "read_many",
    "read_stream",
    "read_text",
]

logger = logging.getLogger(__name__)

STDIN = "-"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

Source = str | os.PathLike[str]


def is_url(source: Source) -> bool:
    """Whether a source is an address to fetch (``scheme://...``) rather than a path."""
    return isinstance(source, str) and _URL.match(source) is not None


def read_bytes(
    data: bytes, *, source: str, kind: str | None = None, options: IngestOptions | None = None
) -> Iterator[Article | InputError]:
    """The articles in bytes of a known ``kind`` (text, html, json, jsonl, feed, warc; ``None``:
    sniffed).

    Errors about the whole input are raised; errors about one JSONL line or
    one feed entry are yielded in its place.
    """
    options = options or IngestOptions()
    check_size(len(data), source, options)
    kind = kind or sniff_kind(data)
    if kind == "html":
        yield read_html(data, source=source, options=options)
    elif kind == "feed":
        yield from iter_feed(data, source=source, options=options)
    elif kind == "jsonl":
        yield from iter_jsonl(data, source=source, options=options)
    elif kind == "json":
        yield from iter_json(data, source=source, options=options)
    elif kind == "warc":
        yield from iter_warc(io.BytesIO(data), source=source, options=options)
    elif kind == "text":
        yield read_text_bytes(data, source=source, options=options)
    else:
        raise ValueError(f"unknown kind {kind!r}: choose text, html, json, jsonl, feed or warc")


def _read_limited(stream: BinaryIO, source: str, options: IngestOptions) -> bytes:
    try:
        data = stream.read(options.max_bytes + 1)
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc}") from exc
    check_size(len(data), source, options)
    return data


def _iter_file(path: Path, options: IngestOptions) -> Iterator[Article | InputError]:
    source = str(path)
    if is_warc(path.name):  # read record by record: the limit is on each record, not the file
        yield from read_warc(path, options=options)
        return
    try:
        check_size(path.stat().st_size, source, options)
        with path.open("rb") as handle:
            data = _read_limited(handle, source, options)
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from exc
    yield from read_bytes(data, source=source, kind=kind_of_name(path.name), options=options)


def _iter_folder(folder: Path, options: IngestOptions) -> Iterator[Article | InputError]:
    paths: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        paths += [
            Path(root) / name
            for name in files
            if not name.startswith(".") and (kind_of_name(name) is not None or is_warc(name))
        ]
    if not paths:
        yield InputError(
            str(folder), "no readable files (.txt, .html, .json, .jsonl, .rss, .warc, ...) in it"
        )
    for path in sorted(paths):
        try:
            yield from _iter_file(path, options)
        except InputError as exc:
            yield exc


def iter_source(
    source: Source, *, options: IngestOptions | None = None
) -> Iterator[Article | InputError]:
    """The articles of one source, with the errors of its parts (lines, entries, files) yielded.

    An error about the source as a whole is raised.
    """
    options = options or IngestOptions()
    name = os.fspath(source)
    if name == STDIN:
        yield from read_bytes(
            _read_limited(sys.stdin.buffer, "<stdin>", options), source="<stdin>", options=options
        )
    elif is_url(name):
        yield from iter_url(name, options=options)
    else:
        path = Path(name)
        if path.is_dir():
            yield from _iter_folder(path, options)
        elif path.exists():
            yield from _iter_file(path, options)
        else:
            raise InputError(name, "no such file or folder")


def _strict(items: Iterable[Article | InputError]) -> list[Article]:
    articles: list[Article] = []
    for item in items:
        if isinstance(item, InputError):
            raise item
        articles.append(item)
    return articles


def read(source: Source, *, options: IngestOptions | None = None) -> list[Article]:
    """Every article of one source; raises the first :class:`InputError` met.

    Use :func:`read_many` to read on past bad inputs.
    """
    return _strict(iter_source(source, options=options))


def read_stream(
    stream: BinaryIO,
    *,
    source: str = "<stdin>",
    kind: str | None = None,
    options: IngestOptions | None = None,
) -> list[Article]:
    """Every article in a binary stream (read up to ``max_bytes``); raises the first error."""
    options = options or IngestOptions()
    data = _read_limited(stream, source, options)
    return _strict(read_bytes(data, source=source, kind=kind, options=options))


def read_many(
    sources: Iterable[Source], *, options: IngestOptions | None = None
) -> Iterator[Article | InputError]:
    """Each source's articles, and in place of each input that fails, its :class:`InputError`.

    A failure never stops the batch: the next line, entry, file or source is read.
    It is logged at INFO only: the caller has it, and says so once.
    """
    options = options or IngestOptions()
    for source in sources:
        try:
            yield from iter_source(source, options=options)
        except InputError as exc:
            logger.info("%s", exc)
            yield exc
