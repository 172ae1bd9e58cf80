"""People in framing: one referent per person across articles, and the roles each article ties
to them.

Matching names. A mention is reduced to its name parts (honorifics, titles,
"Jr."/"III" and a possessive dropped): given name, middle parts, surname. In
one article a short mention ("Mattis", "Mr. Stone") takes the fullest name
there that it fits. Across articles two names are one person when their
surnames are equal and their given names agree: equal, one missing, one the
initial of the other, or a usual short form ("Jim" for "James"); middle parts
that both give must agree too ("George H.W. Bush" is not "George W. Bush").

A role is a term for a person only where the text ties it to that person:

* **a title or role right before the name**: "Defense Secretary Jim Mattis",
  "President Trump's ex-adviser Roger Stone", "special counsel Robert Mueller";
* **an apposition**: "Roger J. Stone Jr., a longtime adviser to President
  Trump,", "Mueller, the special counsel,"; and the same fronted, opening a
  sentence: "A self-described dirty trickster, Mr. Stone began ...";
* **a definite description opening the next sentence** ("The dictator
  appeared to weep"), only when the sentence before names exactly one of the
  people its role could be: when the article ties the role to people by title
  or apposition ("President Trump"), one of them; otherwise the one person
  that sentence names. "The president said ..." after a sentence about Mattis
  and Trump is Trump's, never Mattis'.

The head of a role is a word of :data:`ROLE_NOUNS` or an agent noun ("-er",
"-or", "-ist", "-ian": "trickster", "strategist").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..document import Article
from .names import strip_possessive

__all__ = [
    "PersonName",
    "RoleTerm",
    "act_terms",
    "parse_name",
    "person_referents",
    "role_terms",
    "same_person",
]

ROLE_NOUNS = frozenset("""
leader dictator president vice-president premier chancellor minister secretary chairman chairwoman
chair despot tyrant strongman ruler autocrat king queen prince general commander admiral colonel
officer expert analyst official spokesman spokeswoman spokesperson fellow envoy ambassador
diplomat regime adviser advisor aide strategist operative associate lawyer attorney counsel
prosecutor director senator sen. rep. representative congressman congresswoman lawmaker governor
gov. mayor speaker chief whip judge justice nominee candidate executive founder head host anchor
commentator columnist activist donor billionaire businessman businesswoman mogul tycoon star
confidant ally critic rival friend loyalist suspect defendant deputy commissioner administrator
agent investigator sheriff veteran scholar professor researcher economist pollster consultant
journalist reporter editor correspondent owner heir wife husband son daughter father mother
brother sister widow nephew niece madam president-elect frontrunner front-runner incumbent
challenger opponent
""".split())
#: words ending like an agent noun that name no person
_NOT_AGENTS = frozenset("""
letter order matter number paper center centre quarter water power border corner error factor
sector floor door other cover counter chapter character register charter monitor minor manner
barrier meter theater theatre winter summer october november december september after later
never either neither rather whether together however over under ever river shelter trigger
computer twitter poster offer answer filter mirror horror terror favor favour honor honour
labor labour motor tractor vendor corridor interior exterior percent christian remember
consider deliver gather suffer enter discover wonder bother whatever whenever wherever however
insist assist resist persist exist consist register encounter prefer refer defer transfer
""".split())
_AGENT = re.compile(r"[a-z-]{3,}(?:er|or|ist|ian)$")
_AGE = re.compile(r"\d+-year-old$")
HONORIFICS = frozenset({"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "sir", "dame"})
_TITLES = frozenset({"president", "sen.", "senator", "rep.", "representative", "gov.",
                     "governor", "gen.", "general", "judge", "justice", "secretary", "mayor",
                     "speaker", "pope", "king", "queen", "prince", "lord", "rev.", "gen", "sen",
                     "rep", "gov", "lt.", "col.", "sgt.", "adm.", "capt.", "prof."})
_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv", "v"})
#: usual short forms of given names, both ways
_SHORT = {
    "jim": "james", "jimmy": "james", "bob": "robert", "rob": "robert", "bobby": "robert",
    "bill": "william", "will": "william", "billy": "william", "mike": "michael", "joe": "joseph",
    "tom": "thomas", "dick": "richard", "rick": "richard", "chuck": "charles",
    "charlie": "charles", "ted": "edward", "ed": "edward", "dan": "daniel", "dave": "david",
    "steve": "stephen", "tony": "anthony", "andy": "andrew", "alex": "alexander",
    "nick": "nicholas", "chris": "christopher", "pat": "patrick", "jeff": "jeffrey",
    "ben": "benjamin", "sam": "samuel", "matt": "matthew", "greg": "gregory", "ron": "ronald",
    "don": "donald", "jerry": "gerald", "larry": "lawrence", "liz": "elizabeth",
    "beth": "elizabeth", "kate": "katherine", "kathy": "katherine", "sue": "susan",
    "nancy": "ann", "peggy": "margaret", "maggie": "margaret", "hank": "henry",
    "jack": "john", "johnny": "john", "jon": "jonathan", "ken": "kenneth", "tim": "timothy",
}
_WORD = re.compile(r"[^\s,]+")
#: words that may stand before a role head in a title ("special counsel", "former adviser")
_MODIFIERS = frozenset("""
former ex senior top supreme self-styled so-called self-described military veteran hardline
authoritarian communist brutal defence defense foreign special deputy acting chief longtime
long-time then-president then prime vice assistant associate executive general state federal
national party campaign campaign's political personal close key trusted independent
republican democratic conservative liberal presidential white house majority minority
""".split())
_STOP = frozenset("""
the a an this that these those his her their its our my your of and or to by with for in on at
from as said told says yet but so then also meanwhile however when while after before if though
although because since now even still only just including like unlike without according until
once where whereas both either neither not nor under saying plus over against despite amid
among between through toward towards upon via per about around it's he's she's that's there's
what's here's
""".split())
#: a role word that is part of another function's name ("The press secretary" is not "The
#: secretary", "The inspector general" not "The general")
_COMPOUND_ROLES = frozenset({
    "press secretary", "inspector general", "attorney general", "surgeon general",
    "solicitor general", "chief justice", "state senator", "vice president", "deputy director",
    "campaign manager", "house speaker", "majority leader", "minority leader"})
_CUT = re.compile(r"\s(?:of|to|for|at|in|on|with|who|whose|which|that|from|and|since|during|"
                  r"under|over|by|about|after|before|than)\s")
_ABBREVIATIONS = ("St", "Mt", "Ft", "Jr", "Sr", "Dr", "Mr", "Mrs", "Ms", "Gov", "Sen", "Rep",
                  "Gen", "Inc", "Co", "Corp", "Lt", "Col", "No", "Calif", "Fla", "Ill", "Mass",
                  "Mich", "Ariz", "Wash")
_ABBREVIATED = "|".join(rf"(?<={a})\." for a in _ABBREVIATIONS)
#: a full stop that ends a sentence, not an abbreviation's ("U.S.", "St.")
_FULL_STOP = "(?<![A-Z])" + "".join(f"(?<!{a})" for a in _ABBREVIATIONS) + r"\.(?:\s|$)"
_APPOSITION = re.compile(
    r"^,\s+((?:a|an|the)\s+(?:[^,.;:()\u2014\u2015\u2013\"\u201c\u201d]|(?<=[A-Z])\.|"
    + _ABBREVIATED + r"){2,140}?)"
    r"(?=,|" + _FULL_STOP + r"|;|:|\)|\s+[\u2014\u2015\u2013]|\s+--|\s+(?:said|says|told|has|had|"
    r"was|is|who|will|would)\b)"
)
_FRONTED = re.compile(r"((?:An?|The)\s+[^,.;:()\u2014\"\u201c\u201d]{2,100}?),\s+"
                      r"(?:(?:Mr|Mrs|Ms|Dr)\.\s+)?$")
_FRONTED_NOT = re.compile(
    r"\b(?:day|days|week|weeks|month|months|year|years|decade|time|times|moment|hour|hours|"
    r"minute|night|morning|evening|afternoon|ago|after|before|later|earlier|since|during|while|"
    r"when|if|as|because|in|at|on)\b", re.I)
#: a hyphenated modifier ("self-described", "four-star"), not a verb ("re-electing")
_HYPHENATED = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$(?<!ing)")
#: a verb in a fronted phrase: a clause, not an apposition ("The article said the aide, ...")
_VERB = re.compile(r"\b(?:said|says|told|tells|wrote|added|asked|called|reported|is|was|are|were|"
                   r"has|had|have|will|would|could|can|did|does)\b")
#: heads of a definite description that refer back to a person just named: status and
#: epithets ("The dictator", "The governor"), not a function someone else may hold in the
#: story ("The judge", "The prosecutor", "The spokesman")
DEFINITE_HEADS = frozenset("""
leader dictator president premier chancellor minister chairman chairwoman despot tyrant strongman
ruler autocrat king queen prince general commander governor senator congressman congresswoman
lawmaker representative candidate nominee mayor speaker secretary billionaire businessman
businesswoman mogul tycoon star incumbent challenger frontrunner front-runner president-elect
host activist veteran suspect defendant
""".split())
_TITLE_INSIDE = re.compile(
    r"((?:President|Vice President|Senator|Sen\.|Representative|Rep\.|Governor|Gov\.|"
    r"General|Gen\.|Judge|Justice|Secretary|Mayor|Speaker|Pope|King|Queen|Prince))\s+[A-Z]")
_ORDINAL = frozenset("first second third fourth fifth last next other same new only".split())
_DEFINITE = re.compile(r"The((?:\s+[\w-]+){1,4})")


@dataclass(frozen=True)
class PersonName:
    """A name reduced to its parts (all lower case)."""

    given: str
    middle: tuple[str, ...]
    surname: str
    suffix: str = ""

    @property
    def words(self) -> int:
        return (1 if self.given else 0) + len(self.middle) + 1


@dataclass
class RoleTerm:
    """A role an article ties to a person: ``text[start:end]``, its head word, and how."""

    referent: str
    start: int
    end: int
    head: str
    why: str


def parse_name(name: str) -> PersonName | None:
    """The parts of a person's name, or ``None`` when nothing is left of it."""
    name = strip_possessive(name.strip(), bare_apostrophe=True)
    parts = [p for p in _WORD.findall(name)]
    while parts and (parts[0].lower() in HONORIFICS or parts[0].lower() in _TITLES):
        parts = parts[1:]
    suffix = ""
    while parts and parts[-1].lower().strip(",") in _SUFFIXES:
        suffix = parts[-1].lower().strip(",.")
        parts = parts[:-1]
    parts = [p.lower().strip(",") for p in parts]
    if not parts or not re.search(r"[a-z]", parts[-1]):
        return None
    if len(parts) == 1:
        return PersonName("", (), parts[0], suffix)
    return PersonName(parts[0], tuple(parts[1:-1]), parts[-1], suffix)


