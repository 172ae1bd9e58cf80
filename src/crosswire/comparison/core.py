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

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..document import Article
from ..report.model import Framing, Group, Link
from .candidates import Embedder, find_candidates
from .framing import find_framing
from .groups import build_groups
from .relations import NLI, RelationThresholds, relate
from .views import build_views

__all__ = ["CompareOptions", "Comparison", "compare_articles"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class CompareOptions:
    """How claims are paired and related.

    ``top_k``: partners kept per claim in each other article; ``min_score``:
    the lowest candidate score (cosine plus entity and number bonuses) worth a
    model call; ``corroborate`` / ``contradict``: model probabilities that make
    those relations; ``related``: the cosine above which a pair the model finds
    neutral is still linked (as tension when the model finds the details
    differ); ``tension``: the cosine above which silence against disclosure is
    linked as tension; ``partial``: the cosine of the closest clauses above
    which claims about different things corroborate in part;
    ``without_model``: the cosine that corroborates when no NLI model is used;
    ``use_nli``: ``False`` decides with the checks and similarity
    alone; ``framing``: find framing differences.
    """

    top_k: int = 5
    min_score: float = 0.35
    entity_weight: float = 0.15
    quantity_weight: float = 0.05
    corroborate: float = 0.5
    contradict: float = 0.6
    related: float = 0.6
    tension: float = 0.4
    partial: float = 0.8
    without_model: float = 0.75
    use_nli: bool = True
    framing: bool = True

    def __post_init__(self) -> None:
        if self.top_k < 1:
            raise ValueError(f"top_k must be at least 1, not {self.top_k}")
        for name in ("corroborate", "contradict", "related", "tension", "partial",
                     "without_model"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must lie between 0 and 1, not {value}")
        if not -1.0 <= self.min_score <= 2.0:
            raise ValueError(f"min_score must lie between -1 and 2, not {self.min_score}")

    @property
    def thresholds(self) -> RelationThresholds:
        return RelationThresholds(corroborate=self.corroborate, contradict=self.contradict,
                                  related=self.related, tension=self.tension,
                                  partial=self.partial, without_model=self.without_model)


@dataclass
class Comparison:
    """What :func:`compare_articles` found: links, groups and framing (report contract types)."""

    links: list[Link] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    #: the claim pairs that were compared (ids), best candidates first
    candidates: list[tuple[str, str]] = field(default_factory=list)

    def group_of(self, claim_id: str) -> Group:
        """The group a claim belongs to."""
        for group in self.groups:
            if claim_id in group.claims:
                return group
        raise KeyError(claim_id)


def _load_embedder() -> Embedder:
    from ..models import load_embedder

    embedder: Embedder = load_embedder()
    return embedder


def _load_nli() -> NLI:
    from ..models import load_nli

    nli: NLI = load_nli()
    return nli


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
    if len({v.article_index for v in views}) > 1:
        step = time.perf_counter()
        embedder = embedder or _load_embedder()
        vectors = np.asarray(embedder.encode([v.text for v in views]), dtype=np.float32)
        timings["embed"] = time.perf_counter() - step
        step = time.perf_counter()
        candidates = find_candidates(
            views, vectors, top_k=options.top_k, min_score=options.min_score,
            entity_weight=options.entity_weight, quantity_weight=options.quantity_weight,
        )
        timings["candidates"] = time.perf_counter() - step
        step = time.perf_counter()
        if options.use_nli and nli is None and candidates:
            nli = _load_nli()
        links = relate(views, candidates, nli if options.use_nli else None, options.thresholds,
                       embedder)
        timings["relations"] = time.perf_counter() - step

    step = time.perf_counter()
    groups = build_groups(views, links, articles)
    timings["groups"] = time.perf_counter() - step
    framing: list[Framing] = []
    if options.framing:
        step = time.perf_counter()
        framing = find_framing(articles)
        timings["framing"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    logger.info("compared %d articles, %d claims: %d candidate pairs, %d links, %d groups",
                len(articles), len(views), len(candidates), len(links), len(groups))
    stats = {"articles": len(articles), "claims": len(views), "candidates": len(candidates),
             "all_pairs": _all_pairs(views), "seconds": {k: round(v, 4) for k, v in
                                                          timings.items()}}
    pairs = [(views[c.a].id, views[c.b].id) for c in candidates]
    return Comparison(links=links, groups=groups, framing=framing, stats=stats, candidates=pairs)


def _all_pairs(views: Sequence[Any]) -> int:
    counts: dict[int, int] = {}
    for view in views:
        counts[view.article_index] = counts.get(view.article_index, 0) + 1
    total = sum(counts.values())
    return (total * total - sum(c * c for c in counts.values())) // 2
