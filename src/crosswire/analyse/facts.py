"""What a claim states, from the dependency parse of its article: the analysis's ``facts`` layer.

For each claim, :func:`facts_of` reads the parse of its span (the article's own parse, so a
claim inside a longer sentence keeps that sentence's context) and returns its
:class:`~crosswire.document.Facts`:

* its **acts**: the lemmas of its content verbs ("arrest", "resign"; not light or reporting
  verbs such as "be", "have", "say"), and the acts of its main clauses;
* how each act is **framed**: done ("arrested", "has resigned") or possible ("may resign",
  "will leave", a headline's "DeGeneres to host the Oscars"), and which acts it **negates**
  ("did not charge", also through a governing verb: "will not be allowed to discriminate");
* what each number **counts**: the noun it modifies with that noun's qualifiers ("2,000
  troops in Syria" counts "troop" qualified by "syria", not the troops in Afghanistan);
* which act each **time word** dates ("fired *Friday*");
* its common-noun **settings**: a verb, a spatial preposition and the thing it places the
  act at ("kneeling beside a coffin", "draped over a grave"). A setting is kept only when
  its preposition is spatial (:data:`SPATIAL`: "beside", "over", "under", ...; not "in",
  "on" or "at", which mostly mark time, topic or manner in news text), hangs on a verb, and
  its object is a common noun that is neither a time ("over the weekend"), a quantity
  ("over 100"), an abstract nominalisation ("over the decision") nor a pronoun.

The comparison reads these to decide whether two claims state the same fact, and compares
numbers, dates and places only between claims that do (:mod:`crosswire.comparison.facts`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..document import Article, Facts, Setting
from ..number_words import SCALES
from .quantities import CLOCK_TIME
from .times import year_range

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["SPATIAL", "add_facts", "facts_of"]

#: prepositions that place an act in space
SPATIAL = frozenset({
    "beside", "near", "over", "under", "underneath", "beneath", "below", "above", "atop",
    "behind", "inside", "outside", "around", "alongside", "across", "next", "opposite", "onto",
})
#: objects that make a spatial preposition mean time, topic or amount ("over the weekend",
#: "under pressure", "over the plan"); nominalisations are left out by their form
_TIME_NOUNS = frozenset({
    "year", "month", "week", "weekend", "day", "night", "hour", "minute", "decade", "century",
    "period", "time", "season", "summer", "winter", "spring", "autumn", "fall", "morning",
    "evening", "afternoon", "course", "past", "future", "term", "life", "lifetime", "election",
    "war", "conflict", "crisis", "issue", "matter", "question", "concern", "dispute", "plan",
    "deal", "policy", "program", "programme", "law", "bill", "rule", "decision", "claim",
    "allegation", "report", "result", "line", "level", "limit", "threshold", "target", "rate",
    "percent", "odds", "expectation", "estimate", "figure", "number", "amount", "total",
    "control", "power", "authority", "influence", "pressure", "scrutiny", "fire", "attack",
    "threat", "risk", "way", "lead", "side", "part", "board", "radar",
})
_ABSTRACT = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ism|ship|ure|ing|cy|ics)$")
#: verbs that name no act of their own: light verbs, and verbs of reporting, perceiving and
#: recording ("was seen placing", "was filmed kneeling": the act is the second verb)
LIGHT_VERBS = frozenset({
    "be", "have", "do", "make", "take", "get", "go", "come", "give", "seem", "appear",
    "become", "remain", "keep", "let", "use", "include", "say", "tell", "report", "add",
    "accord", "describe", "call", "claim", "note", "state", "announce", "confirm", "know",
    "think", "believe", "suggest", "see", "hear", "watch", "show", "film", "photograph",
    "picture", "record", "capture",
})

#: modal verbs that put an act in the possible or the future, not the done
MODALS = frozenset({"may", "might", "could", "would", "will", "shall", "can", "should"})


def _frame(token) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    """``("possible" | "done", words)`` for one verb, or ``None`` (present, or unclear)."""
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    modal = [c for c in auxes if c.tag_ == "MD" and c.lower_ in MODALS]
    words = " ".join(t.text for t in sorted([*auxes, token], key=lambda t: t.i))
    if modal:
        return "possible", words
    if token.tag_ == "VBD" and not auxes:
        return "done", words
    if token.tag_ == "VBN" and any(c.tag_ == "VBD" or c.lemma_ == "have" for c in auxes):
        return "done", words
    return None


def _is_thing(token) -> bool:  # type: ignore[no-untyped-def]
    lemma = token.lemma_.lower()
    return (token.pos_ == "NOUN" and lemma.isalpha() and lemma not in _TIME_NOUNS
            and not _ABSTRACT.search(lemma))


def facts_of(parsed: Span | Doc) -> Facts:
    """The facts of one parsed text: a spaCy ``Span`` (a claim within its article's parse) or
    a whole ``Doc``."""
    doc = parsed[:] if parsed.doc is parsed else parsed
    acts = frozenset(t.lemma_.lower() for t in doc
                     if t.pos_ == "VERB" and t.lemma_.lower() not in LIGHT_VERBS)
    nouns = frozenset(t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "PROPN"))
    settings: list[Setting] = []
    for prep in doc:
        word = prep.lower_
        if prep.dep_ != "prep" or word not in SPATIAL or prep.head.pos_ != "VERB":
            continue
        # "next to a coffin": the object hangs on "to"
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if word == "next":
            objects = [o for c in prep.children if c.lower_ == "to"
                       for o in c.children if o.dep_ == "pobj"]
            word = "next to"
        for obj in objects:
            if not _is_thing(obj) or obj.i >= doc.end:
                continue
            phrase = doc.doc[prep.i : obj.i + 1].text
            settings.append(Setting(prep.head.lemma_.lower(), word, obj.lemma_.lower(), phrase))
    frames = []
    # a claim without a finite verb that puts its act in the infinitive is a headline's plan:
    # "Ellen DeGeneres to host the Oscars", "Trump to meet Kim in Singapore"
    finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc)
    for token in doc:
        if token.pos_ == "VERB" and token.lemma_.lower() in acts:
            found = _frame(token)
            to = [c for c in token.children if c.dep_ == "aux" and c.tag_ == "TO"]
            if found is None and not finite and token.tag_ == "VB" and to:
                found = "possible", f"{to[0].text} {token.text}"
            if found:
                frames.append((token.lemma_.lower(), *found))
    negated = frozenset(t.lemma_.lower() for t in doc if t.lemma_.lower() in acts
                        and _negated(t))
    return Facts(acts, nouns, tuple(settings), tuple(frames), _things(doc), negated,
                 _dated(doc, acts), _main(doc, acts), _roles(doc, acts), _sizes(doc))


def _phrase(token, span) -> str:  # type: ignore[no-untyped-def]
    """A noun's phrase up to the noun, within the claim: "FBI agents", "the former mayor"."""
    start = max(token.left_edge.i, span.start)
    return token.doc[start : token.i + 1].text if start <= token.i < span.end else ""


def _roles(doc, acts: frozenset[str]) -> tuple[tuple[str, str, str], ...]:  # type: ignore[no-untyped-def]
    """Who does each act and to what or whom, as written: ``(act, actor, object)``, either
    empty where the claim does not say. A passive's subject is its object and its "by" phrase
    its actor ("Stone was arrested by FBI agents"); a verb coordinated with another and without
    a subject of its own shares that verb's ("agents searched the home and seized hard drives")."""
    found = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in acts:
            continue
        actor = thing = None
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj") and actor is None:
                actor = child
            elif child.dep_ in ("nsubjpass", "dobj") and thing is None:
                thing = child
            elif child.dep_ == "agent":
                actor = next((c for c in child.children if c.dep_ == "pobj"), actor)
        if verb.dep_ == "conj" and actor is None:
            shared = {c.dep_: c for c in verb.head.children}
            actor = shared.get("nsubj")
            if actor is None and thing is None and verb.tag_ == "VBN":
                # "was arrested ... and charged": the first verb's subject is what is charged
                thing = shared.get("nsubjpass")
        if actor is None and thing is None:
            continue
        found.append((lemma, _phrase(actor, doc) if actor is not None else "",
                      _phrase(thing, doc) if thing is not None else ""))
    return tuple(found)


_CLAUSE = frozenset({"ccomp", "xcomp", "conj", "advcl"})


def _main(doc, acts: frozenset[str]) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """The acts of a claim's main clauses: each root of its span (a token whose head is itself
    or lies outside the span), verbs coordinated with it, and the clauses a light or reporting
    root governs, down to the first content verb."""
    found: set[str] = set()
    stack = [t for t in doc if t.head.i == t.i or not doc.start <= t.head.i < doc.end]
    seen: set[int] = set()
    while stack:
        token = stack.pop()
        if token.i in seen:
            continue
        seen.add(token.i)
        lemma = token.lemma_.lower()
        content = token.pos_ == "VERB" and lemma in acts
        if content:
            found.add(lemma)
        for child in token.children:
            if not doc.start <= child.i < doc.end:
                continue
            if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
                stack.append(child)
            elif not content and child.dep_ in _CLAUSE:
                stack.append(child)
    return frozenset(found)


#: a year, alone or opening a range written in one token ("1967-79")
_YEARS = re.compile(r"(?:19|20)\d\d(?![\d,])")
_TIME_WORDS = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|"
    r"tonight|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|\d{4})\.?$", re.I)


