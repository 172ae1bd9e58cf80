"""Explicit checks between two claims, each giving its verdict and a reason in words.

The checks do not need a model: numbers (with approximators and ranges),
dates (resolved, with durations), places (by containment), times of day
across time zones, actors, negation, silence against disclosure, and the
details one claim has that the other lacks. :func:`run_checks` runs them all;
:mod:`crosswire.comparison.relations` weighs their verdicts with the NLI
model's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal

from .names import name_words, strip_possessive
from .numbers import PERCENT_UNITS, compare_quantities
from .places import compare_places, gazetteer
from .timecheck import compare_dayparts, compare_times, find_dayparts
from .views import ClaimView

__all__ = [
    "CheckResult",
    "Verdict",
    "check_actors",
    "check_disclosure",
    "check_events",
    "check_frames",
    "check_negation",
    "check_numbers",
    "check_places",
    "check_settings",
    "content_words",
    "run_checks",
]

Verdict = Literal["agree", "conflict", "note"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check's verdict on a pair of claims.

    ``hard`` conflicts (numbers or dates that cannot both be true) make a
    contradiction on their own; soft ones (a different actor, a negation, a
    missing detail) need the claims to be otherwise close.
    """

    check: str
    verdict: Verdict
    reason: str
    hard: bool = False


NEGATION = re.compile(
    r"\b(?:not|no|never|n[o']t|neither|nor|none|nobody|nothing|denied|denies|deny|denying|"
    r"refused|refuses|rejected|rejects|failed to|fails to|without|false|untrue)\b|n[\u2019']t\b",
    re.I,
)
SILENCE = re.compile(
    r"\b(?:(?:remained|remains|remain|kept|keeps|stayed|has been|have been|was|were|is|are)\s+"
    r"(?:largely\s+|mostly\s+|entirely\s+|conspicuously\s+)?(?:silent|quiet|tight-lipped|mum)|"
    r"silent\s+on|declined\s+to\s+(?:comment|confirm|disclose)|refused\s+to\s+"
    r"(?:comment|confirm|disclose)|(?:has|have|had)\s+not\s+(?:confirmed|acknowledged|commented|"
    r"disclosed)|no\s+official\s+(?:confirmation|comment|acknowledg\w+)|not\s+(?:officially\s+)?"
    r"(?:confirmed|acknowledged)|lack\s+of\s+official\s+confirmation)",
    re.I,
)
DISCLOSURE = re.compile(
    r"\b(?:reported|reports|announced|announces|acknowledged|acknowledges|confirmed|confirms|"
    r"disclosed|revealed|showed|shows|displayed|broadcast|aired|published|released|"
    r"issued|declared|admitted|footage|state media|public acknowledgment)\b",
    re.I,
)
STOPWORDS = frozenset(
    """a an the and or but if of at by for with about against between into through during before
    after above below to from up down in out on off over under again further then once here there
    when where why how all any both each few more most other some such no nor not only own same so
    than too very can will just should now is are was were be been being have has had having do
    does did doing would could might may must shall this that these those it its he him his she her
    they them their we our you your i me my who whom which what also as while said says say told
    according reported which whose one two three first last year years time""".split()
)


def content_words(text: str) -> set[str]:
    """Lower-cased words of four letters or more, stemmed lightly, without stop words."""
    return set(_content_words(text))


@lru_cache(maxsize=4096)
def _content_words(text: str) -> frozenset[str]:
    # a claim's words are read for each of its pairs and each check
    return frozenset(stem for _, stem in _stemmed(text))


def surface_words(text: str, stems: set[str]) -> list[str]:
    """The words of ``text`` whose :func:`content_words` stem is in ``stems``, as written,
    each once, in the order they come."""
    found: dict[str, str] = {}
    for word, stem in _stemmed(text):
        if stem in stems and stem not in found:
            found[stem] = strip_possessive(word, bare_apostrophe=True)
    return list(found.values())


