"""WARC archives through every ingest path: `crosswire ingest`, `crosswire compare`, the API.

Archives are written with warcio; truncated ones are cut from them byte by byte.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import crosswire
from crosswire.cli import ExitStatus, app
from crosswire.document import Article
from crosswire.errors import InputError, MalformedInputError
from crosswire.ingest import read_bytes, read_many, read_stream
from crosswire.store import open_store
from warc_fixtures import STORIES, Crawl, crawl, one_member

runner = CliRunner()

FLOOD, BRIDGE, HARVEST = STORIES


def _name(gzipped: bool) -> str:
    return "crawl.warc.gz" if gzipped else "crawl.warc"


def _split(items: list[Article | InputError]) -> tuple[list[Article], list[InputError]]:
    return (
        [item for item in items if isinstance(item, Article)],
        [item for item in items if isinstance(item, InputError)],
    )


@pytest.fixture(params=[False, True], ids=["warc", "warc.gz"])
def gzipped(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def truncated(tmp_path: Path, gzipped: bool) -> tuple[Path, Crawl]:
    """Three HTML responses, the middle one cut short by 200 bytes."""
    archive = crawl(gzipped=gzipped)
    return archive.write(tmp_path / _name(gzipped), archive.cut(BRIDGE)), archive


def test_ingest_warc_cli_ingest_stores_the_pages_and_reports_the_truncated_one(
    tmp_path: Path, truncated: tuple[Path, Crawl]
) -> None:
    path, archive = truncated
    db = tmp_path / "x.db"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == ExitStatus.PARTIAL, result.output
    printed = result.stdout.replace("\n", "")  # the terminal wraps long lines
    assert "2 added, 0 already stored, 1 failed" in printed
    assert f"failed {path}#{BRIDGE}: truncated record at byte {archive.offsets[BRIDGE]}" in printed
    with open_store(db) as store:
        urls = sorted(a.url for a in store.list_articles())
        failures = store.list_failures()
    assert urls == sorted([FLOOD, HARVEST])
    [failure] = failures
    assert failure.source == f"{path}#{BRIDGE}"
    assert f"truncated record at byte {archive.offsets[BRIDGE]}" in failure.reason


def test_ingest_warc_cli_compare_reads_each_page_and_lists_the_truncated_one(
    tmp_path: Path, truncated: tuple[Path, Crawl]
) -> None:
    path, archive = truncated
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["compare", str(path), "--json", str(out)])
    assert result.exit_code == ExitStatus.PARTIAL, result.output
    report = json.loads(out.read_text("utf-8"))
    assert sorted(a["source"] for a in report["articles"]) == [
        f"{path}#{url}" for url in sorted([FLOOD, HARVEST])
    ]
    assert all("WARC/1" not in a["text"] for a in report["articles"])
    [failure] = report["failures"]
    assert (failure["source"], failure["stage"]) == (f"{path}#{BRIDGE}", "ingest")
    assert f"truncated record at byte {archive.offsets[BRIDGE]}" in failure["reason"]


def test_ingest_warc_api_compare_lists_the_truncated_record(
    truncated: tuple[Path, Crawl],
) -> None:
    path, _ = truncated
    articles, failures = crosswire.read_inputs([path])
    assert sorted(a.url or "" for a in articles) == sorted([FLOOD, HARVEST])
    assert [(f.source, f.stage) for f in failures] == [(f"{path}#{BRIDGE}", "ingest")]


@pytest.mark.parametrize("layout", ["member per record", "one member"])
def test_ingest_warc_gz_every_member_is_read(tmp_path: Path, layout: str) -> None:
    if layout == "one member":
        data = one_member(crawl(gzipped=False))
    else:
        data = crawl(gzipped=True).data
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    articles = crosswire.read(path)
    assert [a.url for a in articles] == list(STORIES)
    assert "two hundred homes" in articles[0].text
    assert "Copyright Example News" not in articles[0].text


def test_ingest_warc_plain_file_is_read_as_pages_not_text(tmp_path: Path) -> None:
    path = crawl(gzipped=False).write(tmp_path / "crawl.warc")
    articles = crosswire.read(path)
    assert [a.url for a in articles] == list(STORIES)
    assert all("WARC-Target-URI" not in a.raw_text for a in articles)


def test_ingest_warc_folder_of_archives(tmp_path: Path) -> None:
    folder = tmp_path / "crawls"
    crawl(gzipped=False, uris=(FLOOD,)).write(folder / "a.warc")
    crawl(gzipped=True, uris=(BRIDGE, HARVEST)).write(folder / "deeper" / "b.warc.gz")
    articles, errors = _split(list(read_many([folder])))
    assert errors == []
    assert [a.url for a in articles] == [FLOOD, BRIDGE, HARVEST]


def test_ingest_warc_cli_ingest_folder_of_archives(tmp_path: Path) -> None:
    folder = tmp_path / "crawls"
    crawl(gzipped=False, uris=(FLOOD,)).write(folder / "a.warc")
    crawl(gzipped=True, uris=(BRIDGE, HARVEST)).write(folder / "b.warc.gz")
    db = tmp_path / "x.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-stories"])
    assert result.exit_code == ExitStatus.OK, result.output
    assert "3 added, 0 already stored, 0 failed" in result.stdout


@pytest.mark.parametrize("where", [FLOOD, HARVEST], ids=["first", "last"])
def test_ingest_warc_truncated_record_is_named_and_the_others_go_on(
    tmp_path: Path, gzipped: bool, where: str
) -> None:
    archive = crawl(gzipped=gzipped)
    path = archive.write(tmp_path / _name(gzipped), archive.cut(where))
    articles, errors = _split(list(read_many([path])))
    assert sorted(a.url or "" for a in articles) == sorted(set(STORIES) - {where})
    [error] = errors
    assert isinstance(error, MalformedInputError)
    assert error.source == f"{path}#{where}"
    assert error.reason.startswith(f"truncated record at byte {archive.offsets[where]}: ")


def test_ingest_warc_record_cut_by_the_crawler_is_reported(tmp_path: Path) -> None:
    archive = crawl(gzipped=True, headers={BRIDGE: {"WARC-Truncated": "length"}})
    path = archive.write(tmp_path / "crawl.warc.gz")
    articles, errors = _split(list(read_many([path])))
    assert [a.url for a in articles] == [FLOOD, HARVEST]
    [error] = errors
    assert error.source == f"{path}#{BRIDGE}"
    assert "WARC-Truncated: length" in error.reason


def test_ingest_warc_damaged_member_is_named_and_the_next_is_read(tmp_path: Path) -> None:
    archive = crawl(gzipped=True)
    start, end = archive.offsets[BRIDGE], archive.ends[BRIDGE]
    middle = start + (end - start) // 2
    damaged = archive.data[:middle] + b"\x00" * 40 + archive.data[middle + 40 :]
    path = archive.write(tmp_path / "crawl.warc.gz", damaged)
    articles, errors = _split(list(read_many([path])))
    assert [a.url for a in articles] == [FLOOD, HARVEST]
    [error] = errors
    assert error.source.startswith(str(path))
    assert f"at byte {start}" in error.reason


def test_ingest_warc_reader_prints_nothing(
    tmp_path: Path, gzipped: bool, capfd: pytest.CaptureFixture[str]
) -> None:
    archive = crawl(gzipped=gzipped)
    path = archive.write(tmp_path / _name(gzipped), archive.cut(BRIDGE))
    list(read_many([path]))
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "")


@pytest.mark.parametrize("how", ["bytes", "stream"])
def test_ingest_warc_sniffed_from_content(gzipped: bool, how: str) -> None:
    data = crawl(gzipped=gzipped).data
    if how == "bytes":
        items = list(read_bytes(data, source="<stdin>"))
    else:
        items = list(read_stream(io.BytesIO(data), source="<stdin>"))
    articles, errors = _split(items)
    assert errors == []
    assert [a.source for a in articles] == [f"<stdin>#{uri}" for uri in STORIES]
