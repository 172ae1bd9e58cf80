"""Who a source is: its span, its name, and what kind of source it is.

:class:`SourceResolver` walks an article's sources in order and resolves the
ones that do not name themselves: a pronoun ("He added: ...") to the person it
stands for, a surname ("told Lee") to the full name met earlier,
an acronym ("The NIS") to the name it abbreviates ("National Intelligence
Service of South Korea (NIS)"), and a possessive ("Mikhaylov's comments
suggest") to its owner. "He" and "she" stand for the person named last before
them; "they" for the last plural source.

Source kinds (``Attribution.source_kind``):

=================  ==============================================================
``named_person``   a person named in the text (or a pronoun resolved to one)
``official_body``  a government, military, intelligence or other official body
``news_outlet``    a newspaper, agency, broadcaster or other outlet
``state_media``    state-run media (KCNA, TASS, "state media", ...)
``unnamed``        an unnamed or anonymous source ("officials", "analysts",
                   "local media", "sources familiar with ...")
``organisation``   any other named organisation
``other``          anything else (a document, a pronoun that stayed unresolved)
=================  ==============================================================
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from .lexicon import (
    DOCUMENT_WORDS,
    NEWS_OUTLET_WORDS,
    OFFICIAL_WORDS,
    ROLE_WORDS,
    STATE_MEDIA,
    UNNAMED_HEADS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["SourceResolver", "core_span", "is_named_source", "source_kind"]

SOURCE_KINDS = (
    "named_person",
    "official_body",
    "news_outlet",
    "state_media",
    "unnamed",
    "organisation",
    "other",
)

PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "his": "m"}
PLURAL_PRONOUNS = {"they", "them", "their"}
THING_PRONOUNS = {"it", "its"}
SPEAKER_PRONOUNS = {"i", "we", "me", "us", "my", "our"}
STATEMENT_HEADS = {
    "comment", "comments", "remark", "remarks", "statement", "statements", "report",
    "reports", "words", "speech", "testimony", "account", "assessment", "analysis",
    "tweet", "post", "letter", "op-ed", "interview", "findings", "data",
}  # fmt: skip
_CORE_DEPS = {"det", "compound", "amod", "nmod", "poss", "nummod", "case", "flat", "quantmod"}
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&.]{1,9})\)")
#: an honorific that tells a person's gender, and the surname after it ("Mrs. Clinton")
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mister)\b\.?\s+([A-Z][\w'\u2019-]+)")
_HONORIFIC_GENDER = {"mr": "m", "mister": "m", "mrs": "f", "ms": "f", "miss": "f"}
_DETERMINERS = ("the ", "a ", "an ")
#: how far back (in tokens) a "he" or "she" looks for the subject it continues
SUBJECT_WINDOW = 150


def core_span(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``head``, without appositives,
    relative clauses or trailing modifiers other than "of ..." phrases."""
    start = end = head.i
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            keep = child.dep_ in _CORE_DEPS
            if child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i:
                keep = True
            if token.dep_ == "prep" and child.dep_ == "pobj":
                keep = True
            if token is not head and child.dep_ in {"prep", "cc", "conj"} and child.i > token.i:
                keep = keep and child.lower_ == "of"
            if keep:
                start = min(start, child.left_edge.i if child.dep_ != "prep" else child.i)
                end = max(end, child.i)
                stack.append(child)
    # A conjunction of names ("Smith and Jones said") is one source.
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in {"PROPN", "NOUN"}:
            end = max(end, child.i)
            stack = [child]
            while stack:
                token = stack.pop()
                for grandchild in token.children:
                    if grandchild.dep_ in _CORE_DEPS:
                        start = min(start, grandchild.i)
                        end = max(end, grandchild.i)
                        stack.append(grandchild)
    return start, end + 1


@cache
def first_names() -> dict[str, str]:
    """Lower-cased first names that tell a gender -> ``"m"`` or ``"f"`` (1990 US Census lists,
    ``data/first_names.json``, built by ``training/build_first_names.py``)."""
    data = json.loads(resources.files("crosswire").joinpath("data/first_names.json")
                      .read_text("utf-8"))
    return {**dict.fromkeys(data["male"], "m"), **dict.fromkeys(data["female"], "f")}


def clean_name(text: str) -> str:
    """A source's name as shown: no leading article, no possessive, no acronym in brackets,
    single spaces, typographic apostrophes straightened."""
    name = " ".join(text.replace("\u2019", "'").split())
    lowered = name.lower()
    for det in _DETERMINERS:
        if lowered.startswith(det) and len(name) > len(det):
            name = name[len(det) :]
            break
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    name = re.sub(r"'s?$", "", name).strip(" ,;:")
    return name


