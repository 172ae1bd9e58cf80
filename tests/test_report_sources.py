"""The sources an article cites, as the report lists them: people, bodies, outlets, documents
and unnamed sources described as such, never a common noun an attribution took for a source."""

from __future__ import annotations

import pytest

from crosswire.analyse.sources import is_named_source
from crosswire.api import compare
from crosswire.ingest.text import read_text
from crosswire.report.view import build_view


@pytest.mark.parametrize(
    ("name", "kind", "listed"),
    [("Roger Stone", "named_person", True),
     ("officials", "unnamed", True),
     ("the indictment", "other", True),
     ("court documents", "other", True),
     ("Stone's attorney", "other", True),
     ("a federal grand jury", "other", True),
     ("details", "other", False),
     ("man", "other", False),
     ("One of them", "other", False),
     ("the arrest", "other", False)],
)
def test_report_sources_named_or_not(name: str, kind: str, listed: bool) -> None:
    assert is_named_source(name, kind) is listed


ARTICLE = (
    "Stone was arrested on Friday, the indictment says. Details of the case were released by "
    "the court, a spokesman said. The FBI said agents arrested Stone at his home in Fort "
    "Lauderdale. Stone's attorney said he would plead not guilty.\n"
)
OTHER = "Roger Stone was taken into custody at his Florida home early Friday, officials said.\n"


def test_report_sources_listed_per_article() -> None:
    report = compare([read_text(ARTICLE, source="a.txt"), read_text(OTHER, source="b.txt")])
    view = build_view(report.to_dict())
    listed = {s.casefold() for a in view.articles for s in a.sources}
    named = {c.attribution.source.casefold() for a in report.articles for c in a.claims
             if c.attribution and c.attribution.source}
    assert listed <= named
    assert "fbi" in listed and "officials" in listed
    assert not listed & {"details", "man", "release"}
