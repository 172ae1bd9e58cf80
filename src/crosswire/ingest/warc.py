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
images, scripts, redirects and error pages) are passed over.

A gzipped archive is read member by member, every member of it. A record that
cannot be read gives its :class:`~crosswire.errors.InputError` in its place,
naming the record (``<file>#<target URI>``, or the file and the record's byte
offset) and the reason, and the archive goes on:

- a truncated record (the file or its gzip member ends before the record's
  ``Content-Length``, or the next record starts inside it) and a record the
  crawler cut short (``WARC-Truncated``) are
  :class:`~crosswire.errors.MalformedInputError`\\ s: an incomplete page is not
  read as an article;
- damaged bytes (a gzip member that does not decompress, headers that do not
  parse) give one error at their offset, and reading resumes at the next
  record found after them (the next gzip member, or the next ``WARC/1.x`` line).

Size: there is no limit on the archive, only on each record (``max_bytes``);
records are read one at a time.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.statusandheaders import StatusAndHeadersParserException

from ..document import Article
from ..errors import EmptyInputError, InputError, InputTooLargeError, MalformedInputError
from .common import IngestOptions, looks_like_warc, parse_date
from .html import read_html
from .text import read_text_bytes

__all__ = ["is_warc", "iter_warc", "read_warc"]

logger = logging.getLogger(__name__)

#: File names the WARC reader takes (lower case).
WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".arc", ".arc.gz")

_GZIP_MAGIC = b"\x1f\x8b"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_BLOCK = 1 << 16
_SCAN = 1 << 20
# What warcio (and the streams under it) raise on bytes that are not a readable record.
_DAMAGE = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    ChunkedDataException,
    zlib.error,
    EOFError,
    ValueError,
)
_NEXT_WARC = re.compile(rb"WARC/1\.[0-9]\r?\n")
_NEXT_GZIP = re.compile(rb"\x1f\x8b\x08")
_TARGET = re.compile(rb"\nWARC-Target-URI:[ \t]*<?([^\s>]+)>?\r?\n")


def is_warc(name: str) -> bool:
    """Whether a file name asks for the WARC reader (``.warc``, ``.wet``, ``.arc``, or gzipped)."""
    return name.lower().endswith(WARC_SUFFIXES)


def read_warc(
    path: str | Path, *, options: IngestOptions | None = None
) -> Iterator[Article | InputError]:
    """The articles of a WARC archive file, each unreadable record's error in its place.

    Never raises :class:`~crosswire.errors.InputError`: a file that cannot be
    opened, is not an archive, is damaged or holds no page yields its error.
    """
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        yield from iter_warc(handle, source=str(path), options=options)


def iter_warc(
    stream: BinaryIO, *, source: str, options: IngestOptions | None = None
) -> Iterator[Article | InputError]:
    """The articles of a WARC archive in a seekable binary stream named ``source``.

    Like :func:`read_warc`, yields errors rather than raising them.
    """
    options = options or IngestOptions()
    reader = _Reader(stream, source, options)
    try:
        head = stream.read(4096)
        stream.seek(0)
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
        return
    problem = _not_an_archive(source, head)
    if problem is not None:
        yield problem
        return
    try:
        if head.startswith(_GZIP_MAGIC):
            yield from reader.gzipped()
        else:
            yield from reader.plain()
    except OSError as exc:
        reason = f"cannot read: {exc.strerror or exc} (after {reader.records} records)"
        yield InputError(source, reason)
        return
    if reader.records == 0 and not reader.failed:
        yield EmptyInputError(source, "no WARC records in the file")
    elif reader.pages == 0 and not reader.failed:
        yield EmptyInputError(source, f"none of its {reader.records} WARC records holds a page")
    else:
        logger.info("%s: %d page(s) in %d record(s)", source, reader.pages, reader.records)


# --- one record ---------------------------------------------------------------------------------


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


@dataclass
class _Page:
    """A record that holds a page: where it is, how to read it, and its bytes."""

    uri: str
    source: str
    reader: str  # "html" or "text"
    charset: str | None
    data: bytes
    oversize: bool


def _page(record: Any, archive: str, options: IngestOptions) -> _Page | None:
    """The page a record holds, its bytes read (up to ``max_bytes``); ``None`` for other records."""
    headers = record.rec_headers
    kind = record.rec_type
    if kind not in ("response", "resource", "conversion"):
        return None
    uri = headers.get_header("WARC-Target-URI") or headers.get_header("WARC-Record-ID") or "?"
    source = f"{archive}#{uri}"
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
    oversize = len(data) > options.max_bytes
    return _Page(uri, source, reader, charset, data[: options.max_bytes], oversize)


