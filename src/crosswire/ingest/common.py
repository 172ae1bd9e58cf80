"""What every reader shares: the options, the size and binary guards, and decoding.

Bytes become text here, in one place, in this order:

1. nothing at all, or only whitespace: :class:`~crosswire.errors.EmptyInputError`;
2. more than ``max_bytes`` (also after gunzipping): :class:`~crosswire.errors.InputTooLargeError`;
3. a known binary signature (images, PDF, archives) or NUL bytes:
   :class:`~crosswire.errors.BinaryInputError`;
4. decoded as UTF-8 (a byte-order mark is honoured); else, when it is UTF-8 but
   for a few bad bytes (fewer bad sequences than good multi-byte characters),
   as UTF-8 with each bad sequence replaced by U+FFFD and a warning naming the
   input and the first bad byte's offset (:func:`decode_noted` returns it too);
   else as the charset the input declares (an HTTP header, ``<meta charset>``,
   an XML declaration), else as the charset ``charset_normalizer`` detects;
   nothing fits: :class:`~crosswire.errors.EncodingError`;
5. text full of control characters after decoding: :class:`~crosswire.errors.BinaryInputError`.
"""

from __future__ import annotations

import codecs
import email.utils
import logging
import re
import socket
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import charset_normalizer

from ..errors import BinaryInputError, EmptyInputError, EncodingError, InputTooLargeError

if TYPE_CHECKING:
    import httpcore
    import httpx

__all__ = [
    "HtmlOptions",
    "IngestOptions",
    "Resolver",
    "article_fields",
    "check_size",
    "decode",
    "decode_noted",
    "looks_like_warc",
    "parse_date",
    "prepare",
    "sniff_kind",
]

logger = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "crosswire/0.1 (news comparison; +https://pypi.org/project/crosswire/)"

Resolver = Callable[[str, int], list[str]]
"""``resolver(host, port) -> [address, ...]``: how the URL guard resolves a host name."""


@dataclass(frozen=True, kw_only=True)
class HtmlOptions:
    """How HTML pages are turned into article text (trafilatura settings).

    The defaults are the settings that score best on the Zyte article-extraction
    benchmark (see :mod:`crosswire.eval.extraction`): precision-oriented
    extraction, tables kept, comments dropped, and a retry with balanced
    settings when the precise pass keeps less than ``retry_ratio`` of what the
    balanced pass keeps (precision mode sometimes prunes a page down to a fragment).
    """

    favor_precision: bool = True
    favor_recall: bool = False
    include_tables: bool = True
    include_comments: bool = False
    retry_below_chars: int = 1000
    retry_ratio: float = 0.2

    def __post_init__(self) -> None:
        if self.favor_precision and self.favor_recall:
            raise ValueError("favor_precision and favor_recall exclude each other")
        if self.retry_below_chars < 0:
            raise ValueError(f"retry_below_chars must be >= 0, not {self.retry_below_chars}")
        if not 0.0 <= self.retry_ratio <= 1.0:
            raise ValueError(f"retry_ratio must lie in [0, 1], not {self.retry_ratio}")


@dataclass(frozen=True, kw_only=True)
class IngestOptions:
    """Settings for every reader.

    ``max_bytes``
        the largest input accepted, in bytes (also the limit after gunzipping);
    ``allow_private``
        let URLs reach private, loopback and link-local addresses (off: such
        URLs raise :class:`~crosswire.errors.BlockedURLError`);
    ``transport``
        the ``httpx`` transport URLs are fetched through (``None``: the network,
        connecting only to the addresses the guard approved); tests pass an
        ``httpx.MockTransport``;
    ``network``
        the ``httpcore`` network backend the default transport connects through
        (``None``: the system's sockets); tests pass one that reaches local servers;
    ``resolver``
        how host names are resolved for the private-address guard (``None``:
        ``socket.getaddrinfo``);
    ``timeout``
        seconds for each network operation;
    ``deadline``
        seconds one URL may take in all: connecting, every redirect and reading
        the body (a server that trickles bytes is cut off when it passes);
    ``max_redirects``
        redirects followed per URL, each checked by the guard;
    ``user_agent``
        the ``User-Agent`` header sent with requests;
    ``html``
        how HTML is extracted (:class:`HtmlOptions`).
    """

    max_bytes: int = 20_000_000
    allow_private: bool = False
    transport: httpx.BaseTransport | None = None
    network: httpcore.NetworkBackend | None = None
    resolver: Resolver | None = None
    timeout: float = 20.0
    deadline: float = 60.0
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT
    html: HtmlOptions = field(default_factory=HtmlOptions)

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, not {self.max_bytes}")
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive, not {self.timeout}")
        if not self.deadline > 0:
            raise ValueError(f"deadline must be positive, not {self.deadline}")
        if self.max_redirects < 0:
            raise ValueError(f"max_redirects must be >= 0, not {self.max_redirects}")
        if not self.user_agent.strip():
            raise ValueError("user_agent must not be empty")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the default :data:`Resolver`)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


