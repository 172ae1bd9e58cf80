"""Candidate claim pairs: embedding neighbours across articles, boosted by shared entities and
numbers. Never all pairs: each claim keeps its ``top_k`` best partners in each other article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .names import name_words, strip_possessive
from .numbers import same_kind
from .views import ClaimView

__all__ = ["Candidate", "Embedder", "cap_partners", "find_candidates"]


class Embedder(Protocol):
    """Sentence embeddings, one L2-normalised row per text."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two claims of different articles worth comparing, and why they were paired."""

    a: int
    b: int
    similarity: float
    score: float
    shared_entities: tuple[str, ...] = ()
    shared_units: tuple[str, ...] = ()


def _entity_keys(view: ClaimView) -> dict[str, str]:
    """Each word of the claim's names (people apart) -> the name it comes from."""
    keys: dict[str, str] = {}
    for entity in view.entities:
        if entity.label in ("CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME",
                            "PERSON"):
            continue
        text = strip_possessive(entity.span.text.strip())
        text = re.sub(r"^the\s+", "", text, flags=re.I)
        for word in name_words(text, min_len=3):
            keys.setdefault(word, text)
    return keys


def _people(view: ClaimView) -> dict[frozenset[str], str]:
    """The claim's people by the words of their full names (see ``ClaimView.full_names``)."""
    found: dict[frozenset[str], str] = {}
    for entity in view.entities:
        if entity.label != "PERSON":
            continue
        name = view.full_names.get(entity.span.text, entity.span.text).strip()
        words = name_words(name)
        if words:
            found.setdefault(words, strip_possessive(name))
    return found


#: a claim's name keys and people (:func:`_entity_keys`, :func:`_people`)
_Names = tuple[dict[str, str], dict[frozenset[str], str]]


def _names(view: ClaimView) -> _Names:
    return _entity_keys(view), _people(view)


def _shared(a: ClaimView, b: ClaimView, names_a: _Names | None = None,
            names_b: _Names | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names and the kinds of quantity two claims share; ``names_a``/``names_b``: the
    claims' :func:`_names`, when already read."""
    ka, pa = names_a or _names(a)
    kb, pb = names_b or _names(b)
    # one person in both: one name's words hold the other's ("Kim Jong-un" and "Jong-un"),
    # never a shared surname alone ("Kim Jong-un" and "Kim Ju-ae")
    people = [pa[x] for x in pa if any(x <= y or y <= x for y in pb)]
    entities = tuple(dict.fromkeys(people + [ka[k] for k in ka if k in kb]))
    units = tuple(dict.fromkeys(
        qa.unit for qa in a.quantities for qb in b.quantities
        if qa.unit and qb.unit and same_kind(qa.unit, qb.unit)
    ))
    return entities, units


def find_candidates(
    views: Sequence[ClaimView],
    vectors: np.ndarray,
    *,
    top_k: int,
    min_score: float,
    entity_weight: float,
    quantity_weight: float,
    max_partners: int = 0,
) -> list[Candidate]:
    """Pairs of claims from different articles, best first.

    A pair's score is its cosine similarity plus ``entity_weight`` times the
    share of entities it has in common (up to 3) plus ``quantity_weight`` when
    both count the same kind of thing. For each claim and each other article,
    the ``top_k`` best-scoring partners above ``min_score`` are kept; with
    ``max_partners`` > 0 a pair stays only when it is among the ``max_partners``
    best of one of its claims over all other articles, so the number of pairs
    grows linearly with the number of claims.
    """
    by_article: dict[int, list[int]] = {}
    for index, view in enumerate(views):
        by_article.setdefault(view.article_index, []).append(index)
    articles = sorted(by_article)
    names = [_names(view) for view in views]
    chosen: dict[tuple[int, int], Candidate] = {}
    for x, art_a in enumerate(articles):
        rows = by_article[art_a]
        for art_b in articles[x + 1 :]:
            cols = by_article[art_b]
            sims = vectors[rows] @ vectors[cols].T
            scores = sims.astype(np.float64).copy()
            shared: dict[tuple[int, int], tuple[tuple[str, ...], tuple[str, ...]]] = {}
            for i, r in enumerate(rows):
                for j, c in enumerate(cols):
                    ents, units = _shared(views[r], views[c], names[r], names[c])
                    if ents or units:
                        shared[(i, j)] = (ents, units)
                        scores[i, j] += entity_weight * min(len(ents), 3) / 3
                        scores[i, j] += quantity_weight if units else 0.0
            keep: set[tuple[int, int]] = set()
            k = min(top_k, len(cols))
            for i in range(len(rows)):
                for j in np.argsort(-scores[i])[:k]:
                    keep.add((i, int(j)))
            k = min(top_k, len(rows))
            for j in range(len(cols)):
                for i in np.argsort(-scores[:, j])[:k]:
                    keep.add((int(i), j))
            for i, j in keep:
                if scores[i, j] < min_score:
                    continue
                ents, units = shared.get((i, j), ((), ()))
                pair = (rows[i], cols[j])
                chosen[pair] = Candidate(rows[i], cols[j], float(sims[i, j]), float(scores[i, j]),
                                         ents, units)
    return cap_partners(list(chosen.values()), max_partners)


def cap_partners(candidates: Sequence[Candidate], max_partners: int) -> list[Candidate]:
    """The candidates best first, keeping a pair only when it is among the ``max_partners``
    best of one of its claims (0: every pair)."""
    found = sorted(candidates, key=lambda c: (-c.score, c.a, c.b))
    if max_partners <= 0:
        return found
    count: dict[int, int] = {}
    capped = []
    for cand in found:  # best first: each claim's first max_partners pairs
        if count.get(cand.a, 0) < max_partners or count.get(cand.b, 0) < max_partners:
            capped.append(cand)
        count[cand.a] = count.get(cand.a, 0) + 1
        count[cand.b] = count.get(cand.b, 0) + 1
    return capped
