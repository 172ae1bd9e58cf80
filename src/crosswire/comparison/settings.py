"""Where an act happens, from the dependency parse: the settings of a claim.

Two accounts of one moment can agree on the act and disagree on where it took
place: "kneeling beside a coffin wrapped in the flag" against "placing his hand
on a flag draped over a grave". Named places are compared by containment
(:mod:`crosswire.comparison.places`); this module finds the *common-noun*
settings that no gazetteer knows: a verb, a spatial preposition and the thing
it places the act at ("kneeling beside a coffin", "draped over a grave").

Each claim's settings, acts and frames come with its facts from the analysis
(:mod:`crosswire.analyse.facts`, :attr:`crosswire.document.Claim.facts`), read from its
article's own parse. :func:`find_settings` parses claim texts that carry none (a report
written before the facts layer) on their own.
:func:`crosswire.comparison.checks.check_settings` and
:func:`crosswire.comparison.checks.check_frames` compare two claims' facts.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analyse.facts import SPATIAL, facts_of
from ..document import Facts, Setting

__all__ = ["Facts", "Setting", "find_settings"]


def find_settings(texts: Sequence[str], *, model: str | None = None) -> list[Facts]:
    """The :class:`~crosswire.document.Facts` of each text parsed on its own, all together
    (spaCy, no entity recogniser): for claims that carry no facts from their article's
    analysis."""
    from ..analyse.parse import DEFAULT_MODEL, load_nlp

    if not texts:
        return []
    nlp = load_nlp(model or DEFAULT_MODEL)
    disable = [name for name in ("ner",) if name in nlp.pipe_names]
    return [facts_of(doc) for doc in nlp.pipe(list(texts), disable=disable, batch_size=64)]
