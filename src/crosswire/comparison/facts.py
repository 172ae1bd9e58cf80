"""Whether two claims state the same fact, from their parse (see :mod:`.settings`).

A difference of numbers, dates, places or actors is a finding only between two
claims about the same fact: "2,000 troops in Syria" does not conflict with
"7,000 troops in Afghanistan". Two claims state the same fact here when they
share an act (a content verb's lemma, :attr:`Facts.acts`) and are close in
wording (cosine ``same_fact``); numbers are compared only when they count the
same thing (the same noun, and neither has a qualifier the other lacks on both
sides: "steel tariff" is not "aluminum tariff").

The same words in both claims (``quote_words`` words or more in a row, half the shorter
claim), or, with ``quoted_words`` set (off by default), quoted directly in both (that many
words or more, half the shorter quote), are the same statement, whatever the model says.
"""

from __future__ import annotations

import re

from ..document import Facts
from .views import ClaimView

__all__ = ["actors_apart", "counts_same_thing", "figures_differ", "negation_differs",
           "shared_acts", "shared_quote", "shared_words_run", "word_overlap"]

#: a word, or a figure whole with its separators ("1,410" is one word, not "1" and "410")
_WORD = re.compile(r"\d+(?:[.,]\d+)+|[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")


def shared_acts(a: ClaimView, b: ClaimView) -> tuple[str, ...]:
    """The acts both claims state in a main clause (content verb lemmas: an act one claim
    names only in a relative clause, "the site *that published* the emails", is background
    there; a claim without a content verb in its main clause is read by all its acts), or ()
    when either is not parsed."""
    if a.scene is None or b.scene is None:
        return ()
    if not a.scene.main or not b.scene.main:
        # a claim whose main clause is copular ("Kim was visibly emotional during a ceremony
        # commemorating ...") states its act in a subordinate one
        return tuple(sorted(a.scene.acts & b.scene.acts))
    return tuple(sorted(a.scene.main & b.scene.main))


#: words of a name that name no one in particular ("the", "Mr.")
_NOT_NAMES = frozenset({"the", "a", "an", "of", "and", "mr", "mrs", "ms", "dr"})


def _name_words(name: str) -> list[str]:
    words = [w.replace(".", "").lower() for w in re.findall(r"[\w.'’-]+", name)]
    # "the Clintons" names a Clinton
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w
            for w in words if w and w not in _NOT_NAMES]


def _actor_names(view: ClaimView, within: str | None = None) -> frozenset[tuple[str, str]]:
    """``(label, word)`` for the words of the people and bodies a claim names, with their full
    names where the article gives them ("Mr. Stone" -> "stone", "roger"; "F.B.I. agents" ->
    "fbi") and the initials of a name of several words ("Federal Bureau of Investigation" ->
    "fbi"). Places and groups ("Democratic") name no actor here. With ``within``, an actor's
    phrase, only the name that ends it, its head ("the Washington Nationals", "Senator Warren";
    not "a suspected Mafia leader")."""
    names: set[tuple[str, str]] = set()
    for entity in view.entities:
        if entity.label not in ("PERSON", "ORG"):
            continue
        text = entity.span.text
        if within is not None and not within.rstrip(" ,").endswith(text):
            continue
        for name in (text, view.full_names.get(text, "")):
            words = _name_words(name)
            found = [w for w in words if len(w) > 1]
            if len(words) >= 2:
                found.append("".join(w[0] for w in words))
            names.update((entity.label, w) for w in found)
    return frozenset(names)


def actors_apart(a: ClaimView, b: ClaimView, acts: tuple[str, ...]) -> tuple[str, str, str] | None:
    """``(act, actor in A, actor in B)`` where both claims name who does an act they share (a
    person, or a body, by a name that heads the actor's phrase), both people or both bodies,
    and neither claim names the other's actor anywhere ("the Washington Nationals made
    Teixeira an offer" / "the Red Sox have made an offer to Teixeira"): two facts, not one
    told twice. An actor without a name ("he", "police", "a suspected Mafia leader") is never
    apart from another, nor a person from a body ("Garrard drove Jacksonville" / "the Jags
    drove"), nor one the other claim names in another role ("Obama will meet with Sanders" /
    "Sanders met with Obama")."""
    if a.scene is None or b.scene is None:
        return None
    acts = tuple(act for act in acts if any(x == act and who for x, who, _ in a.scene.roles)
                 and any(x == act and who for x, who, _ in b.scene.roles))
    if not acts:
        return None
    named_a = {word for _, word in _actor_names(a)}
    named_b = {word for _, word in _actor_names(b)}
    for act in acts:
        found_a = [(who, _actor_names(a, who)) for x, who, _ in a.scene.roles if x == act and who]
        found_b = [(who, _actor_names(b, who)) for x, who, _ in b.scene.roles if x == act and who]
        if not found_a or not found_b or not all(n for _, n in found_a + found_b):
            continue
        if len({label for _, n in found_a + found_b for label, _ in n}) > 1:
            continue
        if (not any({w for _, w in n} & named_b for _, n in found_a)
                and not any({w for _, w in n} & named_a for _, n in found_b)):
            return act, found_a[0][0], found_b[0][0]
    return None


