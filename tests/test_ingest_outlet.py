"""The outlet read off a text: datelines, bylines, copyright lines; never a name merely cited."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.ingest import read
from crosswire.ingest.outlet import infer_outlet, outlet_clue

BODY = (
    "Officials said the bridge at the border crossing reopened on Monday after repairs.\n"
    "Traffic was light, according to the regional transport office.\n"
)


@pytest.mark.parametrize(
    ("first", "outlet"),
    [
        ("LONDON (Reuters) - Officials said the bridge reopened.", "Reuters"),
        ("(Reuters) - Officials said the bridge reopened.", "Reuters"),
        ("WASHINGTON, Dec 19 (Reuters) - Officials said the bridge reopened.", "Reuters"),
        ("ORLANDO, Fla. (AP) \u2014 Officials said the bridge reopened.", "AP"),
        ("(CNN) -- Officials said the bridge reopened.", "CNN"),
        ("LAS VEGAS, Feb. 19 (UPI) -- Officials said the bridge reopened.", "UPI"),
        ("New York (AFP) \u2013 Officials said the bridge reopened.", "AFP"),
        ("GAZA CITY (Ma'an) -- Officials said the bridge reopened.", "Ma'an"),
    ],
)
def test_ingest_outlet_dateline(first: str, outlet: str) -> None:
    assert outlet_clue(first + "\n" + BODY) == (outlet, "dateline")


@pytest.mark.parametrize(
    "text",
    [
        "According to Reuters, officials said the bridge reopened.\n" + BODY,  # cited
        "Sen. Ted Cruz (R-Texas) \u2014 announced on Monday.\n" + BODY,  # a party, not an outlet
        "Last week, Acta Apostolicae Sedis (AAS)\u2014the Vatican's organ\u2014said so.\n" + BODY,
        # not among the first lines: a story quoted at length
        BODY * 3 + "LONDON (Reuters) - A later story quoted at length.\n",
        BODY + "\u00a9 Reuters\n",  # a photo credit: no year, no "all rights reserved"
        BODY + "\u00a9 2019 Getty Images\n",  # a picture agency
        BODY + "By John Smith, Staff Writer\n",  # a role, not an outlet
    ],
)
def test_ingest_outlet_not_fired(text: str) -> None:
    assert infer_outlet(text) is None


@pytest.mark.parametrize(
    ("text", "clue"),
    [
        ("By Jane Doe, The Guardian\n" + BODY, ("The Guardian", "byline")),
        ("By Jane Doe and John Roe | Reuters\n" + BODY, ("Reuters", "byline")),
        (BODY + "\u00a9 BBC 2024\n", ("BBC", "copyright")),
        (BODY + "\u00a9 2025 The Guardian. All rights reserved.\n", ("The Guardian", "copyright")),
        (
            BODY + "Copyright 2019 Hawaii News Now. All rights reserved.\n",
            ("Hawaii News Now", "copyright"),
        ),
        (
            BODY + "This article originally appeared at The Daily Dot. Copyright 2014.\n",
            ("The Daily Dot", "syndication"),
        ),
        (
            BODY + "Fox News\u2019 Matt Richardson and John Roberts contributed to this report.\n",
            ("Fox News", "credit"),
        ),
        ("Trending on GB News\n" + BODY, ("GB News", "site")),
    ],
)
def test_ingest_outlet_other_rules(text: str, clue: tuple[str, str]) -> None:
    assert outlet_clue(text) == clue


def test_ingest_outlet_seed_citing_reuters_has_none(seed_paths: list[Path]) -> None:
    """The unnamed outlet cites the Guardian and Reuters: neither is its outlet."""
    [article] = read(seed_paths[1])
    assert article.outlet is None


def test_ingest_outlet_txt_dateline_read(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("SEOUL (Reuters) - " + BODY, encoding="utf-8")
    [article] = read(path)
    assert article.outlet == "Reuters"
    assert article.meta["outlet_source"] == "text: dateline"


def test_ingest_outlet_html_site_name_first(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    paragraphs = "".join(f"<p>{line}</p>" for line in ("BEIRUT (AP) - " + BODY).splitlines() * 3)
    path.write_text(
        '<!DOCTYPE html><html><head><meta property="og:site_name" content="Example Times">'
        f"<title>Bridge reopens</title></head><body><article>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    [article] = read(path)
    assert article.outlet == "Example Times"
    assert "outlet_source" not in article.meta


def test_ingest_outlet_html_without_metadata_reads_the_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    lines = ["BEIRUT (AP) \u2014 " + BODY.splitlines()[0], *BODY.splitlines()[1:]] * 3
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    path.write_text(
        f"<!DOCTYPE html><html><head><title>Bridge</title></head><body><article>{paragraphs}"
        "</article></body></html>",
        encoding="utf-8",
    )
    [article] = read(path)
    assert (article.outlet, article.meta["outlet_source"]) == ("AP", "text: dateline")