#: conjunctions after which a second verb does not share the first one's negation ("did not
#: resign but stayed")
_CONTRASTS = frozenset({"but", "yet", "instead"})


def _negated(verb) -> bool:  # type: ignore[no-untyped-def]
    """A verb negated itself, or through the verbs that govern it within its clause, or as a
    conjunct without a subject of its own that shares its first verb's negation ("aren't
    combined, written out yet"; not "did not resign but stayed")."""
    token = verb
    for _ in range(3):
        if any(c.dep_ == "neg" for c in token.children):
            return True
        if token.dep_ == "conj" and token.head.i != token.i:
            # "did not sign or veto": the same form as the first verb, under its auxiliary;
            # "did not attend and criticized": a verb of its own
            own = any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children)
            shared = token.tag_ == token.head.tag_ and token.tag_ in ("VB", "VBN", "VBG")
            contrast = token.i > 0 and token.doc[token.i - 1].lower_ in _CONTRASTS
            if own or contrast or not shared:
                return False
        elif token.dep_ not in ("xcomp", "auxpass", "aux") or token.head.i == token.i:
            return False
        token = token.head
    return False


def _dated(doc, acts: frozenset[str]) -> tuple[tuple[str, str], ...]:  # type: ignore[no-untyped-def]
    """Each time word of a claim with the act it dates (the nearest verb above it). A range of
    years dates its act as one ("from 1967 to 1979", "1967-79": ``1967-1979``)."""
    found = []
    text = doc.doc.text
    inside = 0  # the end of the range of years read last
    for token in doc:
        if token.lower_ == "may" and token.tag_ == "MD":
            continue
        if token.idx < inside:
            continue
        word = token.lower_.rstrip(".")
        years = _YEARS.match(token.text)
        ranged = year_range(text, token.idx, token.idx + 4) if years else None
        if ranged is not None:
            word, inside = f"{ranged[0]}-{ranged[1]}", ranged[3]
        elif not _TIME_WORDS.match(token.text):
            continue
        head = token.head
        for _ in range(4):
            if head.pos_ == "VERB" or head.head.i == head.i:
                break
            head = head.head
        if head.pos_ == "VERB" and head.lemma_.lower() in acts:
            found.append((head.lemma_.lower(), word))
    return tuple(found)


