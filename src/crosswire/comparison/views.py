"""What the comparison needs to know about each claim, gathered from its article's layers.

A :class:`ClaimView` holds a claim with the quantities, times, entities and
places that lie inside its span, the sentence it comes from, its article's
publication date and time zone, and the *roots* of its information: the
sources it ultimately rests on (used to count independent sources).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..document import Article, Claim, Entity, Facts, Quantity, Span, TimeExpression
from ..ranges import RangeIndex
from .names import name_words, strip_possessive
from .places import gazetteer

__all__ = ["ClaimView", "build_views", "full_names"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})

_FIRST_REPORTED = re.compile(
    r"(?:first|originally|initially)\s+reported\s+by\s+((?:the\s+)?[A-Z][\w&.'\u2019-]*"
    r"(?:\s+[A-Z][\w&.'\u2019-]*)*)"
    r"|((?:[Tt]he\s+)?[A-Z][\w&.'\u2019-]*(?:\s+[A-Z][\w&.'\u2019-]*)*)\s+(?:was\s+the\s+first\s+to\s+"
    r"report|first\s+reported|(?:had\s+)?reported\s+first|broke\s+the\s+(?:story|news))",
)
_CONFIRMED = re.compile(
    r"((?:[Tt]he\s+)?[A-Z][\w&.'\u2019-]*(?:\s+[A-Z][\w&.'\u2019-]*)*)\s+(?:has|have|had)?\s*"
    r"(?:independently\s+)?(?:confirmed|verified|can\s+confirm|was\s+able\s+to\s+confirm)"
    r"|(?:independently\s+)?(?:confirmed|verified)\s+by\s+((?:the\s+)?[A-Z][\w&.'\u2019-]*"
    r"(?:\s+[A-Z][\w&.'\u2019-]*)*)",
)
_NOT_SOURCES = frozenset({"it", "this", "he", "she", "they", "we", "officials", "police", "but",
                          "and", "the", "reports", "sources", "a", "an"})


def source_key(name: str) -> str:
    """A comparable key for a source's name: "The Washington Post's" -> "washington post";
    "National Intelligence Service of South Korea (NIS)" -> "nis"."""
    name = name.strip()
    acronym = re.search(r"\(([A-Z][A-Z.&]{1,9})\)", name)
    if acronym:
        return acronym.group(1).replace(".", "").lower()
    name = strip_possessive(name)
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)
    return re.sub(r"\s+", " ", name).lower().strip(" .,")


def acronym_of(name: str) -> str:
    """The initials of a name's capitalised words ("National Intelligence Service" -> "nis")."""
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper()]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else ""


GENERIC_HEADS = frozenset({
    "analysts", "officials", "experts", "sources", "residents", "witnesses", "observers",
    "diplomats", "critics", "media", "reports", "authorities", "police", "investigators",
    "activists", "people", "researchers", "commentators", "insiders", "aides",
})


def is_generic_source(name: str) -> bool:
    """An unnamed source ("Local media", "Analysts", "Ukrainian officials") names no one in
    particular: its head word is a common noun."""
    words = re.findall(r"[\w'\u2019-]+", name.strip())
    if not words:
        return True
    head = words[-1]
    if len(words) == 1:
        return head.lower() in GENERIC_HEADS or head.islower()
    return head.islower()


def first_reporters(text: str) -> list[str]:
    """Sources a text says first reported something ("first reported by The Washington Post")."""
    found: list[str] = []
    for match in _FIRST_REPORTED.finditer(text):
        name = (match.group(1) or match.group(2) or "").strip()
        if name and name.lower() not in _NOT_SOURCES:
            found.append(name)
    return found


def confirmations(text: str) -> list[str]:
    """Sources a text says confirmed something on their own ("Fox News has confirmed")."""
    found: list[str] = []
    for match in _CONFIRMED.finditer(text):
        name = (match.group(1) or match.group(2) or "").strip()
        name = re.sub(r"^(?:But|And|However,?)\s+", "", name)
        if name and name.lower() not in _NOT_SOURCES and not is_generic_source(name):
            found.append(name)
    return found


