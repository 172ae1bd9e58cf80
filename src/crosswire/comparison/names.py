"""The words of a name, and a name without its possessive, as the comparison reads them.

    name_words("Kim Jong-un's")                                 # {"kim", "jong-un"}
    name_words("U.S.", min_len=1, letters_only=False)           # {"u", "s"}
    strip_possessive("The Washington Post's")                   # "The Washington Post"
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["name_words", "strip_possessive"]

_POSSESSIVE = re.compile(r"['\u2019]s$")
_POSSESSIVE_OR_APOSTROPHE = re.compile(r"['\u2019]s?$")


def strip_possessive(name: str, *, bare_apostrophe: bool = False) -> str:
    """``name`` without the possessive that closes it ("Kim Jong-un's" -> "Kim Jong-un");
    with ``bare_apostrophe``, a closing apostrophe alone goes too ("Mattis'" -> "Mattis")."""
    pattern = _POSSESSIVE_OR_APOSTROPHE if bare_apostrophe else _POSSESSIVE
    return pattern.sub("", name)


@cache
def _word_pattern(min_len: int, letters_only: bool) -> re.Pattern[str]:
    rest = "A-Za-z" if letters_only else r"\w"
    return re.compile(rf"[A-Za-z][{rest}-]{{{max(0, min_len - 1)},}}")


def name_words(name: str, *, min_len: int = 2, letters_only: bool = True) -> frozenset[str]:
    """The lower-cased words of a name, without a possessive ("Kim Jong-un's" ->
    ``{"kim", "jong-un"}``).

    A word starts with an ASCII letter and is at least ``min_len`` characters long:
    the default drops initials ("U.S." has no word), ``min_len=1`` keeps them, so
    that "U.S." (``{"u", "s"}``) and "U.K." differ. After its first letter a word
    holds ASCII letters and hyphens (``letters_only``), or else any word character
    and hyphens: digits and accented letters ("Kraków", "F-16").
    """
    words = _word_pattern(min_len, letters_only).findall(strip_possessive(name))
    return frozenset(w.lower() for w in words)
