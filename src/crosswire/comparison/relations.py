"""A relation for each candidate pair: corroborates, contradicts or related, with reasons.

:func:`decide` weighs the evidence of one pair
(:class:`~crosswire.comparison.evidence.Evidence`: the explicit checks, the
NLI model both ways, and the best entailment of one claim's core by the
other). In order:

0. **The same words** in both claims (a run of ``quote_words`` words or more that
   makes at least half of the shorter claim) corroborate, whatever the model says,
   unless one side negates a shared act or a hard conflict stands.

A difference counts only between two claims about **the same fact**
(:func:`weigh_checks`: the relation model's same-fact probability ``fact`` or more,
with a model that has that head; otherwise an act both state in a main clause, and
cosine ``same_fact``); between other claims no check's conflict counts. Details (numbers,
dates, places, negations) are compared only where the parse finds an act both state in close
words and the same-fact head does not find different facts likelier (``detail_apart``): two
meetings of the same men on Thursday and on Sunday are two occasions of one act.

1. **A hard conflict** (numbers of the same thing, or dates of an act both name,
   that cannot both hold) makes a contradiction whatever the model says.
2. **Contradiction** needs the model sure of it in one direction
   (``contradict_one``), or its same-fact head sure of a conflict in one fact
   (``fact_conflict``), *and* a check naming the slot that differs (a negation
   of a shared act, another place or date, silence against disclosure). The
   model alone is never enough: it gives "contradiction" for plain paraphrases
   ("X stopped Y to retain the title" / "X retained the title by stopping Y")
   and for one quote told in the third person. A contradiction the checks
   explain away (the same numbers, dates, places, or the same time in another
   time zone) is not one.
3. **Corroboration** needs the same fact, and entailment of the whole claim in either direction
   (``corroborate``), or of the *core* of one claim by the other (``core``), or the
   same-fact head sure the two tell the fact alike (``fact_agree``):
   two accounts of one event rarely carry the same details, and the model
   calls a hypothesis with one detail more *neutral*. The detail left out is
   named in the reasons. One claim saying an act was done and the other that
   it may be done ("were deployed" / "may deploy") makes a related link
   instead. With ``entailed`` set (off by default), a near-certain entailment between
   close claims states one fact by itself, without an act in common ("Doctors said his
   condition was critical" / "He was still in critical condition"), unless the same-fact
   head is as sure they are different facts or one side negates what the other affirms.
   Either way the two texts must share ``overlap`` descriptive words or more (words
   outside the names they mention): the
   small model finds entailment between claims that share only the names of
   a story's countries and leaders. A negation, another actor, the same act in
   another setting or silence against disclosure turns it into a ``related`` link
   marked as tension unless the entailment is near certain.
   The same count of the same thing for an act both name ("was charged with nine counts" /
   "charged him in a nine-count indictment"), nothing in conflict, corroborates too, and
   the reason names the number.
4. Silence against disclosure on a shared subject is tension; the same dated
   event named in both (an explicit check) corroborates in part when the model
   has not decided.
5. **Related**: a pair about the same thing (cosine ``related`` or more) that
   the model finds neither entailing nor contradicting. It is marked as
   tension when a check finds a difference (another actor, a negation between
   claims close enough to say the same thing otherwise, the same act in
   different settings: "kneeling beside a coffin" / "a flag draped over a
   grave", see :func:`crosswire.comparison.checks.check_settings`), or when
   the claims share ``differ`` descriptive words or more (words outside the
   names they mention, see :mod:`crosswire.comparison.evidence`) and each has
   words of its own, yet neither entails the other. That last rule is off by
   default (``differ=0``): no labelled data at hand supports it (see
   ``docs/comparison.md``).

Below the ``gate`` cosine the model is not asked (see
:mod:`crosswire.comparison.evidence`) and only steps 1 and 4 apply. The
thresholds are calibrated by ``training/calibrate_relations.py`` on data
other than the demo articles (ECB+ cross-document event pairs, FNC-1 train,
DocNLI dev pairs with held-out premises, ClaimDiff train); see
``docs/comparison.md``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..report.model import Link
from .agreement import FEATURES as AGREEMENT_FEATURES
from .agreement import agreement_features, load_agreement
from .checks import CheckResult, content_words
from .cores import left_out
from .evidence import NLI, CoreSupport, Evidence, word_share
from .facts import (
    actors_apart,
    counts_same_thing,
    figures_differ,
    negation_differs,
    shared_acts,
    shared_quote,
    shared_words_run,
    word_overlap,
)
from .numbers import PERCENT_UNITS, counts_differ, percents_meet, same_tallies, specific
from .views import ClaimView

__all__ = ["NLI", "Decision", "RelationThresholds", "Weighed", "decide", "relate", "weigh_checks",
           "worth_asking"]

#: checks whose conflicts are no finding: none of their conflicts between claims of one fact
#: was right on the multi-outlet gold's dev half (actors) or on the 65 BASIL events labelled
#: by reading (places 0 of 6, silence against disclosure 0 of 5; see docs/comparison.md)
UNMEASURED = frozenset({"actors", "places", "disclosure"})
#: checks whose agreement explains away a surface contradiction
EXPLAINING = frozenset({"numbers", "dates", "time zones", "places"})
#: checks whose conflicts keep two claims from corroborating but make no finding of their
#: own: the parse's negation of a shared act made 5 tensions on the 65 BASIL events labelled
#: by reading and 1 was right (the same quote read with "not" on one side; two non-committal
#: wordings of one remark); settings were right in none of their 2 firings outside the demo
#: pair ("touching her over her bra" read as a setting; one calibration pair); neither fired on
#: the gold's dev half (see docs/comparison.md)
QUIET = frozenset({"negation", "settings"})
#: soft conflicts that back a contradiction the model finds in one direction only
BACKING = frozenset({"actors", "places", "dates", "time zones", "disclosure"})
#: soft conflicts that keep an entailment from counting as corroboration
SERIOUS = frozenset({"negation", "disclosure", "actors", "settings"})


@dataclass(frozen=True, kw_only=True, slots=True)
class RelationThresholds:
    """Where the relation changes, on model probabilities and cosine similarity
    (see :class:`crosswire.comparison.CompareOptions` for each)."""

    gate: float = 0.55
    overlap: int = 0
    corroborate: float = 0.5
    core: float = 0.9
    contradict: float = 0.3
    contradict_one: float = 0.95
    related: float = 0.45
    differ: int = 0
    tension: float = 0.4
    without_model: float = 0.75
    same_fact: float = 0.55
    agree: float = 0.8
    quote_words: int = 8
    quoted_words: int = 0
    near_copy: float = 0.9
    fact: float = 0.8
    fact_rule: bool = True
    fact_agree: float = 0.6
    fact_conflict: float = 0.8
    entailed: float = 0.0
    shared_share: float = 0.3
    act_apart: float = 0.8
    detail_apart: float = 0.5
    core_held: float = 0.95
    percents_meet: bool = True
    counts_meet: bool = True
    close_cosine: float = 0.85
    agreement: float = 0.0
    actors_apart: bool = True
    dated_apart: bool = True

    def __post_init__(self) -> None:
        for spec in dataclasses.fields(RelationThresholds):
            value = getattr(self, spec.name)
            if spec.type == "float" and not 0.0 <= value <= 1.0:
                raise ValueError(f"{spec.name} must lie between 0 and 1, not {value}")
        if self.overlap < 0:
            raise ValueError(f"overlap must be 0 or more, not {self.overlap}")
        if self.differ < 0:
            raise ValueError(f"differ must be 0 (off) or more, not {self.differ}")
        if self.quote_words < 0 or self.quoted_words < 0:
            raise ValueError("quote_words and quoted_words must be 0 (off) or more")

    @property
    def core_share(self) -> float:
        """The share of descriptive words from which a pair's cores can decide its relation:
        ``shared_share``, or every pair when ``entailed`` lets an entailed core state one fact
        on its own."""
        return self.shared_share if self.entailed == 0 else 0.0


#: the share of the shorter claim's words the other must hold for two claims of cosine
#: ``near_copy`` to be one statement in near-identical words
NEAR_COPY_WORDS = 0.8
#: ``(relation, score, reasons, tension)``
Decision = tuple[str, float, list[str], bool]
#: checks whose reasons are word lists, not sentences: they go to the link's details
TECHNICAL_CHECKS = frozenset({"details", "time zones"})


class Technical(str):
    """A reason for specialists (model probabilities, a cosine, word lists): a link keeps
    these in ``details["evidence"]``, and its ``reasons`` in plain words."""

    __slots__ = ()


def _findings(checks: Sequence[CheckResult]) -> bool:
    """Whether any of these conflicts is one a report shows as tension (see ``QUIET``)."""
    return any(c.check not in QUIET for c in checks)


def _said(checks: Sequence[CheckResult]) -> list[str]:
    # a conflict is a finding: it is said in the reasons, whatever check found it
    return [Technical(c.reason) if c.check in TECHNICAL_CHECKS and c.verdict != "conflict"
            else c.reason for c in checks]


def _direction(name: str, p: np.ndarray) -> str:
    label = ("entails", "is neutral to", "contradicts")[int(np.argmax(p))]
    other = "B" if name == "A" else "A"
    return f"{name} {label} {other} ({float(np.max(p)):.2f})"


def _entailed(evidence: Evidence, text_a: str, text_b: str) -> str:
    """The model's entailment in plain words: which account holds all the other says, and
    what that is (the claim held, or the shorter of two that hold each other)."""
    ab = evidence.ab is not None and float(evidence.ab[0]) >= 0.5
    ba = evidence.ba is not None and float(evidence.ba[0]) >= 0.5
    if ab and ba:
        shorter = min((text_a, text_b), key=len)
        return f"Each account says all that the other says: '{_said_text(shorter)}'."
    if ab:
        return f"All that B says is in A: '{_said_text(text_b)}'."
    return f"All that A says is in B: '{_said_text(text_a)}'."


def _said_text(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:\"'\u201c\u201d")


def _support_reason(support: CoreSupport, text_a: str, text_b: str) -> str:
    other = "B" if support.premise == "A" else "A"
    whole = text_b if other == "B" else text_a
    rest = left_out(whole, support.core)
    reason = f"{support.premise} states the core of {other}: '{support.core}'"
    return reason + (f"; only {other} adds '{rest}'." if rest else ".")


@dataclass(frozen=True, slots=True)
class Weighed:
    """The checks of one pair, sorted by whether they count: a conflict counts only between
    two claims about the same fact (see :mod:`crosswire.comparison.facts`), found by the
    parse and cosine and, with a same-fact model, by the model too."""

    #: the claims state one fact (the model, or the parse and cosine): an entailment corroborates
    same_fact: bool
    #: the same-fact head is sure the two claims state different facts
    apart: bool
    parsed: bool
    acts: tuple[str, ...]
    #: an act both claims name that one of them negates
    negated: str | None
    hard: tuple[CheckResult, ...]
    soft: tuple[CheckResult, ...]
    set_aside: tuple[CheckResult, ...]
    agree: tuple[CheckResult, ...]
    notes: tuple[CheckResult, ...]
    #: an act both claims name is dated by each in other words ("met on Thursday" / "met
    #: Sunday"): a conflict, or two occasions of the act
    dated_apart: bool = False
    #: ``(number in A, number in B, noun)`` for the same count of the same thing in both
    #: claims ("nine counts" / "a nine-count indictment"), not one of several listed
    same_counts: tuple[tuple[str, str, str], ...] = ()
    #: the same-fact head finds different facts ``detail_apart`` likely (where the head is the
    #: same-fact gate, the claims' details are then not compared)
    details_apart: bool = False
    #: ``(act, actor in A, actor in B)``: both claims name who does an act they share, and
    #: not the same people or body (see :func:`~crosswire.comparison.facts.actors_apart`)
    actors_apart: tuple[str, str, str] | None = None
    #: an act both claims name is dated apart with words of one kind: two weekdays, months or
    #: years ("arrested Wednesday" / "arrested on Tuesday")
    dated_alike_apart: bool = False


def shared_share(evidence: Evidence) -> float:
    """The share of the two claims' descriptive words that both use: low when two long
    claims share a few words and each says much the other does not (as
    :func:`~crosswire.comparison.evidence.word_share`)."""
    shared = set(evidence.shared_words)
    return word_share(shared | set(evidence.only_a), shared | set(evidence.only_b))


#: a month's short name read as its name: "Nov. 12" and "November 12" date an act alike
MONTHS = {"jan": "january", "feb": "february", "mar": "march", "apr": "april",
          "jun": "june", "jul": "july", "aug": "august", "sep": "september",
          "sept": "september", "oct": "october", "nov": "november", "dec": "december"}


def _dates_by_act(dated: tuple[tuple[str, str], ...]) -> dict[str, set[str]]:
    when: dict[str, set[str]] = {}
    for act, word in dated:
        when.setdefault(act, set()).add(MONTHS.get(word, word))
    return when


_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday"})


def _date_kind(word: str) -> str:
    """What a time word names, for telling two of them apart: a weekday, a month, a year (or
    a range of years); anything else ("yesterday", "today") names a day only against the
    date of writing."""
    if word in _WEEKDAYS:
        return "weekday"
    if word in MONTHS.values():
        return "month"
    if word[:4].isdigit():
        return "year"
    return ""


def _kinds_apart(x: set[str], y: set[str]) -> bool:
    """Whether two sets of time words dating one act share none and hold words of one kind:
    two weekdays, two months or two years ("Wednesday" / "Tuesday"), not "Saturday" /
    "yesterday", which may be one day."""
    return not (x & y) and bool(({_date_kind(w) for w in x} - {""})
                                & {_date_kind(w) for w in y})


def _told_apart(evidence: Evidence, level: float) -> bool:
    """Whether the same-fact head finds the two claims different facts with ``level`` or more
    (never without that head's reading)."""
    return evidence.same_fact is not None and float(evidence.same_fact[2]) >= level


#: the same-fact head's "told with a difference" from which claims in close words do not
#: corroborate (close_cosine): "The senator voted for the bill" / "... voted against the bill"
#: (cosine 0.89) reads 0.49, two winners of one primary 1.0; every link the rule makes on the
#: labelled pairs reads under 0.1
CLOSE_CONFLICT = 0.2

#: the share of a core's content words (and how many at least) the claim entailing it must hold
#: for ``core_held`` to make the two one fact
CORE_HELD_SHARE = 0.5
CORE_HELD_WORDS = 3


def core_held(evidence: Evidence, thresholds: RelationThresholds, a: ClaimView | None,
              b: ClaimView | None) -> bool:
    """Whether one claim entails a core of the other (``core_held`` or more) and holds at least
    half of that core's content words itself: it tells that part of the other claim in close
    words, so the two state one fact even where the same-fact head and the parse do not say so
    (over the three labelled sets, 19 of the 20 claim pairs this lets through were one fact
    told alike; see docs/comparison.md)."""
    if thresholds.core_held == 0 or a is None or b is None or not evidence.modelled:
        return False
    if evidence.candidate.similarity < thresholds.same_fact:
        return False
    support = evidence.support(thresholds.gate, thresholds.overlap)
    if support is None or support.entailment < thresholds.core_held:
        return False
    core = content_words(support.core)
    held = core & content_words(a.text if support.premise == "A" else b.text)
    return len(core) >= CORE_HELD_WORDS and len(held) >= CORE_HELD_SHARE * len(core)


#: the words that join the words of a name ("Church *of* Jesus Christ *of* Latter Day Saints")
NAME_JOINERS = frozenset({"a", "an", "and", "at", "de", "for", "in", "of", "on", "the", "to"})
_LETTERS = re.compile(r"[A-Za-z]+")


def a_name_only(words: str, view: ClaimView) -> bool:
    """Whether a run of words two claims share is, in one of them, a name and not a statement:
    fewer than two of its words lie outside the names the claim mentions and the words that
    join a name's words ("head of the Fundamentalist Church of Jesus Christ of Latter Day
    Saints" in two claims about the church's leader: one said he perverted his position, the
    other that he stood as the verdict was read)."""
    names = {w.lower() for e in view.entities for w in _LETTERS.findall(e.span.text)}
    outside = [w for w in _LETTERS.findall(words)
               if w.lower() not in names and w.lower() not in NAME_JOINERS]
    return len(outside) < 2


def _same_number(x: str, y: str) -> bool:
    """Two number phrases that end in the same number word or figure ("nine" / "nine")."""
    last = [re.findall(r"[\w.,]+", w.lower().replace(",", ""))[-1:] for w in (x, y)]
    return bool(last[0]) and last[0] == last[1]


def weigh_checks(evidence: Evidence, thresholds: RelationThresholds, a: ClaimView | None,
                 b: ClaimView | None) -> Weighed:
    """Which of a pair's check verdicts count (see :class:`Weighed`)."""
    sim = evidence.candidate.similarity
    checks = evidence.checks
    parsed = a is not None and b is not None and a.scene is not None and b.scene is not None
    acts = shared_acts(a, b) if a is not None and b is not None else ()
    by_rule = (not parsed) or (bool(acts) and sim >= thresholds.same_fact)
    p_fact = evidence.same_fact_probability
    if p_fact is not None and thresholds.fact > 0:
        same_fact = p_fact >= thresholds.fact or (thresholds.fact_rule and by_rule)
    else:
        same_fact = by_rule
    same_fact = same_fact or core_held(evidence, thresholds, a, b)
    by_actors = (actors_apart(a, b, acts) if thresholds.actors_apart and parsed
                 and a is not None and b is not None else None)
    if by_actors is not None:
        same_fact = by_rule = False
    # details are compared only where the parse finds one fact (on the gold's dev half the
    # model's word alone let counts of two nights' arrests conflict), and the model does not
    # find different facts ``detail_apart`` likely
    apart = thresholds.fact > 0 and _told_apart(evidence, thresholds.fact)
    details_apart = _told_apart(evidence, thresholds.detail_apart or thresholds.fact)
    compared = by_rule and not (thresholds.fact > 0 and details_apart)
    negated = negation_differs(a, b) if a is not None and b is not None else None
    counted: list[tuple[str, str, str]] = []
    sized: list[tuple[str, str, str]] = []
    dated_apart = dated_alike_apart = False
    if a is not None and b is not None and a.scene is not None and b.scene is not None:
        counted = counts_same_thing(a.scene, b.scene)
        sized = counts_same_thing(a.scene, b.scene, sizes=True)
        when_a, when_b = _dates_by_act(a.scene.dated), _dates_by_act(b.scene.dated)
        dated_apart = any(not (when_a[act] & when_b[act]) for act in when_a.keys() & when_b)
        dated_alike_apart = any(_kinds_apart(when_a[act], when_b[act])
                                for act in when_a.keys() & when_b)
    many = a is not None and b is not None and max(len(a.quantities), len(b.quantities)) > 2
    listed = many or any(c.check == "numbers" and c.verdict == "agree" for c in checks)

    def holds(check: CheckResult) -> bool:
        if check.check in UNMEASURED:
            return False
        if check.check == "disclosure":
            # silence against disclosure is about whether a thing was made public, not about
            # one act: the check itself asks for a shared subject
            return True
        if not compared:
            return False
        if check.check == "numbers" and parsed:
            # numbers of the same thing (a size of one noun only against a size of it), and
            # not one of several listed side by side
            return bool(sized) and not listed
        if check.check == "negation" and parsed:
            return False  # read from the parse instead: the same act negated on one side
        if check.check in ("dates", "time zones") and parsed:
            # times of the same act: each claim dates one act both name, in other words
            return bool(dated_apart)
        return True

    hard = [c for c in checks if c.verdict == "conflict" and c.hard and holds(c)]
    soft = [c for c in checks if c.verdict == "conflict" and not c.hard and holds(c)]
    if negated and compared:
        soft.append(CheckResult("negation", "conflict",
                                f"one claim says '{negated}' happened, the other that it did not"))
    return Weighed(same_fact, apart, parsed, acts, negated, tuple(hard), tuple(soft),
                   tuple(c for c in checks if c.verdict == "conflict" and not holds(c)),
                   tuple(c for c in checks if c.verdict == "agree"),
                   tuple(c for c in checks if c.verdict == "note"), dated_apart,
                   () if many else tuple(c for c in counted if _same_number(c[0], c[1])
                                         and specific(c[0], c[2])),
                   details_apart, by_actors, dated_alike_apart)


def decide(evidence: Evidence, thresholds: RelationThresholds, text_a: str = "",
           text_b: str = "", a: ClaimView | None = None,
           b: ClaimView | None = None) -> Decision | None:
    """The relation of one pair (see the module docstring), or ``None`` when the pair is not
    worth a link. ``text_a``/``text_b`` are the claims' texts, used in reasons; ``a``/``b``
    the claims' views, whose parse says whether they state the same fact.

    Two claims that both give percentages (or margins in points) and share none do not
    corroborate each other (``percents_meet``): they report different measurements, such as
    two polls of one race. Nor do two claims that each give a count of one kind of thing that
    no count of the other agrees with (``counts_meet``, see
    :func:`~crosswire.comparison.numbers.counts_differ`), whatever route found them alike.
    """
    decision = _decide(evidence, thresholds, text_a, text_b, a, b)
    if decision is None or decision[0] != "corroborates" or a is None or b is None:
        return decision
    sim = evidence.candidate.similarity
    differ = counts_differ(a.quantities, b.quantities) if thresholds.counts_meet else None
    if differ is not None:
        unit = differ.a.unit or differ.b.unit
        reasons = [f"Not counted as agreement: they give different numbers of {unit} "
                   f"('{differ.a.span.text}' / '{differ.b.span.text}').", *decision[2]]
        return ("related", sim, reasons, False) if sim >= thresholds.related else None
    if not thresholds.percents_meet or percents_meet(a.quantities, b.quantities) is not False:
        return decision
    shares = [", ".join(q.span.text for q in v.quantities if q.unit in PERCENT_UNITS)
              for v in (a, b)]
    reasons = [f"Not counted as agreement: they give different shares ('{shares[0]}' / "
               f"'{shares[1]}'), which report different measurements.", *decision[2]]
    return ("related", sim, reasons, False) if sim >= thresholds.related else None


def _decide(evidence: Evidence, thresholds: RelationThresholds, text_a: str,
            text_b: str, a: ClaimView | None, b: ClaimView | None) -> Decision | None:
    cand = evidence.candidate
    sim = cand.similarity
    reasons: list[str] = []
    weighed = weigh_checks(evidence, thresholds, a, b)
    same_fact, acts, parsed = weighed.same_fact, weighed.acts, weighed.parsed
    negated = weighed.negated
    hard, soft, set_aside = list(weighed.hard), list(weighed.soft), weighed.set_aside
    agree, notes = list(weighed.agree), list(weighed.notes)
    frames = [c for c in notes if c.check == "time frames"]
    # the same words in both, or nearly: one statement, whatever the model says (but not
    # where they give different figures: two counts in one sentence frame)
    if (not negated and not hard and weighed.actors_apart is None
            and not figures_differ(text_a, text_b)):
        quote = (shared_words_run(text_a, text_b, thresholds.quote_words)
                 if thresholds.quote_words else None)
        if quote and (a is None or b is None or not (a_name_only(quote, a)
                                                      or a_name_only(quote, b))):
            reasons.append(f"Both carry the same words: '{quote}'.")
            return "corroborates", max(sim, 0.9), reasons + _said(agree), False
        quoted = (shared_quote(text_a, text_b, thresholds.quoted_words)
                  if thresholds.quoted_words else None)
        if quoted:
            reasons.append(f"Both quote the same words: '{quoted}'.")
            return "corroborates", max(sim, 0.9), reasons + _said(agree), False
        overlap = word_overlap(text_a, text_b) if sim >= thresholds.near_copy else 0.0
        if overlap >= NEAR_COPY_WORDS:
            reasons.append("Both say it in nearly the same words.")
            reasons.append(Technical(f"cosine {sim:.2f}; {overlap:.0%} of the shorter claim's "
                                     "words in both"))
            return "corroborates", sim, reasons + _said(agree), False
    # below the gate the model's word is not taken (gather_evidence does not ask it there)
    modelled = evidence.modelled and sim >= thresholds.gate
    if modelled and evidence.ab is not None and evidence.ba is not None:
        reasons.append(Technical(f"model: {_direction('A', evidence.ab)}; "
                                 f"{_direction('B', evidence.ba)}"))
    reasons.append(Technical(f"similar wording (cosine {sim:.2f})"))
    if cand.shared_entities:
        reasons.append(f"Both name {', '.join(cand.shared_entities[:5])}.")
    apart_note = ""
    if set_aside and not same_fact:
        apart_note = ("They state different facts, so their details are not compared: "
                      + "; ".join(c.reason for c in set_aside[:3]))
        reasons.append(apart_note)
    if weighed.actors_apart is not None:
        act, who_a, who_b = weighed.actors_apart
        reasons.append(f"They state different facts: the same act ({act}) by different actors "
                       f"('{who_a}' / '{who_b}').")
    contra = evidence.contradiction_one if modelled and same_fact else 0.0

    # 1. numbers or dates that cannot both hold
    if hard and (sim >= thresholds.tension or cand.shared_units or contra >= 0.3):
        # the slot that differs comes first: it is the finding
        return "contradicts", max(contra, sim), _said(hard) + reasons + _said(soft + agree), True

    entail = evidence.entailment if modelled else 0.0
    if modelled:
        # 2. contradiction: sure in one direction, and the other direction or a check agrees
        backing = [c for c in soft if c.check in BACKING]
        both = evidence.contradiction_both >= thresholds.contradict
        # the model alone never contradicts: a check must name the slot that differs
        conflict = evidence.same_fact[1] if evidence.same_fact is not None and same_fact else 0.0
        if conflict >= thresholds.fact_conflict and backing:
            reasons.append("The two tell one fact with a difference.")
            reasons.append(Technical(f"model: the same fact, told with a difference "
                                     f"({conflict:.2f})"))
            reasons += _said(soft + agree + notes)
            return "contradicts", float(conflict), reasons, True
        if contra >= thresholds.contradict_one and backing and contra > entail:
            explained = [c for c in agree if c.check in EXPLAINING]
            if explained and not soft:
                reasons += _said(explained)
                reasons.append("What looks like a contradiction is explained by the checks above.")
                relation = "corroborates" if sim >= thresholds.related else "related"
                return relation, sim, reasons + _said(notes), False
            reasons.append("The two accounts cannot both be true.")
            reasons.append(Technical("model: a contradiction in both directions" if both else
                                     "model: a contradiction, and a check finds a conflict"))
            reasons += _said(soft + agree + notes)
            return "contradicts", contra, reasons, True
        # 3. corroboration: the whole claim, or one claim's core
        support = evidence.support(thresholds.gate, thresholds.overlap)
        # two claims that share few of their descriptive words, each saying much the other
        # does not, are read by the model as one fact far too often (see docs/comparison.md)
        close = shared_share(evidence) >= thresholds.shared_share
        whole = (entail >= thresholds.corroborate
                 and len(evidence.shared_words) >= thresholds.overlap and close)
        core = support is not None and support.entailment >= thresholds.core and close
        alike = (evidence.same_fact is not None and same_fact and close
                 and float(evidence.same_fact[0]) >= thresholds.fact_agree)
        if alike and not whole and not core:
            serious = [c for c in soft if c.check in SERIOUS]
            if not negated and not serious and not frames:
                told = float(evidence.same_fact[0])  # type: ignore[index]
                reasons.insert(0, "Both state the same fact.")
                reasons.append(Technical(f"model: the same fact, told alike ({told:.2f})"))
                reasons += _said(agree + soft + notes)
                return "corroborates", told, reasons, _findings(soft)
        # a near-certain entailment between close claims states one fact, unless the
        # same-fact head is as sure that they are different facts or one side negates
        negation = any(c.check == "negation" and c.verdict == "conflict"
                       for c in evidence.checks)
        entailed_fact = (thresholds.entailed > 0 and not weighed.apart and not negation
                         and weighed.actors_apart is None
                         and sim >= thresholds.same_fact
                         and max(entail, support.entailment if support else 0.0)
                         >= thresholds.entailed)
        if (whole or core) and not same_fact and not entailed_fact:
            # the small model finds entailment between different facts of one story
            if weighed.actors_apart is None:
                reasons.append("Not counted as agreement: the two claims name no act in "
                               "common, or their wording is too far apart to state one fact.")
            reasons += _said(agree + notes)
            return ("related", sim, reasons, False) if sim >= thresholds.related else None
        # an act both date with words of one kind that differ ("arrested Wednesday" /
        # "arrested on Tuesday"): two occasions, or one account wrong, whatever the model reads
        if (whole or core) and weighed.dated_alike_apart and thresholds.dated_apart:
            reasons.append("Not counted as agreement: they date the act they share in other "
                           "words; two occasions, or one account is wrong.")
            reasons += _said(soft + agree + notes)
            return "related", sim, reasons, False
        if (whole or core) and frames:
            # one says it was done, the other that it may be: not the same statement
            reasons.append("Not counted as agreement: " + frames[0].reason)
            reasons += _said(soft + agree)
            return "related", sim, reasons, _findings(soft)
        if whole or core:
            best = max(entail, support.entailment if support else 0.0)
            serious = [c for c in soft if c.check in SERIOUS]
            if negated or (serious and best < 0.9):
                reasons += _said(serious + agree + notes)
                return "related", sim, reasons, _findings(serious)
            if not whole and support is not None:
                reasons.insert(0, _support_reason(support, text_a, text_b))
                reasons.append(Technical(f"model: the core entailed ({support.entailment:.2f})"))
            else:
                reasons.insert(0, _entailed(evidence, text_a, text_b))
            reasons += _said(agree + soft + notes)
            return "corroborates", best, reasons, _findings(soft)
    elif not evidence.unasked and sim >= thresholds.without_model and same_fact:
        serious = [c for c in soft if c.check in SERIOUS]
        if serious and sim < 0.9:
            reasons += _said(serious + agree + notes)
            return "related", sim, reasons, _findings(serious)
        reasons += _said(agree + soft + notes)
        return "corroborates", sim, reasons, _findings(soft)

    # 3b. the same act, close wording, shared descriptive words, nothing in conflict
    told_apart = _told_apart(evidence, thresholds.act_apart)
    # the act both name is dated in other words, or done by different actors: no route below
    # makes the two one fact
    two_facts = weighed.dated_apart or weighed.actors_apart is not None
    if (parsed and acts and sim >= thresholds.agree and not hard and not soft and not frames
            and not negated and len(evidence.shared_words) >= 2 and not told_apart
            and not two_facts):
        words = ", ".join(evidence.shared_words[:6])
        reasons.insert(0, f"Both say the same act ({', '.join(acts[:3])}) in close words.")
        reasons.append(Technical(f"shared words: {words}"))
        reasons += _said(agree + notes)
        return "corroborates", sim, reasons, False

    # 3b'. very close wording (cosine ``close_cosine``), where no check finds a difference,
    # neither negates, hedges or dates apart what the other states, neither gives a figure
    # the other lacks, and the same-fact head reads one fact told alike: not different facts
    # likely (as where details are set aside, ``detail_apart``), nor told with a difference
    # (``CLOSE_CONFLICT``: "voted for" / "voted against" is close in words)
    if (thresholds.close_cosine > 0 and sim >= thresholds.close_cosine and not hard
            and not soft and not frames and not negated and not two_facts
            and not weighed.details_apart
            and evidence.same_fact is not None
            and float(evidence.same_fact[1]) < CLOSE_CONFLICT
            and not figures_differ(text_a, text_b)):
        reasons.insert(0, "Both say it in close words, and no check finds a difference.")
        reasons += _said(agree + notes)
        return "corroborates", sim, reasons, False

    # 3c. the same count of the same thing for an act both name, nothing in conflict
    numbers_agree = any(c.check == "numbers" for c in agree)
    if (parsed and acts and weighed.same_counts and numbers_agree and not hard and not soft
            and not frames and not negated and not told_apart and not two_facts):
        x, y, noun = weighed.same_counts[0]
        said = x if x == y else f"{x} and {y}"
        # the count makes them one fact, whatever the cosine said
        reasons = [r for r in reasons if r is not apart_note]
        reasons.insert(0, f"Both give the same number of '{noun}' for the same act "
                          f"({', '.join(acts[:3])}): {said}.")
        reasons += _said(agree + notes)
        return "corroborates", sim, reasons, False

    # 3c'. the same tally, nothing in conflict: a vote or a score of twenty or more told with
    # the same two sides is one vote or one game, whatever each calls the act ("won" /
    # "defeated")
    tallies = same_tallies(a.quantities, b.quantities) if a is not None and b is not None else []
    if (tallies and not hard and not soft and not frames and not negated and not two_facts):
        x, y = tallies[0]
        said = (f"'{x.span.text}'" if x.span.text == y.span.text
                else f"'{x.span.text}' and '{y.span.text}'")
        reasons = [r for r in reasons if r is not apart_note]
        reasons.insert(0, f"Both give the same tally, {said}: one vote or one score.")
        reasons += _said(agree + notes)
        return "corroborates", sim, reasons, False

    # 3d. the evidence taken together: close wording, shared words, names and act, the model's
    # readings, weighed by the agreement model learnt from pairs labelled by reading
    if (modelled and thresholds.agreement > 0 and a is not None and b is not None
            and not hard and not soft and not frames and not negated and not told_apart
            and not two_facts and not figures_differ(text_a, text_b)):
        features = _agreement_features(evidence, weighed, a, b)
        together = load_agreement().probability(features)
        said = dict(zip(AGREEMENT_FEATURES, features, strict=True))
        # what two sources say is two statements, and one source's frame ("X said Thursday
        # that ...") shared by two claims is no shared fact: what is said must share words
        if (together >= thresholds.agreement and not said["sources_apart"]
                and (not said["both_said"] or said["content_share"] >= thresholds.shared_share)):
            reasons = [r for r in reasons if r is not apart_note]
            reasons.insert(0, _together_reason(evidence, acts))
            reasons.append(Technical(f"agreement model, the evidence taken together: "
                                     f"{together:.2f}"))
            reasons += _said(agree + notes)
            return "corroborates", together, reasons, False

    # 4. silence against disclosure; the same dated event
    disclosure = [c for c in soft if c.check == "disclosure"]
    if disclosure and sim >= thresholds.tension:
        reasons += _said(soft + agree + notes)
        return "related", sim, reasons, True
    events = [c for c in agree if c.check == "events"]
    if events and not soft:
        reasons += _said(agree)
        reasons.append("Both name the same event.")
        return "corroborates", max(sim, 0.5), reasons, False

    # 5. about the same thing; two accounts of one moment that differ in detail. A negation
    # marks tension only between claims close enough to state the same thing otherwise
    # (``without_model``): one "not" between two different statements is no difference.
    if sim < thresholds.without_model:
        soft = [c for c in soft if c.check != "negation"]
    if sim >= thresholds.related:
        shared, only_a, only_b = evidence.shared_words, evidence.only_a, evidence.only_b
        differ = (modelled and thresholds.differ > 0 and len(shared) >= thresholds.differ
                  and bool(only_a and only_b))
        if differ:
            reasons.append(
                f"both describe it as {', '.join(shared[:6])}, but neither claim entails the "
                f"other: only A has {', '.join(only_a[:6])}; only B has {', '.join(only_b[:6])}")
        elif _findings(soft):
            reasons.append("About the same thing, with differences.")
        reasons += _said(soft + agree + notes)
        return "related", sim, reasons, _findings(soft) or differ
    return None


def _agreement_features(evidence: Evidence, weighed: Weighed, a: ClaimView,
                        b: ClaimView) -> np.ndarray:
    return agreement_features(evidence, a, b, acts=weighed.acts, same_counts=weighed.same_counts,
                              soft=bool(weighed.soft), negated=weighed.negated is not None)


def _together_reason(evidence: Evidence, acts: Sequence[str]) -> str:
    """What two claims the agreement model reads as one fact share, in plain words."""
    said = []
    if acts:
        said.append(f"the same act ({', '.join(acts[:3])})")
    if evidence.candidate.shared_entities:
        said.append(f"the same names ({', '.join(evidence.candidate.shared_entities[:4])})")
    if evidence.shared_words:
        said.append(f"the same words ({', '.join(evidence.shared_words[:6])})")
    return ("Both tell the same fact: they give " + "; ".join(said) + ", and nothing in them "
            "conflicts.") if said else "Both tell the same fact, and nothing in them conflicts."


def worth_asking(evidence: Evidence, thresholds: RelationThresholds, a: ClaimView | None,
                 b: ClaimView | None) -> bool:
    """Whether the model's answer could change the relation a report shows for a pair, given
    the pair's evidence without the model (checks and descriptive words). It could when:

    * the claims share ``shared_share`` of their descriptive words: only then do its
      entailment, a core's or its "told alike" corroborate;
    * their cosine reaches ``close_cosine``: its same-fact reading decides whether they
      corroborate in close words;
    * a check finds a conflict that would count between claims of one fact: its same-fact
      reading decides whether the conflict counts, and its contradiction may back it (a pair
      where one claim negates an act the other states is asked too, though a negation alone
      now makes no finding: see ``QUIET``);
    * the relation without the model is one a report shows (the same words, the same act in
      close words, the same dated event): its "different facts" may take it away, and the
      link carries its reading in its details.

    Plain ``related`` links are left out of reports by default; with ``keep_related`` (or
    ``entailed``) the comparison asks the model for every pair from the gate."""
    if shared_share(evidence) >= thresholds.shared_share:
        return True
    if thresholds.close_cosine > 0 and evidence.candidate.similarity >= thresholds.close_cosine:
        return True  # its same-fact reading decides whether close words corroborate
    weighed = weigh_checks(evidence, thresholds, a, b)
    if (thresholds.agreement > 0 and a is not None and b is not None
            and evidence.candidate.similarity >= thresholds.gate
            and load_agreement().best_case(_agreement_features(evidence, weighed, a, b))
            >= thresholds.agreement):
        return True  # its readings may make the evidence taken together one fact
    if weighed.hard or weighed.soft or weighed.negated:
        return True
    without = dataclasses.replace(evidence, unasked=True)
    decision = decide(without, thresholds, a.text if a else "", b.text if b else "", a, b)
    return decision is not None and (decision[0] != "related" or decision[3])


def _details(evidence: Evidence, tension: bool, gate: float, overlap: int) -> dict[str, Any]:
    details: dict[str, Any] = {
        "similarity": round(evidence.candidate.similarity, 4),
        "tension": tension,
        "checks": [{"check": c.check, "verdict": c.verdict, "reason": c.reason}
                   for c in evidence.checks],
    }
    if evidence.ab is not None and evidence.ba is not None:
        details["nli"] = {
            "a_to_b": [round(float(x), 4) for x in evidence.ab],
            "b_to_a": [round(float(x), 4) for x in evidence.ba],
            "labels": ["entailment", "neutral", "contradiction"],
        }
    if evidence.same_fact is not None:
        details["same_fact"] = {
            "probabilities": [round(float(x), 4) for x in evidence.same_fact],
            "labels": ["same_agree", "same_conflict", "different"],
        }
    support = evidence.support(gate, overlap)
    if support is not None:
        details["core"] = {"premise": support.premise, "core": support.core,
                           "entailment": round(support.entailment, 4)}
    return details


def relate(
    views: Sequence[ClaimView],
    evidence: Sequence[Evidence],
    thresholds: RelationThresholds,
) -> list[Link]:
    """One :class:`~crosswire.report.model.Link` per candidate pair that is worth one."""
    links: list[Link] = []
    for found in evidence:
        a, b = views[found.candidate.a], views[found.candidate.b]
        decision = decide(found, thresholds, a.text, b.text, a, b)
        if decision is None:
            continue
        relation, score, reasons, tension = decision
        plain = [r for r in reasons if not isinstance(r, Technical)]
        if not plain:
            plain = ["About the same subject; neither account confirms or contradicts the other."]
        details = _details(found, tension, thresholds.gate, thresholds.overlap)
        details["evidence"] = [str(r) for r in reasons if isinstance(r, Technical)]
        links.append(Link(a.id, b.id, relation, float(score), tuple(plain),  # type: ignore[arg-type]
                          details))
    return links