def display_name(name: str) -> str:
    """A name without the titles and honorifics before it ("Representative Ryan" -> "Ryan")."""
    parts = name.split()
    while len(parts) > 1 and (parts[0].lower() in HONORIFICS or parts[0].lower() in _TITLES):
        parts = parts[1:]
    return " ".join(parts)


def _given_agree(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return True
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return _SHORT.get(a, a) == _SHORT.get(b, b)


def same_person(a: PersonName, b: PersonName) -> bool:
    """Whether two names can be one person (see the module's docstring)."""
    if a.surname != b.surname or not _given_agree(a.given, b.given):
        return False
    if a.middle and b.middle:
        return all(_given_agree(x, y) for x, y in zip(a.middle, b.middle, strict=False)) and (
            len(a.middle) == len(b.middle))
    return True


def person_names(article: Article) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of each PERSON mention, a possessive left out of the text."""
    found = []
    for entity in article.entities:
        if entity.label != "PERSON":
            continue
        text = entity.span.text
        stripped = strip_possessive(text, bare_apostrophe=True)
        if not re.match(r"[A-Z]", stripped) or not re.search(r"(?:^|\s)[A-Z][^\s]*$", stripped):
            continue  # not written as a name ("distributes marijuana")
        start = entity.span.start
        first = re.match(r"(\S+)\s+", stripped)
        if first and first.group(1).lower().replace("\u2019", "'") in _STOP:
            # a sentence's first word taken into the name ("Plus Obama")
            start += first.end()
            stripped = stripped[first.end() :]
        found.append((start, start + len(stripped), stripped))
    return sorted(found)


def mentions_of(article: Article, people: dict[str, str]) -> list[tuple[int, int, str]]:
    """``(start, end, referent)`` of every mention of a person of ``people`` (mention text ->
    referent): the PERSON entities, and the same names written elsewhere in the text that the
    entity recogniser missed ("Stone, 66, was taken into custody")."""
    found = [(s, e, people[t]) for s, e, t in person_names(article) if t in people]
    taken = sorted((s, e) for s, e, _ in found)
    names = sorted(people, key=len, reverse=True)
    if names:
        pattern = re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(n) for n in names)
                             + r")(?![\w-])")
        for match in pattern.finditer(article.text):
            index = bisect_right(taken, (match.start(), len(article.text))) - 1
            if index >= 0 and taken[index][1] > match.start():
                continue
            if index + 1 < len(taken) and taken[index + 1][0] < match.end():
                continue
            found.append((match.start(), match.end(), people[match.group(0)]))
    return sorted(found)


def person_referents(articles: Sequence[Article]) -> dict[str, dict[str, str]]:
    """For each article, a map from each person mention's text to its referent, one per person
    across the articles, shown by the first full name that the articles give it (one without
    "Jr." when there is one)."""
    mentions = {a.id: sorted({t for _, _, t in person_names(a)},
                             key=lambda n: (-len(n.split()), -len(n), n)) for a in articles}
    parsed = {n: parse_name(n) for names in mentions.values() for n in names}
    # "Donald Trump Jr." and "Donald Trump" in one article are two people
    split: set[tuple[str, str]] = set()
    unsuffixed_surnames: set[str] = set()
    for names in mentions.values():
        kinds: dict[tuple[str, str], set[bool]] = {}
        for name in names:
            parts = parsed[name]
            if parts is not None and parts.given:
                key = (_SHORT.get(parts.given, parts.given), parts.surname)
                kinds.setdefault(key, set()).add(bool(parts.suffix))
                if not parts.suffix:
                    unsuffixed_surnames.add(parts.surname)
        split |= {key for key, found in kinds.items() if len(found) == 2}

    def same(a: PersonName, b: PersonName) -> bool:
        if not same_person(a, b):
            return False
        key = (_SHORT.get(a.given, a.given), a.surname)
        return a.suffix == b.suffix or not (a.given and b.given and key in split)

    people: list[tuple[PersonName, list[str]]] = []  # each person: a name and the names given
    by_surname: dict[str, list[int]] = {}

    def known_person(parts: PersonName) -> int | None:
        candidates = [i for i in by_surname.get(parts.surname, []) if same(people[i][0], parts)]
        if len(candidates) > 1:
            exact = [i for i in candidates if people[i][0] == parts]
            candidates = exact or candidates
        return candidates[0] if candidates else None

    def add(parts: PersonName, name: str) -> int:
        by_surname.setdefault(parts.surname, []).append(len(people))
        people.append((parts, [name]))
        return len(people) - 1

    # full names first, over every article, so that no article's order decides
    result: dict[str, dict[str, int]] = {a.id: {} for a in articles}
    for article in articles:
        for name in mentions[article.id]:
            parts = parsed[name]
            if parts is None or not parts.given:
                continue
            index = known_person(parts)
            if index is None:
                index = add(parts, name)
            else:
                people[index][1].append(name)
            result[article.id][name] = index

    def plain(index: int) -> bool:
        """Whether some article names this person without "Jr." (or the like)."""
        return any((p := parsed[n]) is not None and p.given and not p.suffix
                   for n in people[index][1])

    # then bare surnames ("Mattis", "Trump Jr."): a person this article has named in full
    # before, the one without "Jr." for a bare "Trump" when another article names him so;
    # else the person the articles name in full most often
    def articles_naming(index: int) -> int:
        return sum(any(result[a.id].get(n) == index for n in people[index][1]) for a in articles)

    for article in articles:
        first_at: dict[str, int] = {}
        for start, _, name in person_names(article):
            first_at.setdefault(name, start)
        local = sorted(set(result[article.id].values()))
        for name in mentions[article.id]:
            parts = parsed[name]
            if parts is None or parts.given:
                continue
            fits = [i for i in local if same(people[i][0], parts) and min(
                (first_at.get(n, 1 << 30) for n in people[i][1]), default=1 << 30)
                < first_at.get(name, 0)]
            if parts.suffix:
                fits = [i for i in fits if people[i][0].suffix == parts.suffix] or fits
            else:
                unsuffixed = [i for i in fits if plain(i)]
                if not unsuffixed and fits and parts.surname in unsuffixed_surnames:
                    fits = [i for i in by_surname.get(parts.surname, []) if plain(i)]
                else:
                    fits = unsuffixed or fits
            if not fits:
                fits = sorted((i for i in by_surname.get(parts.surname, [])
                               if same(people[i][0], parts)),
                              key=lambda i: (bool(parts.suffix) == plain(i), -articles_naming(i),
                                             i))
            if not fits:
                fits = [add(parts, name)]
            result[article.id][name] = fits[0]
    shown = []
    for _, names in people:
        full = [n for n in names if (p := parsed[n]) is not None and p.given]
        bare = [n for n in full if (p := parsed[n]) is not None and not p.suffix]
        shown.append(display_name((bare or full or names)[0]))
    return {aid: {m: shown[i] for m, i in found.items()} for aid, found in result.items()}


def is_role_head(word: str, *, agents: bool = True) -> bool:
    """Whether ``word`` can head a role: a role noun, an age, or (with ``agents``) a lower-case
    agent noun ("strategist", "trickster")."""
    bare = re.sub(r"^(?:ex|former|then|vice)-", "", word.lower().rstrip(","))
    if bare in ROLE_NOUNS or _AGE.match(bare):
        return True
    return agents and word[:1].islower() and bool(_AGENT.match(bare)) and bare not in _NOT_AGENTS


def _head(phrase: str) -> str:
    """The head of a noun phrase: its last word before a preposition or a relative."""
    cut = _CUT.search(f" {phrase} ")
    core = phrase[: cut.start()] if cut else phrase
    words = core.split()
    return words[-1].lower().strip("\"'\u201d") if words else ""


def _role_before(text: str, start: int) -> tuple[int, str] | None:
    """The start of a title right before a name at ``start``, and its head word."""
    window = text[max(0, start - 120) : start]
    if not window.endswith((" ", "\u00a0")) or window.endswith(("  ", "\n ")):
        return None
    words = [(m.start(), m.group(0)) for m in re.finditer(r"[^\s]+", window)]
    if not words:
        return None
    head_at, head = words[-1]
    if head.endswith((",", ";", ":", ".")) and head.lower() not in ROLE_NOUNS:
        return None
    if not is_role_head(head, agents=False) or head.lower() in HONORIFICS:
        return None
    first = len(words) - 1
    for index in range(len(words) - 2, max(-1, len(words) - 7), -1):
        at, word = words[index]
        gap = window[at + len(word) : words[index + 1][0]]
        bare = word.lower().strip("\"'\u201c\u2018").replace("\u2019", "'")
        if gap != " " or re.search(r"[,;:.!?)\u201d\"]$", word) and not re.match(
                r"^[A-Z][a-z]?\.$", word):
            break
        if bare in _STOP or word in ("The", "A", "An") or re.fullmatch(r"[A-Z][a-z]+ing", word):
            break  # "Following President Obama": a sentence's first word, not a title's
        if word[:1].isupper() or re.search(r"['\u2019]s$", word) or bare in _MODIFIERS or (
                is_role_head(bare, agents=False)) or _HYPHENATED.match(bare):
            first = index
            if word[:1] in "\"'\u201c\u2018":
                break
            continue
        break
    at, word = words[first]
    quote = len(word) - len(word.lstrip("\"'\u201c\u2018"))
    return max(0, start - 120) + at + quote, re.sub(r"^(?:ex|former|then|vice)-", "",
                                                    head.lower())


def _good_apposition(phrase: str) -> bool:
    if re.search(r"\band\s+[A-Z]", phrase):
        return False  # a list: "Mattis, the president and Bolton"
    return is_role_head(_head(phrase))


def _sentences(article: Article) -> list[tuple[int, int]]:
    if article.sentences:
        return [(s.start, s.end) for s in article.sentences]
    bounds = []
    start = 0
    for match in re.finditer(r"(?<![A-Z])(?<!Mr)(?<!Mrs)(?<!Ms)(?<!Dr)(?<!St)[.!?]"
                             r"[\"'\u2019\u201d]?\s+|\n+", article.text):
        bounds.append((start, match.end()))
        start = match.end()
    if start < len(article.text):
        bounds.append((start, len(article.text)))
    return bounds


def role_terms(article: Article, people: dict[str, str]) -> list[RoleTerm]:
    """The roles ``article`` ties to each person of ``people`` (mention text -> referent)."""
    text = article.text
    mentions = mentions_of(article, people)
    found: list[RoleTerm] = []
    for start, end, referent in mentions:
        inside = _TITLE_INSIDE.match(text[start:end])
        if inside:
            found.append(RoleTerm(referent, start, start + len(inside.group(1)),
                                  inside.group(1).lower(), f"role named with {referent}"))
        before = _role_before(text, start)
        if before:
            found.append(RoleTerm(referent, before[0], start - 1, before[1],
                                  f"role named with {referent}"))
        fronted = _FRONTED.search(text[max(0, start - 110) : start])
        if fronted and _opens_sentence(text, max(0, start - 110) + fronted.start(1)) and (
                not _FRONTED_NOT.search(fronted.group(1))) and not _VERB.search(
                fronted.group(1)) and _good_apposition(fronted.group(1)):
            s = max(0, start - 110) + fronted.start(1)
            found.append(RoleTerm(referent, s, s + len(fronted.group(1)),
                                  _head(fronted.group(1)), f"apposition to {referent}"))
        # an age (", 68,") or a suffix (", Jr.,") may come first
        rest = end
        skip = re.match(r",\s+(?:\d{1,3}|Jr\.|Sr\.|III|II)(?=,)", text[end : end + 12])
        if skip:
            rest = end + skip.end()
        after = _APPOSITION.match(text[rest : rest + 200])
        if after and _good_apposition(after.group(1)):
            s = rest + after.start(1)
            found.append(RoleTerm(referent, s, s + len(after.group(1)), _head(after.group(1)),
                                  f"apposition to {referent}"))
    tied: dict[str, set[str]] = {}
    for term in found:
        tied.setdefault(term.head, set()).add(term.referent)
    sentences = _sentences(article)
    starts = [m[0] for m in mentions]
    for index in range(1, len(sentences)):
        s_start, s_end = sentences[index]
        described = _definite(text[s_start:s_end])
        if described is None:
            continue
        length, head = described
        if any(s_start + length <= at <= s_start + length + 3 for at in starts):
            continue  # "The House Republican leader, Kevin McCarthy, ...": a fronted apposition
        p_start, p_end = sentences[index - 1]
        named = {m[2] for m, at in zip(mentions, starts, strict=True) if p_start <= at < p_end}
        candidates = named & tied[head] if head in tied else named
        if len(candidates) != 1:
            continue
        (referent,) = candidates
        found.append(RoleTerm(referent, s_start, s_start + length, head,
                              f"definite description after a mention of {referent}"))
    return found


def _definite(sentence: str) -> tuple[int, str] | None:
    """``(length, head)`` of a definite description of a person opening ``sentence``: "The"
    and up to three lower-case words, the last a role noun or an age ("The dictator", "The
    defense secretary", "The 41-year-old"), and no role noun right after it."""
    match = _DEFINITE.match(sentence)
    if not match:
        return None
    words = list(re.finditer(r"[\w-]+", match.group(1)))
    best: tuple[int, str] | None = None
    for word in words[:3]:
        bare = word.group(0)
        head = re.sub(r"^(?:ex|former|then|vice)-", "", bare.lower())
        if head in _ORDINAL or head.isdigit() or head in ("two", "three", "four", "five"):
            return None  # "The first speaker", "The two senators": not one known person
        previous = words[words.index(word) - 1].group(0).lower() if words.index(word) else ""
        if f"{previous} {head}" in _COMPOUND_ROLES:
            return None
        if (bare[:1].islower() or bare[:1].isdigit()) and (
                head in DEFINITE_HEADS or _AGE.match(head)):
            best = (match.start(1) + word.end(), head)
        elif best is not None:
            break
    return best


def _opens_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"'\u201c\u2018")
    return not before or before.endswith(("\n", ".", "!", "?", ":", "\u201d", "\""))


#: words that may stand between a subject and its verb, or open a verb group
_AUXILIARIES = frozenset("""
has have had will would could may might must should shall is was were are be been being also then
later not never now already just still reportedly officially formally abruptly suddenly quietly
effectively initially eventually finally
""".split())
#: words that cannot be the verb of a subject ("Mattis and Trump", "Trump campaign")
_NOT_VERBS = frozenset("""
a an the and or but of to in on at for with who whom whose which that as by from is was were are
be been has have had his her their its this these those than about into over after before during
campaign administration aides officials supporters allies team family house if when while
through two three four five some something several many much more most less nothing
""".split())
#: words an act's phrase does not end with
_HANGING = frozenset("a an the of to in on at for with by from and or but as into over about his "
                     "her their its this that these those than".split())
_INSERT = re.compile(
    r"^(?:,\s+\d{1,3},|,\s+(?:Jr\.|Sr\.|III|II),|,\s+(?:a|an|the|who|whose|which)\s[^,;:]{1,160},"
    r"|\s+(?:--|[\u2014\u2015\u2013])\s?[^\u2014\u2015\u2013;]{1,160}?\s?(?:--|[\u2014\u2015\u2013]))")
_CLAUSE_END = re.compile(r"[,;:!?\"\u201c\u201d()\n\u2014\u2015]|(?<![A-Z])\.(?=\s|$)|\s--\s|"
                         r"\s(?:and|but|that|because|after|while|as|saying|according|if|when)\s")


_IRREGULAR_PAST = frozenset("""
took left quit made won lost met ran went came gave got held kept led paid sent spent stood became
began broke brought bought caught chose drew drove fell felt fled flew fought found hid hit hung
knew laid lent let meant put rode rose saw sold set shot shut sat spoke struck swore threw upheld
withdrew wore overrode oversaw undertook sought taught thought won
""".split())


def _finite(word: str) -> bool:
    """Whether a word with no auxiliary before it can be a finite verb: a past ("resigned",
    "quit") or a present in "-s" ("resigns")."""
    return word.endswith("ed") or word in _IRREGULAR_PAST or (
        word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")) and len(word) > 3)


def _reporting(word: str) -> bool:
    from ..analyse.lexicon import REPORTING_LEMMAS, SPEECH_LEMMAS

    verbs = REPORTING_LEMMAS | SPEECH_LEMMAS | {"tweet", "post", "respond", "reply", "react"}
    forms = {word, word[:-1], word[:-2], word[:-3], word[:-3] + "y", word[:-3] + "e"}
    return bool(forms & verbs) or word in {"said", "told", "wrote", "says", "tells"}


def act_terms(article: Article, people: dict[str, str], *, lede: int = 3) -> list[RoleTerm]:
    """What each person does as the subject of a sentence of the article's first ``lede``:
    the verb group and the words after it to the clause's end, at most eight ("resigned
    Thursday in protest of President Trump's decision"; "would be retiring at the end of
    February"). Verbs of saying are not acts ("said", "tweeted")."""
    text = article.text
    sentences = _sentences(article)[:lede]
    if not sentences:
        return []
    limit = sentences[-1][1]
    found: dict[str, RoleTerm] = {}
    for start, end, referent in mentions_of(article, people):
        if start >= limit or referent in found:
            continue
        rest = end
        if text[end : end + 2] in ("'s", "\u2019s"):
            continue  # a possessor, not a subject
        insert = _INSERT.match(text[rest : rest + 200])
        if insert:
            rest += insert.end()
        words = list(re.finditer(r"[^\s]+", text[rest : rest + 160].split("\n")[0]))
        verb_at = None
        for index, word in enumerate(words[:5]):
            bare = word.group(0)
            if bare in _AUXILIARIES or (index < 4 and bare.endswith("ly") and bare.islower()):
                continue
            if not re.fullmatch(r"[a-z][a-z-]*", bare) or bare in _NOT_VERBS or _reporting(bare):
                break
            after_auxiliary = index > 0 and words[index - 1].group(0) in _AUXILIARIES
            if after_auxiliary or _finite(bare):
                verb_at = index
            break
        if verb_at is None:
            continue
        s = rest + words[0].start()
        last = min(verb_at + 8, len(words) - 1)
        while last + 1 < len(words) and words[last].group(0)[:1].isupper() and words[
                last + 1].group(0)[:1].isupper():
            last += 1  # not in the middle of a name ("the White House")
        e = rest + words[last].end()
        clause = _CLAUSE_END.search(text, rest + words[verb_at].end(), e + 1)
        if clause:
            e = clause.start()
        e = s + len(text[s:e].rstrip())
        while True:  # no preposition or article left hanging at the end
            hanging = re.search(r"\s(\S+)$", text[s:e])
            if not hanging or hanging.group(1).lower() not in _HANGING:
                break
            e = s + hanging.start()
        found[referent] = RoleTerm(referent, s, e, words[verb_at].group(0).lower(),
                                   f"what {referent} does, in the article's first sentences")
    return list(found.values())
