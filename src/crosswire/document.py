"""The document model: an Article and the annotation layers that point into it.

An :class:`Article` carries two texts:

``raw_text``
    the text as read from the input (for HTML, the text trafilatura extracted;
    for a text file, the file's content), never changed afterwards;
``text``
    the clean text, ``raw_text`` minus what the cleaner removed.

``offset_map[i]`` is the offset in ``raw_text`` of the character ``text[i]``
(with one extra entry for ``len(text)``), so any span of the clean text can be
traced back to the raw input with :meth:`Article.raw_span`. The map is an
:class:`OffsetMap`: a sequence of ints kept as runs of consecutive offsets (the
cleaner keeps whole stretches of the raw text), a few bytes per kept stretch
rather than tens of bytes per character. Removals
(:class:`Removal`) point into ``raw_text``; every other annotation is a
:class:`Span` or holds spans into ``text``, and ``text[s.start:s.end] == s.text``
holds for all of them (:meth:`Article.check_spans` proves it).

Stages add layers; they never rewrite ``text`` once the cleaner has set it.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Literal, overload

__all__ = [
    "ARTICLE_FIELDS",
    "CLAIM_LAYERS",
    "LAYERS",
    "Article",
    "Attribution",
    "Certainty",
    "Claim",
    "Entity",
    "Facts",
    "OffsetMap",
    "Quantity",
    "Quote",
    "Removal",
    "Setting",
    "Span",
    "TimeExpression",
    "article_from_dict",
    "article_to_dict",
    "claim_to_dict",
    "content_hash",
    "facts_to_dict",
    "text_chunks",
]

Certainty = Literal["asserted", "reported", "hedged", "speculative", "alleged"]
CERTAINTIES: tuple[str, ...] = ("asserted", "reported", "hedged", "speculative", "alleged")


def text_chunks(text: str, size: int = 1 << 20) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters, each but the last ending just before
    whitespace, so that no word is cut: splitting the pieces into words gives the words of
    the whole text. A long text is worked through piece by piece in bounded memory."""
    position, length = 0, len(text)
    while position < length:
        end = min(position + size, length)
        while end < length and not text[end].isspace():
            end += 1
        yield text[position:end]
        position = end


def content_hash(text: str) -> str:
    """The identity of a text: sha256 of its whitespace-normalised form, 16 hex digits.

    The form is ``" ".join(text.split())``, hashed a piece at a time
    (:func:`text_chunks`) so that a long text is never one list of words.
    """
    digest = hashlib.sha256()
    written = False
    for chunk in text_chunks(text):
        words = chunk.split()
        if words:
            digest.update(((" " if written else "") + " ".join(words)).encode("utf-8"))
            written = True
    return digest.hexdigest()[:16]


