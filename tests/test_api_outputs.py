"""The API behind the CLI's outputs and outlets: check_output refuses a path before any work,
write_output keeps a failed write in a temporary file, compare(outlets=...) names each input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from crosswire.analyse import AnalysisOptions
from crosswire.api import Options, check_output, compare, write_output
from crosswire.errors import OutputError
from crosswire.ingest import read_text

OPTIONS = Options(analysis=AnalysisOptions(checkworthiness="none"))
DEV_FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(
    not (DEV_FULL.exists() and os.access(DEV_FULL, os.W_OK)), reason="needs Linux's /dev/full"
)
LISBON = "Officials in Lisbon said on Monday that the new metro line will open in March.\n"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("missing/r.json", "the folder {tmp}/missing does not exist"),
        ("", "it is a folder; name a file to write"),
        ("file.txt/r.json", "{tmp}/file.txt is not a folder"),
    ],
)
def test_api_check_output_names_the_reason(tmp_path: Path, path: str, reason: str) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as caught:
        check_output(tmp_path / path)
    assert caught.value.reason == reason.format(tmp=tmp_path)
    assert caught.value.kept is None


def test_api_check_output_accepts_a_new_or_existing_file(tmp_path: Path) -> None:
    (tmp_path / "old.json").write_text("{}", encoding="utf-8")
    check_output(tmp_path / "old.json")
    check_output(tmp_path / "new.json")


@needs_dev_full
def test_api_write_output_keeps_a_failed_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(OutputError) as caught:
        write_output(DEV_FULL, "the report")
    assert caught.value.reason == "cannot be written (No space left on device)"
    assert caught.value.kept is not None
    kept = Path(caught.value.kept)
    assert kept.parent == tmp_path and kept.read_text("utf-8") == "the report"


@needs_dev_full
def test_api_write_output_says_when_nothing_could_be_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
    with pytest.raises(OutputError) as caught:
        write_output(DEV_FULL, "the report")
    assert caught.value.kept is None
    assert "nor could it be kept in a temporary file" in caught.value.reason


def test_api_compare_outlets_name_each_input(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text(LISBON.replace("Monday", "Tuesday"), encoding="utf-8")
    given = read_text(LISBON, source="a.txt", outlet="Read Outlet")
    report = compare([given, str(path)], options=OPTIONS, outlets=["Given Outlet", "Path Outlet"])
    assert [(a.source, a.outlet) for a in report.articles] == [
        ("a.txt", "Given Outlet"),
        (str(path), "Path Outlet"),
    ]
    assert given.outlet == "Read Outlet"  # the caller's article is left as it was


def test_api_compare_more_outlets_than_inputs_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="3 outlets given for 2 inputs"):
        compare(["a.txt", "b.txt"], options=OPTIONS, outlets=["A", "B", "C"])
