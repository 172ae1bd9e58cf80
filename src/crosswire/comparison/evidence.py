"""What the comparison knows about a candidate pair before deciding its relation.

For each candidate pair of claims A and B, :func:`gather_evidence` collects:

* the explicit checks (:mod:`crosswire.comparison.checks`);
* the *descriptive words* the claims share, and those each has alone:
  content words outside the names of people, organisations and places. In a
  story every claim names the same countries and leaders, which lifts the
  cosine of any two; the words that describe what happened (kneel, coffin,
  flag, hand) tell two accounts of one moment apart from two claims that
  merely share names;
* when the pair is close enough to be about the same thing (cosine at or above
  ``gate``), the NLI model's probabilities both ways, A -> B and B -> A, and
  the best *core support*: the highest entailment of a core of one claim
  (:mod:`crosswire.comparison.cores`) by the whole of the other;
* with a model that has the same-fact head (the bundled one,
  :meth:`crosswire.models.NLIModel.same_fact`), read from the same two calls:
  whether the claims state the same fact, told alike or in conflict, or different
  facts, averaged over both orders.

Below ``gate`` the model is not asked: a small cross-encoder finds entailment
between texts that share nothing but a country name (measured in
``training/calibrate_relations.py``), and leaving those pairs to the checks
alone also keeps the number of model calls small. The same gate holds for a
core: when an embedder is given, a core is read against the other claim only
when their cosine reaches ``gate``. Each distinct (premise, hypothesis) pair
is sent to the model once.

From the gate, a pair is read by the model only when its answer could change what a
report shows (``worth_asking``, given by the comparison): most pairs of a story share
few descriptive words and conflict on nothing, and for those the model could make
neither a corroboration nor a contradiction, nor take a finding away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal, Protocol

import numpy as np

from .candidates import Candidate, Embedder
from .checks import CheckResult, content_words, run_checks
from .cores import framed_cores
from .views import ClaimView

__all__ = ["NLI", "CoreSupport", "Evidence", "gather_evidence", "word_share"]


class NLI(Protocol):
    """Natural-language inference: ``[entailment, neutral, contradiction]`` per (premise,
    hypothesis) pair."""

    def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray: ...


def _relations(nli: NLI, pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray | None]:
    """NLI probabilities, and same-fact probabilities where the model has that head."""
    if getattr(nli, "has_same_fact", False):
        out, same = nli.predict_relations(pairs)  # type: ignore[attr-defined]
        return np.asarray(out, dtype=np.float64), np.asarray(same, dtype=np.float64)
    return np.asarray(nli.predict(pairs), dtype=np.float64), None


@dataclass(frozen=True, slots=True)
class CoreSupport:
    """One claim (``premise``: ``"A"`` or ``"B"``) entails a core of the other."""

    premise: Literal["A", "B"]
    core: str
    entailment: float
    contradiction: float
    #: cosine of the core and the premise (1.0 when not measured)
    similarity: float = 1.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything :func:`crosswire.comparison.relations.decide` weighs for one pair."""

    candidate: Candidate
    checks: tuple[CheckResult, ...]
    ab: np.ndarray | None = None
    ba: np.ndarray | None = None
    #: every core the model read against the other claim
    supports: tuple[CoreSupport, ...] = ()
    #: descriptive words both claims use, and those only A or only B uses
    shared_words: tuple[str, ...] = ()
    only_a: tuple[str, ...] = ()
    only_b: tuple[str, ...] = ()
    #: the model's same-fact probabilities, both orders averaged: told alike, in conflict,
    #: different facts (``None`` when the model has no such head or was not asked)
    same_fact: np.ndarray | None = None
    #: the pair reaches the gate, but the model was not asked: its answer could not change
    #: the relation a report shows (see :func:`crosswire.comparison.relations.worth_asking`)
    unasked: bool = False

    @property
    def same_fact_probability(self) -> float | None:
        """The model's probability that the two claims state one fact (alike or not)."""
        return None if self.same_fact is None else float(self.same_fact[0] + self.same_fact[1])

    @property
    def modelled(self) -> bool:
        """Whether the NLI model read this pair."""
        return self.ab is not None and self.ba is not None

    @property
    def entailment(self) -> float:
        """The model's entailment of the whole claim, in the likelier direction."""
        if self.ab is None or self.ba is None:
            return 0.0
        return float(max(self.ab[0], self.ba[0]))

    def core_overlap(self, support: CoreSupport) -> tuple[str, ...]:
        """The descriptive words a core shares with the claim that entails it."""
        words_a = set(self.shared_words) | set(self.only_a)
        words_b = set(self.shared_words) | set(self.only_b)
        premise, other = (words_a, words_b) if support.premise == "A" else (words_b, words_a)
        return tuple(sorted(content_words(support.core) & other & premise))

    def support(self, gate: float = 0.0, overlap: int = 0) -> CoreSupport | None:
        """The best-entailed core among those whose cosine to the premise reaches ``gate`` and
        that share ``overlap`` descriptive words or more with it."""
        close = [s for s in self.supports
                 if s.similarity >= gate and len(self.core_overlap(s)) >= overlap]
        return max(close, key=lambda s: s.entailment) if close else None

    @property
    def contradiction_both(self) -> float:
        """The model's contradiction in the less sure direction: high only when both
        directions agree."""
        if self.ab is None or self.ba is None:
            return 0.0
        return float(min(self.ab[2], self.ba[2]))

    @property
    def contradiction_one(self) -> float:
        """The model's contradiction in the surer direction."""
        if self.ab is None or self.ba is None:
            return 0.0
        return float(max(self.ab[2], self.ba[2]))


