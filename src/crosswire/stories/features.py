"""What the story clusterer knows of an article: vectors, entities, terms, time, a signature.

:func:`extract_features` turns articles into :class:`ArticleFeatures` in
batches, with three models at most:

- the bundled MiniLM embedder, twice per article: the whole article (title and
  text, up to ``StoryOptions.embed_tokens`` tokens) and its lead (title and
  first sentences, up to ``lead_words`` words), which names the event;
- spaCy's named-entity recogniser alone (no tagger, parser or lemmatiser) on
  the first ``entity_chars`` characters, unless the article already carries an
  ``entities`` layer from the analysis stages;
- a MinHash signature of the word shingles (datasketch), for near duplicates.

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
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash

from ..document import Article
from ..errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

    from .options import StoryOptions

__all__ = [
    "ArticleFeatures",
    "entity_bag",
    "extract_features",
    "lead_text",
    "load_ner",
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


def _substantial(line: str, words: int = 6) -> bool:
    return len(_WORD.findall(line)) >= words


def lead_text(article: Article, *, max_words: int = 60) -> str:
    """The title and the first substantial lines of the text: what the event is."""
    parts: list[str] = [article.title.strip()] if article.title and article.title.strip() else []
    wanted = 2 if not parts else 1
    for line in article.text.splitlines():
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
        lines = [line for line in article.text.splitlines() if _substantial(line, 4)]
        text = " ".join((lines[0] if lines else article.text[:max_chars]).split())
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


def minhash_signature(text: str, *, num_perm: int, shingle: int) -> np.ndarray:
    """The MinHash (datasketch) of the lower-cased word ``shingle``-grams of ``text``."""
    words = _SHINGLE_WORD.findall(text.lower())
    size = min(shingle, max(1, len(words)))
    grams = {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}
    minhash = MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    if grams:
        minhash.update_batch(list(grams))
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


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


def _embed_text(article: Article) -> str:
    title = article.title.strip() if article.title else ""
    return f"{title}\n{article.text}" if title else article.text


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
        embeddings = embedder.encode([_embed_text(a) for a in articles])
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
                terms=term_bag(_embed_text(article)),
                published=timestamp(article.published),
                signature=minhash_signature(
                    article.text, num_perm=options.num_perm, shingle=options.shingle_words
                ),
                headline=headline_of(article),
                outlet=article.outlet,
            )
        )
    return features
