"""`crosswire compare` never loses a finished comparison: output paths are checked before any
work (a usage error naming the option, the path and the reason), and a write that still fails
leaves the output in a temporary file named in one line (exit 1). `--outlet` names each input."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import ExitStatus, app

runner = CliRunner()

DEV_FULL = Path("/dev/full")
ONE_CLAIM = (
    "Most Read\nOfficials in Lisbon said on Monday that the new metro line will open in March.\n"
)


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary files (where a failed output is kept) go to a folder of this test's own."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize(
    ("option", "path", "reason"),
    [
        ("--json", "/nonexistent/dir/r.json", "the folder /nonexistent/dir does not exist"),
        ("--html", "/nonexistent/dir/r.html", "the folder /nonexistent/dir does not exist"),
        ("--md", "/nonexistent/dir/r.md", "the folder /nonexistent/dir does not exist"),
        ("--html", "{tmp}", "it is a folder; name a file to write"),
        ("--json", "{tmp}/a.txt/r.json", "{tmp}/a.txt is not a folder"),
    ],
)
def test_cli_outputs_unwritable_path_is_a_usage_error_before_any_work(
    seed_paths: list[Path], tmp_path: Path, option: str, path: str, reason: str
) -> None:
    (tmp_path / "a.txt").write_text("not a folder", encoding="utf-8")
    path, reason = path.format(tmp=tmp_path), reason.format(tmp=tmp_path)
    db = tmp_path / "store.db"
    args = ["compare", *map(str, seed_paths), "--db", str(db), option, path]
    result = runner.invoke(app, args)
    assert result.exit_code == ExitStatus.USAGE
    assert result.stderr.splitlines() == [f"error: {option} {path}: {reason}"]
    assert result.stdout == ""  # no summary: nothing was compared
    assert not db.exists()  # nor the store opened


def test_cli_outputs_same_file_twice_is_a_usage_error(
    seed_paths: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "r.out"
    result = runner.invoke(
        app, ["compare", *map(str, seed_paths), "--json", str(out), "--md", str(out)]
    )
    assert result.exit_code == ExitStatus.USAGE
    assert result.stderr.splitlines() == [f"error: --md {out}: --json writes the same file"]


@pytest.mark.parametrize("command", [["report", "some-id"], ["stories"], ["eval", "nli"]])
def test_cli_outputs_other_commands_check_json_first(command: list[str], tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    extra = ["--data", str(tmp_path)] if command[0] == "eval" else ["--db", str(db)]
    result = runner.invoke(app, [*command, *extra, "--json", "/nonexistent/dir/x.json"])
    assert result.exit_code == ExitStatus.USAGE
    assert result.stderr.splitlines() == [
        "error: --json /nonexistent/dir/x.json: the folder /nonexistent/dir does not exist"
    ]
    assert not db.exists()


@pytest.mark.skipif(
    not (DEV_FULL.exists() and os.access(DEV_FULL, os.W_OK)), reason="needs Linux's /dev/full"
)
def test_cli_outputs_failed_write_is_kept_in_a_temporary_file(
    seed_paths: list[Path], tmp_path: Path, temp_folder: Path
) -> None:
    """/dev/full passes the check and fails every write (a full disk), even for root."""
    md = tmp_path / "r.md"
    result = runner.invoke(
        app, ["compare", *map(str, seed_paths), "--json", str(DEV_FULL), "--md", str(md)]
    )
    assert result.exit_code == ExitStatus.PARTIAL, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    found = re.fullmatch(
        r"error: --json /dev/full: cannot be written \(No space left on device\); "
        r"the report is kept in (\S+)",
        line,
    )
    assert found, line
    kept = Path(found.group(1))
    assert kept.parent == temp_folder
    report = json.loads(kept.read_text("utf-8"))
    assert len(report["articles"]) == 2 and report["claims"]
    assert md.is_file() and f"wrote {md}" in result.stderr  # the other output went through


def test_cli_outputs_outlet_names_each_input(seed_paths: list[Path], tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(seed_paths[0].read_bytes())
    b.write_bytes(seed_paths[1].read_bytes())
    out = {suffix: tmp_path / f"r.{suffix}" for suffix in ("json", "html", "md")}
    result = runner.invoke(
        app,
        ["compare", str(a), str(b), "--outlet", "GB News", "--outlet", "Unnamed outlet",
         "--json", str(out["json"]), "--html", str(out["html"]), "--md", str(out["md"])],
    )
    assert result.exit_code == ExitStatus.OK, result.output
    report = json.loads(out["json"].read_text("utf-8"))
    outlets = {Path(article["source"]).name: article["outlet"] for article in report["articles"]}
    assert outlets == {"a.txt": "GB News", "b.txt": "Unnamed outlet"}
    for suffix in ("html", "md"):
        text = out[suffix].read_text("utf-8")
        assert "GB News" in text and "Unnamed outlet" in text, suffix
    assert "Unnamed outlet" in result.stdout


def test_cli_outputs_outlet_overrides_the_one_read(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ONE_CLAIM + "Trending on GB News\n", encoding="utf-8")
    b.write_text(ONE_CLAIM.replace("Monday", "Tuesday"), encoding="utf-8")
    out = tmp_path / "r.json"
    result = runner.invoke(
        app, ["compare", str(a), str(b), "--outlet", "Daily Example", "--json", str(out)]
    )
    assert result.exit_code == ExitStatus.OK, result.output
    articles = json.loads(out.read_text("utf-8"))["articles"]
    assert [(Path(x["source"]).name, x["outlet"]) for x in articles] == [
        ("a.txt", "Daily Example"),
        ("b.txt", None),
    ]


def test_cli_outputs_more_outlets_than_inputs_is_a_usage_error(seed_paths: list[Path]) -> None:
    result = runner.invoke(
        app, ["compare", str(seed_paths[0]), "--outlet", "A", "--outlet", "B"]
    )
    assert result.exit_code == ExitStatus.USAGE
    assert result.stderr.splitlines() == [
        "error: 2 --outlet options for 1 input: the Nth --outlet names the Nth input"
    ]
