"""JSON: one article a line (JSON Lines), or a JSON document of one article or a list of them.

Each line is a JSON object with the article's ``text`` (plain text) or
``html`` (a page, extracted like any HTML file), and any of ``title``,
``url``, ``outlet``, ``author``, ``published``, ``language``. Common other
names are understood too (``body``/``content``/``article`` for the text,
``source``/``site``/``publisher`` for the outlet, ``date``/``published_at``
for the date, ``headline`` for the title); every other key is kept in
``article.meta``. The text may also come as a list of paragraphs, each a string or a
list of sentences (``paragraphs``, ``body-paragraphs``, as BASIL's articles hold it,
or a list under any text key): sentences are joined by a space, paragraphs by a blank
line. Blank lines are skipped.

A line that cannot be read (bad JSON, NUL bytes, no text, empty text) is an
:class:`~crosswire.errors.InputError` naming ``file.jsonl:LINE``; the other
lines are still read. Lines are split on ``\n`` only (a JSON string may hold
U+2028 and other separators Python's ``splitlines`` would split on). The whole
input is refused only when it is binary: a known binary format, or more lines
with NUL bytes than lines that start like a JSON object.

A ``.json`` file (and sniffed input that starts with ``{`` or ``[{``) is read by
:func:`iter_json` as one JSON document when it parses as one: an object is one
article (named by the file), a list of objects one article each (``file.json#2``
for the second; an item that is not an article fails alone). When it does not
parse as one document it is read as JSON Lines, provided at least one line holds
a JSON object; otherwise it is one :class:`~crosswire.errors.MalformedInputError`
naming the input, where the document breaks and why (``not valid JSON: Expecting
',' delimiter at line 3, column 5``), not one error per line.
"""

from __future__ import annotations

import codecs
import json
import logging
from collections.abc import Iterator
from typing import Any

from ..document import Article
from ..errors import BinaryInputError, InputError, MalformedInputError
from .common import IngestOptions, decode, prepare
from .html import read_html
from .text import read_text

__all__ = ["iter_json", "iter_jsonl", "paragraphs_text"]

logger = logging.getLogger(__name__)

_TEXT_KEYS = ("text", "body", "content", "article", "articleBody", "maintext")
_HTML_KEYS = ("html", "raw_html", "page")
_PARAGRAPH_KEYS = ("paragraphs", "body-paragraphs", "body_paragraphs")
_ALIASES: dict[str, str] = {
    "headline": "title",
    "source": "outlet",
    "site": "outlet",
    "sitename": "outlet",
    "publisher": "outlet",
    "source_domain": "outlet",
    "date": "published",
    "published_at": "published",
    "publish_date": "published",
    "date_publish": "published",
    "pubdate": "published",
    "link": "url",
    "authors": "author",
    "byline": "author",
    "lang": "language",
}


def _metadata(record: dict[str, Any], used: str) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    for key, value in record.items():
        if key == used or key in _TEXT_KEYS or key in _HTML_KEYS or key in _PARAGRAPH_KEYS:
            continue
        name = _ALIASES.get(key, key)
        if name == "author" and isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if name == "outlet" and isinstance(value, dict):
            value = value.get("name")
        if name in ("title", "outlet", "url", "author", "language") and value is not None:
            if name in metadata:
                meta[key] = value
                continue
            metadata[name] = str(value)
        elif name == "published":
            metadata.setdefault("published", value)
        elif name == "id":
            meta["record_id"] = value
        else:
            meta[key] = value
    if meta:
        metadata["meta"] = meta
    return metadata


def paragraphs_text(paragraphs: object) -> str | None:
    """The text of a list of paragraphs, each a string or a list of sentence strings:
    sentences joined by a space, paragraphs by a blank line; ``None`` when ``paragraphs``
    is not such a list."""
    if not isinstance(paragraphs, list):
        return None
    blocks = []
    for paragraph in paragraphs:
        if isinstance(paragraph, str):
            sentences = [paragraph]
        elif isinstance(paragraph, list) and all(isinstance(s, str) for s in paragraph):
            sentences = paragraph
        else:
            return None
        block = " ".join(s.strip() for s in sentences if s.strip())
        if block:
            blocks.append(block)
    return "\n\n".join(blocks)


