"""Plain text: the file's content is the raw text; headline and outlet are read off it.

A plain-text article needs no metadata. Where the text shows them:

* the **headline** is the first line when it looks like one: short (2 to 25
  words), not ending like a sentence (``.``, ``,``, ``;``, ``:``), followed by
  more text, not boilerplate, and not the opening words of a later line (a
  teaser cut from the body is not a headline);
* the **outlet** comes from a line the outlet writes: a dateline ("WASHINGTON
  (Reuters) - ..."), a byline ("By Jane Doe, The Guardian"), a copyright line
  ("© 2025 The Guardian", "© BBC 2024"), "Trending on GB News" and the like
  (see :mod:`crosswire.ingest.outlet` for the rules and how precise they are);
  ``article.meta["outlet_source"]`` then names the rule (``"text: dateline"``).

Metadata given by the caller always wins over what is inferred.
"""

from __future__ import annotations

from typing import Any

from ..clean import classify_line, is_repeat, tokens
from ..document import Article
from ..errors import EmptyInputError
from .common import IngestOptions, article_fields, decode_noted, prepare
from .outlet import infer_outlet, outlet_clue

__all__ = ["infer_outlet", "infer_title", "read_text", "read_text_bytes"]

_SENTENCE_END = (".", ",", ";", ":", "\u2026")


def infer_title(text: str) -> str | None:
    """The headline a text starts with, if its first line looks like one."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    first = lines[0]
    words = first.split()
    if not 2 <= len(words) <= 25 or len(first) > 250:
        return None
    if first.endswith(_SENTENCE_END) or classify_line(first) is not None:
        return None
    first_words = tokens(first)
    if not first_words:
        return None
    for later in lines[1:200]:
        later_words = tokens(later)
        if len(later_words) > len(first_words) and is_repeat(first_words, later_words):
            return None  # a teaser: the opening of a later, fuller line
    return first


def read_text(text: str, *, source: str = "<text>", **metadata: Any) -> Article:
    """An article from a string of text.

    ``metadata``: ``title``, ``outlet``, ``url``, ``author``, ``published``
    (a datetime or an ISO 8601 / RFC 2822 string), ``language``; other keys
    go to ``article.meta``. A missing title or outlet is inferred from the text.
    """
    if not text.strip():
        raise EmptyInputError(source, "empty input")
    fields = article_fields(metadata)
    if "title" not in fields:
        title = infer_title(text)
        if title:
            fields["title"] = title
            fields.setdefault("meta", {})["title_source"] = "text"
    if "outlet" not in fields:
        clue = outlet_clue(text)
        if clue:
            fields["outlet"] = clue[0]
            fields.setdefault("meta", {})["outlet_source"] = f"text: {clue[1]}"
    return Article.from_text(text, source=source, **fields)


def read_text_bytes(
    data: bytes, *, source: str, options: IngestOptions | None = None, **metadata: Any
) -> Article:
    """An article from the bytes of a text file (checked and decoded first).

    Bytes that had to be replaced in decoding are noted in ``article.meta["decoding"]``.
    """
    options = options or IngestOptions()
    text, note = decode_noted(prepare(data, source, options), source)
    article = read_text(text, source=source, **metadata)
    if note:
        article.meta["decoding"] = note
    return article
