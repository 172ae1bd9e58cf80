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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..report.model import Link
from .candidates import Candidate
from .checks import CheckResult, run_checks
from .views import ClaimView

__all__ = ["NLI", "RelationThresholds", "decide", "relate"]

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
    related: float = 0.55
    tension: float = 0.4


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
        entail = sim if sim >= 0.85 else 0.0
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
    if soft and sim >= thresholds.tension:
        reasons += [c.reason for c in soft + agree + notes]
        return "related", sim, reasons, True
    if sim >= thresholds.related:
        reasons += [c.reason for c in agree + notes]
        return "related", sim, reasons, False
    return None


def relate(
    views: Sequence[ClaimView],
    candidates: Sequence[Candidate],
    nli: NLI | None,
    thresholds: RelationThresholds,
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
    links: list[Link] = []
    for n, cand in enumerate(candidates):
        a, b = views[cand.a], views[cand.b]
        checks = run_checks(a, b)
        ab = probs[2 * n] if probs is not None else None
        ba = probs[2 * n + 1] if probs is not None else None
        decision = decide(cand, checks, ab, ba, thresholds)
        if decision is None:
            continue
        relation, score, reasons, tension = decision
        details: dict[str, Any] = {
            "similarity": round(cand.similarity, 4),
            "tension": tension,
            "checks": [{"check": c.check, "verdict": c.verdict, "reason": c.reason}
                       for c in checks],
        }
        if ab is not None and ba is not None:
            details["nli"] = {
                "a_to_b": [round(float(x), 4) for x in ab],
                "b_to_a": [round(float(x), 4) for x in ba],
                "labels": ["entailment", "neutral", "contradiction"],
            }
        links.append(Link(a.id, b.id, relation, float(score), tuple(reasons), details))  # type: ignore[arg-type]
    return links
