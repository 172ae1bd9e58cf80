"""The words of a name and a name without its possessive."""

from __future__ import annotations

import pytest

from crosswire.comparison.names import name_words, strip_possessive


@pytest.mark.parametrize(("name", "expected"), [
    ("Kim Jong-un's", {"kim", "jong-un"}),
    ("Kim Jong-un\u2019s", {"kim", "jong-un"}),
    ("The White House", {"the", "white", "house"}),
    ("U.S.", set()),
    ("George H.W. Bush", {"george", "bush"}),
    ("O'Brien", {"brien"}),
])
def test_comparison_names_words_drop_initials(name: str, expected: set[str]) -> None:
    assert name_words(name) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("U.S.", {"u", "s"}),
    ("U.K.'s", {"u", "k"}),
    ("Kraków", {"kraków"}),
    ("F-16", {"f-16"}),
])
def test_comparison_names_words_keep_initials(name: str, expected: set[str]) -> None:
    assert name_words(name, min_len=1, letters_only=False) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("the Kursk region", {"the", "kursk", "region"}),
    ("Bank of the West", {"bank", "the", "west"}),
    ("Ukraine's SBU", {"ukraine", "sbu"}),
])
def test_comparison_names_words_of_three_letters(name: str, expected: set[str]) -> None:
    assert name_words(name, min_len=3) == expected


@pytest.mark.parametrize(("name", "bare", "expected"), [
    ("The Washington Post's", False, "The Washington Post"),
    ("Kim\u2019s", False, "Kim"),
    ("Mattis'", False, "Mattis'"),
    ("Mattis'", True, "Mattis"),
    ("Mattis's", True, "Mattis"),
    ("Jones's's", False, "Jones's"),
    ("Reuters", True, "Reuters"),
])
def test_comparison_names_strip_possessive(name: str, bare: bool, expected: str) -> None:
    assert strip_possessive(name, bare_apostrophe=bare) == expected