# --- size, compression and binary checks -------------------------------------------------------

_GZIP_MAGIC = b"\x1f\x8b"

# Leading bytes of common binary formats a news reader may be handed by mistake.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"RIFF", "a RIFF media file"),
    (b"wOFF", "a web font"),
)


def check_size(size: int, source: str, options: IngestOptions) -> None:
    """Raise :class:`InputTooLargeError` if ``size`` bytes is over the limit."""
    if size > options.max_bytes:
        raise InputTooLargeError(
            source, f"{size:,} bytes is over the limit of {options.max_bytes:,} bytes"
        )


def gunzip(data: bytes, source: str, options: IngestOptions) -> bytes:
    """Decompress gzip data, stopping as soon as it grows past ``max_bytes``."""
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        out = decompressor.decompress(data, options.max_bytes + 1)
    except zlib.error as exc:
        raise BinaryInputError(source, f"damaged gzip data: {exc}") from exc
    check_size(len(out), source, options)
    if not decompressor.eof:
        raise BinaryInputError(source, "truncated gzip data")
    return out


def _binary_reason(data: bytes, *, allow_nul: bool = False) -> str | None:
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return f"binary data ({what}), not text"
    if allow_nul:
        return None
    head = data[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "binary data (NUL bytes), not text"
    return None


def prepare(data: bytes, source: str, options: IngestOptions, *, allow_nul: bool = False) -> bytes:
    """Check size, gunzip, and refuse empty or binary input; the bytes to decode.

    ``allow_nul``: leave NUL bytes to the reader (JSON Lines refuses each line
    that holds one, not the whole input); known binary formats are still refused.
    """
    check_size(len(data), source, options)
    if data.startswith(_GZIP_MAGIC):
        data = gunzip(data, source, options)
    if not data.strip():
        raise EmptyInputError(source, "empty input")
    reason = _binary_reason(data, allow_nul=allow_nul)
    if reason:
        raise BinaryInputError(source, reason)
    return data


# --- decoding -----------------------------------------------------------------------------------

_DECLARED = re.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?|<\?xml[^>]{0,100}?encoding\s*=\s*["'])"""
    rb"""([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first 4 KB, if any."""
    match = _DECLARED.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _try(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        codecs.lookup(encoding)
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


# Detection on a short text often ties between code pages that decode it alike or
# nearly alike; then the Windows code pages most text in the wild uses win.
_PREFERRED_ENCODINGS = ("cp1252", "cp1251", "cp1250", "latin_1")


def detect_encoding(data: bytes) -> str | None:
    """The encoding ``charset_normalizer`` finds, preferring common code pages on ties."""
    matches = list(charset_normalizer.from_bytes(data[:1_000_000]))
    if not matches:
        return None
    floor = min(match.chaos for match in matches)
    tied = [match for match in matches if match.chaos <= floor + 0.01]
    for preferred in _PREFERRED_ENCODINGS:
        for match in tied:
            if preferred in match.could_be_from_charset:
                return preferred
    best = charset_normalizer.from_bytes(data[:1_000_000]).best()
    return best.encoding if best is not None else None


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad / len(sample)


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few bad bytes: the text (each bad sequence as U+FFFD) and a note saying where.

    ``None`` when the bad sequences are not fewer than the good multi-byte
    characters: then the input is likely in another encoding.
    """
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first = exc.start
    else:  # pragma: no cover - the caller tried strict UTF-8 first
        return None
    text = data.decode("utf-8-sig" if bom else "utf-8", errors="replace")
    replacements = text.count("\ufffd")
    bad = replacements - data.count("\ufffd".encode())
    multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - replacements
    if bad <= 0 or (bad >= multibyte and not bom):
        return None
    plural = "s" if bad > 1 else ""
    note = (
        f"not valid UTF-8 at byte {first:,} ({bad} bad byte sequence{plural} in all); "
        f"decoded as UTF-8 with {'them' if bad > 1 else 'it'} replaced by U+FFFD"
    )
    return text, note


def decode(data: bytes, source: str, *, declared: str | None = None) -> str:
    """Decode checked bytes (see :func:`prepare`) to text, or raise :class:`EncodingError`."""
    return decode_noted(data, source, declared=declared)[0]


def decode_noted(
    data: bytes, source: str, *, declared: str | None = None
) -> tuple[str, str | None]:
    """Like :func:`decode`, with a note when bytes had to be replaced (else ``None``).

    The note is also logged as a warning, naming ``source``.
    """
    text: str | None = None
    note: str | None = None
    how = ""
    if data.startswith(codecs.BOM_UTF8):
        text, how = _try(data, "utf-8-sig"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, how = _try(data, "utf-16"), "utf-16"
    if text is None:
        text, how = _try(data, "utf-8"), "utf-8"
    if text is None:
        mostly = _mostly_utf8(data)
        if mostly is not None:
            text, note = mostly
            how = "utf-8 with replacements"
            logger.warning("%s: %s", source, note)
    if text is None:
        hint = declared or declared_charset(data)
        # A declared UTF-8 that did not decode is a lie; let detection decide.
        if hint and _known(hint) and codecs.lookup(hint).name != "utf-8":
            text, how = _try(data, hint), hint
    if text is None:
        detected = detect_encoding(data)
        if detected:
            text, how = _try(data, detected), detected
    if text is None:
        raise EncodingError(source, "cannot decode: not UTF-8 and no other encoding fits")
    if _control_ratio(text) > 0.05:
        raise BinaryInputError(source, f"binary data (control characters after decoding as {how})")
    if how != "utf-8":
        logger.debug("%s: decoded as %s", source, how)
    return text, note


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


# --- what kind of input ------------------------------------------------------------------------

KINDS = ("text", "html", "json", "jsonl", "feed", "warc")

_SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".feed": "feed",
}


def kind_of_name(name: str) -> str | None:
    """The reader a file name asks for (``.gz`` looked through), or ``None``."""
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    for suffix, kind in _SUFFIXES.items():
        if lowered.endswith(suffix):
            return kind
    return None


_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_FEED_START = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)
_JSON_LIST_START = re.compile(rb"^\s*\[\s*\{")


_ARCHIVE_STARTS = (b"WARC/", b"filedesc://")


def looks_like_warc(head: bytes) -> bool:
    """Whether bytes start like a WARC or ARC archive, gzipped or not."""
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head[:4096], 64)
        except zlib.error:
            return False
    return head.startswith(_ARCHIVE_STARTS)


def sniff_kind(data: bytes, *, content_type: str = "") -> str:
    """Guess the reader for bytes of unknown kind (from a URL, stdin, an odd suffix)."""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype == "application/warc" or looks_like_warc(data[:4096]):
        return "warc"
    if ctype in {"text/html", "application/xhtml+xml"}:
        return "html"
    if ctype in {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}:
        return "feed"
    if ctype in {"application/x-ndjson", "application/jsonl", "application/x-jsonlines"}:
        return "jsonl"
    if ctype == "application/json":
        return "json"
    head = data[:4096].lstrip(codecs.BOM_UTF8)
    if _HTML_START.match(head):
        return "html"
    if head.lstrip().startswith(b"<?xml") or _FEED_START.search(head[:1024]):
        return "feed" if _FEED_START.search(head) else "html"
    if head.lstrip().startswith(b"{") or _JSON_LIST_START.match(head):
        return "json"  # one JSON document, else JSON lines (see crosswire.ingest.jsonl)
    if ctype in {"application/xml", "text/xml"}:
        return "feed"
    return "text"


# --- metadata -----------------------------------------------------------------------------------

_ARTICLE_FIELDS = ("title", "outlet", "url", "author", "published", "language")


def parse_date(value: object) -> datetime | None:
    """A datetime from a datetime, a date, an ISO 8601 or an RFC 2822 string; else ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def article_fields(metadata: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments for :meth:`Article.from_text`: known fields, the rest in ``meta``.

    Empty values are dropped; ``published`` is parsed (an unreadable date is
    kept as text in ``meta["published_text"]``).
    """
    fields: dict[str, Any] = {}
    meta: dict[str, Any] = dict(metadata.get("meta") or {})
    for key, value in metadata.items():
        if key == "meta" or value is None or value == "":
            continue
        if key == "published":
            when = parse_date(value)
            if when is None:
                meta["published_text"] = str(value)
            else:
                fields["published"] = when
        elif key in _ARTICLE_FIELDS:
            fields[key] = value if not isinstance(value, str) else value.strip() or None
        else:
            meta[key] = value
    if meta:
        fields["meta"] = meta
    return {k: v for k, v in fields.items() if v is not None}
