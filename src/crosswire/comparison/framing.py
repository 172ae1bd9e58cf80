"""Framing: the words each article uses for a referent the articles share.

A referent is a person, a place or the armed conflict, named in two or more
articles; an entry lists, per article, the terms it uses for the referent, each
a span of the article's clean text (``text[start:end] == term``). An entry is
kept only when the articles' words differ: a place every article just names
("Florida" / "Florida"), or a title every article gives alike ("President" /
"President"), says nothing about framing.

people
    PERSON entities, one referent per person across articles
    (:mod:`crosswire.comparison.people`: "Jim Mattis" is "James Mattis" and
    "Mr. Mattis"). Terms: the roles the text ties to that person, never any
    role in the article: a title before the name ("Defense Secretary Jim
    Mattis"), an apposition ("Roger J. Stone Jr., a longtime adviser to
    President Trump"; "A self-described dirty trickster, Mr. Stone"), a
    definite description opening the next sentence when it can mean only that
    person ("The dictator appeared to weep").
what a person did
    what each person the articles share does as the subject of a sentence in
    an article's first three sentences, verbs of saying aside: "resigned
    Thursday in protest of President Trump's decision" / "will be leaving the
    administration on January 1" / "would be retiring at the end of February".
places
    GPE/LOC entities the gazetteer knows, and region names it knows, merged
    when one lies in the other and they share a name ("Kursk" and "the Kursk
    region"). A mention must be a name: capitalised ("manila" envelopes are
    not Manila), and not the start of a longer name ("The Washington Post",
    "New York Times"). Terms: the name with a place that holds it and its
    region word ("Russia's Kursk region"), never an article or a determiner
    ("the Russia investigation" names "Russia"), nor a person's or a body's
    possessive ("Stone's Fort Lauderdale home" names "Fort Lauderdale").
    A bare name ("U.S.", "America") is the place's name, not a framing of it.
the war
    phrases headed by a word for armed conflict and what is done in it that
    name a party or a place ("Russia's invasion", "the recent liberation of
    the Kursk region by Russian forces", "repelling Ukrainian forces from their
    bridgehead"); a bare "war" or "offensive" names no conflict in particular.
    Phrases that name places in different countries are different wars ("the
    invasion of Iraq" is not "the annexation of Crimea").

Terms holding a loaded term (:mod:`crosswire.comparison.lexicon`, matched in
the whole text) are flagged with its provenance. Loaded terms outside any
referent are listed under a last referent, ``loaded language``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Article
from ..ranges import RangeIndex
from ..report.model import Framing, FramingTerm
from .lexicon import LoadedHit, find_loaded
from .names import name_words, strip_possessive
from .people import act_terms, person_referents, role_terms
from .places import gazetteer

__all__ = ["find_framing", "person_referents", "place_mentions"]

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
#: a proper name in a war phrase: a capitalised word that does not open the phrase as "The"
_NAMED = re.compile(r"(?<![\w-])(?!The\b)[A-Z][\w-]+")
_PLACE_TAIL = re.compile(
    r"^\s+(?:region|regions|oblast|province|territories|territory|soil)\b", re.I)
_PLACE_POSSESSOR = re.compile(r"((?:[A-Z][\w.-]+\s+)?[A-Z][\w.-]+)['\u2019]s\s+$")
_DETERMINER = re.compile(r"^(?:the|The|THE)\s+")
#: capitalised words that may follow a place without making it part of a longer name
_AFTER_PLACE = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December I".split())
_NEXT = re.compile(r"[ \t]+([A-Z][\w.'\u2019-]*)")


@dataclass
class _Term:
    referent: str
    article: str
    start: int
    end: int
    why: str
    #: the referent's bare name: no framing of it in itself
    plain: bool = False


def _starts_longer_name(text: str, end: int) -> bool:
    """Whether a capitalised word follows at ``end`` in the same name ("Washington Post")."""
    following = _NEXT.match(text, end)
    if not following:
        return False
    word = following.group(1).rstrip(".,'\u2019")
    return word not in _AFTER_PLACE and not _PLACE_TAIL.match(text[end:])


def place_mentions(article: Article) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of each place named: GPE/LOC entities and region names the
    gazetteer knows, capitalised, without a leading article, and not the start of a longer
    name ("The Washington Post")."""
    gaz = gazetteer()
    text = article.text
    spans: list[tuple[int, int, str]] = []
    candidates = [(e.span.start, e.span.end, True) for e in article.entities
                  if e.label in ("GPE", "LOC")]
    taken = RangeIndex([(s, e) for s, e, _ in candidates], lambda bounds: bounds)
    for match in re.finditer(r"\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?", text):
        if not taken.overlapping(match.start(), match.end()):
            candidates.append((match.start(), match.end(), False))
    for start, end, entity in sorted(candidates):
        determiner = _DETERMINER.match(text[start:end])
        if determiner:
            start += determiner.end()
        name = text[start:end]
        if not name[:1].isupper() or _starts_longer_name(text, end):
            continue
        if determiner and determiner.group(0)[:1] == "T" and _opens_name(text, start):
            continue  # "The Washington Post" read as "The Washington"
        found = gaz.lookup(name)
        if not found or (not entity and not any(p.startswith("r:") for p in found)):
            continue
        spans.append((start, end, name))
    return sorted(spans)


