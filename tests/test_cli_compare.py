"""`crosswire compare` on the bundled demo pair: a valid v1 report, the cleaner's work, storage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crosswire.cli import ExitStatus, app
from crosswire.report import validate
from crosswire.store import open_store

runner = CliRunner()

GB_NEWS_REMOVED = ["Don't Miss", "Most Read", "Trending on GB News", "LATEST DEVELOPMENTS:", "REUTERS"]
ONCE_IN_GB_NEWS = [
    "opened a new coastal resort",
    "The dictator appeared to weep",
    "visibly emotional during a ceremony",
    "State media broadcast showed Kim with tears in his eyes",
    "The British Ministry of Defence estimates approximately 6,000",
]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path, str]:
    folder = tmp_path_factory.mktemp("demo")
    out, db = folder / "r.json", folder / "store.db"
    result = runner.invoke(app, ["compare", "--demo", "--json", str(out), "--db", str(db)])
    assert result.exit_code == ExitStatus.OK, result.output
    return json.loads(out.read_text("utf-8")), db, result.stdout


def _gb_news(report: dict[str, Any]) -> dict[str, Any]:
    (article,) = [a for a in report["articles"] if a["source"].endswith("000_84ebddc1e97f28c0.txt")]
    return article


def test_cli_compare_report_is_valid_v1(demo_run: tuple[dict[str, Any], Path, str]) -> None:
    report, _, _ = demo_run
    validate(report)
    assert report["schema_version"] == "1"
    assert len(report["articles"]) == 2
    assert report["claims"] and report["groups"]


def test_cli_compare_claim_offsets_point_at_their_text(
    demo_run: tuple[dict[str, Any], Path, str],
) -> None:
    report, _, _ = demo_run
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for claim in report["claims"]:
        assert texts[claim["article"]][claim["start"] : claim["end"]] == claim["text"]
    for article in report["articles"]:
        for removal in article["removed"]:
            assert article["raw_text"][removal["start"] : removal["end"]] == removal["text"]


@pytest.mark.parametrize("line", GB_NEWS_REMOVED)
def test_cli_compare_gb_news_boilerplate_removed(
    demo_run: tuple[dict[str, Any], Path, str], line: str
) -> None:
    removed = [r["text"].strip() for r in _gb_news(demo_run[0])["removed"]]
    assert line in removed


def test_cli_compare_gb_news_reuters_credits_all_removed(
    demo_run: tuple[dict[str, Any], Path, str],
) -> None:
    article = _gb_news(demo_run[0])
    assert [r["text"].strip() for r in article["removed"]].count("REUTERS") == 3
    assert "REUTERS" not in article["text"]
    assert "Trending on GB News" not in article["text"]


@pytest.mark.parametrize("sentence", ONCE_IN_GB_NEWS)
def test_cli_compare_gb_news_sentences_kept_once(
    demo_run: tuple[dict[str, Any], Path, str], sentence: str
) -> None:
    assert _gb_news(demo_run[0])["text"].count(sentence) == 1


def test_cli_compare_prints_a_summary(demo_run: tuple[dict[str, Any], Path, str]) -> None:
    _, _, stdout = demo_run
    assert "claims in" in stdout and "corroborated" in stdout and "GB News" in stdout


def test_cli_report_writes_a_stored_report(
    demo_run: tuple[dict[str, Any], Path, str], tmp_path: Path
) -> None:
    report, db, _ = demo_run
    with open_store(db) as store:
        (summary,) = store.list_reports()
    report_id = summary.id
    listing = runner.invoke(app, ["report", "--db", str(db)])
    assert listing.exit_code == ExitStatus.OK
    assert report_id in listing.stdout
    statuses = [g["status"] for g in report["groups"]]
    counted = (f"{len(report['claims'])} ({statuses.count('corroborated')} / "
               f"{statuses.count('contested')})")
    assert counted in listing.stdout
    out = tmp_path / "again.json"
    result = runner.invoke(app, ["report", report_id, "--db", str(db), "--json", str(out)])
    assert result.exit_code == ExitStatus.OK, result.output
    assert json.loads(out.read_text("utf-8"))["claims"] == report["claims"]


def test_cli_compare_unreadable_input_is_listed_and_others_go_on(
    seed_paths: list[Path], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["compare", str(seed_paths[0]), str(empty), "--json", str(out)])
    assert result.exit_code == ExitStatus.PARTIAL
    report = json.loads(out.read_text("utf-8"))
    assert [f["source"] for f in report["failures"]] == [str(empty)]
    assert len(report["articles"]) == 1


def test_cli_compare_nothing_readable_exits_3(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["compare", str(empty)])
    assert result.exit_code == ExitStatus.NO_INPUT
    assert "empty.txt" in result.stderr