def source_kind(name: str, head: Token | None, ent_label: str | None) -> str:
    """The kind of a source from its name, the head of its noun phrase and its entity label."""
    lowered = name.lower()
    words = set(re.findall(r"[a-z][a-z-]*", lowered))
    if lowered in STATE_MEDIA or any(s in lowered for s in STATE_MEDIA if " " in s):
        return "state_media"
    head_lower = head.lower_ if head is not None else ""
    is_proper = head is not None and head.pos_ == "PROPN" or ent_label in {"PERSON", "ORG"}
    if ent_label == "PERSON":
        return "named_person"
    if not is_proper:
        if head_lower in UNNAMED_HEADS or (head is not None and head.lemma_ in UNNAMED_HEADS):
            return "unnamed"
        if words & OFFICIAL_WORDS and head_lower in OFFICIAL_WORDS:
            return "official_body"
        return "unnamed" if head is not None and head.tag_ == "NNS" else "other"
    if words & NEWS_OUTLET_WORDS and not words & {"ministry", "department", "service"}:
        return "news_outlet"
    if words & OFFICIAL_WORDS:
        return "official_body"
    if ent_label in {"ORG", "NORP", "GPE"}:
        return "organisation"
    if head is not None and head.pos_ == "PROPN":
        return "named_person" if ent_label is None and len(words) <= 3 else "organisation"
    return "other"


def is_named_source(name: str, kind: str) -> bool:
    """Whether a source is one a reader can look up: a person, body, outlet or organisation,
    an unnamed source described as one ("officials"), a person or body named by role ("Stone's
    attorney") or a document ("the indictment"); not another noun an attribution took for its
    source ("details were released", "the man said" about a quote's subject, "One of them")."""
    if kind != "other":
        return True
    words = re.findall(r"[a-z]+", name.lower())
    return bool(words) and (words[-1] in DOCUMENT_WORDS or words[-1] in ROLE_WORDS)


@dataclass
class Resolved:
    """A source after resolution: its name and kind."""

    name: str
    kind: str
    plural: bool = False