def _opens_name(text: str, start: int) -> bool:
    """Whether "The" before ``start`` is capitalised inside a sentence (a title's "The")."""
    before = text[: max(0, start - 4)].rstrip()
    return bool(before) and before[-1] not in ".!?:\n\"\u201c\u2018"


def _place_referent(name: str, seen: dict[str, str]) -> str:
    """A referent name for a place: merged with a known one it lies in or contains when the two
    share a word ("Kursk" and "the Kursk region"). The words keep initials and accented
    letters: "U.S." and "U.K." share no word, where without initials neither has one."""
    gaz = gazetteer()
    fillers = {"the", "region", "oblast"}
    words = name_words(name, min_len=1, letters_only=False) - fillers
    for other, referent in seen.items():
        other_words = name_words(other, min_len=1, letters_only=False) - fillers
        if not words & other_words:
            continue
        if gaz.contains(other, name) or gaz.contains(name, other) or words == other_words:
            return referent
    canonical = gaz.name(gaz.lookup(name)[0]) if gaz.lookup(name) else name
    seen[name] = canonical
    return canonical


def place_terms(article: Article, seen: dict[str, str]) -> list[_Term]:
    """A term for each place mention: the name, with a place that holds it before it
    ("Russia's Kursk") and its region word after it ("Kursk region")."""
    gaz = gazetteer()
    text = article.text
    found = []
    for start, end, name in place_mentions(article):
        referent = _place_referent(name, seen)
        s, e = start, end
        possessor = _PLACE_POSSESSOR.search(text[max(0, start - 40) : start])
        if possessor and gaz.lookup(possessor.group(1)):
            s = max(0, start - 40) + possessor.start(1)
        tail = _PLACE_TAIL.match(text[end : end + 20])
        if tail:
            e = end + tail.end()
        found.append(_Term(referent, article.id, s, e, "names the place",
                           plain=(s, e) == (start, end)))
    return found


def war_terms(article: Article) -> list[_Term]:
    """Phrases for an armed conflict and what is done in it that name a party or a place."""
    found = []
    for pattern in (_WAR, _WAR_VERB):
        for match in pattern.finditer(article.text):
            if _NAMED.search(match.group(0)):
                found.append(_Term("the war", article.id, match.start(), match.end(),
                                   "names the armed conflict"))
    return found


def _countries(phrase: str) -> frozenset[str]:
    """The countries of the places a phrase names."""
    gaz = gazetteer()
    found: set[str] = set()
    for name in _NAMED.findall(phrase):
        for pid in gaz.lookup(strip_possessive(name))[:1]:
            found.update(gaz.name(a) for a in gaz.ancestors(pid) if a.startswith("country:"))
    return frozenset(found)


