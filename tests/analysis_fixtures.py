"""Analysed articles shared by the analysis tests (each analysed once per test session)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from crosswire.analyse import AnalysisOptions, analyse
from crosswire.document import Article

DEMO = Path(__file__).resolve().parent.parent / "src" / "crosswire" / "demo"
SEED_PUBLISHED = datetime(2025, 6, 24)


def cleaned(article: Article) -> Article:
    """The article through the cleaner (the raw article where no cleaner is installed)."""
    try:
        from crosswire.clean import clean_article
    except ImportError:
        return article
    return clean_article(article)


@lru_cache(maxsize=None)
def seed(name: str) -> Article:
    """A bundled seed article, cleaned and analysed (``name`` is its file name prefix)."""
    path = next(DEMO.glob(f"{name}*.txt"))
    article = Article.from_text(path.read_text(encoding="utf-8"), source=path.name, published=SEED_PUBLISHED)
    return analyse(cleaned(article), options=AnalysisOptions(checkworthiness="ngram"))


@lru_cache(maxsize=None)
def analysed(text: str, published: datetime | None = None) -> Article:
    """A small text analysed as an article (no cleaning), with the n-gram scorer."""
    article = Article.from_text(text, source="<test>", published=published)
    return analyse(article, options=AnalysisOptions(checkworthiness="ngram"))


def claim_containing(article: Article, words: str):  # noqa: ANN201 - returns a Claim
    """The first claim whose text contains ``words``."""
    for claim in article.claims:
        if words in claim.text:
            return claim
    raise AssertionError(f"no claim contains {words!r}: {[c.text for c in article.claims]}")
