"""The attribution cue classifier: is this verb, in this context, an attribution cue?

For every verb with a subject and a content, a logistic regression over hashed
features of its context gives the probability that it is an attribution cue. A
verb that reports speech whatever its context
(:data:`~crosswire.analyse.lexicon.REPORTING_LEMMAS`: "said", "alleges",
"estimates") is kept unless that probability is under the model's low ``veto``
threshold (a "say" in "what does that say about us"); any other verb ("called
for ...", "wants ...", "praised ...", "thinks ...") is kept when it reaches the
model's ``threshold``. The features:

- the verb: lemma, fine tag, dependency label, lemma with its content kind
  (``ccomp``, ``xcomp``, ``dobj``, ``prep``, ``quote``, ``passive``, ...);
- the source: part of speech, entity label, lemma of a common-noun head, whether
  it is a pronoun, whether it names an unnamed source ("officials", "analysts");
- the setting: negation, inside a quotation, the lemma of the verb's head.

Trained on the PolNeAR training split by ``training/train_cue_model.py``
(positive: the verb lies in a gold Cue span); both thresholds are tuned on the
dev split for source F1. Weights: ``crosswire/data/attribution_cues.npz``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .lexicon import UNNAMED_HEADS
from .logistic import HashedLogistic, load_logistic

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["WEIGHTS", "cue_features", "load_cue_model"]

WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "attribution_cues.npz"


def cue_features(verb: Token, source: Token, content_kind: str, in_quote: bool) -> tuple[str, ...]:
    """The classifier's string features for a candidate cue ``verb`` with ``source``."""
    lemma = verb.lemma_.lower()
    source_lemma = source.lemma_.lower() if source.pos_ == "NOUN" else source.pos_
    negated = any(child.dep_ == "neg" for child in verb.children)
    particles = "+".join(sorted(c.lower_ for c in verb.children if c.dep_ in {"prt", "prep"}))
    markers = "+".join(
        sorted(
            grandchild.lower_
            for child in verb.children
            if child.dep_ in {"ccomp", "xcomp"}
            for grandchild in child.children
            if grandchild.dep_ in {"mark", "aux"} and grandchild.i < child.i
        )
    )
    auxiliaries = "+".join(c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"})
    return (
        f"lemma={lemma}",
        f"tag={verb.tag_}",
        f"dep={verb.dep_}",
        f"content={content_kind}",
        f"lemma|content={lemma}|{content_kind}",
        f"lemma|dep={lemma}|{verb.dep_}",
        f"lemma|prep={lemma}|{particles}",
        f"source_pos={source.pos_}",
        f"source_ent={source.ent_type_ or '-'}",
        f"source_lemma={source_lemma}",
        f"source_unnamed={source.lower_ in UNNAMED_HEADS or source.lemma_ in UNNAMED_HEADS}",
        f"lemma|source_pos={lemma}|{source.pos_}",
        f"negated={negated}",
        f"in_quote={in_quote}",
        f"head={verb.head.lemma_.lower() if verb.head is not verb else 'ROOT'}",
        f"lemma|source_ent={lemma}|{source.ent_type_ or '-'}",
        f"lemma|markers={lemma}|{markers}",
        f"markers={markers}",
        f"aux={auxiliaries}",
        f"lemma|in_quote={lemma}|{in_quote}",
        f"source_lower={source.lower_ if source.pos_ == 'PRON' else '-'}",
    )


@lru_cache(maxsize=1)
def load_cue_model(path: Path = WEIGHTS) -> HashedLogistic:
    """The shipped cue classifier; :class:`~crosswire.errors.ModelError` when its weights are
    missing or damaged."""
    return load_logistic(path, "attribution cue classifier")