def _split_wars(terms: list[_Term], texts: dict[str, str]) -> None:
    """Different wars apart: countries named in one phrase, or in one article's war phrases,
    are one war; when the articles name two wars that no article joins ("the invasion of
    Iraq", "the annexation of Crimea"), each is its own referent, ``the war (<country>)``."""
    wars = [t for t in terms if t.referent == "the war"]
    named = {id(t): _countries(texts[t.article][t.start : t.end]) for t in wars}
    parent: dict[str, str] = {}

    def root(country: str) -> str:
        while parent.setdefault(country, country) != country:
            country = parent[country]
        return country

    by_article: dict[str, set[str]] = {}
    for term in wars:
        by_article.setdefault(term.article, set()).update(named[id(term)])
    for countries in by_article.values():
        first, *rest = sorted(countries) or [""]
        for other in rest:
            parent[root(other)] = root(first)
    components = {root(c) for cs in by_article.values() for c in cs}
    if len(components) < 2:
        return
    for term in wars:
        roots = {root(c) for c in named[id(term)] or by_article[term.article]}
        if len(roots) == 1:
            members = sorted(c for c in parent if root(c) in roots)
            term.referent = f"the war ({', '.join(members)})"


#: abbreviated titles, spelled out to compare the words of two articles ("Sen." is "Senator")
_ABBREVIATIONS = {"sen.": "senator", "rep.": "representative", "gov.": "governor",
                  "gen.": "general", "lt.": "lieutenant", "col.": "colonel", "sgt.": "sergeant",
                  "adm.": "admiral", "capt.": "captain", "atty.": "attorney", "dept.": "department"}


def _spelled_out(term: str) -> str:
    return " ".join(_ABBREVIATIONS.get(w, w) for w in term.lower().split())


def _terms_to_framing(terms: list[_Term], articles: Sequence[Article],
                      loaded: dict[str, list[LoadedHit]]) -> list[Framing]:
    texts = {a.id: a.text for a in articles}
    by_referent: dict[str, dict[str, list[tuple[FramingTerm, bool]]]] = {}
    for term in terms:
        text = texts[term.article][term.start : term.end]
        hits = [h for h in loaded.get(term.article, [])
                if term.start <= h.start and h.end <= term.end]
        reasons = (term.why, *(r for h in hits for r in h.reasons))
        entry = FramingTerm(text, term.start, term.end, bool(hits), reasons)
        per_article = by_referent.setdefault(term.referent, {}).setdefault(term.article, [])
        if all(t.text.lower() != text.lower() for t, _ in per_article) and not any(
            t.start <= term.start and term.end <= t.end for t, _ in per_article
        ):
            per_article[:] = [(t, p) for t, p in per_article
                              if not (term.start <= t.start and t.end <= term.end)]
            per_article.append((entry, term.plain))
    framing = []
    for referent, in_articles in by_referent.items():
        if len(in_articles) < 2:
            continue
        words = {frozenset(_spelled_out(t.text) for t, plain in found if not plain)
                 for found in in_articles.values()}
        if len(words) < 2:
            continue  # every article uses the same words, or just the name
        ordered = {a.id: tuple(sorted((t for t, _ in in_articles[a.id]), key=lambda t: t.start))
                   for a in articles if a.id in in_articles}
        loaded_terms = sorted({t.text for ts in ordered.values() for t in ts if t.loaded})
        framing.append(Framing(referent, ordered, {"loaded_terms": loaded_terms}))
    return framing


def find_framing(articles: Sequence[Article]) -> list[Framing]:
    """The framing of every referent two or more articles share, then loaded language."""
    people = person_referents(articles)
    terms: list[_Term] = []
    places_seen: dict[str, str] = {}
    for article in articles:
        for role in role_terms(article, people[article.id]):
            terms.append(_Term(role.referent, article.id, role.start, role.end, role.why))
        for act in act_terms(article, people[article.id]):
            terms.append(_Term(f"what {act.referent} did", article.id, act.start, act.end,
                               act.why))
        terms += place_terms(article, places_seen)
        terms += war_terms(article)
    _split_wars(terms, {a.id: a.text for a in articles})
    loaded = {a.id: find_loaded(a.text) for a in articles}
    framing = _terms_to_framing(terms, articles, loaded)
    framing.sort(key=lambda f: (not f.referent.startswith(("the war", "what ")),
                                -sum(len(t) for t in f.terms.values())))
    listed = {a.id: tuple(FramingTerm(h.term, h.start, h.end, True, h.reasons) for h in hits)
              for a in articles if (hits := loaded[a.id])}
    if listed:
        framing.append(Framing("loaded language", listed, {"kind": "loaded_language"}))
    return framing