NAMES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW"})


def descriptive_words(view: ClaimView) -> set[str]:
    """A claim's content words outside the names it mentions (see the module docstring)."""
    names: set[str] = set()
    for entity in view.entities:
        if entity.label in NAMES:
            names |= content_words(entity.span.text)
    return content_words(view.text) - names


def said_inside(view: ClaimView) -> str | None:
    """What an attributed claim says, where the analysis found it inside the claim ("Holder
    said Wednesday that *...*"), else ``None``."""
    claim = view.claim
    content = claim.attribution.content if claim.attribution else None
    inside = content is not None and claim.start <= content.start and content.end <= claim.end
    return content.text if content is not None and inside else None


def claim_cores(view: ClaimView) -> list[str]:
    """A claim's cores (:mod:`crosswire.comparison.cores`), from its attributed content when
    the analysis found one inside the claim."""
    return framed_cores(view.text, said_inside(view))


def word_share(a: set[str], b: set[str]) -> float:
    """The share of two claims' descriptive words that both use (shared over all)."""
    every = a | b
    return len(a & b) / len(every) if every else 0.0


def _words_of(views: Sequence[ClaimView],
              candidates: Sequence[Candidate]) -> dict[int, set[str]]:
    """The descriptive words of every claim that takes part in a candidate pair."""
    return {index: descriptive_words(views[index])
            for cand in candidates for index in (cand.a, cand.b)}


def _core_pairs(views: Sequence[ClaimView], candidates: Sequence[Candidate],
                gate: float, core_share: float = 0.0,
                words: dict[int, set[str]] | None = None) -> list[tuple[int, int]]:
    """``(premise claim, other claim)`` index pairs whose cores are worth reading: the pairs
    from ``gate`` whose claims share ``core_share`` of their descriptive words or more (below
    it, a core's entailment decides nothing: see ``RelationThresholds.shared_share``).
    ``words``: the claims' descriptive words (:func:`_words_of`), when already read."""
    if core_share > 0 and words is None:
        words = _words_of(views, candidates)
    out: dict[tuple[int, int], None] = {}
    for cand in candidates:
        if cand.similarity < gate:
            continue
        if words is not None and word_share(words[cand.a], words[cand.b]) < core_share:
            continue
        out.setdefault((cand.a, cand.b))
        out.setdefault((cand.b, cand.a))
    return list(out)


def _close_cores(
    views: Sequence[ClaimView],
    candidates: Sequence[Candidate],
    gate: float,
    embedder: Embedder | None,
    vectors: np.ndarray | None = None,
    core_share: float = 0.0,
    words: dict[int, set[str]] | None = None,
) -> dict[tuple[int, int], list[tuple[str, float]]]:
    """For each ``(premise, other)`` claim pair, the other's cores worth reading against the
    premise, with their cosine to it: all of them without an embedder (cosine 1.0), else
    those whose cosine reaches ``gate``. ``vectors``: the claims' embeddings, row by view,
    when already computed; ``core_share`` and ``words``: see :func:`_core_pairs`."""
    pairs = _core_pairs(views, candidates, gate, core_share, words)
    split = {index: claim_cores(views[index]) for _, index in pairs}
    if embedder is None:
        return {(p, o): [(c, 1.0) for c in split[o]] for p, o in pairs}
    premises = sorted({p for p, o in pairs if split[o]})
    texts = sorted({c for p, o in pairs for c in split[o]})
    if vectors is None:
        texts = sorted(set(texts) | {views[p].text for p in premises})
    if not texts:
        return {(p, o): [] for p, o in pairs}
    encoded = np.asarray(embedder.encode(texts), dtype=np.float32)
    row = {t: encoded[n] for n, t in enumerate(texts)}
    of = ({p: vectors[p] for p in premises} if vectors is not None
          else {p: row[views[p].text] for p in premises})
    out: dict[tuple[int, int], list[tuple[str, float]]] = {}
    for p, o in pairs:
        sims = [(c, float(of[p] @ row[c])) for c in split[o]]
        out[(p, o)] = [(c, sim) for c, sim in sims if sim >= gate]
    return out


