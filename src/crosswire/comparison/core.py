"""Compare analysed articles claim by claim: links, groups and framing.

:func:`compare_articles` takes articles the analysis stages have filled
(sentences, entities, quantities, times, attributions, claims) and returns a
:class:`Comparison`:

``links``
    a relation per candidate pair of claims from different articles
    (corroborates / contradicts / related), each with its reasons in words;
``groups``
    every claim in one group with its status (corroborated / contested /
    single_source) and the number of independent sources behind it;
``framing``
    for each referent the articles share, the terms each article uses for it,
    with loaded language flagged from the project's lexicon.

The embedder and the NLI model are injected (anything with ``encode`` /
``predict``); when not given, the bundled models are loaded.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..document import Article
from ..report.model import Framing, Group, Link
from .candidates import Candidate, Embedder, find_candidates
from .framing import find_framing
from .groups import build_groups
from .evidence import NLI, Evidence, gather_evidence
from .relations import RelationThresholds, relate, worth_asking
from .settings import find_settings
from .views import ClaimView, build_views

__all__ = ["CompareOptions", "Comparison", "attach_scenes", "compare_articles", "reported_links"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class CompareOptions(RelationThresholds):
    """How claims are paired and related.

    Pairing: ``top_k`` partners kept per claim in each other article, and at most
    ``max_partners`` per claim over all articles (0: no cap);
    ``min_score`` the lowest candidate score (cosine plus ``entity_weight`` and
    ``quantity_weight`` bonuses) worth comparing.

    Relations (see :mod:`crosswire.comparison.relations`; the defaults are
    calibrated by ``training/calibrate_relations.py``, see
    ``docs/comparison.md``): ``gate`` the cosine from which the NLI model is
    asked; ``overlap`` the descriptive words (outside names) two texts must
    share for the model's entailment to count; ``corroborate`` the model's entailment of a whole claim, in either
    direction, that corroborates; ``core`` the entailment of the core of one
    claim by the other that corroborates in part; ``contradict_one`` the
    model's contradiction in its surer direction that contradicts when the
    other direction reaches ``contradict`` or a check finds a conflict;
    ``related`` the cosine from which a pair neither entailing nor
    contradicting is linked as related; ``differ`` the number of descriptive
    words (outside names) such a pair must share to be marked as tension (two
    accounts of one moment that differ in detail; 0, the default, never: the
    calibration data does not support the rule); ``tension`` the cosine from which silence against disclosure, or
    numbers and dates in conflict, are linked; ``without_model`` the cosine
    that corroborates when no NLI model is used, and from which a negation marks a related
    link as tension (two claims that close state the same thing but for the "not").

    Same fact (see :mod:`crosswire.comparison.facts`, chosen on the multi-outlet gold's dev
    half): ``same_fact`` the cosine from which two claims that state an act in common state
    the same fact (only then are their numbers, dates, places and negations compared, and
    only then does the model's entailment corroborate); ``agree`` the cosine from which two
    such claims that share two descriptive words and differ on nothing corroborate without
    the model; ``quote_words`` the run of identical words (at least half the shorter claim)
    that makes two claims one statement (0: off); ``quoted_words`` the run of identical
    words that both claims quote directly (at least half the shorter quote) that makes them
    one statement (0, the default: off; 5 measured on 2,600 cross-outlet pairs labelled by
    reading, see docs/comparison.md); ``near_copy`` the cosine from which two
    claims that share 80% of the shorter one's words are one statement in near-identical
    words ("Tom Brady, George Clooney, James Bond, the president" / "... James Bond and the
    president"); ``actors_apart``: two claims whose shared act is done by different named
    actors state two facts, even in the same words (see
    :func:`~crosswire.comparison.facts.actors_apart`); ``dated_apart``: two claims that date
    an act they share with words of one kind that differ (two weekdays, months or years:
    "arrested Wednesday" / "arrested on Tuesday") are not corroborated by the model's
    entailment, whole claim or core.

    With a relation model that has the same-fact head (the bundled one): ``fact`` the
    model's probability that two claims state one fact (told alike or in conflict,
    both orders averaged) from which they do, in place of the act-and-cosine rule above
    (0: the rule alone); ``fact_rule`` whether the rule also makes a same fact where the
    model does not; ``fact_agree`` the model's probability that they tell it alike from
    which it corroborates, nothing in conflict; ``fact_conflict`` the model's
    probability of a conflict in one fact that contradicts when a check names the slot
    that differs; ``entailed`` the entailment (of the whole claim or of one claim's core)
    from which two claims of cosine ``same_fact`` or more state one fact even without an
    act in common, unless the same-fact head is ``fact`` sure they are different facts or
    one side negates what the other affirms (0, the default: off; see docs/comparison.md
    for what it gains and costs on the multi-outlet gold); ``shared_share`` the share of
    the two claims' descriptive words that both use, from which the model's entailment (whole
    claim or core) and its "told alike" corroborate; ``act_apart`` the same-fact head's
    probability of different facts from which two claims that name one act in close words are
    not corroborated (both chosen on 2,600 cross-outlet pairs labelled by reading, see
    docs/comparison.md); ``detail_apart`` the same-fact head's probability of different facts
    from which two claims' numbers, dates, places and negations are not compared (0.5: the head
    finds different facts likelier than not; 0: ``fact``). Two claims that date an act both name
    in other words ("met on Thursday" / "met Sunday") are never corroborated by the same act in
    close words alone: they conflict, or tell two occasions of the act. ``core_held``: the
    model's entailment of a core of one claim by the other from which the two state one fact
    when the entailing claim holds at least half of the core's content words (three or more)
    itself, whatever the same-fact head and the parse say (0: off). ``close_cosine``: the
    cosine from which two claims corroborate in close words alone, when no check finds a
    difference, neither negates, hedges or dates apart what the other states, neither gives a
    figure the other lacks, and the same-fact head reads one fact told alike (not different
    facts ``detail_apart`` likely, nor told with a difference) (0: off; 9 of 10 new links right
    over the labelled BASIL and NeuS pairs, 15 of 15 in held-out reports, see
    docs/comparison.md). ``agreement``: the agreement model's probability from which a pair's
    evidence taken together (close wording, shared words, names and act, the model's readings;
    :mod:`crosswire.comparison.agreement`) corroborates, where nothing conflicts, neither
    negates, hedges or dates apart what the other states, the same-fact head is not sure of
    different facts, no two sources are named apart, and two attributed claims share what
    they say (0, the default: off; its new links were right 56 times in 71 in the reports of
    ``crosswire eval links``, see docs/comparison.md).

    ``keep_related``: also report plain ``related`` links (pairs about the same thing that
    neither corroborate, contradict nor differ on a fact); by default a report carries only
    corroborations, contradictions and tensions, and the model reads only the pairs whose
    relation in the report its answer could change
    (:func:`crosswire.comparison.relations.worth_asking`); with ``keep_related`` it reads
    every pair from ``gate``.

    ``use_nli``: ``False`` decides with the checks and similarity alone;
    ``settings``: parse the claims of candidate pairs for the settings of their acts (see
    :mod:`crosswire.comparison.settings`); ``framing``: find framing differences.
    """

    top_k: int = 5
    max_partners: int = 10
    min_score: float = 0.35
    entity_weight: float = 0.15
    quantity_weight: float = 0.05
    use_nli: bool = True
    keep_related: bool = False
    settings: bool = True
    framing: bool = True

    def __post_init__(self) -> None:
        RelationThresholds.__post_init__(self)
        if self.top_k < 1:
            raise ValueError(f"top_k must be at least 1, not {self.top_k}")
        if not -1.0 <= self.min_score <= 2.0:
            raise ValueError(f"min_score must lie between -1 and 2, not {self.min_score}")

    @property
    def thresholds(self) -> RelationThresholds:
        """The relation thresholds alone, as :func:`~crosswire.comparison.relations.relate`
        takes them."""
        return RelationThresholds(**{f.name: getattr(self, f.name)
                                     for f in dataclasses.fields(RelationThresholds)})


@dataclass
class Comparison:
    """What :func:`compare_articles` found: links, groups and framing (report contract types)."""

    links: list[Link] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    #: the claim pairs that were compared (ids), best candidates first
    candidates: list[tuple[str, str]] = field(default_factory=list)
    #: the (premise, hypothesis) texts the NLI model read, each once
    nli_pairs: list[tuple[str, str]] = field(default_factory=list)
    #: each claim as the comparison read it, and the evidence of each candidate pair
    views: list[ClaimView] = field(default_factory=list, repr=False)
    evidence: list[Evidence] = field(default_factory=list, repr=False)

    def group_of(self, claim_id: str) -> Group:
        """The group a claim belongs to."""
        for group in self.groups:
            if claim_id in group.claims:
                return group
        raise KeyError(claim_id)


def reported_links(links: Sequence[Link], options: CompareOptions) -> list[Link]:
    """The links a report carries: corroborations, contradictions and tensions, and plain
    related links only with ``keep_related``."""
    return [link for link in links if options.keep_related or link.relation != "related"
            or link.details.get("tension")]


def _load_embedder() -> Embedder:
    from ..models import load_embedder

    embedder: Embedder = load_embedder()
    return embedder


def _load_nli() -> NLI:
    from ..models import load_nli

    nli: NLI = load_nli()
    return nli


def attach_scenes(views: Sequence[ClaimView], candidates: Sequence[Candidate]) -> None:
    """Give the claims that take part in a candidate pair their facts
    (:attr:`ClaimView.scene`): those the analysis read from the article's parse
    (:attr:`~crosswire.document.Claim.facts`), else from a parse of the claim's text, all in
    one batch (see :mod:`crosswire.comparison.settings`)."""
    paired = sorted({i for c in candidates for i in (c.a, c.b)} -
                    {i for i, v in enumerate(views) if v.scene is not None})
    for i in paired:
        views[i].scene = views[i].claim.facts
    unread = [i for i in paired if views[i].scene is None]
    for i, scene in zip(unread, find_settings([views[i].text for i in unread]), strict=True):
        views[i].scene = scene


def compare_articles(
    articles: Sequence[Article],
    *,
    options: CompareOptions | None = None,
    embedder: Embedder | None = None,
    nli: NLI | None = None,
) -> Comparison:
    """Compare analysed articles claim by claim (see the module docstring).

    Claim ids must be unique across the articles. Raises ``ValueError`` when
    they are not.
    """
    options = options or CompareOptions()
    articles = list(articles)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    views = build_views(articles)
    seen: set[str] = set()
    for view in views:
        if view.id in seen:
            raise ValueError(f"claim id {view.id!r} occurs twice; claim ids must be unique")
        seen.add(view.id)
    timings["views"] = time.perf_counter() - started

    links: list[Link] = []
    candidates = []
    evidence: list[Evidence] = []
    nli_pairs: list[tuple[str, str]] = []
    if len({v.article_index for v in views}) > 1:
        step = time.perf_counter()
        embedder = embedder or _load_embedder()
        vectors = np.asarray(embedder.encode([v.text for v in views]), dtype=np.float32)
        timings["embed"] = time.perf_counter() - step
        step = time.perf_counter()
        candidates = find_candidates(
            views, vectors, top_k=options.top_k, max_partners=options.max_partners,
            min_score=options.min_score,
            entity_weight=options.entity_weight, quantity_weight=options.quantity_weight,
        )
        timings["candidates"] = time.perf_counter() - step
        step = time.perf_counter()
        if options.settings and candidates:
            # every candidate pair: whether two claims state the same fact comes from the parse
            attach_scenes(views, candidates)
            timings["settings"] = time.perf_counter() - step
        step = time.perf_counter()
        if options.use_nli and nli is None and candidates:
            nli = _load_nli()
        model = nli if options.use_nli else None
        thresholds = options.thresholds
        worth: Callable[[Evidence], bool] | None = None
        if not options.keep_related and thresholds.entailed == 0:
            # a pair whose relation the model cannot change in a report is left unasked
            def worth(found: Evidence) -> bool:
                pair = found.candidate
                return worth_asking(found, thresholds, views[pair.a], views[pair.b])
        evidence, nli_pairs = gather_evidence(views, candidates, model, gate=options.gate,
                                              embedder=embedder, vectors=vectors,
                                              core_share=thresholds.core_share,
                                              worth_asking=worth)
        timings["evidence"] = time.perf_counter() - step
        step = time.perf_counter()
        links = relate(views, evidence, options.thresholds)
        timings["relations"] = time.perf_counter() - step

    step = time.perf_counter()
    groups = build_groups(views, links, articles)
    timings["groups"] = time.perf_counter() - step
    links = reported_links(links, options)
    framing: list[Framing] = []
    if options.framing:
        step = time.perf_counter()
        framing = find_framing(articles)
        timings["framing"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    logger.info("compared %d articles, %d claims: %d candidate pairs, %d links, %d groups",
                len(articles), len(views), len(candidates), len(links), len(groups))
    stats = {"articles": len(articles), "claims": len(views), "candidates": len(candidates),
             "nli_pairs": len(nli_pairs), "all_pairs": _all_pairs(views), "seconds": {k: round(v, 4) for k, v in
                                                          timings.items()}}
    pairs = [(views[c.a].id, views[c.b].id) for c in candidates]
    return Comparison(links=links, groups=groups, framing=framing, stats=stats, candidates=pairs,
                      nli_pairs=nli_pairs, views=views, evidence=evidence)


def _all_pairs(views: Sequence[Any]) -> int:
    counts: dict[int, int] = {}
    for view in views:
        counts[view.article_index] = counts.get(view.article_index, 0) + 1
    total = sum(counts.values())
    return (total * total - sum(c * c for c in counts.values())) // 2
