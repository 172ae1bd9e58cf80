"""What the story clusterer knows of an article: vectors, entities, terms, time, a signature.

:func:`extract_features` turns articles into :class:`ArticleFeatures` in
batches, with three models at most:

- the bundled MiniLM embedder, twice per article: the whole article (title and
  text, up to ``StoryOptions.embed_tokens`` tokens) and its lead (title and
  first sentences, up to ``lead_words`` words), which names the event; the
  tokenizer is given no more of the text than those tokens can come from
  (:func:`embed_text`), so a long article costs no more than a short one;
- spaCy's named-entity recogniser alone (no tagger, parser or lemmatiser) on
  the first ``entity_chars`` characters, unless the article already carries an
  ``entities`` layer from the analysis stages;
- a MinHash signature of the word shingles (datasketch), for near duplicates,
  made piece by piece over the whole text (:func:`minhash_signature`).

Content words (``terms``) come from a plain regular expression and spaCy's
stop-word list; nothing here keeps a reference to the article. The entity
recogniser runs in a thread beside the embedder, so both cores of a small
machine work at once.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash

from ..document import Article, text_chunks
from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

    from .options import StoryOptions

__all__ = [
    "ArticleFeatures",
    "embed_text",
    "entity_bag",
    "extract_features",
    "lead_text",
    "minhash_signature",
    "term_bag",
    "timestamp",
]

logger = logging.getLogger(__name__)

#: Entity labels that name who and where (spaCy's OntoNotes labels); years are added apart.
ENTITY_LABELS: frozenset[str] = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)

#: How signatures are made; a saved state holds signatures made this way.
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))+")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_SHINGLE_WORD = re.compile(r"\w+")
_NON_SPACE = re.compile(r"\S+")
_ARTICLE_WORDS = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
_EDGE_PUNCT = " \t\n\"'“”‘’.,;:!?()[]{}-–—"


@dataclass(frozen=True, slots=True, eq=False)
class ArticleFeatures:
    """One article as the clusterer sees it.

    ``embedding`` and ``lead_embedding`` are unit vectors; ``entities`` and
    ``terms`` count normalised entity names (``"kim jong un"``, ``"year:2025"``)
    and content words; ``published`` is aware (UTC) or ``None``; ``signature``
    is the MinHash of the article's word shingles.
    """

    article_id: str
    embedding: np.ndarray
    lead_embedding: np.ndarray
    entities: dict[str, int]
    terms: dict[str, int]
    published: datetime | None
    signature: np.ndarray
    headline: str = ""
    outlet: str | None = None


# --- text pieces ----------------------------------------------------------------------------------


def _lines(text: str, size: int = 1 << 16) -> Iterator[str]:
    """``text.splitlines()``, read a piece at a time (each piece ends at a line feed)."""
    position, length = 0, len(text)
    while position < length:
        end = text.find("\n", min(position + size, length) - 1)
        end = length if end < 0 else end + 1
        yield from text[position:end].splitlines()
        position = end


def _substantial(line: str, words: int = 6) -> bool:
    return len(_WORD.findall(line)) >= words


def lead_text(article: Article, *, max_words: int = 60) -> str:
    """The title and the first substantial lines of the text: what the event is."""
    parts: list[str] = [article.title.strip()] if article.title and article.title.strip() else []
    wanted = 2 if not parts else 1
    for line in _lines(article.text):
        if _substantial(line):
            parts.append(line.strip())
            wanted -= 1
            if wanted == 0:
                break
    if not parts:
        parts.append(article.text.strip())
    words = " ".join(parts).split()
    return " ".join(words[:max_words])


def headline_of(article: Article, *, max_chars: int = 160) -> str:
    """The title, else the first substantial line, shortened to ``max_chars``."""
    if article.title and article.title.strip():
        text = " ".join(article.title.split())
    else:
        first = next((line for line in _lines(article.text) if _substantial(line, 4)), None)
        text = " ".join((first if first is not None else article.text[:max_chars]).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1].rsplit(" ", 1)[0] + "…"
    return text


def normalise_entity(name: str) -> str:
    """``"the Kremlin's"`` -> ``"kremlin"``: lower case, no article, possessive or edge marks."""
    text = " ".join(name.split()).strip(_EDGE_PUNCT)
    text = _POSSESSIVE.sub("", _ARTICLE_WORDS.sub("", text))
    return text.strip(_EDGE_PUNCT).lower()


def entity_bag(mentions: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Counts of normalised entity names from ``(text, label)`` mentions.

    Names with a label in :data:`ENTITY_LABELS` count under their normalised
    form; a person's surname counts too (later mentions use it alone); years
    in dates count as ``"year:2025"``.
    """
    bag: Counter[str] = Counter()
    for text, label in mentions:
        if label in ENTITY_LABELS:
            key = normalise_entity(text)
            if len(key) < 2:
                continue
            bag[key] += 1
            parts = key.split()
            if label == "PERSON" and len(parts) > 1 and len(parts[-1]) > 2:
                bag[parts[-1]] += 1
        elif label == "DATE":
            for year in _YEAR.findall(text):
                bag[f"year:{year}"] += 1
    return dict(bag)


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_STOP: frozenset[str] | None = None