def _article(page: _Page, record: Any, options: IngestOptions) -> Article | InputError:
    if page.oversize:
        return InputTooLargeError(
            page.source, f"record over the limit of {options.max_bytes:,} bytes"
        )
    try:
        if page.reader == "html":
            article = read_html(
                page.data, source=page.source, url=page.uri, charset=page.charset, options=options
            )
        else:
            article = read_text_bytes(page.data, source=page.source, options=options)
    except InputError as exc:
        return exc
    headers = record.rec_headers
    if page.uri != "?" and "://" in page.uri:
        article.url = page.uri
    if article.published is None:
        article.published = _warc_date(headers.get_header("WARC-Date"))
    article.meta.setdefault("warc_record_id", headers.get_header("WARC-Record-ID"))
    return article


def _warc_date(value: str | None) -> datetime | None:
    return parse_date(value) if value else None


# --- walking an archive -------------------------------------------------------------------------


class _Iterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, noting a record that runs into what follows instead of printing it.

    warcio writes a warning to standard error when a record's block is not
    followed by the blank lines that end a record (its ``Content-Length`` runs
    past its end); here ``overrun`` is set instead, for the reader to report.
    """

    overrun = False

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline()
            if not line:
                return None, empty_size
            stripped = line.rstrip()
            if not stripped or first_line:
                empty_size += len(line)
                if stripped:
                    self.overrun = True
                first_line = False
                continue
            return line, empty_size


class _Member(io.RawIOBase):
    """One gzip member of a file, decompressed as it is read.

    Reading stops at the member's end; ``problem`` says why it stopped early
    (damaged data, or the file ends inside the member), and ``end`` is the
    offset just after a member that ended well.
    """

    def __init__(self, handle: BinaryIO, offset: int) -> None:
        super().__init__()
        handle.seek(offset)
        self.offset = offset
        self.problem: str | None = None
        self.end: int | None = None
        self._handle = handle
        self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self._pending = b""
        self.head = b""
        self._position = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def read(self, size: int | None = -1) -> bytes:
        want = _BLOCK if size is None or size < 0 else size
        while len(self._pending) < want and not self._done:
            self._fill()
        out, self._pending = self._pending[:want], self._pending[want:]
        if self._position < 4096:
            self.head += out[: 4096 - self._position]
        self._position += len(out)
        return out

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _fill(self) -> None:
        data = self._inflate.unconsumed_tail or self._handle.read(_BLOCK)
        if not data:
            self.problem = "gzip member cut short (its compressed data has no end)"
            self._done = True
            return
        before = self._inflate.copy()
        try:
            self._pending += self._inflate.decompress(data, _BLOCK)
        except zlib.error as exc:
            self._pending += _up_to_damage(before, data)
            self.problem = f"damaged gzip data: {exc}"
            self._done = True
            return
        if self._inflate.eof:
            self.end = self._handle.tell() - len(self._inflate.unused_data)
            self._done = True


def _up_to_damage(inflate: Any, data: bytes) -> bytes:
    """What decompresses from ``data`` before the damage in it, fed a small piece at a time."""
    out = b""
    for start in range(0, len(data), 16):
        try:
            out += inflate.decompress(inflate.unconsumed_tail + data[start : start + 16], _BLOCK)
        except zlib.error:
            break
        if inflate.eof:
            break
    return out


class _Reader:
    """Walks one archive: records in order, failures in place, resuming after damage."""

    def __init__(self, handle: BinaryIO, source: str, options: IngestOptions) -> None:
        self.handle = handle
        self.source = source
        self.options = options
        self.records = 0
        self.pages = 0
        self.failed = 0

    def _failure(self, error: InputError) -> InputError:
        self.failed += 1
        logger.info("%s", error)
        return error

    def plain(self) -> Iterator[Article | InputError]:
        """An uncompressed archive: resumes at the next ``WARC/1.x`` line after a bad record."""
        offset: int | None = 0
        while offset is not None:
            self.handle.seek(offset)
            iterator = _Iterator(self.handle, arc2warc=True)
            bad_at = yield from self._records(iterator, None)
            if bad_at is None:
                return
            offset = self._find(bad_at + 1, _NEXT_WARC, self._warc_headers)

    def gzipped(self) -> Iterator[Article | InputError]:
        """A gzipped archive: every member; resumes at the next good member after a bad one."""
        offset: int | None = 0
        while offset is not None:
            member = _Member(self.handle, offset)
            iterator = _Iterator(member, arc2warc=True)
            bad_at = yield from self._records(iterator, member)
            if bad_at is None and member.problem is not None:
                bad_at = member.offset
                uri = _TARGET.search(member.head)
                where = self.source
                if uri:
                    where += "#" + uri.group(1).decode("utf-8", "replace")
                yield self._failure(
                    MalformedInputError(
                        where, f"damaged record at byte {member.offset}: {member.problem}"
                    )
                )
            if bad_at is None and member.end is not None:
                after = self._after(member.end)
                if after is None:
                    return
                if after == "garbage":
                    bad_at = member.end
                    yield self._failure(
                        MalformedInputError(
                            self.source, f"damaged data at byte {member.end}: not a gzip member"
                        )
                    )
            if bad_at is not None:
                offset = self._find(bad_at + 1, _NEXT_GZIP, self._starts_archive)
            else:
                offset = member.end

    def _records(
        self, iterator: _Iterator, member: _Member | None
    ) -> Generator[Article | InputError, None, int | None]:
        """The items of the records an iterator reads; returns the offset of a bad record.

        In a gzipped archive the offset is the gzip member's; ``None``: no bad record.
        """
        records = iter(iterator)
        while True:
            offset = member.offset if member is not None else iterator.offset
            try:
                record = next(records)
            except StopIteration:
                return None
            except _DAMAGE as exc:
                if member is not None and member.problem is not None:
                    return None  # reported by the caller, with the member's problem
                reason = f"damaged record at byte {offset}: {_detail(exc)}"
                yield self._failure(MalformedInputError(self.source, reason))
                return offset
            self.records += 1
            try:
                page = _page(record, self.source, self.options)
                iterator.overrun = False
                iterator.read_to_end()
            except _DAMAGE as exc:
                uri = record.rec_headers.get_header("WARC-Target-URI") or "?"
                yield self._failure(
                    MalformedInputError(
                        f"{self.source}#{uri}", f"damaged record at byte {offset}: {_detail(exc)}"
                    )
                )
                return offset
            cut = _truncation(record, iterator, member)
            if page is not None:
                self.pages += 1
                if cut is not None:
                    reason = f"truncated record at byte {offset}: {cut}"
                    yield self._failure(MalformedInputError(page.source, reason))
                else:
                    item = _article(page, record, self.options)
                    if isinstance(item, InputError):
                        self.failed += 1
                    yield item
            elif cut is not None:
                logger.debug("%s: truncated record at byte %d: %s", self.source, offset, cut)
            if iterator.overrun or (member is not None and member.problem is not None):
                return offset

    def _after(self, end: int) -> str | None:
        """What follows a good member: ``"member"``, ``"garbage"``, or ``None`` (the end)."""
        self.handle.seek(end)
        rest = self.handle.read(_BLOCK)
        if rest.startswith(_GZIP_MAGIC):
            return "member"
        if not rest.strip(b"\x00 \r\n\t"):
            return None  # the end of the file, or padding
        return "garbage"

    def _starts_archive(self, offset: int) -> bool:
        self.handle.seek(offset)
        return looks_like_warc(self.handle.read(4096))

    def _warc_headers(self, offset: int) -> bool:
        self.handle.seek(offset)
        head = self.handle.read(8192).split(b"\r\n\r\n", 1)[0]
        return b"\nWARC-Type:" in head and b"\nContent-Length:" in head

    def _find(
        self, start: int, pattern: re.Pattern[bytes], check: Callable[[int], bool]
    ) -> int | None:
        """The first offset from ``start`` where ``pattern`` matches and ``check`` holds."""
        position = start
        while True:
            self.handle.seek(position)
            block = self.handle.read(_SCAN)
            if not block:
                return None
            for match in pattern.finditer(block):
                found = position + match.start()
                if check(found):
                    return found
            if len(block) < _SCAN:
                return None
            position += len(block) - 16


def _truncation(record: Any, iterator: _Iterator, member: _Member | None) -> str | None:
    """Why a record (read to its end) is incomplete, or ``None`` when it is whole."""
    cut = record.rec_headers.get_header("WARC-Truncated")
    if cut:
        return f"the crawler cut it short (WARC-Truncated: {cut}); the page is incomplete"
    length = record.rec_headers.get_header("Content-Length")
    stream = record.raw_stream
    missing = stream.limit if isinstance(stream, LimitReader) else 0
    if member is not None and member.problem is not None:
        if missing:
            return f"{member.problem}; {missing:,} of its {length} bytes missing"
        return member.problem
    if missing:
        return f"the file ends {missing:,} bytes before the end of its {length}-byte block"
    if iterator.overrun:
        return (
            f"its Content-Length ({length} bytes) runs past its end into what follows: "
            "the record is shorter than it says"
        )
    return None


def _not_an_archive(source: str, head: bytes) -> InputError | None:
    """The error for bytes that do not start like a WARC or ARC archive, else ``None``."""
    if not head.strip():
        return EmptyInputError(source, "empty file, no WARC records")
    if looks_like_warc(head):
        return None
    if head.startswith(_GZIP_MAGIC):
        try:
            zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
        except zlib.error as exc:
            return MalformedInputError(source, f"not a readable WARC archive: {exc}")
        return MalformedInputError(source, "not a readable WARC archive: gzip data, but not a WARC")
    start = head[:24].decode("ascii", "replace").split("\n")[0]
    return MalformedInputError(
        source, f"not a readable WARC archive: it starts with {start!r}, not 'WARC/'"
    )


def _detail(exc: BaseException) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0].strip() if text else type(exc).__name__
    return first[:200]
