"""Framing: the terms each article uses for a referent the articles share.

Three kinds of referent:

people
    a PERSON entity, matched across articles by name ("Kim" is "Kim Jong-un"
    where the article names him in full). Its terms are the role phrases around
    the name ("North Korea's leader Kim Jong-un", "Military expert Evgeny
    Mikhaylov"), appositions (", a senior research fellow at ..."), and
    definite descriptions that open a following sentence ("The dictator
    appeared to weep", "The 41-year-old was filmed").
places
    places (GPE/LOC entities, or names the gazetteer knows) merged when one lies
    in the other and they share a name ("Kursk" and "the Kursk region"). Terms:
    the name with its possessive and region words ("Russia's Kursk region").
the war
    phrases headed by a word for armed conflict and what is done in it
    ("Russia's invasion", "the Ukraine conflict", "the recent liberation of the
    Kursk region by Russian forces", "repelling Ukrainian forces from their
    bridgehead").

Each term is a span of the article's clean text; terms holding a word of the
loaded-language lexicon are flagged with its provenance. Loaded terms outside
any referent are listed under a last referent, ``loaded language``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..document import Article
from ..ranges import RangeIndex
from ..report.model import Framing, FramingTerm
from .lexicon import find_loaded
from .places import gazetteer

__all__ = ["find_framing", "person_terms", "place_mentions", "war_terms"]

ROLES = (
    r"leader|dictator|president|prime\s+minister|minister|chairman|despot|tyrant|strongman|"
    r"ruler|autocrat|king|general|commander|expert|analyst|official|spokes(?:wo)?man|fellow|"
    r"head\s+of\s+state|regime|premier|chancellor|secretary|envoy|ambassador|"
    r"\d+-year-old"
)
_ROLE_BEFORE = re.compile(
    rf"((?:(?:[A-Z][\w.-]*(?:['\u2019]s)?|former|senior|top|supreme|self-styled|so-called|"
    rf"military|veteran|hardline|authoritarian|communist|brutal|defence|foreign)\s+){{0,4}}"
    rf"(?:{ROLES}))\s+$"
)
_APPOSITION = re.compile(
    rf"^,\s+((?:a|an|the)\s+[^,.;:]{{3,90}}?(?:{ROLES}|researcher|scholar|professor)"
    rf"[^,.;:]{{0,60}}?)(?=,|\.|;|\s+noted|\s+said|\s+has|\s+told)"
)
_DEFINITE = re.compile(
    rf"^(The\s+(?:[a-z-]+\s+){{0,2}}(?:{ROLES}))\b"
)
CONFLICT = (
    r"invasion|war|conflict|liberation|occupation|special\s+military\s+operation|offensive|"
    r"incursion|aggression|annexation|hostilities|counteroffensive|counter-offensive|"
    r"military\s+operations?|fighting"
)
_WAR = re.compile(
    rf"(?:(?:[A-Z][\w-]*(?:['\u2019]s)\s+)|(?:\bthe\s+))?(?:(?:recent|ongoing|full-scale|"
    rf"so-called|illegal|unprovoked|brutal|heroic)\s+)?(?:[A-Z][\w-]+\s+)?"
    rf"\b(?:{CONFLICT})\b"
    rf"(?:\s+(?:of|in|on|against)\s+(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*(?:\s+region)?)?"
    rf"(?:\s+by\s+(?:[A-Z][\w-]+\s+)?(?:forces|troops))?"
)
_WAR_VERB = re.compile(
    r"\b(?:repell?(?:ing|ed)|liberat(?:ing|ed)|occupy(?:ing)?|occupied|invad(?:ing|ed)|"
    r"annex(?:ing|ed))\s+(?:[A-Z][\w-]+\s+)?(?:forces|troops|the\s+[A-Z][\w-]+(?:\s+region)?)"
    r"(?:\s+from\s+(?:their|its|the)\s+[a-z]+)?"
)
_PLACE_TAIL = re.compile(r"^(?:\s+(?:region|regions|oblast|province|territories|territory|soil))")
_POSSESSOR = re.compile(r"((?:[A-Z][\w-]+\s+)?[A-Z][\w-]+['\u2019]s\s+|the\s+)$")


@dataclass
class _Term:
    referent: str
    article: str
    start: int
    end: int
    why: str


def _sentences(article: Article) -> list[tuple[int, int]]:
    if article.sentences:
        return [(s.start, s.end) for s in article.sentences]
    bounds = []
    start = 0
    for match in re.finditer(r"[.!?][\"'\u2019\u201d]?\s+|\n+", article.text):
        bounds.append((start, match.end()))
        start = match.end()
    if start < len(article.text):
        bounds.append((start, len(article.text)))
    return bounds


@lru_cache(maxsize=65536)
def _name_words(name: str) -> frozenset[str]:
    name = re.sub(r"['\u2019]s$", "", name)
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z][\w-]*", name))


class _Names:
    """Names in order, found by the words they hold (an index from each word to the names
    that hold it), so that matching each name against the others is not quadratic."""

    def __init__(self, names: Sequence[str] = ()) -> None:
        self.names: list[str] = []
        self._by_word: dict[str, set[int]] = {}
        self._by_words: dict[frozenset[str], int] = {}
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        position = len(self.names)
        self.names.append(name)
        words = _name_words(name)
        for word in words:
            self._by_word.setdefault(word, set()).add(position)
        self._by_words.setdefault(words, position)

    def first_with(self, words: frozenset[str]) -> str | None:
        """The first name whose words are ``words``."""
        position = self._by_words.get(words)
        return None if position is None else self.names[position]

    def first_holding(self, words: frozenset[str], *, strict: bool) -> str | None:
        """The first name whose words hold all of ``words`` (and more, when ``strict``)."""
        if words:
            postings = sorted((self._by_word.get(w, set()) for w in words), key=len)
            found = set.intersection(*postings)
        else:
            found = set(range(len(self.names)))
        if strict:
            found = {p for p in found if _name_words(self.names[p]) != words}
        return self.names[min(found)] if found else None


def person_terms(article: Article, people: dict[str, str]) -> list[_Term]:
    """Role phrases, appositions and definite descriptions for each person in ``people``
    (a map from a mention's text to its referent)."""
    text = article.text
    found: list[_Term] = []
    mentions = sorted(
        (e.span.start, e.span.end, people[e.span.text])
        for e in article.entities if e.label == "PERSON" and e.span.text in people
    )
    for start, end, referent in mentions:
        before = _ROLE_BEFORE.search(text[max(0, start - 80) : start])
        if before:
            s = max(0, start - 80) + before.start(1)
            found.append(_Term(referent, article.id, s, s + len(before.group(1)),
                               f"role named with {referent}"))
        after = _APPOSITION.match(text[end : end + 160])
        if after:
            s = end + after.start(1)
            found.append(_Term(referent, article.id, s, s + len(after.group(1)),
                               f"apposition to {referent}"))
    sentences = _sentences(article)
    starts = [m[0] for m in mentions]
    for index, (s_start, s_end) in enumerate(sentences):
        match = _DEFINITE.match(text[s_start:s_end])
        if not match or index == 0:
            continue
        prev_start = sentences[max(0, index - 2)][0]
        # the last mention that starts in [prev_start, s_start), if any (mentions are sorted)
        last = bisect_left(starts, s_start) - 1
        if last >= 0 and starts[last] >= prev_start:
            referent = mentions[last][2]
            found.append(_Term(referent, article.id, s_start, s_start + len(match.group(1)),
                               f"definite description after a mention of {referent}"))
    return found


def place_mentions(article: Article) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of each place: GPE/LOC entities, and names the gazetteer knows."""
    gaz = gazetteer()
    spans: list[tuple[int, int, str]] = []
    for entity in article.entities:
        if entity.label in ("GPE", "LOC") and gaz.lookup(entity.span.text):
            spans.append((entity.span.start, entity.span.end, entity.span.text))
    taken = RangeIndex([(s, e) for s, e, _ in spans], lambda bounds: bounds)
    for match in re.finditer(r"\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?", article.text):
        if taken.overlapping(match.start(), match.end()):
            continue
        name = match.group(0)
        if gaz.lookup(name) and any(p.startswith("r:") for p in gaz.lookup(name)):
            spans.append((match.start(), match.end(), name))
    return sorted(spans)


def _place_referent(name: str, seen: dict[str, str]) -> str:
    """A referent name for a place: merged with a known one it lies in or contains when the two
    share a word ("Kursk" and "the Kursk region")."""
    gaz = gazetteer()
    words = _name_words(name) - {"the", "region", "oblast"}
    for other, referent in seen.items():
        other_words = _name_words(other) - {"the", "region", "oblast"}
        if not words & other_words:
            continue
        if gaz.contains(other, name) or gaz.contains(name, other) or words == other_words:
            return referent
    canonical = gaz.name(gaz.lookup(name)[0]) if gaz.lookup(name) else name
    seen[name] = canonical
    return canonical


def war_terms(article: Article) -> list[_Term]:
    """Phrases for the armed conflict and what is done in it."""
    found = []
    for pattern in (_WAR, _WAR_VERB):
        for match in pattern.finditer(article.text):
            s, e = match.start(), match.end()
            found.append(_Term("the war", article.id, s, e, "names the armed conflict"))
    return found


def _terms_to_framing(terms: list[_Term], articles: Sequence[Article]) -> list[Framing]:
    texts = {a.id: a.text for a in articles}
    by_referent: dict[str, dict[str, list[FramingTerm]]] = {}
    kinds: dict[str, str] = {}
    for term in terms:
        text = texts[term.article][term.start : term.end]
        hits = find_loaded(text, term.start)
        reasons = (term.why, *(r for h in hits for r in h.reasons))
        entry = FramingTerm(text, term.start, term.end, bool(hits), reasons)
        per_article = by_referent.setdefault(term.referent, {}).setdefault(term.article, [])
        if all(t.text.lower() != text.lower() for t in per_article) and not any(
            t.start <= term.start and term.end <= t.end for t in per_article
        ):
            per_article[:] = [t for t in per_article
                              if not (term.start <= t.start and t.end <= term.end)]
            per_article.append(entry)
        kinds.setdefault(term.referent, term.why.split(" ")[0])
    framing = []
    for referent, per_article in by_referent.items():
        if len(per_article) < 2:
            continue
        ordered = {a.id: tuple(sorted(per_article[a.id], key=lambda t: t.start))
                   for a in articles if a.id in per_article}
        loaded = sorted({t.text for ts in ordered.values() for t in ts if t.loaded})
        framing.append(Framing(referent, ordered, {"loaded_terms": loaded}))
    return framing


def find_framing(articles: Sequence[Article]) -> list[Framing]:
    """The framing of every referent two or more articles share, then loaded language."""
    # people: a short mention ("Kim") takes the full name its article uses
    people: dict[str, dict[str, str]] = {}
    canonical = _Names()
    for article in articles:
        names = [e.span.text for e in article.entities if e.label == "PERSON"]
        full = _Names(sorted(set(names), key=lambda n: -len(n)))
        mapping: dict[str, str] = {}
        for name in full.names:
            owner = full.first_holding(_name_words(name), strict=True) or name
            owner_words = _name_words(owner)
            known = canonical.first_with(owner_words)
            if known is None:
                known = canonical.first_holding(owner_words, strict=False)
            if known is None:
                canonical.add(owner)
                known = owner
            mapping[name] = known
        people[article.id] = mapping
    terms: list[_Term] = []
    places_seen: dict[str, str] = {}
    for article in articles:
        terms += person_terms(article, people[article.id])
        for start, end, name in place_mentions(article):
            referent = _place_referent(name, places_seen)
            before = _POSSESSOR.search(article.text[max(0, start - 40) : start])
            s = max(0, start - 40) + before.start(1) if before else start
            tail = _PLACE_TAIL.match(article.text[end : end + 20])
            e = end + tail.end() if tail else end
            terms.append(_Term(referent, article.id, s, e, "names the place"))
        terms += war_terms(article)
    framing = _terms_to_framing(terms, articles)
    framing.sort(key=lambda f: (f.referent != "the war", -sum(len(t) for t in f.terms.values())))
    loaded: dict[str, tuple[FramingTerm, ...]] = {}
    for article in articles:
        hits = find_loaded(article.text)
        if hits:
            loaded[article.id] = tuple(FramingTerm(h.term, h.start, h.end, True, h.reasons)
                                       for h in hits)
    if loaded:
        framing.append(Framing("loaded language", loaded, {"kind": "loaded_language"}))
    return framing
