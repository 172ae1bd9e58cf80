"""Exit statuses as the README's table gives them, and messages a CLI user can act on: usage
errors exit 2 in one line, plurals agree, each skipped input is reported once, the API's
settings are named as the command's options, a single article is warned about."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosswire.cli import ExitStatus, app

runner = CliRunner()

ONE_CLAIM = (
    "Most Read\nOfficials in Lisbon said on Monday that the new metro line will open in March.\n"
)
BLOCKED = "http://127.0.0.1/story"


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port another program listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "bogus"], "unknown evaluation task 'bogus'; choose one of extraction,"),
        (["report", "nosuch"], "no saved report with id 'nosuch'"),
        (["compare", "--story", "99"], "no story with id 99"),
    ],
)
def test_cli_statuses_unknown_name_is_a_usage_error(
    args: list[str], message: str, tmp_path: Path
) -> None:
    extra = ["--data", str(tmp_path)] if args[0] == "eval" else ["--db", str(tmp_path / "s.db")]
    result = runner.invoke(app, [*args, *extra])
    assert result.exit_code == ExitStatus.USAGE
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ") and message in line


def test_cli_statuses_busy_port_is_one_line(busy_port: int, tmp_path: Path) -> None:
    db = tmp_path / "web.db"
    result = runner.invoke(app, ["serve", "--port", str(busy_port), "--db", str(db)])
    assert result.exit_code == ExitStatus.USAGE
    assert result.stderr.splitlines() == [
        f"error: port {busy_port} is already in use on 127.0.0.1; pick another with --port"
    ]
    assert "Errno" not in result.output
    assert not db.exists()  # the address is taken before the store is opened


def test_cli_statuses_serving_off_loopback_without_token_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "web.db")],
        env={"CROSSWIRE_TOKEN": None},
    )
    assert result.exit_code == ExitStatus.USAGE
    assert "give an API token" in result.stderr


def test_cli_statuses_single_article_is_warned_with_singular_counts(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(ONE_CLAIM, encoding="utf-8")
    html = tmp_path / "one.html"
    result = runner.invoke(app, ["compare", str(path), "--html", str(html)])
    assert result.exit_code == ExitStatus.OK, result.output
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.startswith("warning")] == [
        "warning only one article: nothing to compare it with, so every claim is single-source"
    ]
    assert "1 claim in 1 group:" in result.stdout and "0 framing differences" in result.stdout
    assert "1 claim · 1 piece removed by the cleaner" in html.read_text("utf-8")


def test_cli_statuses_blocked_url_names_the_cli_flag(tmp_path: Path) -> None:
    result = runner.invoke(app, ["compare", BLOCKED])
    assert result.exit_code == ExitStatus.NO_INPUT
    assert f"  {BLOCKED} (ingest): 127.0.0.1 is a loopback address (pass --allow-private to " \
        "fetch it)" in result.stderr.splitlines()
    assert "allow_private" not in result.output


def test_cli_statuses_skipped_input_is_reported_once(seed_paths: list[Path]) -> None:
    """In a process of its own, so that the library's log lines reach the terminal too."""
    env = {**os.environ, "COLUMNS": "200"}
    child = subprocess.run(
        [sys.executable, "-m", "crosswire.cli", "compare", str(seed_paths[0]), BLOCKED],
        capture_output=True, text=True, timeout=600, env=env,
    )
    assert child.returncode == ExitStatus.PARTIAL, child.stderr
    output = child.stdout + child.stderr
    assert output.count(BLOCKED) == 1, output
    assert (
        f"skipped {BLOCKED} (ingest): 127.0.0.1 is a loopback address "
        "(pass --allow-private to fetch it)"
    ) in child.stdout.splitlines()
    assert "allow_private" not in output


@pytest.mark.parametrize("command", [["report"], ["stories"], ["compare", "--demo"]])
def test_cli_statuses_storage_error_exits_4(command: list[str], tmp_path: Path) -> None:
    """A database file that is not one is a storage error (4), named in one line, and the
    file is left as it was."""
    bad = tmp_path / "notes.db"
    bad.write_text("not a database at all, just notes\n", encoding="utf-8")
    result = runner.invoke(app, [*command, "--db", str(bad)])
    assert result.exit_code == ExitStatus.FAILURE, result.output
    assert "not a SQLite database" in result.output
    assert bad.read_text(encoding="utf-8") == "not a database at all, just notes\n"


def test_cli_eval_help_names_every_task() -> None:
    from crosswire.eval import TASKS

    result = runner.invoke(app, ["eval", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for task in TASKS:
        assert task in result.output, task
