"""The language stage: detected language, a warning for languages the analysis does not support."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.analyse import AnalysisOptions, analyse
from crosswire.analyse.language import detect_language, set_language
from crosswire.document import Article
from languages import ARABIC, KOREAN

FRENCH = (
    "Le ministère de la Santé a annoncé dimanche que quarante personnes avaient été tuées dans "
    "l'attaque du port. Les secours cherchent encore des survivants sous les décombres.\n"
)


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [(KOREAN, "ko", "Korean"), (ARABIC, "ar", "Arabic"), (FRENCH, "fr", "French")],
)
def test_analyse_language_detects_the_language(text: str, code: str, name: str) -> None:
    found = detect_language(text)
    assert found is not None
    assert (found.code, found.name, found.supported) == (code, name, False)
    assert found.confidence >= 0.75


def test_analyse_language_english_article_is_supported(seed_paths: list[Path]) -> None:
    found = detect_language(seed_paths[0].read_text("utf-8"))
    assert found is not None and found.code == "en" and found.supported


@pytest.mark.parametrize("text", ["", "2024-01-01 12:00 | 40 | 3.5%", "BBC"])
def test_analyse_language_undecided_for_text_without_language(text: str) -> None:
    assert detect_language(text) is None


def test_analyse_language_warning_names_the_language() -> None:
    article = set_language(Article.from_text(KOREAN, source="ko.txt"))
    assert article.language == "ko"
    assert article.meta["language"]["code"] == "ko"
    (warning,) = article.meta["warnings"]
    assert warning["stage"] == "language"
    assert warning["reason"].startswith("written in Korean (ko")


def test_analyse_language_declared_language_kept_and_warning_not_repeated() -> None:
    article = Article.from_text(ARABIC, source="ar.txt", language="ar-EG")
    set_language(set_language(article))
    assert article.language == "ar-EG"
    assert len(article.meta["warnings"]) == 1


def test_analyse_language_english_article_gets_no_warning() -> None:
    text = "The ministry said on Sunday that 40 people had died in the attack on the port.\n"
    article = set_language(Article.from_text(text, source="en.txt"))
    assert article.language == "en"
    assert "warnings" not in article.meta


def test_analyse_language_stage_runs_in_analyse() -> None:
    article = analyse(
        Article.from_text(KOREAN, source="ko.txt"),
        options=AnalysisOptions(checkworthiness="none"),
    )
    assert "language" in article.layers
    assert article.meta["warnings"][0]["stage"] == "language"
