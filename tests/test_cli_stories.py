"""`crosswire ingest` places articles into stories; `stories` lists them; `compare --story` runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from crosswire.cli import ExitStatus, app
from crosswire.store import open_store

runner = CliRunner()

LISBON = (
    "Officials in Lisbon said on Monday that the new metro line will open in March.\n"
    "The city council approved the budget for the line after a long debate.\n"
)


def test_cli_stories_ingest_list_and_compare(seed_paths: list[Path], tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in seed_paths:
        shutil.copy(path, corpus / path.name)
    (corpus / "lisbon.txt").write_text(LISBON, encoding="utf-8")
    db = tmp_path / "corpus.db"

    ingested = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert ingested.exit_code == ExitStatus.OK, ingested.output
    assert "3 added" in ingested.stdout

    listing_file = tmp_path / "stories.json"
    listed = runner.invoke(app, ["stories", "--db", str(db), "--json", str(listing_file)])
    assert listed.exit_code == ExitStatus.OK, listed.output
    stories = json.loads(listing_file.read_text("utf-8"))
    assert sorted(story["size"] for story in stories) == [1, 2]
    (kim,) = [story for story in stories if story["size"] == 2]

    report_file = tmp_path / "story.json"
    compared = runner.invoke(
        app, ["compare", "--story", str(kim["id"]), "--db", str(db), "--json", str(report_file)]
    )
    assert compared.exit_code == ExitStatus.OK, compared.output
    report = json.loads(report_file.read_text("utf-8"))
    assert len(report["articles"]) == 2
    with open_store(db) as store:
        assert len(store.list_reports()) == 1


def test_cli_stories_unknown_story_is_a_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    result = runner.invoke(app, ["compare", "--story", "99", "--db", str(db)])
    assert result.exit_code == ExitStatus.USAGE
    assert "99" in result.stderr