def term_bag(text: str, *, max_chars: int = 20_000) -> dict[str, int]:
    """Counts of the content words of ``text`` (lower case, 3+ letters, no stop words)."""
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    stop = _STOP
    words = (w.lower() for w in _WORD.findall(text[:max_chars]))
    return dict(Counter(w for w in words if len(w) > 2 and w not in stop))


def minhash_signature(
    text: str, *, num_perm: int, shingle: int, chunk_chars: int = 1 << 20
) -> np.ndarray:
    """The MinHash (datasketch) of the lower-cased word ``shingle``-grams of ``text``
    (one gram of every word when the text has fewer).

    Made ``chunk_chars`` characters at a time (:func:`~crosswire.document.text_chunks`), the last
    ``shingle - 1`` words carried over to the next piece: a minimum does not depend on
    the order or the repeats of what it is taken over, so the signature is the one of
    the whole text, and the memory it takes does not grow with the text.
    """
    minhash = MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    size: int | None = None
    pending: list[str] = []
    for chunk in text_chunks(text, chunk_chars):
        pending += _SHINGLE_WORD.findall(chunk.lower())
        if size is None:
            if len(pending) < shingle:
                continue
            size = shingle
        _add_shingles(minhash, pending, size)
        pending = pending[len(pending) - size + 1 :] if size > 1 else []
    if size is None:  # fewer words than a shingle: one gram of them all
        _add_shingles(minhash, pending, max(1, len(pending)))
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


def _add_shingles(minhash: MinHash, words: list[str], size: int) -> None:
    grams = {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}
    if grams:
        minhash.update_batch(list(grams))


def timestamp(when: datetime | None) -> datetime | None:
    """``when`` as an aware UTC datetime (naive values are taken to be UTC)."""
    if when is None:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


# --- models ---------------------------------------------------------------------------------------

_NER: dict[str, Language] = {}
_NER_LOCK = threading.Lock()
_NER_RUN_LOCK = threading.Lock()
_NER_EXCLUDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


def load_ner(model: str) -> Language:
    """spaCy's pipeline ``model`` with only its entity recogniser, loaded once per process."""
    with _NER_LOCK:
        if model in _NER:
            return _NER[model]
        import spacy

        try:
            nlp = spacy.load(model, exclude=list(_NER_EXCLUDED))
        except OSError as exc:
            raise ModelError(f"spaCy model {model!r} is not installed: {exc}") from exc
        if "ner" not in nlp.pipe_names:
            raise ModelError(f"spaCy model {model!r} has no entity recogniser")
        _NER[model] = nlp
        logger.info("loaded spaCy entity recogniser %s (%s)", model, ", ".join(nlp.pipe_names))
        return nlp


