"""`crosswire compare` lists every dropped input and exits by the README's table; warnings shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import ExitStatus, app
from crosswire.report import validate
from languages import KOREAN, one_line_text

runner = CliRunner()


@pytest.fixture(scope="module")
def long_file(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[Path]) -> Path:
    """A 2 MB one-line text made of a real article's sentences (over the analysis limit)."""
    path = tmp_path_factory.mktemp("long") / "long.txt"
    path.write_text(one_line_text(seed_paths[1], 2_000_000), encoding="utf-8")
    return path


def test_cli_compare_long_text_exits_1_with_the_failure_listed(
    long_file: Path, seed_paths: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["compare", str(long_file), str(seed_paths[0]), "--json", str(out)])
    assert result.exit_code == ExitStatus.PARTIAL, result.output
    report = json.loads(out.read_text("utf-8"))
    validate(report)
    assert report["summary"]["failures"] == 1
    assert [(f["source"], f["stage"]) for f in report["failures"]] == [(str(long_file), "parse")]
    assert "long.txt (parse): text of" in " ".join(result.stdout.split())


def test_cli_compare_only_long_text_exits_3_naming_it(long_file: Path) -> None:
    result = runner.invoke(app, ["compare", str(long_file)])
    assert result.exit_code == ExitStatus.NO_INPUT
    stderr = " ".join(result.stderr.split())
    assert "no article could be analysed" in stderr
    assert "long.txt (parse): text of" in stderr and "over the analysis limit" in stderr


def test_cli_compare_korean_article_warned_exit_0(seed_paths: list[Path], tmp_path: Path) -> None:
    korean = tmp_path / "seoul.txt"
    korean.write_text(KOREAN, encoding="utf-8")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["compare", str(korean), str(seed_paths[0]), "--json", str(out)])
    assert result.exit_code == ExitStatus.OK, result.output
    assert "warning" in result.stdout and "written in Korean" in " ".join(result.stdout.split())
    (warning,) = json.loads(out.read_text("utf-8"))["warnings"]
    assert (warning["source"], warning["stage"]) == (str(korean), "language")


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "--story", "9223372036854775808"],
        ["compare", "--story", "0"],
        ["stories", "--limit", "9223372036854775808"],
        ["stories", "--min-size", "-1"],
    ],
)
def test_cli_out_of_range_number_is_a_usage_error(args: list[str], tmp_path: Path) -> None:
    result = runner.invoke(app, [*args, "--db", str(tmp_path / "x.db")])
    assert result.exit_code == ExitStatus.USAGE
    assert "Traceback" not in result.output
