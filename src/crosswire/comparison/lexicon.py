"""The loaded-language lexicon: terms that are loaded in themselves, each with its provenance.

``crosswire/data/loaded_terms.json`` is built by ``training/build_lexicon.py``
from PTC (Loaded_Language and Name_Calling,Labeling spans), BASIL
(lexical-bias spans) and EUvsDisinfo (terms of the disinformation cases); it
records the hashes of its inputs. :func:`find_loaded` finds its terms in a text
and says, for each, where the term comes from.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["LoadedHit", "Lexicon", "find_loaded", "lexicon"]


@dataclass(frozen=True, slots=True)
class LoadedHit:
    """A loaded term at ``text[start:end]`` and why it is flagged."""

    term: str
    start: int
    end: int
    reasons: tuple[str, ...]


def _provenance(source: dict[str, Any]) -> str:
    dataset = source["dataset"]
    if dataset == "EUvsDisinfo":
        return (f"EUvsDisinfo: in {source['cases']} of {source['of_cases']} disinformation cases, "
                f"{source['lift_over_news']:g}x its rate in ordinary news")
    return (f"{dataset} {source['label']}: {source['in_spans']} of {source['occurrences']} "
            f"occurrences inside annotated spans")


class Lexicon:
    """Loaded terms and their provenance, matched as whole words (plural and -s forms too)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.terms: dict[str, list[dict[str, Any]]] = data["terms"]
        self.inputs: dict[str, str] = data.get("inputs", {})
        words = sorted(self.terms, key=len, reverse=True)
        alternation = "|".join(re.escape(w) for w in words)
        self._pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I) if words else None

    def reasons(self, term: str) -> tuple[str, ...]:
        return tuple(f"loaded: '{term}' ({_provenance(s)})" for s in self.terms[term.lower()])

    def find(self, text: str, offset: int = 0) -> list[LoadedHit]:
        """Every loaded term in ``text``; offsets are shifted by ``offset``."""
        if self._pattern is None:
            return []
        return [
            LoadedHit(m.group(0), offset + m.start(), offset + m.end(), self.reasons(m.group(0)))
            for m in self._pattern.finditer(text)
        ]


@cache
def lexicon() -> Lexicon:
    """The bundled lexicon, read once."""
    text = resources.files("crosswire").joinpath("data/loaded_terms.json").read_text("utf-8")
    return Lexicon(json.loads(text))


def find_loaded(text: str, offset: int = 0) -> list[LoadedHit]:
    """Loaded terms of the bundled lexicon in ``text``."""
    return lexicon().find(text, offset)