def _entity_mentions(
    articles: Sequence[Article], options: StoryOptions
) -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]] | None] = [
        [(e.span.text, e.label) for e in a.entities] if a.entities else None for a in articles
    ]
    todo = [i for i, mentions in enumerate(found) if mentions is None]
    if todo:
        nlp = load_ner(options.ner_model)
        with _NER_RUN_LOCK:  # one batch at a time through the shared pipeline
            _recognise(nlp, articles, todo, found, options)
    return [mentions or [] for mentions in found]


def _recognise(
    nlp: Language,
    articles: Sequence[Article],
    todo: list[int],
    found: list[list[tuple[str, str]] | None],
    options: StoryOptions,
) -> None:
    texts = [_ner_text(articles[i], options.entity_chars) for i in todo]
    docs = nlp.pipe(texts, batch_size=options.batch_size, n_process=options.n_process)
    for i, doc in zip(todo, docs, strict=True):
        found[i] = [(ent.text, ent.label_) for ent in doc.ents]


def _ner_text(article: Article, limit: int) -> str:
    title = f"{article.title.strip()}\n" if article.title and article.title.strip() else ""
    text = article.text[:limit]
    if len(article.text) > limit:  # end on a word boundary
        text = text.rsplit(None, 1)[0] if " " in text else text
    return title + text


#: Words of the text given to the embedder per token it reads: every word gives at least
#: one token, and a piece that ends between words gives the tokens the whole text begins with.
_WORDS_PER_TOKEN = 2


def embed_text(article: Article, tokens: int) -> str:
    """The title and as much of the text as the embedder reads of it: the first
    ``2 * tokens`` words (the tokenizer would cut the rest off, after reading it all)."""
    title = article.title.strip() if article.title else ""
    text = _head(article.text, _WORDS_PER_TOKEN * tokens)
    return f"{title}\n{text}" if title else text


def _head(text: str, words: int) -> str:
    """``text`` up to the end of its ``words``-th word (a run of non-space characters)."""
    if len(text) <= words:
        return text
    for count, word in enumerate(_NON_SPACE.finditer(text), start=1):
        if count >= words:
            return text[: word.end()]
    return text


def _term_text(article: Article, max_chars: int = 20_000) -> str:
    """The title and the start of the text: all of it :func:`term_bag` reads."""
    title = article.title.strip() if article.title else ""
    text = article.text[:max_chars]
    return f"{title}\n{text}" if title else text


def extract_features(
    articles: Sequence[Article], *, options: StoryOptions | None = None
) -> list[ArticleFeatures]:
    """Features of each article, in order (see the module's description).

    Raises :class:`~crosswire.errors.ModelError` when a bundled model is
    missing or damaged.
    """
    from ..models._onnx import ModelOptions
    from ..models.embedder import load_embedder
    from .options import StoryOptions

    options = options or StoryOptions()
    if not articles:
        return []
    # the entity recogniser shares the cores: idle embedder threads must not spin
    embedder = load_embedder(options=ModelOptions(max_length=options.embed_tokens, spin=False))
    # The entity recogniser (one core) runs beside the embedder (onnxruntime, which lets go
    # of the GIL): on two cores this nearly halves the wall-clock time.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="crosswire-ner") as pool:
        beside = (
            pool.submit(_entity_mentions, articles, options) if options.n_process == 1 else None
        )
        embeddings = embedder.encode([embed_text(a, options.embed_tokens) for a in articles])
        leads = embedder.encode([lead_text(a, max_words=options.lead_words) for a in articles])
        mentions = beside.result() if beside else _entity_mentions(articles, options)
    features: list[ArticleFeatures] = []
    for i, article in enumerate(articles):
        features.append(
            ArticleFeatures(
                article_id=article.id,
                embedding=embeddings[i],
                lead_embedding=leads[i],
                entities=entity_bag(mentions[i]),
                terms=term_bag(_term_text(article)),
                published=timestamp(article.published),
                signature=minhash_signature(
                    article.text, num_perm=options.num_perm, shingle=options.shingle_words
                ),
                headline=headline_of(article),
                outlet=article.outlet,
            )
        )
    return features
