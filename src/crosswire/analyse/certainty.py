"""The certainty stage: how sure a claim is, with the words that say so, and its kind.

Sets ``certainty``, ``certainty_cue`` and ``kind`` on every claim. The first
rule that fires wins, strongest first:

===============  ==============================================================
``alleged``      the cue is "alleges", "accuses", "claims"; or the claim holds
                 "allegedly", "a claim that", "if true", "unconfirmed reports"
``speculative``  the cue is "speculated", "predicts"; or "could soon", "may
                 soon", "potentially", "the prospect of", "would mark"
``hedged``       a hedging modal ("may", "might", "could"), "likely",
                 "appeared to", "apparently", "possibly", "perhaps", a
                 parenthetical "I think"; or the cue is "suggests", "believes"
``reported``     an attribution frame with none of the above
``asserted``     the article states it in its own voice
===============  ==============================================================

``certainty_cue`` is the span of the word or phrase that decided it (the
attribution cue for ``reported``, nothing for ``asserted``). ``kind`` is
``speculation`` for speculative claims, ``opinion`` when the claim is
evaluative ("should", "must", "a stark reminder", "dangerous", ...), and
``fact`` otherwise: opinions and speculation are kept, and marked.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..document import Article, Certainty, Claim, Span
from .lexicon import (
    ALLEGED_LEMMAS,
    ALLEGED_PHRASES,
    HEDGE_LEMMAS,
    HEDGE_MODALS,
    HEDGE_WORDS,
    OPINION_WORDS,
    SPECULATIVE_LEMMAS,
    SPECULATIVE_WORDS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["set_certainty"]


def _phrase_re(phrases: tuple[str, ...] | frozenset[str]) -> re.Pattern[str]:
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\w)", re.I)


_ALLEGED_RE = _phrase_re(ALLEGED_PHRASES)
_SPECULATIVE_RE = _phrase_re(SPECULATIVE_WORDS)
_HEDGE_RE = _phrase_re(HEDGE_WORDS)
_OPINION_RE = _phrase_re(OPINION_WORDS)


def _cue_lemma(doc: Doc, cue: Span) -> str:
    span = doc.char_span(cue.start, cue.end, alignment_mode="expand")
    return span.root.lemma_.lower() if span is not None and len(span) else cue.text.lower()


def _first(pattern: re.Pattern[str], text: str, offset: int) -> Span | None:
    match = pattern.search(text)
    if match is None:
        return None
    return Span(offset + match.start(), offset + match.end(), match.group(0))


def _modal(doc: Doc, claim: Claim) -> Span | None:
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    if span is None:
        return None
    for token in span:
        if token.tag_ == "MD" and token.lower_ in HEDGE_MODALS:
            if token.lower_ == "could" and any(c.dep_ == "neg" for c in token.head.children):
                continue  # "could not be reached" states an inability, not a hedge
            start = token.idx
            return Span(start, start + len(token.text), token.text)
    return None


def assess_certainty(claim: Claim, doc: Doc) -> tuple[Certainty, Span | None]:
    """The certainty of one claim and the span of the cue that decides it."""
    text = claim.text
    attribution = claim.attribution
    lemma = _cue_lemma(doc, attribution.cue) if attribution and attribution.cue else ""
    if attribution is not None and attribution.cue is not None and lemma in ALLEGED_LEMMAS:
        return "alleged", attribution.cue
    alleged = _first(_ALLEGED_RE, text, claim.start)
    if alleged is not None:
        return "alleged", alleged
    if attribution is not None and attribution.cue is not None and lemma in SPECULATIVE_LEMMAS:
        return "speculative", attribution.cue
    speculative = _first(_SPECULATIVE_RE, text, claim.start)
    if speculative is not None:
        return "speculative", speculative
    hedges = [s for s in (_first(_HEDGE_RE, text, claim.start), _modal(doc, claim)) if s]
    if hedges:
        return "hedged", min(hedges, key=lambda s: s.start)
    if attribution is not None and attribution.cue is not None and lemma in HEDGE_LEMMAS:
        return "hedged", attribution.cue
    if attribution is not None:
        return "reported", attribution.cue
    return "asserted", None


def _kind(claim: Claim, certainty: Certainty) -> str:
    if certainty == "speculative":
        return "speculation"
    if _OPINION_RE.search(claim.text):
        return "opinion"
    return "fact"


def set_certainty(article: Article, doc: Doc) -> Article:
    """Set certainty, its cue and the kind of every claim of ``article``."""
    for claim in article.claims:
        certainty, cue = assess_certainty(claim, doc)
        claim.certainty = certainty
        claim.certainty_cue = cue
        claim.kind = _kind(claim, certainty)
    return article