def read_jsonl_record(
    record: object, *, source: str, options: IngestOptions | None = None
) -> Article:
    """An article from one decoded JSON object."""
    if not isinstance(record, dict):
        raise MalformedInputError(source, f"expected a JSON object, got {type(record).__name__}")
    for key in (*_TEXT_KEYS, *_PARAGRAPH_KEYS):
        value = record.get(key)
        if isinstance(value, list):
            value = paragraphs_text(value)
        if isinstance(value, str) and value.strip():
            return read_text(value, source=source, **_metadata(record, key))
    for key in _HTML_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            metadata = _metadata(record, key)
            return read_html(value, source=source, options=options, **metadata)
    present = [k for k in (*_TEXT_KEYS, *_PARAGRAPH_KEYS, *_HTML_KEYS) if k in record]
    if present:
        raise MalformedInputError(source, f"the {present[0]!r} field is empty, or neither a "
                                          "string nor a list of paragraphs")
    raise MalformedInputError(source, "no 'text', 'paragraphs' or 'html' field")


def iter_jsonl(
    data: bytes, *, source: str, options: IngestOptions | None = None
) -> Iterator[Article | InputError]:
    """Each line's article, or the error that line gives; the whole input is checked first."""
    options = options or IngestOptions()
    raw = prepare(data, source, options, allow_nul=True)
    raw, nul_lines = _without_nul_lines(raw, source)
    text = decode(raw, source)
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        where = f"{source}:{number}"
        if number in nul_lines:
            seen += 1
            yield BinaryInputError(where, "NUL bytes in the line: binary data, not JSON")
            continue
        if not line.strip():
            continue
        seen += 1
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield MalformedInputError(where, f"not valid JSON: {exc}")
            continue
        try:
            yield read_jsonl_record(record, source=where, options=options)
        except InputError as exc:
            yield exc
    if not seen:
        yield MalformedInputError(source, "no JSON lines")
    logger.debug("%s: %d JSON line(s)", source, seen)


def iter_json(
    data: bytes, *, source: str, options: IngestOptions | None = None
) -> Iterator[Article | InputError]:
    """The articles of a JSON document (an object, or a list of objects), else of JSON Lines;
    one error for the whole input when it is neither (see the module docstring)."""
    options = options or IngestOptions()
    raw = prepare(data, source, options, allow_nul=True)
    if b"\x00" in raw and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from iter_jsonl(data, source=source, options=options)
        return
    text = decode(raw, source)
    try:
        document = json.loads(text)
    except ValueError as exc:
        if not _has_json_line(text):
            raise MalformedInputError(source, _not_json(exc)) from exc
        logger.debug("%s: not one JSON document (%s); reading it as JSON lines", source, exc)
        yield from iter_jsonl(data, source=source, options=options)
        return
    if isinstance(document, dict):
        yield read_jsonl_record(document, source=source, options=options)
    elif isinstance(document, list):
        if not document:
            raise MalformedInputError(source, "an empty JSON list: no article in it")
        for number, record in enumerate(document, start=1):
            try:
                yield read_jsonl_record(record, source=f"{source}#{number}", options=options)
            except InputError as exc:
                yield exc
    else:
        raise MalformedInputError(
            source,
            f"a JSON {type(document).__name__}: expected an article object "
            "(with 'text' or 'html') or a list of them",
        )


def _not_json(exc: ValueError) -> str:
    """``not valid JSON: <what> at line L, column C`` (JSON Lines neither)."""
    if isinstance(exc, json.JSONDecodeError):
        where = f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    else:
        where = str(exc)
    return f"not valid JSON ({where}), nor JSON lines (no line holds a JSON object)"


def _has_json_line(text: str) -> bool:
    """Whether any line of ``text`` is a JSON object by itself."""
    for line in text.split("\n"):
        stripped = line.strip()
        if not (stripped.startswith("{") and stripped.endswith("}")):
            continue
        try:
            if isinstance(json.loads(stripped), dict):
                return True
        except ValueError:
            continue
    return False


def _without_nul_lines(raw: bytes, source: str) -> tuple[bytes, set[int]]:
    """The input with each line that holds a NUL byte blanked, and those lines' numbers.

    Raises :class:`BinaryInputError` when such lines outnumber the lines that
    start like a JSON object: then the input is binary data, not JSON lines.
    """
    if b"\x00" not in raw or raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw, set()
    lines = raw.split(b"\n")
    nul_lines = {number for number, line in enumerate(lines, start=1) if b"\x00" in line}
    objects = sum(
        1
        for number, line in enumerate(lines, start=1)
        if number not in nul_lines and line.lstrip().startswith(b"{")
    )
    if len(nul_lines) > objects:
        raise BinaryInputError(
            source,
            f"binary data (NUL bytes in {len(nul_lines)} of {len(lines)} lines), not JSON lines",
        )
    kept = (b"" if number in nul_lines else line for number, line in enumerate(lines, start=1))
    return b"\n".join(kept), nul_lines