def _stemmed(text: str) -> Iterator[tuple[str, str]]:
    """``(word as written, its stem)`` for each content word of ``text``, in order."""
    for word in re.findall(r"[A-Za-z][A-Za-z'\u2019-]+", text):
        lower = strip_possessive(word.lower().replace("\u2019", "'"))
        if lower not in STOPWORDS and len(lower) >= 4:
            yield word, _stem(lower)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def check_numbers(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    """Numbers of the same kind of thing: a conflict where their values cannot both hold.
    Two different shares (percentages, margins in points) are a note, not a conflict: they
    are read far more often from two measurements (two polls of one race, a poll and an
    average of polls) than from two accounts of one; in the reports of 24 PolNeAR stories,
    read link by link, both contradictions they made were two polls."""
    results = []
    for f in compare_quantities(a.quantities, b.quantities):
        if f.agree:
            results.append(CheckResult("numbers", "agree", f.reason))
        elif f.a.unit in PERCENT_UNITS and f.b.unit in PERCENT_UNITS:
            results.append(CheckResult("numbers", "note", f"different shares, which may be "
                                       f"different measurements: {f.reason}"))
        else:
            results.append(CheckResult("numbers", "conflict", f.reason, hard=True))
    return results


#: days between two dates from which they are read as two occasions, not one date told two ways
OCCASIONS_APART = 366


def check_times(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    """Dates of the two claims: a conflict where they cannot both date one act. Dates more than
    a year apart (:data:`OCCASIONS_APART`) are a note instead: in reports they were two
    occasions of one kind of act far more often than one date told two ways (a clinic
    destroyed in 1998 and again in 2005; hosting the Emmys in 2001 and the Oscars in 2007), while
    every date conflict of the multi-outlet gold lies within a year ("since 2002" / "since
    2003")."""
    findings = compare_times(a.times, b.times, published_a=a.published, published_b=b.published)
    if any(f.agree for f in findings):
        findings = [f for f in findings if f.agree]
    results = []
    for f in findings:
        if f.agree:
            results.append(CheckResult("dates", "agree", f.reason))
        elif f.gap_days > OCCASIONS_APART:
            results.append(CheckResult("dates", "note", f"{f.reason}: more than a year apart, "
                                       "which tells two occasions more often than one date"))
        else:
            results.append(CheckResult("dates", "conflict", f.reason,
                                       hard=len(a.times) == len(b.times) == 1))
    return results


def check_places(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    return [CheckResult("places", "agree" if f.agree else "conflict", f.reason)
            for f in compare_places(a.places, b.places)]


def check_dayparts(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    pa, pb = find_dayparts(a.text), find_dayparts(b.text)
    if not pa or not pb:
        return []
    reference = (a.published or b.published or datetime.now(UTC)).date()
    findings = compare_dayparts(pa, pb, zone_a=a.zone(), zone_b=b.zone(), reference=reference)
    return [CheckResult("time zones", "agree" if f.agree else "conflict", f.reason,
                        hard=not f.agree and a.zone() is not None and b.zone() is not None)
            for f in findings]


def _person_key(name: str) -> frozenset[str]:
    return name_words(name) - {"the", "of", "mr", "mrs", "ms", "dr"}


def _same_actor(x: str, y: str) -> bool:
    kx, ky = _person_key(x), _person_key(y)
    return bool(kx and ky and (kx <= ky or ky <= kx))


def check_actors(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    """Shared actors agree; when each claim names actors and none is shared, they differ."""
    actors_a, actors_b = a.actors, b.actors
    if not actors_a or not actors_b:
        return []
    shared = [x for x in actors_a if any(_same_actor(x, y) for y in actors_b)]
    if shared:
        names = ", ".join(dict.fromkeys(shared))
        return [CheckResult("actors", "agree", f"same actor: {names}")]
    return [CheckResult("actors", "conflict",
                        f"actors differ: {', '.join(dict.fromkeys(actors_a))} vs "
                        f"{', '.join(dict.fromkeys(actors_b))}")]


def check_negation(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    """One claim negated and the other not: a sign of contradiction when they are otherwise close."""
    na, nb = NEGATION.search(a.text), NEGATION.search(b.text)
    if bool(na) == bool(nb):
        return []
    negated, cue = ("A", na) if na else ("B", nb)
    assert cue is not None
    return [CheckResult("negation", "conflict",
                        f"negation: claim {negated} says '{cue.group(0)}', the other affirms")]


def check_disclosure(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    """One claim says something was kept silent or unconfirmed; the other reports it made public."""
    results: list[CheckResult] = []
    for first, second, name in ((a, b, "A"), (b, a, "B")):
        silent = SILENCE.search(first.text)
        if not silent or SILENCE.search(second.text):
            continue
        shown = DISCLOSURE.search(second.text)
        if not shown:
            continue
        shared = sorted(content_words(first.text) & content_words(second.text))
        if not shared:
            continue
        other = "B" if name == "A" else "A"
        results.append(CheckResult(
            "disclosure", "conflict",
            f"silence vs disclosure: claim {name} says '{silent.group(0)}', claim {other} reports "
            f"it made public ('{shown.group(0)}'), "
            f"on {', '.join(surface_words(first.text, set(shared))[:4])}",
        ))
    return results


_ANNIVERSARY = re.compile(
    r"\b(first|second|third|fourth|fifth|tenth|\d+(?:st|nd|rd|th)|one-year|\d+-year)\s+"
    r"anniversary\s+of\s+([^.;]{0,140})",
    re.I,
)
_ORDINALS = {"first": 1, "one-year": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
             "tenth": 10}


def _anniversaries(text: str) -> list[tuple[int, frozenset[str], str]]:
    """``(ordinal, countries, text)`` of each "Nth anniversary of ..." in a text; capitals
    stand for their countries."""
    gaz = gazetteer()
    found = []
    for match in _ANNIVERSARY.finditer(text):
        word = match.group(1).lower()
        number = _ORDINALS.get(word) or int(re.sub(r"\D", "", word) or 0)
        names = re.findall(r"[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*", match.group(2))
        countries = frozenset(c for n in names for c in [gaz.country(strip_possessive(n))]
                              if c)
        found.append((number, countries, match.group(0).strip()))
    return found


def check_events(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    """The same dated event named in both claims: the same anniversary of an agreement between
    the same countries ("Pyongyang's defence agreement with Moscow" is one between North Korea
    and Russia)."""
    results: list[CheckResult] = []
    for na, ca, ta in _anniversaries(a.text):
        for nb, cb, tb in _anniversaries(b.text):
            if na != nb:
                if ca and ca == cb:
                    results.append(CheckResult("events", "conflict",
                                               f"anniversaries differ: '{ta}' vs '{tb}'",
                                               hard=True))
                continue
            if len(ca & cb) >= 2 or (ca and ca == cb):
                parties = "–".join(sorted(ca & cb))
                results.append(CheckResult("events", "agree",
                                           f"same event: '{ta}' and '{tb}' (the same anniversary "
                                           f"of a {parties} agreement)"))
    return results


def check_settings(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    """The same act placed at different things: each claim sets it somewhere (a spatial
    preposition and a common noun: "beside a coffin", "over a grave", see
    :mod:`crosswire.comparison.settings`) that the other claim never mentions. Settings both
    mention agree. Needs the claims' scenes (:attr:`ClaimView.scene`); none, no verdict."""
    if a.scene is None or b.scene is None:
        return []
    acts = sorted(a.scene.acts & b.scene.acts)
    if not acts:
        return []
    only_a = [s for s in a.scene.settings if s.noun not in b.scene.nouns]
    only_b = [s for s in b.scene.settings if s.noun not in a.scene.nouns]
    shared = [s for s in a.scene.settings if s.noun in b.scene.nouns]
    act = ", ".join(f"'{v}'" for v in acts[:3])
    if only_a and only_b:
        return [CheckResult(
            "settings", "conflict",
            f"the same act ({act}) in different settings: A has "
            f"{', '.join(repr(s.phrase) for s in only_a[:2])}, B has "
            f"{', '.join(repr(s.phrase) for s in only_b[:2])}, and neither mentions the other's",
        )]
    if shared:
        return [CheckResult("settings", "agree",
                            f"the same setting: {', '.join(repr(s.phrase) for s in shared[:2])}")]
    return []


def check_frames(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    """The same act said to be done in one claim and possible in the other ("North Korean
    forces were deployed" / "North Korea may deploy additional troops"): two statements about
    different times, which do not corroborate each other whatever the wording shares. A note,
    not a conflict: neither contradicts the other. An act a claim puts both ways makes no
    clear difference."""
    if a.scene is None or b.scene is None:
        return []
    frames_a, frames_b = _frames(a.scene.frames), _frames(b.scene.frames)
    for act, (frame_a, words_a) in frames_a.items():
        if act not in frames_b:
            continue
        frame_b, words_b = frames_b[act]
        if frame_a is None or frame_b is None or frame_a == frame_b:
            continue
        done, possible = (("A", words_a), ("B", words_b)) if frame_a == "done" else (
            ("B", words_b), ("A", words_a))
        return [CheckResult(
            "time frames", "note",
            f"different time frames: {done[0]} says it was done ('{done[1]}'), "
            f"{possible[0]} that it may be ('{possible[1]}')")]
    return []


def _frames(frames: tuple[tuple[str, str, str], ...]) -> dict[str, tuple[str | None, str]]:
    """Each act's one frame and the words of its first mention; ``None`` for an act the
    claim puts both ways."""
    found: dict[str, tuple[str | None, str]] = {}
    for act, frame, words in frames:
        if act not in found:
            found[act] = (frame, words)
        elif found[act][0] != frame:
            found[act] = (None, found[act][1])
    return found


def check_details(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    """What each claim says that the other does not, in words of its own."""
    wa, wb = content_words(a.text), content_words(b.text)
    shared = wa & wb
    only_a, only_b = sorted(wa - wb), sorted(wb - wa)
    if not shared or not (only_a and only_b):
        return []
    return [CheckResult(
        "details", "note",
        f"shared: {', '.join(sorted(shared)[:6])}; only in A: {', '.join(only_a[:5])}; "
        f"only in B: {', '.join(only_b[:5])}",
    )]


def run_checks(a: ClaimView, b: ClaimView) -> list[CheckResult]:
    """Every explicit check on a pair of claims, in a fixed order."""
    results: list[CheckResult] = []
    for check in (check_numbers, check_times, check_dayparts, check_places, check_settings,
                  check_frames, check_events, check_actors, check_negation, check_disclosure,
                  check_details):
        results.extend(check(a, b))
    return results