def model_pairs(
    views: Sequence[ClaimView],
    candidates: Sequence[Candidate],
    *,
    gate: float,
    close_cores: dict[tuple[int, int], list[tuple[str, float]]] | None = None,
) -> list[tuple[str, str]]:
    """The distinct (premise, hypothesis) pairs the model reads for these candidates: each
    pair at or above ``gate`` both ways, and each claim against the other's cores
    (``close_cores``, from :func:`_close_cores`; every core when not given)."""
    if close_cores is None:
        close_cores = _close_cores(views, candidates, gate, None)
    wanted: dict[tuple[str, str], None] = {}
    for cand in candidates:
        if cand.similarity < gate:
            continue
        a, b = views[cand.a].text, views[cand.b].text
        wanted.setdefault((a, b))
        wanted.setdefault((b, a))
        for premise, other in ((cand.a, cand.b), (cand.b, cand.a)):
            for core, _ in close_cores.get((premise, other), []):
                wanted.setdefault((views[premise].text, core))
    return list(wanted)


def gather_evidence(
    views: Sequence[ClaimView],
    candidates: Sequence[Candidate],
    nli: NLI | None,
    *,
    gate: float,
    embedder: Embedder | None = None,
    vectors: np.ndarray | None = None,
    core_share: float = 0.0,
    worth_asking: Callable[[Evidence], bool] | None = None,
) -> tuple[list[Evidence], list[tuple[str, str]]]:
    """One :class:`Evidence` per candidate, in order (see the module docstring), and the
    (premise, hypothesis) pairs the model read. ``vectors``: the claims' embeddings (row by
    view) when the caller has them; the cores are embedded with ``embedder``. ``core_share``:
    the cores of a pair are read only when its claims share that much of their descriptive
    words (0: always), since below the comparison's ``shared_share`` a core decides nothing.
    ``worth_asking``: given a pair's evidence without the model, whether the model's answer
    could change the relation a report shows (see
    :func:`crosswire.comparison.relations.worth_asking`); a pair from the gate it says no to
    is left unasked (:attr:`Evidence.unasked`). ``None``: every pair from the gate is asked."""
    probs: dict[tuple[str, str], np.ndarray] = {}
    same: dict[tuple[str, str], np.ndarray] = {}
    close: dict[tuple[int, int], list[tuple[str, float]]] = {}
    pairs: list[tuple[str, str]] = []
    words = _words_of(views, candidates)
    plain: list[Evidence] = []
    for cand in candidates:
        wa, wb = words[cand.a], words[cand.b]
        plain.append(Evidence(cand, tuple(run_checks(views[cand.a], views[cand.b])), None, None,
                              (), tuple(sorted(wa & wb)), tuple(sorted(wa - wb)),
                              tuple(sorted(wb - wa))))
    asked = [nli is not None and e.candidate.similarity >= gate
             and (worth_asking is None or worth_asking(e)) for e in plain]
    if nli is not None:
        chosen = [e.candidate for e, ask in zip(plain, asked, strict=True) if ask]
        close = _close_cores(views, chosen, gate, embedder, vectors, core_share, words)
        pairs = model_pairs(views, chosen, gate=gate, close_cores=close)
        if pairs:
            out, same_out = _relations(nli, pairs)
            probs = {pair: out[n] for n, pair in enumerate(pairs)}
            if same_out is not None:
                same = {pair: same_out[n] for n, pair in enumerate(pairs)}
    found: list[Evidence] = []
    for evidence, ask in zip(plain, asked, strict=True):
        cand = evidence.candidate
        a, b = views[cand.a], views[cand.b]
        if not ask:
            unasked = nli is not None and cand.similarity >= gate
            found.append(replace(evidence, unasked=True) if unasked else evidence)
            continue
        supports = []
        for side, premise, other in (("A", cand.a, cand.b), ("B", cand.b, cand.a)):
            for core, sim in close.get((premise, other), []):
                p = probs[(views[premise].text, core)]
                supports.append(CoreSupport(side, core, float(p[0]), float(p[2]), sim))  # type: ignore[arg-type]
        both = None
        if same:
            both = (same[(a.text, b.text)] + same[(b.text, a.text)]) / 2
        found.append(replace(evidence, ab=probs[(a.text, b.text)], ba=probs[(b.text, a.text)],
                             supports=tuple(supports), same_fact=both))
    return found, pairs
