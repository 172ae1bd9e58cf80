"""HTML pages: the article body and its metadata, through trafilatura.

The raw text of an HTML article is the text trafilatura extracts, one
paragraph a line (surrounding whitespace and blank lines dropped). The title,
author, publication date and site name come from the page's metadata; the
outlet is the site name (``og:site_name`` and the like), else the host name, else
what the text says (a dateline, a copyright line: :mod:`crosswire.ingest.outlet`).

The extraction settings are :class:`~crosswire.ingest.common.HtmlOptions`; its
defaults are the best measured on the Zyte benchmark (``crosswire eval extraction``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from ..document import Article
from ..errors import EmptyInputError, MalformedInputError
from .common import HtmlOptions, IngestOptions, article_fields, decode_noted, prepare
from .outlet import outlet_clue

__all__ = ["Extracted", "fragment_text", "read_html"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extracted:
    """What trafilatura found in a page."""

    text: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    sitename: str | None = None
    hostname: str | None = None
    url: str | None = None
    language: str | None = None


def _lines(text: str | None) -> str:
    """One paragraph a line: strip each line, drop blank ones."""
    if not text:
        return ""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        logger.debug("unreadable date %r", value)
        return None


def _run(html: str, url: str | None, options: HtmlOptions, *, precise: bool) -> Any:
    return trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=options.favor_precision and precise,
        favor_recall=options.favor_recall,
        include_comments=options.include_comments,
        include_tables=options.include_tables,
        with_metadata=True,
    )


def extract_html(
    html: str, *, source: str, url: str | None = None, options: HtmlOptions | None = None
) -> Extracted:
    """Extract the article body and metadata from an HTML page.

    Raises :class:`~crosswire.errors.MalformedInputError` for a page that
    cannot be parsed and :class:`~crosswire.errors.EmptyInputError` for one
    without article text.
    """
    options = options or HtmlOptions()
    if trafilatura.load_html(html) is None:
        raise MalformedInputError(source, "cannot parse the HTML")
    try:
        document = _run(html, url, options, precise=True)
        text = _lines(document.text if document else None)
        if options.favor_precision and len(text) < options.retry_below_chars:
            balanced = _run(html, url, options, precise=False)
            balanced_text = _lines(balanced.text if balanced else None)
            if len(text) < options.retry_ratio * len(balanced_text) or not text:
                logger.debug(
                    "%s: precise extraction kept %d chars, balanced %d: using balanced",
                    source,
                    len(text),
                    len(balanced_text),
                )
                document, text = balanced, balanced_text
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise MalformedInputError(source, f"cannot extract text from the HTML: {exc}") from exc
    if document is None or not text:
        raise EmptyInputError(source, "no article text found in the HTML")
    return Extracted(
        text=text,
        title=(document.title or "").strip() or None,
        author=(document.author or "").strip() or None,
        published=_date(document.date),
        sitename=(document.sitename or "").strip().lstrip("@") or None,
        hostname=(document.hostname or "").strip() or None,
        url=(document.url or url or None),
        language=document.language or None,
    )


def html_body_text(html: str, *, url: str | None = None, options: HtmlOptions | None = None) -> str:
    """The article body of a page as the HTML reader extracts it ("" when there is none)."""
    try:
        return extract_html(html, source=url or "<html>", url=url, options=options).text
    except (EmptyInputError, MalformedInputError):
        return ""


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def read_html(
    data: bytes | str,
    *,
    source: str,
    url: str | None = None,
    charset: str | None = None,
    options: IngestOptions | None = None,
    **metadata: Any,
) -> Article:
    """An article from an HTML page (bytes are checked and decoded first).

    ``charset`` is the encoding a transport declared (an HTTP header);
    ``metadata`` (title, outlet, published, ...) overrides what the page says.
    """
    options = options or IngestOptions()
    note: str | None = None
    if isinstance(data, bytes):
        html, note = decode_noted(prepare(data, source, options), source, declared=charset)
    else:
        if not data.strip():
            raise EmptyInputError(source, "empty input")
        html = data
    found = extract_html(html, source=source, url=url, options=options.html)
    page_url = metadata.get("url") or found.url or url
    fields: dict[str, Any] = {
        "title": found.title,
        "author": found.author,
        "published": found.published,
        "outlet": found.sitename or found.hostname or _host(page_url),
        "language": found.language,
        "url": page_url,
    }
    fields.update({k: v for k, v in metadata.items() if v is not None and v != ""})
    if not fields.get("outlet"):  # no site name, host or given outlet: what the text says
        clue = outlet_clue(found.text)
        if clue:
            fields["outlet"] = clue[0]
            fields["meta"] = {**(fields.get("meta") or {}), "outlet_source": f"text: {clue[1]}"}
    article = Article.from_text(found.text, source=source, **article_fields(fields))
    if note:
        article.meta["decoding"] = note
    return article


# --- fragments (feed entries) -------------------------------------------------------------------

_BLOCKS = frozenset(
    """address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5
    h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul""".split()
)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg"})


def fragment_text(html: str, *, source: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one block a line.

    Raises :class:`~crosswire.errors.MalformedInputError` when it cannot be parsed.
    """
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.LxmlError, ValueError) as exc:
        raise MalformedInputError(source, f"cannot parse the HTML content: {exc}") from exc
    pieces: list[str] = []

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() in _SKIPPED:
            return
        block = tag.lower() in _BLOCKS
        if block:
            pieces.append("\n")
        if element.text and tag:
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            pieces.append("\n")

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(pieces).splitlines())
    return "\n".join(line for line in lines if line)
