"""Number words, one table for every reader of numbers: the analysis's quantities and times,
the cleaner, and the comparison's numbers and durations; and the words around a number that
say how exact it is (approximators, vague counts), which the analysis reads and the
comparison weighs."""

from __future__ import annotations

__all__ = ["APPROXIMATORS", "CARDINALS", "COUNT_WORDS", "DOZEN", "ORDINALS", "SCALES", "VAGUE"]

#: cardinal numbers in words, zero to twenty and the tens
CARDINALS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
#: words that multiply the number before them ("three hundred", "2.5 million"), smallest first
SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}  # fmt: skip
#: ordinal numbers in words, first to tenth
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
DOZEN = 12
#: counts told in other words, as in "a week earlier", "for several days", "a couple days ago"
COUNT_WORDS: dict[str, int] = {"a": 1, "an": 1, "several": 3, "few": 3, "a couple": 2,
                               "a couple of": 2}

#: "several", "a few": how many they allow, alone or before a scale ("several hundred")
_SOME = {"several": (3.0, 9.0), "a few": (2.0, 5.0)}
#: a vague count -> the values it allows ("dozens of" 24 to 99, "several hundred" 300 to 900)
VAGUE: dict[str, tuple[float, float]] = {
    "dozens of": (24.0, 99.0),
    "scores of": (40.0, 99.0),
    "hundreds of thousands of": (200_000.0, 999_999.0),
    "hundreds of thousands": (200_000.0, 999_999.0),
    "hundreds of": (200.0, 999.0),
    "tens of thousands of": (20_000.0, 99_999.0),
    "tens of thousands": (20_000.0, 99_999.0),
    "thousands of": (2_000.0, 9_999.0),
    "tens of millions of": (20e6, 99_999_999.0),
    "tens of millions": (20e6, 99_999_999.0),
    "millions of": (2e6, 999_999_999.0),
    "billions of": (2e9, 999_999_999_999.0),
    "a handful of": (2.0, 5.0),
    **{
        f"{some} {scale}": (low * SCALES[scale], high * SCALES[scale])
        for some, (low, high) in _SOME.items()
        for scale in ("hundred", "thousand", "million", "billion")
    },
    **{
        f"{some} hundred thousand": (low * 100_000, high * 100_000)
        for some, (low, high) in _SOME.items()
    },
    **_SOME,
}
#: an approximator before a number -> which bound the number gives ("both", "low": "more than
#: 150" gives the least, "high": "up to 150" the most) and how a comparison widens it
#: ("about": 20% either way, "nearly": up to 15% below, "lower": up to half as much again,
#: "upper": down to half). "a dozen" is a round count of its own ("a dozen protesters").
APPROXIMATORS: dict[str, tuple[str, str]] = {
    "approximately": ("both", "about"), "about": ("both", "about"), "around": ("both", "about"),
    "roughly": ("both", "about"), "some": ("both", "about"), "an estimated": ("both", "about"),
    "estimated": ("both", "about"), "circa": ("both", "about"), "c.": ("both", "about"),
    "a dozen": ("both", "about"),
    "nearly": ("both", "nearly"), "almost": ("both", "nearly"), "close to": ("both", "nearly"),
    "just under": ("high", "nearly"),
    "more than": ("low", "lower"), "over": ("low", "lower"), "at least": ("low", "lower"),
    "upwards of": ("low", "lower"), "in excess of": ("low", "lower"),
    "just over": ("low", "lower"), "no fewer than": ("low", "lower"),
    "no less than": ("low", "lower"),
    "fewer than": ("high", "upper"), "less than": ("high", "upper"), "under": ("high", "upper"),
    "up to": ("high", "upper"), "as many as": ("high", "upper"),
    "as much as": ("high", "upper"), "at most": ("high", "upper"),
    "no more than": ("high", "upper"),
}  # fmt: skip