@dataclass(slots=True)
class ClaimView:
    """A claim and what lies inside it, ready for comparison."""

    claim: Claim
    article_id: str
    article_index: int
    sentence: str
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    published: datetime | None = None
    article_zone: tuple[str, str] | None = None
    roots: tuple[str, ...] = ()
    root_notes: tuple[str, ...] = ()
    #: what the claim states, from its parse (:attr:`Claim.facts`), filled for claims in
    #: candidate pairs
    scene: Facts | None = None
    #: the full name of each person the claim names by part of it ("Kim" -> "Kim Jong-un"),
    #: from the article's other mentions
    full_names: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def text(self) -> str:
        return self.claim.text

    @property
    def places(self) -> list[str]:
        return [e.span.text for e in self.entities if e.label in PLACE_LABELS]

    @property
    def actors(self) -> list[str]:
        """People and organisations the claim's statement names, people by their full names
        where the article gives one; names the gazetteer knows as places are left to the places
        check. Who *says* it is no actor of it: for an attributed claim
        only names inside its content count, and never its sources ("Rob Lee noted that
        North Korean soldiers ...": no actor; "According to Reuters, Kim ...": Kim)."""
        attribution = self.claim.attribution
        content = attribution.content if attribution else None
        sources = [x for x in ([attribution.source] if attribution and attribution.source
                               else []) + list(attribution.chain if attribution else ())]
        found = []
        gaz = gazetteer()
        for e in self.entities:
            if e.label not in ("PERSON", "ORG"):
                continue
            if gaz.lookup(e.span.text):  # a place the recogniser took for a name
                continue
            if content is not None and not (content.start <= e.span.start
                                            and e.span.end <= content.end):
                continue
            words = name_words(e.span.text) - {"the"}
            if any(words <= name_words(x) - {"the"} for x in sources):
                continue
            found.append(self.full_names.get(e.span.text, e.span.text))
        return found

    def zone(self) -> tuple[str, str] | None:
        """``(place, IANA zone)`` for times in this claim: a place it names, else its article's."""
        gaz = gazetteer()
        for place in self.places:
            tz = gaz.zone(place)
            if tz:
                return place, tz
        return self.article_zone


def _article_full_names(article: Article) -> dict[str, str]:
    """``{mention: full name}`` for every person the article names by part of a longer name
    it also uses (see :func:`full_names`).

    Worked out once per distinct name, the longer names found through the words they
    share (an index from each word to the names that hold it), not by comparing every
    mention with every other: an article names a few thousand people at most, but a
    long one mentions them tens of thousands of times.
    """
    counts: dict[frozenset[str], int] = {}
    first: dict[frozenset[str], Entity] = {}  # the earliest mention of each set of words
    texts: list[tuple[str, frozenset[str]]] = []
    for entity in article.entities:
        if entity.label != "PERSON":
            continue
        words = name_words(entity.span.text)
        counts[words] = counts.get(words, 0) + 1
        if words not in first or entity.span.start < first[words].span.start:
            first[words] = entity
        texts.append((entity.span.text, words))
    holding: dict[str, set[frozenset[str]]] = {}
    for words in counts:
        for word in words:
            holding.setdefault(word, set()).add(words)
    resolved: dict[str, str] = {}
    for text, words in texts:
        if not words or text in resolved:
            continue
        longer = set.intersection(*(holding[word] for word in words)) - {words}
        if not longer:
            continue
        top = max(counts[w] for w in longer)
        chosen = min((first[w] for w in longer if counts[w] == top), key=lambda e: e.span.start)
        resolved[text] = chosen.span.text
    return resolved


def full_names(article: Article, claim: Claim) -> dict[str, str]:
    """``{mention: full name}`` for people a claim names by part of their name: the longer
    name in the article whose words hold the mention's ("Kim" -> "Kim Jong-un"); of several
    ("Kim Jong-un", "Kim Ju-ae"), the one the article names most often, then the one it names
    first: a surname alone stands for the story's main person, whom news writing names in
    full first. A mention no longer name holds is left out."""
    return _claim_full_names(_article_full_names(article), article, claim)


def _claim_full_names(resolved: dict[str, str], article: Article,
                      claim: Claim, people: RangeIndex[Entity] | None = None) -> dict[str, str]:
    if people is None:
        people = _people(article)
    return {e.span.text: resolved[e.span.text] for e in people.inside(claim.start, claim.end)
            if e.span.text in resolved}


