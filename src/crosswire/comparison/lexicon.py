"""The loaded-language lexicon: terms that are loaded in themselves, each with its provenance.

``crosswire/data/loaded_terms.json`` is built by ``training/build_lexicon.py``
from PTC (Loaded_Language and Name_Calling,Labeling spans), BASIL
(lexical-bias spans of its dev half) and EUvsDisinfo (terms of the
disinformation cases); it records the hashes of its inputs, and the entries it
dropped for poor precision on BASIL's dev half with their figures. :func:`find_loaded`
finds its terms in a text and says, for each, where the term comes from.

How a term is matched:

* as a whole: never inside a word or a hyphenated word ("shamelessly" is not
  "sham"), and a phrase as one match whose words may be split by spaces or a
  hyphen ("witch hunt", "Witch Hunt", "witch-hunt"), never its words alone;
* never as part of a name: a one-word term written with a capital inside a
  sentence ("Plantation, Fla.", "Majority Whip Kevin McCarthy", "the Vichy
  regime"), or at a sentence's start followed by another capitalised word,
  is a name, not the loaded word. A phrase (two words or more) is matched
  whatever its capitals: "Witch Hunt!" is the phrase, written for emphasis.

``start``/``end`` of a hit are character offsets into the text given (plus
``offset``): ``text[start - offset:end - offset] == hit.term``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["LoadedHit", "Lexicon", "find_loaded", "lexicon"]

#: what may stand between a sentence's end and its first word: spaces, opening quotes, brackets
_OPENERS = " \t\r\n\"'(\u201c\u2018[\u2014\u2013-*"
_SENTENCE_END = ".!?:;\u2026\n"
_NEXT_WORD = re.compile(r"[ \t]*,?[ \t]+([A-Za-z][\w.'\u2019-]*)")


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


def _sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (or the text, a line, a quotation)."""
    index = start
    while index > 0 and text[index - 1] in _OPENERS:
        if text[index - 1] in "\n\"\u201c\u2018(":
            return True
        index -= 1
    return index == 0 or text[index - 1] in _SENTENCE_END


def in_name(text: str, start: int, end: int) -> bool:
    """Whether the one word at ``text[start:end]`` is used as (part of) a name: written with a
    capital inside a sentence, or at a sentence's start and followed by another capitalised
    word ("Plantation, Fla."). A word in capitals throughout is emphasis, not a name."""
    word = text[start:end]
    if not word[:1].isupper() or (word.isupper() and len(word) > 1):
        return False
    if not _sentence_start(text, start):
        return True
    following = _NEXT_WORD.match(text, end)
    return bool(following and following.group(1)[:1].isupper())


def _phrase_pattern(term: str) -> str:
    return r"[\s-]+".join(re.escape(word) for word in term.split())


class Lexicon:
    """Loaded terms and their provenance, matched as whole words and whole phrases, never as
    part of a name (see the module's docstring)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.terms: dict[str, list[dict[str, Any]]] = data["terms"]
        self.inputs: dict[str, str] = data.get("inputs", {})
        self.dropped: dict[str, dict[str, Any]] = data.get("dropped", {})
        words = sorted(self.terms, key=len, reverse=True)
        self._by_words: dict[tuple[str, ...], str] = {
            tuple(re.split(r"[\s-]+", w)): w for w in words}
        alternation = "|".join(_phrase_pattern(w) for w in words)
        self._pattern = (re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)
                         if words else None)

    def entry(self, matched: str) -> str:
        """The lexicon entry a matched text stands for ("Witch-Hunt" -> "witch hunt")."""
        lowered = matched.lower()
        if lowered in self.terms:
            return lowered
        return self._by_words[tuple(re.split(r"[\s-]+", lowered))]

    def reasons(self, term: str) -> tuple[str, ...]:
        key = self.entry(term)
        return tuple(f"loaded: '{key}' ({_provenance(s)})" for s in self.terms[key])

    def find(self, text: str, offset: int = 0) -> list[LoadedHit]:
        """Every loaded term in ``text``; offsets are shifted by ``offset``."""
        if self._pattern is None:
            return []
        hits = []
        for match in self._pattern.finditer(text):
            key = self.entry(match.group(0))
            if " " not in key and in_name(text, match.start(), match.end()):
                continue
            hits.append(LoadedHit(match.group(0), offset + match.start(), offset + match.end(),
                                  self.reasons(key)))
        return hits


@cache
def lexicon() -> Lexicon:
    """The bundled lexicon, read once."""
    text = resources.files("crosswire").joinpath("data/loaded_terms.json").read_text("utf-8")
    return Lexicon(json.loads(text))


def find_loaded(text: str, offset: int = 0) -> list[LoadedHit]:
    """Loaded terms of the bundled lexicon in ``text``."""
    return lexicon().find(text, offset)