def _sizes(doc) -> tuple[tuple[str, str], ...]:  # type: ignore[no-untyped-def]
    """Counts joined by a hyphen to the noun they count, that noun qualifying another: the
    size of that other noun ("a *10*-juror *majority*", "a *seven*-count *indictment*"), as
    ``(number words, lemma of the noun sized)``."""
    found = []
    for token in doc:
        if not token.like_num or token.dep_ not in ("nummod", "compound"):
            continue
        noun = token.head
        if noun.i <= token.i or noun.pos_ not in ("NOUN", "PROPN"):
            continue
        between = doc.doc.text[token.idx + len(token.text) : noun.idx]
        sized = noun.head
        if between.strip() != "-" or noun.dep_ not in _QUALIFIERS or sized.i == noun.i or \
                sized.pos_ not in ("NOUN", "PROPN"):
            continue
        found.append((token.text, sized.lemma_.lower()))
    return tuple(found)


#: nouns that measure another noun ("a 25 percent tariff")
_MEASURES = frozenset({"percent", "%", "percentage", "point", "dollar", "dozen", *SCALES})
#: dependencies that qualify what a noun counts ("steel tariffs", "American troops")
_QUALIFIERS = frozenset({"compound", "amod", "nmod", "poss"})


def _things(doc) -> tuple[tuple[str, str, frozenset[str]], ...]:  # type: ignore[no-untyped-def]
    """What each number of a claim counts: the noun it modifies, with that noun's
    qualifiers (compounds, adjectives, a model's name: "*AK-47* rifles", the objects of its
    prepositions: "troops *in Syria*"). A time of day counts nothing ("7 a. m.")."""
    found = []
    clock = [m.span() for m in CLOCK_TIME.finditer(doc.text)]
    base = doc[0].idx if len(doc) else 0
    for token in doc:
        if not token.like_num or token.dep_ not in ("nummod", "quantmod", "compound"):
            continue
        at = token.idx - base
        if any(start <= at < end for start, end in clock):
            continue
        noun = token.head
        while noun.dep_ in ("nummod", "quantmod", "compound") and noun.head.i != noun.i and \
                noun.pos_ == "NUM":
            noun = noun.head
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        holders = [noun]
        if noun.lemma_.lower() in _MEASURES and noun.head.pos_ in ("NOUN", "PROPN"):
            holders.append(noun.head)  # "a 25 percent tariff on steel"
        if holders[-1].dep_ in ("dobj", "nsubjpass", "nsubj") and holders[-1].head.pos_ == "VERB":
            holders.append(holders[-1].head)  # "withdraw 7,000 troops from Afghanistan"
        qualifiers: set[str] = set()
        for n, holder in enumerate(holders):
            if 0 < n < len(holders) - 1 or (n and holder.pos_ != "VERB"):
                qualifiers.add(holder.lemma_.lower())
            if holder.pos_ != "VERB":
                qualifiers |= {c.lemma_.lower() for c in holder.children
                               if (c.dep_ in _QUALIFIERS or c.dep_ == "nummod")
                               and c.i != token.i and not c.like_num
                               and any(ch.isalpha() for ch in c.text)}
            for prep in holder.children:
                if prep.dep_ == "prep":
                    qualifiers |= {o.lemma_.lower() for o in prep.children if o.dep_ == "pobj"}
        words = " ".join(t.text for t in token.subtree
                         if doc.start <= t.i <= token.i) or token.text
        found.append((words, noun.lemma_.lower(), frozenset(qualifiers)))
    return tuple(found)




def add_facts(article: Article, doc: Doc) -> Article:
    """Give each claim of ``article`` its :class:`~crosswire.document.Facts`, read from
    ``doc``, the parse of ``article.text``."""
    for claim in article.claims:
        span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
        claim.facts = facts_of(span) if span is not None else None
    return article