@dataclass
class SourceResolver:
    """Resolves sources in document order (pronouns, surnames, acronyms, possessives)."""

    doc: Doc
    acronyms: dict[str, str] = field(default_factory=dict)
    persons: list[str] = field(default_factory=list)
    history: list[Resolved] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Every lookup below is by index, set or bisection, never a scan of all that came
        # before: an article of a million characters names thousands of sources.
        self._ents = list(self.doc.ents)
        self._ent_at = {i: ent for ent in self._ents for i in range(ent.start, ent.end)}
        self._person_names = [
            (ent.start_char, clean_name(ent.text)) for ent in self._ents if ent.label_ == "PERSON"
        ]
        self._person_starts = [start for start, _ in self._person_names]
        self._persons_seen = 0
        self._known_persons = set(self.persons)
        self._by_surname: dict[str, list[str]] = {}
        for person in self.persons:
            self._index_surname(person)
        self._latest: dict[tuple[bool | None, bool | None], Resolved] = {}
        self._names_in_history: dict[str, int] = {}
        for item in self.history:
            self._remember(item)
        # the gender an honorific gives a surname in this article ("Mr. Trump", "Mrs. Clinton")
        self._honorific: dict[str, str] = {}
        for match in _HONORIFIC.finditer(self.doc.text):
            gender = _HONORIFIC_GENDER[match.group(1).lower()]
            surname = match.group(2).replace("\u2019", "'").removesuffix("'s")
            if self._honorific.setdefault(surname, gender) != gender:
                self._honorific[surname] = ""  # two people of one surname: no evidence
        for match in _ACRONYM.finditer(self.doc.text):
            before = self.doc.char_span(*_name_before(self.doc, match.start()))
            if before is not None and before.text:
                self.acronyms[match.group(1).replace(".", "")] = clean_name(before.text)

    def entity_of(self, token: Token) -> Span | None:
        return self._ent_at.get(token.i)

    def note_persons_before(self, offset: int) -> None:
        """Remember the PERSON entities that start before ``offset`` (calls come in text order)."""
        while (
            self._persons_seen < len(self._person_names)
            and self._person_names[self._persons_seen][0] < offset
        ):
            name = self._person_names[self._persons_seen][1]
            self._persons_seen += 1
            if name and name not in self._known_persons:
                self.persons.append(name)
                self._known_persons.add(name)
                self._index_surname(name)

    def person_before(self, offset: int, gender: str | None = None) -> str | None:
        """The person named last before ``offset`` (the nearest antecedent of "he", "she"),
        passing over those whose gender is known to be the other one than ``gender`` (``"m"``
        or ``"f"``; see :meth:`gender`)."""
        for k in range(bisect_left(self._person_starts, offset) - 1, -1, -1):
            name = self._person_names[k][1]
            if name and self._may_be(self.full_name(name, gender), gender):
                return name
        return None

    def subject_before(self, token: Token, gender: str | None = None) -> str | None:
        """The person last named as the subject of a main clause before ``token``, in its
        paragraph or the one before (at most :data:`SUBJECT_WINDOW` tokens back), passing over
        those of the other gender: who a "he" or "she" most often continues. In "Fowler said
        he expects Clinton to recover. 'It is wise,' he said", the subject of "said" is
        Fowler; Clinton, named later but in a clause of its own, is not who speaks."""
        floor = _paragraph_floor(self.doc.text, token.idx)
        for word in reversed(self.doc[max(0, token.i - SUBJECT_WINDOW) : token.i]):
            if word.idx < floor:
                break
            if word.dep_ not in ("nsubj", "nsubjpass") or not _in_main_clause(word):
                continue
            ent = self.entity_of(word)
            if ent is not None and ent.label_ == "PERSON":
                name = self.full_name(clean_name(ent.text), gender)
            elif word.pos_ == "PROPN":
                name = self.full_name(clean_name(word.text), gender)
                if name not in self._known_persons:
                    continue
            else:
                continue
            if name and self._may_be(name, gender):
                return name
        return None

    def _may_be(self, name: str, gender: str | None) -> bool:
        """Whether ``name`` may stand for a person of ``gender`` (``None``: any): its gender
        (:meth:`gender`) is that one or not known."""
        return not gender or self.gender(name) in ("", gender)

    def gender(self, name: str) -> str:
        """``"m"``, ``"f"`` or ``""`` (not known) for a person's name: from an honorific the
        article gives the surname ("Mrs. Clinton"), else from the first word before the surname
        that is a known first name (:func:`first_names`: "Sen. Bill Clinton" is a man,
        "Councilwoman Maria Delgado" a woman, "Kim Jong-un" not known)."""
        words = [w.strip(".,") for w in name.replace("\u2019", "'").split()]
        words = [w for w in words if w]
        if not words:
            return ""
        by_honorific = self._honorific.get(words[-1].removesuffix("'s"))
        if by_honorific is not None:
            return by_honorific
        names = first_names()
        for word in words[:-1]:
            # titles ("Sen.", "Councilwoman") and initials pass; the first known name decides
            if word.lower() in names:
                return names[word.lower()]
        return ""

    def full_name(self, name: str, gender: str | None = None) -> str:
        """An earlier full name a surname or acronym stands for, else ``name``: the latest one,
        or with ``gender`` the latest one not known to be of the other gender ("Clinton" for
        "she" is Hillary Clinton, not Bill Clinton named after her)."""
        if name.upper() == name and name.replace(".", "") in self.acronyms:
            return self.acronyms[name.replace(".", "")]
        if " " not in name:
            people = [p for p in reversed(self._by_surname.get(name, [])) if p != name]
            fitting = [p for p in people if self._may_be(p, gender)]
            if fitting or people:
                return (fitting or people)[0]
        return name

    def last(self, *, person: bool | None = None, plural: bool | None = None) -> Resolved | None:
        """The latest source resolved, of a person or not, plural or not (``None``: either)."""
        return self._latest.get((person, plural))

    def named_earlier(self, name: str) -> bool:
        """Whether a source resolved before the latest one has this name."""
        count = self._names_in_history.get(name, 0)
        if self.history and self.history[-1].name == name:
            count -= 1
        return count > 0

    def _index_surname(self, person: str) -> None:
        words = person.split()
        if words:
            self._by_surname.setdefault(words[-1], []).append(person)

    def _remember(self, item: Resolved) -> None:
        person, plural = item.kind == "named_person", item.plural
        for key in ((None, None), (person, None), (None, plural), (person, plural)):
            self._latest[key] = item
        self._names_in_history[item.name] = self._names_in_history.get(item.name, 0) + 1

    def resolve(self, head: Token, start: int, end: int) -> Resolved:
        """Name and kind of the source whose phrase is tokens [start, end) headed by ``head``."""
        self.note_persons_before(head.idx)
        lower = head.lower_
        resolved: Resolved | None = None
        antecedent = _antecedent(head)
        if antecedent is not None:
            # "experts, who said ...": the span stays "who", the name is the experts'
            a_start, a_end = core_span(antecedent)
            return self.resolve(antecedent, a_start, a_end)
        if head.pos_ == "PRON" or lower in PERSON_PRONOUNS or lower in PLURAL_PRONOUNS:
            if lower in PERSON_PRONOUNS:
                gender = PERSON_PRONOUNS[lower]
                nearest = self.subject_before(head, gender) or self.person_before(head.idx, gender)
                resolved = (
                    Resolved(self.full_name(nearest, gender), "named_person")
                    if nearest is not None
                    else self.last(person=True)
                )
            elif lower in PLURAL_PRONOUNS:
                resolved = self.last(plural=True)
            elif lower in THING_PRONOUNS:
                resolved = self.last(person=False, plural=False)
            if resolved is None:
                resolved = Resolved(head.text, "other", lower in PLURAL_PRONOUNS)
            resolved = Resolved(resolved.name, resolved.kind, resolved.plural)
        else:
            owner = _possessor(head)
            if owner is not None and head.lower_ in STATEMENT_HEADS:
                o_start, o_end = core_span(owner)
                return self.resolve(owner, o_start, o_end)
            ent = self.entity_of(head)
            label: str | None = None
            if ent is not None and ent.label_ == "PERSON":
                name, label = clean_name(ent.text), "PERSON"
            elif ent is not None and ent.label_ in {"ORG", "GPE", "NORP", "FAC"}:
                name = clean_name(self.doc[min(start, ent.start) : max(end, ent.end)].text)
                label = ent.label_
            else:
                name = clean_name(self.doc[start:end].text)
            name = self.full_name(name)
            if name in self.persons:
                label = "PERSON"
            kind = source_kind(name, head, label)
            written = self.doc[start:end].text
            if kind == "news_outlet" and written.startswith("The ") and not name.startswith("The "):
                name = "The " + name  # "The Guardian", "The Times" keep their article
            resolved = Resolved(name, kind, head.tag_ in {"NNS", "NNPS"} or _has_conj(head))
        self.history.append(resolved)
        self._remember(resolved)
        return resolved

    def name_of(self, head: Token) -> str:
        """The resolved name of a mention that is not itself a source (a recipient, say)."""
        self.note_persons_before(head.idx)
        ent = self.entity_of(head)
        start, end = core_span(head)
        if ent is not None and ent.label_ == "PERSON":
            text = ent.text
        elif ent is not None:
            text = self.doc[min(start, ent.start) : max(end, ent.end)].text
        else:
            text = self.doc[start:end].text
        return self.full_name(clean_name(text))


