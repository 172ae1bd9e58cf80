"""The document model: an Article and the annotation layers that point into it.

An :class:`Article` carries two texts:

``raw_text``
    the text as read from the input (for HTML, the text trafilatura extracted;
    for a text file, the file's content), never changed afterwards;
``text``
    the clean text, ``raw_text`` minus what the cleaner removed.

``offset_map[i]`` is the offset in ``raw_text`` of the character ``text[i]``
(with one extra entry for ``len(text)``), so any span of the clean text can be
traced back to the raw input with :meth:`Article.raw_span`. Removals
(:class:`Removal`) point into ``raw_text``; every other annotation is a
:class:`Span` or holds spans into ``text``, and ``text[s.start:s.end] == s.text``
holds for all of them (:meth:`Article.check_spans` proves it).

Stages add layers; they never rewrite ``text`` once the cleaner has set it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = [
    "Article",
    "Attribution",
    "Certainty",
    "Claim",
    "Entity",
    "Quantity",
    "Quote",
    "Removal",
    "Span",
    "TimeExpression",
    "article_from_dict",
    "article_to_dict",
    "claim_to_dict",
    "content_hash",
]

Certainty = Literal["asserted", "reported", "hedged", "speculative", "alleged"]
CERTAINTIES: tuple[str, ...] = ("asserted", "reported", "hedged", "speculative", "alleged")


def content_hash(text: str) -> str:
    """The identity of a text: sha256 of its whitespace-normalised form, 16 hex digits."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


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
    offset_map: list[int] = field(default_factory=list)
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

    @classmethod
    def from_text(cls, raw_text: str, *, source: str, **metadata: Any) -> Article:
        """An article whose clean text is, for now, its raw text."""
        article = cls(id=content_hash(raw_text), source=source, raw_text=raw_text, **metadata)
        article.set_text(raw_text, list(range(len(raw_text) + 1)))
        return article

    def set_text(self, text: str, offset_map: list[int]) -> None:
        """Set the clean text and its map back to ``raw_text``."""
        if len(offset_map) != len(text) + 1:
            raise ValueError(
                f"{self.source}: offset map has {len(offset_map)} entries for {len(text)} characters"
            )
        self.text = text
        self.offset_map = offset_map

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
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    """Every field and layer of an article, as JSON-ready data (see :func:`article_from_dict`)."""
    return {
        "id": article.id,
        "source": article.source,
        "raw_text": article.raw_text,
        "text": article.text,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "offset_map": article.offset_map,
        "removed": [r.to_dict() for r in article.removed],
        "sentences": [s.to_dict() for s in article.sentences],
        "entities": [{"span": e.span.to_dict(), "label": e.label} for e in article.entities],
        "quotes": [
            {
                "span": q.span.to_dict(),
                "speaker": q.speaker,
                "speaker_span": q.speaker_span.to_dict() if q.speaker_span else None,
                "direct": q.direct,
            }
            for q in article.quotes
        ],
        "attributions": [a.to_dict() for a in article.attributions],
        "quantities": [
            {
                "span": q.span.to_dict(),
                "low": q.low,
                "high": q.high,
                "unit": q.unit,
                "approximator": q.approximator,
            }
            for q in article.quantities
        ],
        "times": [
            {
                "span": t.span.to_dict(),
                "start": t.start.isoformat() if t.start else None,
                "end": t.end.isoformat() if t.end else None,
                "granularity": t.granularity,
            }
            for t in article.times
        ],
        "claims": [claim_to_dict(c, article.id) for c in article.claims],
        "meta": article.meta,
        "layers": article.layers,
    }


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
        offset_map=list(data.get("offset_map", [])),
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
            )
            for c in data.get("claims", [])
        ],
        meta=dict(data.get("meta", {})),
        layers=list(data.get("layers", [])),
    )
    return article
