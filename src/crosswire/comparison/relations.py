"""A relation for each candidate pair: corroborates, contradicts or related, with reasons.

The NLI model reads each pair in both directions; the explicit checks
(:mod:`crosswire.comparison.checks`) add what a model misses or gets wrong:

* a *hard* conflict (numbers or dates that cannot both hold) makes a
  contradiction whatever the model says;
* a model contradiction that the checks explain away ("early Saturday" in
  Seoul is "Friday evening" in Washington; Manhattan is in New York; "more
  than 150" and "150") is not a contradiction;
* a *soft* conflict (another actor, a negation, silence against disclosure)
  turns a pair that is otherwise close into a ``related`` link marked as
  tension, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..report.model import Link
from .candidates import Candidate, Embedder
from .checks import CheckResult, content_words, run_checks
from .views import ClaimView

__all__ = ["NLI", "Partial", "RelationThresholds", "clauses", "decide", "relate"]

#: checks whose agreement explains away a surface contradiction
EXPLAINING = frozenset({"numbers", "dates", "time zones", "places"})


class NLI(Protocol):
    """Natural-language inference: ``[entailment, neutral, contradiction]`` per (premise,
    hypothesis) pair."""

    def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class RelationThresholds:
    """Where the relation changes, on model probabilities and cosine similarity."""

    corroborate: float = 0.5
    contradict: float = 0.6
    related: float = 0.6
    tension: float = 0.4
    partial: float = 0.8
    partial_with_model: float = 0.6
    without_model: float = 0.75


@dataclass(frozen=True, slots=True)
class Partial:
    """The closest clauses of two claims that are otherwise about different things."""

    a: str
    b: str
    similarity: float
    entailment: float | None = None


_CLAUSE = re.compile(
    r",\s+|;\s+|:\s+|\s+(?=(?:during|marking|as|while|after|before|where|who|which|when|"
    r"despite|amid|following|though|although)\b)"
)


def clauses(text: str, *, limit: int = 6) -> list[str]:
    """The clauses of a claim worth matching on their own (four words or more)."""
    parts = [p.strip(" .\"'\u201c\u201d\u2018\u2019") for p in _CLAUSE.split(text)]
    return [p for p in parts if len(p.split()) >= 4][:limit]


def _nli_reason(ab: np.ndarray, ba: np.ndarray) -> str:
    def part(name: str, p: np.ndarray) -> str:
        label = ("entails", "is neutral to", "contradicts")[int(np.argmax(p))]
        return f"{name} {label} ({float(np.max(p)):.2f})"

    return f"model: {part('A', ab)} B; {part('B', ba)} A"


def decide(
    candidate: Candidate,
    checks: list[CheckResult],
    ab: np.ndarray | None,
    ba: np.ndarray | None,
    thresholds: RelationThresholds,
    partial: Partial | None = None,
) -> tuple[str, float, list[str], bool] | None:
    """``(relation, score, reasons, tension)`` for a pair, or ``None`` when it is not worth a link.

    ``ab``/``ba`` are the model's probabilities for A->B and B->A (``None``
    without a model: then only the checks and the similarity decide).
    """
    sim = candidate.similarity
    hard = [c for c in checks if c.verdict == "conflict" and c.hard]
    soft = [c for c in checks if c.verdict == "conflict" and not c.hard]
    agree = [c for c in checks if c.verdict == "agree"]
    notes = [c for c in checks if c.verdict == "note"]
    reasons: list[str] = []
    if ab is not None and ba is not None:
        reasons.append(_nli_reason(ab, ba))
        entail = float(max(ab[0], ba[0]))
        contra = float(max(ab[2], ba[2]))
    else:
        entail = sim if sim >= thresholds.without_model else 0.0
        contra = 0.0
    reasons.append(f"similar wording (cosine {sim:.2f})")
    if candidate.shared_entities:
        reasons.append(f"shared entities: {', '.join(candidate.shared_entities[:5])}")

    if hard and (sim >= thresholds.tension or candidate.shared_units or contra >= 0.3):
        reasons += [c.reason for c in hard + soft + agree]
        return "contradicts", max(contra, sim), reasons, True
    explained = [c for c in agree if c.check in EXPLAINING]
    if contra >= thresholds.contradict and contra > entail:
        if explained and not soft:
            reasons += [c.reason for c in explained]
            reasons.append("the model's contradiction is explained by the checks above")
            if sim >= thresholds.related:
                return "corroborates", sim, reasons + [c.reason for c in notes], False
            return "related", sim, reasons + [c.reason for c in notes], False
        reasons += [c.reason for c in soft + agree + notes]
        return "contradicts", contra, reasons, True
    if entail >= thresholds.corroborate:
        serious = [c for c in soft if c.check in ("negation", "disclosure", "actors")]
        if serious and entail < 0.9:
            reasons += [c.reason for c in serious + agree + notes]
            return "related", sim, reasons, True
        reasons += [c.reason for c in agree + soft + notes]
        return "corroborates", entail, reasons, bool(soft)
    disclosure = [c for c in soft if c.check == "disclosure"]
    if disclosure and sim >= thresholds.tension:
        reasons += [c.reason for c in soft + agree + notes]
        return "related", sim, reasons, True
    events = [c for c in agree if c.check == "events"]
    if events and not soft and sim < thresholds.related:
        reasons += [c.reason for c in agree]
        reasons.append("corroborate in part: both name the same event")
        return "corroborates", max(sim, 0.5), reasons, False
    if partial is not None and sim < thresholds.related and not soft:
        how = f"cosine {partial.similarity:.2f}"
        if partial.entailment is not None:
            how += f", model entailment {partial.entailment:.2f}"
        reasons.append(f"corroborate in part: A '{partial.a}' and B '{partial.b}' ({how})")
        reasons += [c.reason for c in agree]
        return "corroborates", partial.similarity, reasons, False
    if sim >= thresholds.related:
        modelled = ab is not None
        if soft or modelled:
            reasons.append("close in wording, but neither claim entails the other: the details "
                           "differ" if modelled else "close in wording, with differences")
        reasons += [c.reason for c in soft + agree + notes]
        return "related", sim, reasons, bool(soft) or modelled
    return None


def find_partials(
    views: Sequence[ClaimView],
    candidates: Sequence[Candidate],
    embedder: Embedder,
    nli: NLI | None,
    thresholds: RelationThresholds,
) -> dict[int, Partial]:
    """For candidates about different things (cosine below ``related``), the clauses they
    share: the closest clause pair, if it is close enough and the model (if any) agrees."""
    wanted = [n for n, c in enumerate(candidates) if c.similarity < thresholds.related]
    split = {n: (clauses(views[candidates[n].a].text), clauses(views[candidates[n].b].text))
             for n in wanted}
    texts = sorted({t for ca, cb in split.values() for t in (*ca, *cb)})
    if not texts:
        return {}
    index = {t: i for i, t in enumerate(texts)}
    vectors = np.asarray(embedder.encode(texts), dtype=np.float32)
    floor = thresholds.partial if nli is None else thresholds.partial_with_model
    options: dict[int, list[Partial]] = {}
    for n, (ca, cb) in split.items():
        if not ca or not cb:
            continue
        sims = vectors[[index[t] for t in ca]] @ vectors[[index[t] for t in cb]].T
        ranked = np.dstack(np.unravel_index(np.argsort(-sims, axis=None), sims.shape))[0]
        for i, j in ranked[:2]:
            score = float(sims[i, j])
            if score >= floor and content_words(ca[i]) & content_words(cb[j]):
                options.setdefault(n, []).append(Partial(ca[i], cb[j], score))
    if nli is None:
        return {n: found[0] for n, found in options.items()}
    flat = [(n, p) for n, found in sorted(options.items()) for p in found]
    best: dict[int, Partial] = {}
    if flat:
        pairs = [q for _, p in flat for q in ((p.a, p.b), (p.b, p.a))]
        probs = np.asarray(nli.predict(pairs), dtype=np.float64)
        for k, (n, p) in enumerate(flat):
            entail = float(max(probs[2 * k][0], probs[2 * k + 1][0]))
            contra = float(max(probs[2 * k][2], probs[2 * k + 1][2]))
            if entail >= thresholds.corroborate and contra < thresholds.contradict:
                if n not in best or entail > (best[n].entailment or 0.0):
                    best[n] = Partial(p.a, p.b, p.similarity, entail)
    return best


def relate(
    views: Sequence[ClaimView],
    candidates: Sequence[Candidate],
    nli: NLI | None,
    thresholds: RelationThresholds,
    embedder: Embedder | None = None,
) -> list[Link]:
    """One :class:`~crosswire.report.model.Link` per candidate pair that is worth one."""
    if not candidates:
        return []
    probs: np.ndarray | None = None
    if nli is not None:
        pairs: list[tuple[str, str]] = []
        for cand in candidates:
            a, b = views[cand.a].text, views[cand.b].text
            pairs += [(a, b), (b, a)]
        probs = np.asarray(nli.predict(pairs), dtype=np.float64)
    partials = find_partials(views, candidates, embedder, nli, thresholds) if embedder else {}
    links: list[Link] = []
    for n, cand in enumerate(candidates):
        a, b = views[cand.a], views[cand.b]
        checks = run_checks(a, b)
        ab = probs[2 * n] if probs is not None else None
        ba = probs[2 * n + 1] if probs is not None else None
        decision = decide(cand, checks, ab, ba, thresholds, partials.get(n))
        if decision is None:
            continue
        relation, score, reasons, tension = decision
        details: dict[str, Any] = {
            "similarity": round(cand.similarity, 4),
            "tension": tension,
            "checks": [{"check": c.check, "verdict": c.verdict, "reason": c.reason}
                       for c in checks],
        }
        if n in partials:
            details["partial"] = {"a": partials[n].a, "b": partials[n].b,
                                  "similarity": round(partials[n].similarity, 4)}
        if ab is not None and ba is not None:
            details["nli"] = {
                "a_to_b": [round(float(x), 4) for x in ab],
                "b_to_a": [round(float(x), 4) for x in ba],
                "labels": ["entailment", "neutral", "contradiction"],
            }
        links.append(Link(a.id, b.id, relation, float(score), tuple(reasons), details))  # type: ignore[arg-type]
    return links