def _same_thing(x: tuple[str, str, frozenset[str]], y: tuple[str, str, frozenset[str]]) -> bool:
    return x[1] == y[1] and not (x[2] - y[2] and y[2] - x[2])


def counts_same_thing(a: Facts | None, b: Facts | None, *,
                      sizes: bool = False) -> list[tuple[str, str, str]]:
    """``(number in A, number in B, noun)`` for numbers of the two claims that count the
    same thing. With ``sizes``, a count that gives the size of another noun ("a 10-juror
    majority") counts the same thing only as a size of that noun on both sides (not as the
    "two jurors" who voted against): what a conflict needs, where two equal numbers ("seven
    counts" / "a seven-count indictment") agree without it."""
    if a is None or b is None:
        return []
    size_a, size_b = dict(a.sizes), dict(b.sizes)
    return [(x[0], y[0], x[1]) for x in a.things for y in b.things if _same_thing(x, y)
            and (not sizes or size_a.get(x[0]) == size_b.get(y[0]))]


def negation_differs(a: ClaimView, b: ClaimView) -> str | None:
    """An act both claims name that one of them negates ("charged" / "did not charge")."""
    if a.scene is None or b.scene is None:
        return None
    for act in sorted(a.scene.acts & b.scene.acts):
        if (act in a.scene.negated) != (act in b.scene.negated):
            return act
    return None


def figures_differ(text_a: str, text_b: str) -> bool:
    """Whether each text gives a figure the other does not: two such texts are not one
    statement, whatever words they share ("Clinton now has a total of at least 1,410" /
    "Clinton now has a total of at least 1,353"). One text adding a figure ("the 19 hijackers
    of 9/11" / "the 19 Sept. 11 hijackers") is no difference."""
    figures_a, figures_b = (_figures(t) for t in (text_a, text_b))
    return bool(figures_a - figures_b) and bool(figures_b - figures_a)


#: a whole number and a fraction, one figure: "2 1/2", "3½"
_MIXED = re.compile(r"\b\d+(?:\s+\d/\d{1,2}\b|\s?[\u00bc-\u00be\u2153-\u215e])")


def _figures(text: str) -> set[str]:
    """The figures of a text, a whole number with its fraction as one ("2 1/2 years" gives
    "2 1/2", not a "2" that "2 years" shares)."""
    mixed = {" ".join(m.group(0).split()) for m in _MIXED.finditer(text)}
    rest = _MIXED.sub(" ", text)
    return mixed | {w for w in _WORD.findall(rest) if w[0].isdigit()}


def shared_words_run(text_a: str, text_b: str, minimum: int) -> str | None:
    """The longest run of ``minimum`` or more words that both texts hold word for word
    (case and punctuation aside), and that makes at least half of the shorter text (a shared
    attribution frame, "Real estate tycoon Donald Trump said Thursday", is not one
    statement), or ``None``."""
    wa = [m.group(0) for m in _WORD.finditer(text_a)]
    wb = [m.group(0).lower() for m in _WORD.finditer(text_b)]
    la = [w.lower() for w in wa]
    best, end = 0, 0
    previous = [0] * (len(wb) + 1)
    for i in range(1, len(la) + 1):
        current = [0] * (len(wb) + 1)
        for j in range(1, len(wb) + 1):
            if la[i - 1] == wb[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, end = current[j], i
        previous = current
    if best < minimum or 2 * best < min(len(la), len(wb)):
        return None
    return " ".join(wa[end - best : end])


def shared_quote(text_a: str, text_b: str, minimum: int) -> str | None:
    """The longest run of ``minimum`` or more words that both texts quote directly (inside
    quotation marks in each) and that makes at least half of the shorter of the two quotes,
    or ``None``: "He said he would not "give up my right to run as an independent"" and
    ""... I am not willing to give up my right to run as an independent candidate"" quote one
    statement, whatever else each claim says."""
    from ..analyse.quotes import find_quote_spans

    best: str | None = None
    for start_a, end_a in find_quote_spans(text_a):
        for start_b, end_b in find_quote_spans(text_b):
            run = shared_words_run(text_a[start_a:end_a], text_b[start_b:end_b], minimum)
            if run and (best is None or len(run.split()) > len(best.split())):
                best = run
    return best


def word_overlap(text_a: str, text_b: str) -> float:
    """The share of the shorter text's words (case aside) that the other text holds."""
    wa = {m.group(0).lower() for m in _WORD.finditer(text_a)}
    wb = {m.group(0).lower() for m in _WORD.finditer(text_b)}
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))
