"""Every span of every layer points at its text, on the seeds and on real PTC articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.analyse import AnalysisOptions, analyse_many
from crosswire.document import Article


@pytest.mark.data
def test_analyse_spans_ptc_articles(shared_data: Path) -> None:
    paths = sorted((shared_data / "propaganda" / "ptc" / "train-articles").glob("*.txt"))[:25]
    articles = [Article.from_text(p.read_text(encoding="utf-8"), source=p.name) for p in paths]
    done = list(analyse_many(articles, options=AnalysisOptions(checkworthiness="ngram")))
    assert len(done) == len(paths)
    for article in done:
        article.check_spans()
        assert article.claims
