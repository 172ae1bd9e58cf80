"""Nothing dropped silently: every input the API leaves out is a failure or a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

import crosswire
from crosswire.analyse import AnalysisOptions
from crosswire.api import Options, analyse_articles, compare
from crosswire.errors import NoArticleError
from crosswire.ingest import read_text
from crosswire.pipeline import Failure
from crosswire.report import validate
from languages import ARABIC, KOREAN, one_line_text

OPTIONS = Options(analysis=AnalysisOptions(checkworthiness="none"))


@pytest.fixture(scope="module")
def long_file(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[Path]) -> Path:
    """A 2 MB one-line text made of a real article's sentences (over the analysis limit)."""
    path = tmp_path_factory.mktemp("long") / "long.txt"
    path.write_text(one_line_text(seed_paths[1], 2_000_000), encoding="utf-8")
    return path


def test_api_compare_text_over_analysis_limit_is_a_failure(
    long_file: Path, seed_paths: list[Path]
) -> None:
    report = compare([str(long_file), str(seed_paths[0])], options=OPTIONS)
    data = report.to_dict()
    validate(data)
    assert [a["source"] for a in data["articles"]] == [str(seed_paths[0])]
    assert data["summary"]["failures"] == 1
    (failure,) = data["failures"]
    assert failure["source"] == str(long_file)
    assert failure["stage"] == "parse"
    assert "over the analysis limit" in failure["reason"]
    assert str(long_file) not in failure["reason"]  # the source is named once, in source


def test_api_compare_nothing_analysed_raises_with_every_failure(
    long_file: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(NoArticleError) as caught:
        compare([str(long_file), str(missing)], options=OPTIONS)
    error = caught.value
    assert error.step == "analyse"
    assert [(f.source, f.stage) for f in error.failures] == [
        (str(missing), "ingest"),
        (str(long_file), "parse"),
    ]
    assert "no article could be analysed" in str(error)
    assert isinstance(error, crosswire.InputError)


def test_api_compare_nothing_read_raises_with_step_read(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(NoArticleError) as caught:
        compare([str(empty)], options=OPTIONS)
    assert caught.value.step == "read"
    assert [f.source for f in caught.value.failures] == [str(empty)]


def test_api_analyse_articles_collects_failures(long_file: Path) -> None:
    articles = [
        read_text(long_file.read_text("utf-8"), source="long"),
        read_text("The ministry said the port was closed on Friday.", source="short"),
    ]
    failures: list[Failure] = []
    done = analyse_articles(articles, options=OPTIONS, failures=failures)
    assert [a.source for a in done] == ["short"]
    assert [(f.source, f.stage) for f in failures] == [("long", "parse")]


@pytest.mark.parametrize(
    ("text", "code", "name"), [(KOREAN, "ko", "Korean"), (ARABIC, "ar", "Arabic")]
)
def test_api_compare_unsupported_language_is_warned(
    seed_paths: list[Path], text: str, code: str, name: str
) -> None:
    foreign = read_text(text, source=f"{code}.txt")
    report = compare([foreign, str(seed_paths[0])], options=OPTIONS)
    data = report.to_dict()
    validate(data)
    assert data["failures"] == []
    (warning,) = data["warnings"]
    assert warning["source"] == f"{code}.txt"
    assert warning["stage"] == "language"
    assert warning["article"] == foreign.id
    assert name in warning["reason"] and "English only" in warning["reason"]
    assert data["summary"]["warnings"] == 1
    languages = {a["source"]: a["language"] for a in data["articles"]}
    assert languages == {f"{code}.txt": code, str(seed_paths[0]): "en"}


def test_api_compare_repeated_input_is_warned(seed_paths: list[Path], tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_paths[1].read_bytes())
    data = compare([str(seed_paths[1]), str(copy)], options=OPTIONS).to_dict()
    assert [a["source"] for a in data["articles"]] == [str(seed_paths[1])]
    (warning,) = data["warnings"]
    assert warning["source"] == str(copy)
    assert warning["stage"] == "read"
    assert f"same text as {seed_paths[1]}" in warning["reason"]


def test_api_compare_english_pair_has_no_warnings(seed_paths: list[Path]) -> None:
    data = compare([str(p) for p in seed_paths], options=OPTIONS).to_dict()
    assert data["warnings"] == [] and data["failures"] == []


def test_api_compare_replaced_bytes_are_warned(seed_paths: list[Path], tmp_path: Path) -> None:
    text = "Officials said on Sunday that the bridge \u201cwould reopen\u201d after repairs.\n"
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(text.encode("utf-8").replace(b"bridge", b"bri\xffdge"))
    data = compare([str(damaged), str(seed_paths[0])], options=OPTIONS).to_dict()
    (warning,) = data["warnings"]
    assert (warning["source"], warning["stage"]) == (str(damaged), "read")
    assert "not valid UTF-8" in warning["reason"]