class OffsetMap(Sequence[int]):
    """Offsets into ``raw_text``, one per clean character (and one for the end), kept as runs.

    Behaves as the list of ints it stands for (``len``, indexing, slicing,
    iteration, ``==`` with a list), but stores only where each run of
    consecutive offsets starts: ``OffsetMap.of([0, 1, 2, 7, 8])`` holds two
    runs, ``(0, 0)`` and ``(3, 7)``. Build one with :meth:`of` from a list,
    :meth:`identity`, or :meth:`extend` run by run::

        offsets = OffsetMap()
        offsets.extend(0, 120)     # raw offsets 0..119
        offsets.append(130)        # raw offset 130
    """

    __slots__ = ("_length", "_raws", "_starts")

    def __init__(self) -> None:
        self._starts = array("q")  # where each run starts in the clean text
        self._raws = array("q")  # the raw offset of that first character
        self._length = 0

    @classmethod
    def of(cls, offsets: Iterable[int]) -> OffsetMap:
        """The map of a list of offsets."""
        if isinstance(offsets, OffsetMap):
            return offsets
        made = cls()
        for offset in offsets:
            made.append(offset)
        return made

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """``[0, 1, ..., length - 1]``: a text that maps onto itself."""
        made = cls()
        made.extend(0, length)
        return made

    @classmethod
    def from_runs(cls, runs: Iterable[Sequence[int]], length: int) -> OffsetMap:
        """The map written by :meth:`runs`: ``(clean start, raw start)`` pairs and the length."""
        made = cls()
        pairs = [(int(start), int(raw)) for start, raw in runs]
        if length < 0 or (pairs and pairs[0][0] != 0) or (length and not pairs):
            raise ValueError(f"offset runs {pairs[:3]} do not start at 0 for {length} entries")
        for (start, raw), (following, _) in zip(pairs, [*pairs[1:], (length, 0)], strict=False):
            if following <= start:
                raise ValueError(f"offset runs are not in order at clean offset {start}")
            made.extend(raw, raw + following - start)
        return made

    def append(self, offset: int) -> None:
        """Add one offset at the end."""
        self.extend(offset, offset + 1)

    def extend(self, start: int, end: int) -> None:
        """Add the offsets ``start, start + 1, ..., end - 1`` at the end."""
        if end <= start:
            return
        if self._starts and self._raws[-1] + (self._length - self._starts[-1]) == start:
            self._length += end - start  # carries on the last run
            return
        self._starts.append(self._length)
        self._raws.append(start)
        self._length += end - start

    def runs(self) -> list[list[int]]:
        """``[[clean start, raw start], ...]``, one pair per run (JSON-ready)."""
        return [[start, raw] for start, raw in zip(self._starts, self._raws, strict=True)]

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(f"offset map index {index} out of range ({self._length} entries)")
        run = bisect_right(self._starts, index) - 1
        return self._raws[run] + index - self._starts[run]

    def __iter__(self) -> Iterator[int]:
        if not self._starts:
            return
        ends = [*self._starts[1:], self._length]
        for start, raw, end in zip(self._starts, self._raws, ends, strict=True):
            yield from range(raw, raw + end - start)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            return (self._length, self._starts, self._raws) == (
                other._length, other._starts, other._raws
            )
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(other) == self._length and all(
                a == b for a, b in zip(self, other, strict=True)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OffsetMap({self._length} entries in {len(self._starts)} runs)"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's clean text: ``article.text[start:end] == text``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``text[start:end]``."""
        return cls(start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class Removal:
    """A stretch of ``raw_text`` the cleaner removed, and why."""

    start: int
    end: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity mention."""

    span: Span
    label: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit and approximator, normalised to a value or a range."""

    span: Span
    low: float | None
    high: float | None
    unit: str = ""
    approximator: str = ""


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A date or relative time, resolved against the publication date when known."""

    span: Span
    start: datetime | None = None
    end: datetime | None = None
    granularity: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or indirect quote and its speaker."""

    span: Span
    speaker: str | None
    speaker_span: Span | None = None
    direct: bool = True


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says a content, through which cue, on whose authority.

    ``chain`` runs from the outermost reporter to the innermost source:
    "According to Reuters, citing the NIS" gives ``["Reuters", "NIS"]``.
    """

    source: str | None
    cue: Span | None
    content: Span | None
    source_span: Span | None = None
    chain: tuple[str, ...] = ()
    source_kind: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "cue": self.cue.text if self.cue else None,
            "chain": list(self.chain),
            "source_kind": self.source_kind,
            "source_span": self.source_span.to_dict() if self.source_span else None,
            "cue_span": self.cue.to_dict() if self.cue else None,
            "content_span": self.content.to_dict() if self.content else None,
        }


@dataclass(frozen=True, slots=True)
class Setting:
    """Where a claim places an act: ``verb`` (lemma), ``preposition``, the object's ``noun``
    (lemma) and ``phrase``, the words of the claim from the preposition to the noun."""

    verb: str
    preposition: str
    noun: str
    phrase: str


@dataclass(frozen=True, slots=True)
class Facts:
    """What a claim's parse says it states: its acts, how each is put, what its numbers
    count, what dates each act, and where an act is placed (see
    :mod:`crosswire.analyse.facts`).

    Acts are content verbs' lemmas ("arrest"; not "say", "be" or "have").
    ``frames`` maps each act to how the claim puts it: ``"done"`` (a past form: "were
    deployed", "has deployed", "deployed") or ``"possible"`` (under a modal: "may deploy",
    "could deploy", "will deploy"), with the words that say so."""

    acts: frozenset[str]
    nouns: frozenset[str]
    settings: tuple[Setting, ...]
    frames: tuple[tuple[str, str, str], ...] = ()
    #: what each number counts: ``(number words, noun lemma, qualifier lemmas)``; "2,000
    #: troops in Syria" is ``("2,000", "troop", {"syria"})``
    things: tuple[tuple[str, str, frozenset[str]], ...] = ()
    #: acts the claim negates ("did not charge"), also through the verb that governs them
    #: ("will not be allowed to discriminate")
    negated: frozenset[str] = frozenset()
    #: the time words that date each act: ``(act, word)``, "fired *Friday*" is
    #: ``("fire", "friday")``
    dated: tuple[tuple[str, str], ...] = ()
    #: the acts of the claim's main clauses (its root verb, verbs coordinated with it, and the
    #: content verb under a reporting or light root: "Officials said *troops left*")
    main: frozenset[str] = frozenset()
    #: who does each act and to what or whom, as written: ``(act, actor, object)``, either
    #: empty where the claim does not say ("was arrested" names no actor)
    roles: tuple[tuple[str, str, str], ...] = ()
    #: counts that give the size of another noun: ``(number words, lemma of that noun)``;
    #: "a 10-juror majority" is ``("10", "majority")``
    sizes: tuple[tuple[str, str], ...] = ()


def facts_to_dict(facts: Facts) -> dict[str, Any]:
    """A claim's facts as the report contract writes them (see :func:`facts_from_dict`)."""
    return {
        "acts": sorted(facts.acts),
        "main": sorted(facts.main),
        "negated": sorted(facts.negated),
        "frames": [{"act": a, "frame": f, "words": w} for a, f, w in facts.frames],
        "counts": [{"number": n, "thing": t, "qualifiers": sorted(q)} for n, t, q in facts.things],
        "sizes": [{"number": n, "of": of} for n, of in facts.sizes],
        "dated": [{"act": a, "when": w} for a, w in facts.dated],
        "roles": [{"act": a, "actor": who, "object": what} for a, who, what in facts.roles],
        "settings": [{"act": s.verb, "preposition": s.preposition, "noun": s.noun,
                      "phrase": s.phrase} for s in facts.settings],
        "nouns": sorted(facts.nouns),
    }


def facts_from_dict(data: dict[str, Any]) -> Facts:
    """The :class:`Facts` that :func:`facts_to_dict` wrote."""
    return Facts(
        acts=frozenset(data.get("acts", ())),
        nouns=frozenset(data.get("nouns", ())),
        settings=tuple(Setting(s["act"], s["preposition"], s["noun"], s["phrase"])
                       for s in data.get("settings", ())),
        frames=tuple((f["act"], f["frame"], f["words"]) for f in data.get("frames", ())),
        things=tuple((c["number"], c["thing"], frozenset(c["qualifiers"]))
                     for c in data.get("counts", ())),
        negated=frozenset(data.get("negated", ())),
        dated=tuple((d["act"], d["when"]) for d in data.get("dated", ())),
        main=frozenset(data.get("main", ())),
        roles=tuple((r["act"], r["actor"], r["object"]) for r in data.get("roles", ())),
        sizes=tuple((z["number"], z["of"]) for z in data.get("sizes", ())),
    )


@dataclass(slots=True)
class Claim:
    """An atomic claim an article makes: a span of its clean text."""

    id: str
    span: Span
    attribution: Attribution | None = None
    certainty: Certainty = "asserted"
    certainty_cue: Span | None = None
    checkworthiness: float = 0.0
    kind: str = "fact"
    #: what the claim's parse says it states (the analysis's ``facts`` stage), or ``None``
    facts: Facts | None = None

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


@dataclass(slots=True)
class Article:
    """One news article and the layers the pipeline adds to it."""

    id: str
    source: str
    raw_text: str
    text: str = ""
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    offset_map: OffsetMap = field(default_factory=OffsetMap)
    removed: list[Removal] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # The layers stages have assigned, in order (see crosswire.pipeline).
    layers: list[str] = field(default_factory=list)
    #: While the analysis runs: the text it parsed and its spaCy parse, which each stage reads
    #: (:func:`crosswire.analyse.parse.doc_for`); dropped once the stages are done, never
    #: serialised, and left out of comparisons between articles.
    parse: tuple[str, Any] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_text(cls, raw_text: str, *, source: str, **metadata: Any) -> Article:
        """An article whose clean text is, for now, its raw text."""
        article = cls(id=content_hash(raw_text), source=source, raw_text=raw_text, **metadata)
        article.set_text(raw_text, OffsetMap.identity(len(raw_text) + 1))
        return article

    def set_text(self, text: str, offset_map: Sequence[int]) -> None:
        """Set the clean text and its map back to ``raw_text`` (a list or an :class:`OffsetMap`)."""
        if len(offset_map) != len(text) + 1:
            raise ValueError(
                f"{self.source}: offset map has {len(offset_map)} entries for {len(text)} characters"
            )
        self.text = text
        self.offset_map = OffsetMap.of(offset_map)

    def span(self, start: int, end: int) -> Span:
        """The span ``text[start:end]``."""
        return Span(start, end, self.text[start:end])

    def raw_span(self, span: Span) -> tuple[int, int]:
        """The offsets in ``raw_text`` of a span of the clean text."""
        if span.start == span.end:
            raw = self.offset_map[span.start]
            return raw, raw
        return self.offset_map[span.start], self.offset_map[span.end - 1] + 1

    def iter_spans(self) -> list[Span]:
        """Every span of every layer, for checks."""
        spans: list[Span] = list(self.sentences)
        spans += [e.span for e in self.entities]
        spans += [q.span for q in self.quantities]
        spans += [t.span for t in self.times]
        for quote in self.quotes:
            spans.append(quote.span)
            if quote.speaker_span:
                spans.append(quote.speaker_span)
        attributions = list(self.attributions)
        attributions += [c.attribution for c in self.claims if c.attribution]
        for attribution in attributions:
            spans += [s for s in (attribution.cue, attribution.content, attribution.source_span) if s]
        for claim in self.claims:
            spans.append(claim.span)
            if claim.certainty_cue:
                spans.append(claim.certainty_cue)
        return spans

    def check_spans(self) -> None:
        """Raise ``ValueError`` if any span does not point at its text."""
        for span in self.iter_spans():
            if not 0 <= span.start <= span.end <= len(self.text):
                raise ValueError(f"{self.source}: span {span} lies outside the text")
            if self.text[span.start : span.end] != span.text:
                raise ValueError(f"{self.source}: span {span} does not match the text")
        for removal in self.removed:
            if self.raw_text[removal.start : removal.end] != removal.text:
                raise ValueError(f"{self.source}: removal {removal} does not match the raw text")


# --- serialisation -----------------------------------------------------------------------------


def _span(data: dict[str, Any] | None) -> Span | None:
    return Span(data["start"], data["end"], data["text"]) if data else None


def _offset_map(data: dict[str, Any]) -> OffsetMap:
    """The offset map as written now (``offset_runs``) or by earlier versions (``offset_map``)."""
    runs = data.get("offset_runs")
    if runs is not None:
        return OffsetMap.from_runs(runs["runs"], int(runs["length"]))
    return OffsetMap.of(data.get("offset_map", []))


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _attribution(data: dict[str, Any] | None) -> Attribution | None:
    if not data:
        return None
    return Attribution(
        source=data.get("source"),
        cue=_span(data.get("cue_span")),
        content=_span(data.get("content_span")),
        source_span=_span(data.get("source_span")),
        chain=tuple(data.get("chain", ())),
        source_kind=data.get("source_kind", ""),
    )


def claim_to_dict(claim: Claim, article_id: str) -> dict[str, Any]:
    """A claim as the report contract writes it."""
    return {
        "id": claim.id,
        "article": article_id,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "attribution": claim.attribution.to_dict() if claim.attribution else None,
        "certainty": claim.certainty,
        "certainty_cue": claim.certainty_cue.to_dict() if claim.certainty_cue else None,
        "checkworthiness": round(claim.checkworthiness, 4),
        "kind": claim.kind,
        "facts": facts_to_dict(claim.facts) if claim.facts is not None else None,
    }


#: What each claim carries besides its text, filled by a stage of its own ("certainty",
#: "checkworthiness", "facts"): layers a stage may require or assign, as the article's fields are
CLAIM_LAYERS: tuple[str, ...] = ("certainty", "checkworthiness", "facts")


#: Every layer a pipeline stage may name: the fields of :class:`Article` that hold what the
#: pipeline reads and writes (not its id, its bookkeeping or the parse in passing), and
#: :data:`CLAIM_LAYERS`.
LAYERS: frozenset[str] = frozenset(
    f.name for f in fields(Article) if f.name not in {"id", "layers", "parse", "meta"}
) | frozenset(CLAIM_LAYERS)


def _quote_dict(q: Quote) -> dict[str, Any]:
    return {
        "span": q.span.to_dict(),
        "speaker": q.speaker,
        "speaker_span": q.speaker_span.to_dict() if q.speaker_span else None,
        "direct": q.direct,
    }


def _quantity_dict(q: Quantity) -> dict[str, Any]:
    return {
        "span": q.span.to_dict(),
        "low": q.low,
        "high": q.high,
        "unit": q.unit,
        "approximator": q.approximator,
    }


def _time_dict(t: TimeExpression) -> dict[str, Any]:
    return {
        "span": t.span.to_dict(),
        "start": t.start.isoformat() if t.start else None,
        "end": t.end.isoformat() if t.end else None,
        "granularity": t.granularity,
    }


#: how each field of :func:`article_to_dict` is written, in its order
_WRITERS: dict[str, Callable[[Article], Any]] = {
    "id": lambda a: a.id,
    "source": lambda a: a.source,
    "raw_text": lambda a: a.raw_text,
    "text": lambda a: a.text,
    "title": lambda a: a.title,
    "outlet": lambda a: a.outlet,
    "url": lambda a: a.url,
    "author": lambda a: a.author,
    "published": lambda a: a.published.isoformat() if a.published else None,
    "language": lambda a: a.language,
    "offset_runs": lambda a: {"length": len(a.offset_map), "runs": a.offset_map.runs()},
    "removed": lambda a: [r.to_dict() for r in a.removed],
    "sentences": lambda a: [s.to_dict() for s in a.sentences],
    "entities": lambda a: [{"span": e.span.to_dict(), "label": e.label} for e in a.entities],
    "quotes": lambda a: [_quote_dict(q) for q in a.quotes],
    "attributions": lambda a: [x.to_dict() for x in a.attributions],
    "quantities": lambda a: [_quantity_dict(q) for q in a.quantities],
    "times": lambda a: [_time_dict(t) for t in a.times],
    "claims": lambda a: [claim_to_dict(c, a.id) for c in a.claims],
    "meta": lambda a: a.meta,
    "layers": lambda a: a.layers,
}

#: every field :func:`article_to_dict` writes, in order
ARTICLE_FIELDS = tuple(_WRITERS)


def article_to_dict(article: Article, *, fields: Sequence[str] = ARTICLE_FIELDS) -> dict[str, Any]:
    """An article's fields and layers as JSON-ready data (see :func:`article_from_dict`).

    ``fields`` chooses which, in the order given (a report's article entry and the store's
    columns are such projections); by default every one, which :func:`article_from_dict`
    reads back. An unknown name is a ``ValueError``.
    """
    unknown = [name for name in fields if name not in _WRITERS]
    if unknown:
        raise ValueError(f"no article field {', '.join(map(repr, unknown))}")
    return {name: _WRITERS[name](article) for name in fields}


def article_from_dict(data: dict[str, Any]) -> Article:
    """Rebuild an article written by :func:`article_to_dict`."""
    article = Article(
        id=data["id"],
        source=data["source"],
        raw_text=data["raw_text"],
        text=data["text"],
        title=data.get("title"),
        outlet=data.get("outlet"),
        url=data.get("url"),
        author=data.get("author"),
        published=_time(data.get("published")),
        language=data.get("language"),
        offset_map=_offset_map(data),
        removed=[Removal(**r) for r in data.get("removed", [])],
        sentences=[Span(**s) for s in data.get("sentences", [])],
        entities=[Entity(Span(**e["span"]), e["label"]) for e in data.get("entities", [])],
        quotes=[
            Quote(Span(**q["span"]), q.get("speaker"), _span(q.get("speaker_span")), q["direct"])
            for q in data.get("quotes", [])
        ],
        attributions=[a for a in map(_attribution, data.get("attributions", [])) if a],
        quantities=[
            Quantity(Span(**q["span"]), q["low"], q["high"], q["unit"], q["approximator"])
            for q in data.get("quantities", [])
        ],
        times=[
            TimeExpression(Span(**t["span"]), _time(t["start"]), _time(t["end"]), t["granularity"])
            for t in data.get("times", [])
        ],
        claims=[
            Claim(
                id=c["id"],
                span=Span(c["start"], c["end"], c["text"]),
                attribution=_attribution(c.get("attribution")),
                certainty=c["certainty"],
                certainty_cue=_span(c.get("certainty_cue")),
                checkworthiness=c.get("checkworthiness", 0.0),
                kind=c.get("kind", "fact"),
                facts=facts_from_dict(c["facts"]) if c.get("facts") else None,
            )
            for c in data.get("claims", [])
        ],
        meta=dict(data.get("meta", {})),
        layers=list(data.get("layers", [])),
    )
    return article