def _people(article: Article) -> RangeIndex[Entity]:
    return RangeIndex((e for e in article.entities if e.label == "PERSON"), _span_of)


def _span_of(item: Entity | Quantity | TimeExpression) -> tuple[int, int]:
    return item.span.start, item.span.end


def _article_zone(article: Article) -> tuple[str, str] | None:
    """The time zone of an article's dateline ("SEOUL, June 28 (Reuters) -"), if it has one."""
    head = article.text[:200]
    match = re.match(r"\s*([A-Z][A-Za-z .'-]{2,30}?)(?:,\s*[A-Z][a-z]+\.?\s*\d{1,2})?\s*"
                     r"(?:\([^)]*\))?\s*[-\u2013\u2014]\s", head)
    if match:
        name = match.group(1).strip().title()
        tz = gazetteer().zone(name)
        if tz:
            return name, tz
    return None


def _sentence_of(article: Article, claim: Claim,
                 sentences: RangeIndex[Span] | None = None) -> str:
    """The first sentence that holds the claim's start, on to the claim's end if later."""
    if sentences is None:
        sentences = RangeIndex(article.sentences, lambda s: (s.start, s.end))
    for sentence in sentences.holding(claim.start)[:1]:
        end = max(sentence.end, claim.end)
        return article.text[sentence.start : end]
    return claim.text


def _roots(article: Article, claim: Claim, sentence: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The sources a claim rests on, as keys, and notes saying how each was found."""
    roots: list[str] = []
    notes: list[str] = []
    first = first_reporters(sentence)
    attribution = claim.attribution
    chain = list(attribution.chain) if attribution and attribution.chain else []
    if attribution and attribution.source and not chain:
        chain = [attribution.source]
    if first:
        roots.append(f"source:{source_key(first[0])}")
        notes.append(f"rests on {first[0]}, which first reported it")
    elif chain:
        innermost = chain[-1]
        if is_generic_source(innermost):
            roots.append(f"article:{article.id}:{source_key(innermost)}")
            notes.append(f"rests on unnamed '{innermost}' in this article")
        else:
            roots.append(f"source:{source_key(innermost)}")
            path = " <- ".join(chain)
            notes.append(f"rests on {innermost}" + (f" (via {path})" if len(chain) > 1 else ""))
    for name in confirmations(sentence):
        key = f"source:{source_key(name)}"
        if key not in roots:
            roots.append(key)
            notes.append(f"independently confirmed by {name}")
    if not roots:
        outlet = article.outlet
        roots.append(f"outlet:{source_key(outlet)}" if outlet else f"article:{article.id}")
        notes.append(f"the article's own reporting ({outlet or article.source})")
    return tuple(roots), tuple(notes)


def build_views(articles: list[Article]) -> list[ClaimView]:
    """A :class:`ClaimView` for every claim of every article, in article order.

    Each article's sentences, entities, quantities and times are indexed by position
    once (:class:`~crosswire.ranges.RangeIndex`), so the work grows with the number
    of claims and layers, not with their product.
    """
    views: list[ClaimView] = []
    for index, article in enumerate(articles):
        zone = _article_zone(article)
        names = _article_full_names(article)
        sentences = RangeIndex(article.sentences, lambda s: (s.start, s.end))
        quantities = RangeIndex(article.quantities, _span_of)
        times = RangeIndex(article.times, _span_of)
        entities = RangeIndex(article.entities, _span_of)
        people = _people(article)
        for claim in article.claims:
            sentence = _sentence_of(article, claim, sentences)
            roots, notes = _roots(article, claim, sentence)
            views.append(
                ClaimView(
                    claim=claim,
                    article_id=article.id,
                    article_index=index,
                    sentence=sentence,
                    quantities=quantities.inside(claim.start, claim.end),
                    times=times.inside(claim.start, claim.end),
                    entities=entities.inside(claim.start, claim.end),
                    published=article.published,
                    article_zone=zone,
                    roots=roots,
                    root_notes=notes,
                    full_names=_claim_full_names(names, article, claim, people),
                )
            )
    return views