def _antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun subject stands for ("the minister, who said ...")."""
    if token.lower_ in {"who", "which", "that"} and token.head.dep_ == "relcl":
        noun = token.head.head
        if noun.pos_ in {"NOUN", "PROPN", "PRON"}:
            return noun
    return None


def _possessor(head: Token) -> Token | None:
    for child in head.children:
        if child.dep_ == "poss":
            return child
    return None


def _in_main_clause(subject: Token) -> bool:
    """Whether ``subject`` is the subject of its sentence's main verb or of a verb joined to it."""
    verb = subject.head
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _paragraph_floor(text: str, offset: int) -> int:
    """Where the paragraph before the one holding ``offset`` starts (a line break ends a
    paragraph), or 0."""
    floor = offset
    for _ in range(2):
        floor = text.rfind("\n", 0, floor)
        if floor < 0:
            return 0
        while floor > 0 and text[floor - 1].isspace():
            floor -= 1
    return floor


def _has_conj(head: Token) -> bool:
    return any(child.dep_ == "conj" for child in head.children)


def _name_before(doc: Doc, offset: int) -> tuple[int, int]:
    """Character range of the capitalised name that ends just before ``offset``."""
    text = doc.text
    end = offset
    while end > 0 and text[end - 1] == " ":
        end -= 1
    words = re.findall(r"\S+", text[max(0, end - 120) : end])
    taken: list[str] = []
    for word in reversed(words):
        bare = word.strip(",;:")
        if bare != word and taken:
            break
        if bare[:1].isupper() or (bare in {"of", "for", "and", "the"} and taken):
            taken.insert(0, bare)
            continue
        break
    while taken and taken[0] in {"of", "for", "and", "the"}:
        taken.pop(0)
    if not taken:
        return end, end
    phrase = " ".join(taken)
    start = text.rfind(taken[0], 0, end)
    if start < 0 or " ".join(text[start:end].split()) != phrase:
        return end, end
    return start, end
