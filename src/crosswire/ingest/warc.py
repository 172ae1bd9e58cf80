"""Web archives: the articles in a WARC (or ARC) file, gzipped or not, through warcio.

Each record that holds a page becomes an article:

- ``response`` records (an HTTP response) and ``resource`` records whose
  content type is HTML are extracted by the HTML reader
  (:func:`crosswire.ingest.html.read_html`, trafilatura), with the charset
  the HTTP header declares;
- ``conversion`` records of plain text (Common Crawl's WET files) are read as
  text.

The article's url is the record's ``WARC-Target-URI``, its source
``<file>#<target URI>``, and the ``WARC-Date`` stands in for the publication
date when the page gives none. Other records (requests, metadata, revisits,
images, scripts, redirects and error pages) are passed over. A record that
cannot be read gives its :class:`~crosswire.errors.InputError` in its place and
the archive goes on; a damaged archive gives one error for the file, after the
records read before the damage.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from ..document import Article
from ..errors import EmptyInputError, InputError, InputTooLargeError, MalformedInputError
from .common import IngestOptions, parse_date
from .html import read_html
from .text import read_text_bytes

__all__ = ["WARC_SUFFIXES", "is_warc", "read_warc"]

logger = logging.getLogger(__name__)

#: File names the WARC reader takes (lower case).
WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".arc", ".arc.gz")

_GZIP_MAGIC = b"\x1f\x8b"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_DAMAGE = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    ChunkedDataException,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
)


def is_warc(name: str) -> bool:
    """Whether a file name asks for the WARC reader (``.warc``, ``.wet``, ``.arc``, or gzipped)."""
    return name.lower().endswith(WARC_SUFFIXES)


def _media_type(value: str | None) -> tuple[str, str | None]:
    """``"text/html; charset=utf-8"`` -> ``("text/html", "utf-8")``."""
    if not value:
        return "", None
    kind, _, rest = value.partition(";")
    charset = None
    for param in rest.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'").lower()
    return kind.strip().lower(), charset


def _record_article(record: Any, path: Path, options: IngestOptions) -> Article | InputError | None:
    """The article of one record, its error, or ``None`` for a record that holds no page."""
    headers = record.rec_headers
    kind = record.rec_type
    if kind not in ("response", "resource", "conversion"):
        return None
    uri = headers.get_header("WARC-Target-URI") or headers.get_header("WARC-Record-ID") or "?"
    source = f"{path}#{uri}"
    if kind == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode()
        if status != "200":
            logger.debug("%s: HTTP status %s, passed over", source, status)
            return None
        media, charset = _media_type(record.http_headers.get_header("Content-Type"))
    else:
        media, charset = _media_type(headers.get_header("Content-Type"))
    reader = "html" if media in _HTML_TYPES else "text" if kind == "conversion" else None
    if media in _TEXT_TYPES and kind == "resource":
        reader = "text"
    if reader is None:
        logger.debug("%s: %s record of %r, passed over", source, kind, media or "no type")
        return None
    data = record.content_stream().read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return InputTooLargeError(source, f"record over the limit of {options.max_bytes:,} bytes")
    try:
        if reader == "html":
            article = read_html(data, source=source, url=uri, charset=charset, options=options)
        else:
            article = read_text_bytes(data, source=source, options=options)
    except InputError as exc:
        return exc
    if uri != "?" and "://" in uri:
        article.url = uri
    if article.published is None:
        article.published = _warc_date(headers.get_header("WARC-Date"))
    article.meta.setdefault("warc_record_id", headers.get_header("WARC-Record-ID"))
    return article


def _warc_date(value: str | None) -> datetime | None:
    return parse_date(value) if value else None


def read_warc(
    path: Path, *, options: IngestOptions | None = None
) -> Iterator[Article | InputError]:
    """The articles of a WARC archive, each unreadable record's error in its place.

    Never raises :class:`~crosswire.errors.InputError`: a file that cannot be
    opened, is not an archive, is damaged or holds no page yields its error.
    """
    options = options or IngestOptions()
    path = Path(path)
    records = pages = 0
    try:
        with path.open("rb") as handle:
            problem = _not_an_archive(path, handle.read(4096))
            if problem is not None:
                yield problem
                return
            handle.seek(0)
            for record in ArchiveIterator(handle, arc2warc=True):
                records += 1
                item = _record_article(record, path, options)
                if item is not None:
                    pages += 1
                    yield item
    except _DAMAGE as exc:
        reason = _damage_reason(exc, records)
        logger.warning("%s: %s", path, reason)
        yield MalformedInputError(str(path), reason)
        return
    if records == 0:
        yield EmptyInputError(str(path), "no WARC records in the file")
    elif pages == 0:
        yield EmptyInputError(str(path), f"none of its {records} WARC records holds a page")
    else:
        logger.info("%s: %d page(s) in %d record(s)", path, pages, records)


def _not_an_archive(path: Path, head: bytes) -> InputError | None:
    """The error for a file that does not start like a WARC or ARC archive, else ``None``."""
    if not head.strip():
        return EmptyInputError(str(path), "empty file, no WARC records")
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
        except zlib.error as exc:
            return MalformedInputError(str(path), f"not a readable WARC archive: {exc}")
    if head.lstrip().startswith((b"WARC/", b"filedesc://")):
        return None
    start = head[:24].decode("ascii", "replace").split("\n")[0]
    return MalformedInputError(
        str(path), f"not a readable WARC archive: it starts with {start!r}, not 'WARC/'"
    )


def _damage_reason(exc: BaseException, records: int) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, EOFError) and exc.strerror:
        what = f"cannot read: {exc.strerror}"
        return what if records == 0 else f"{what} (after {records} records)"
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if records == 0:
        return f"not a readable WARC archive: {detail}"
    return f"damaged WARC archive after {records} records: {detail}"
