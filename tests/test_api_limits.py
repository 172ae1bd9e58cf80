"""The limits of one comparison: how many articles, how many characters; refused before analysis."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire import Article, Limits, Options, compare
from crosswire.api import check_limits
from crosswire.cli import ExitStatus, app
from crosswire.errors import InputTooLargeError, RequestTooLargeError
from crosswire.ingest import read_text

runner = CliRunner()


def _article(source: str, size: int) -> Article:
    sentence = f"Officials in {source} said the bridge would reopen on Monday after repairs. "
    return read_text((sentence * (size // len(sentence) + 1))[:size], source=source)


def test_api_limits_too_many_inputs_refused_before_reading(tmp_path: Path) -> None:
    missing = [str(tmp_path / f"missing-{i}.txt") for i in range(4)]  # never opened
    with pytest.raises(RequestTooLargeError) as caught:
        compare(missing, options=Options(limits=Limits(max_texts=3)))
    error = caught.value
    assert (error.limit, error.allowed) == ("max_texts", 3)
    assert "4 inputs given: the limit is 3 per comparison (max_texts)" in str(error)


def test_api_limits_total_characters_name_the_input_that_passes_them() -> None:
    articles = [_article("a.txt", 600), _article("b.txt", 600), _article("c.txt", 600)]
    with pytest.raises(RequestTooLargeError) as caught:
        compare(articles, options=Options(limits=Limits(max_total_chars=1000)))
    error = caught.value
    assert error.source == "b.txt"
    assert error.limit == "max_total_chars"
    assert "the limit is 1,000 per comparison (max_total_chars)" in error.reason
    assert isinstance(error, InputTooLargeError)


def test_api_limits_articles_read_count_against_max_texts() -> None:
    articles = [_article(f"feed.xml#{i}", 100) for i in range(3)]  # as one feed brings them
    with pytest.raises(RequestTooLargeError, match=r"article 3 of 3 read.*max_texts") as caught:
        check_limits(articles, Limits(max_texts=2))
    assert caught.value.source == "feed.xml#2"


def test_api_limits_article_over_the_analysis_limit_is_not_counted() -> None:
    long = read_text("x " * 600_000, source="long.txt")  # 1.2 M: a failure of its own
    check_limits([long, _article("short.txt", 500)], Limits(max_total_chars=1000))


@pytest.mark.parametrize("field", ["max_texts", "max_total_chars"])
def test_api_limits_must_be_positive(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Limits(**{field: 0})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("flag", "value", "limit"),
    [("--max-chars", "1000", "max_total_chars"), ("--max-texts", "1", "max_texts")],
)
def test_cli_compare_over_a_limit_is_refused_with_the_limit_named(
    tmp_path: Path, flag: str, value: str, limit: str
) -> None:
    paths = []
    for name in ("a.txt", "b.txt"):
        path = tmp_path / name
        path.write_text(_article(name, 800).raw_text, encoding="utf-8")
        paths.append(str(path))
    result = runner.invoke(app, ["compare", *paths, flag, value])
    assert result.exit_code == ExitStatus.NO_INPUT
    assert f"({limit})" in " ".join(result.output.split())
