"""`crosswire compare` names outlets (metadata, then what the text says, then --outlet) and reads
.json files holding one article or a list; a .json that is neither JSON nor JSONL is one error,
not one per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crosswire.cli import ExitStatus, app

runner = CliRunner()

WIRE = (
    "SEOUL (Reuters) - North Korea fired two ballistic missiles into the sea on Thursday, "
    "South Korea's military said.\n"
    "The launches came hours after the United States and South Korea ended joint drills.\n"
)
PLAIN = (
    "North Korea launched two missiles on Thursday morning, officials in Seoul said.\n"
    "Japan's defence ministry said the missiles landed outside its economic zone.\n"
)
PAGE_TEXT = [
    "North Korea fired two short-range ballistic missiles off its east coast on Thursday.",
    "South Korea's Joint Chiefs of Staff said the missiles flew about 600 kilometres.",
    "The launch followed the end of joint military exercises by Seoul and Washington.",
]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, Path]:
    folder = tmp_path_factory.mktemp("outlets")
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "plain.txt").write_text(PLAIN, encoding="utf-8")
    paragraphs = "".join(f"<p>{p}</p>" for p in PAGE_TEXT)
    (folder / "page.html").write_text(
        '<!DOCTYPE html><html><head><meta property="og:site_name" content="Example Times">'
        f"<title>Missiles fired</title></head><body><article>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    (folder / "one.json").write_text(
        json.dumps(
            {"title": "Missiles", "text": "Two missiles were fired, Tokyo said on Thursday.",
             "outlet": "Tokyo Daily"},
            indent=2,
        ),
        encoding="utf-8",
    )
    (folder / "list.json").write_text(
        json.dumps(
            [
                {"text": "Seoul said the missiles flew 600 kilometres on Thursday.", "source": "A"},
                {"text": "Washington condemned the launch of two missiles on Thursday.",
                 "site": "B"},
            ],
            indent=2,
        ),
        encoding="utf-8",
    )
    out = folder / "r.json"
    inputs = ["wire.txt", "plain.txt", "page.html", "one.json", "list.json"]
    result = runner.invoke(
        app, ["compare", *(str(folder / name) for name in inputs), "--json", str(out)]
    )
    assert result.exit_code == ExitStatus.OK, result.output
    return json.loads(out.read_text("utf-8")), result.stdout, folder


def _outlets(report: dict[str, Any]) -> dict[str, str | None]:
    return {Path(a["source"]).name: a["outlet"] for a in report["articles"]}


def test_cli_outlets_dateline_names_reuters(run: tuple[dict[str, Any], str, Path]) -> None:
    report, _, _ = run
    assert _outlets(report)["wire.txt"] == "Reuters"


def test_cli_outlets_html_site_name(run: tuple[dict[str, Any], str, Path]) -> None:
    report, _, _ = run
    assert _outlets(report)["page.html"] == "Example Times"


def test_cli_outlets_json_files_read(run: tuple[dict[str, Any], str, Path]) -> None:
    report, _, _ = run
    outlets = _outlets(report)
    assert (outlets["one.json"], outlets["list.json#1"], outlets["list.json#2"]) == (
        "Tokyo Daily",
        "A",
        "B",
    )


def test_cli_outlets_unknown_shows_the_input_name(run: tuple[dict[str, Any], str, Path]) -> None:
    report, stdout, _ = run
    assert _outlets(report)["plain.txt"] is None
    row = next(line for line in stdout.splitlines() if "plain.txt" in line)
    cells = [cell.strip() for cell in row.strip("│ ").split("│")]
    assert cells[:2] == ["plain.txt", "plain.txt"]
    assert "-" not in cells


def test_cli_outlets_given_outlet_wins(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(WIRE, encoding="utf-8")
    out = tmp_path / "r.json"
    result = runner.invoke(
        app, ["compare", str(path), "--outlet", "Yonhap via Reuters", "--json", str(out)]
    )
    assert result.exit_code == ExitStatus.OK, result.output
    [article] = json.loads(out.read_text("utf-8"))["articles"]
    assert article["outlet"] == "Yonhap via Reuters"


def test_cli_outlets_broken_json_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "title": "Missiles",\n  "text": "x"\n  "outlet": "y"\n}\n')
    result = runner.invoke(app, ["compare", str(path)])
    assert result.exit_code == ExitStatus.NO_INPUT
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [
        "error: no article could be read:",
        f"  {path} (ingest): not valid JSON (Expecting ',' delimiter at line 4, column 3), "
        "nor JSON lines (no line holds a JSON object)",
    ]


def test_cli_outlets_articles_as_paragraphs(tmp_path: Path) -> None:
    """Articles held as paragraphs of sentences, with the outlet under ``source`` and the date
    under ``date`` (as BASIL's files hold them), compare as they are."""
    for name, outlet, paragraphs in (
        ("a.json", "fox", [["FBI agents arrested Roger Stone at his home in Fort Lauderdale on "
                            "Friday.", "He was charged with seven counts."]]),
        ("b.json", "nyt", [["Roger Stone was charged with seven counts on Friday."],
                           ["He said he would plead not guilty."]]),
    ):
        (tmp_path / name).write_text(json.dumps({"source": outlet, "date": "2019-01-25",
                                                 "body-paragraphs": paragraphs}), "utf-8")
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"),
                                 "--json", str(out)])
    assert result.exit_code == ExitStatus.OK, result.output
    report = json.loads(out.read_text("utf-8"))
    assert [a["outlet"] for a in report["articles"]] == ["fox", "nyt"]
    assert report["articles"][1]["text"].split() == ("Roger Stone was charged with seven counts "
                                                     "on Friday. He said he would plead not "
                                                     "guilty.").split()
    assert all(a["published"].startswith("2019-01-25") for a in report["articles"])
