"""compare_articles on hand-built articles with the bundled embedder: links with reasons,
groups for every claim, candidate pairs fewer than all pairs, 2 to 20 articles."""

from __future__ import annotations

import re

import pytest

from crosswire.comparison import CompareOptions, compare_articles
from crosswire.document import Article, Claim, Entity, Quantity, Span
from crosswire.models import load_embedder
from crosswire.report import Report
from crosswire.report.model import validate


def make(sentences: list[str], outlet: str, quantities: dict[str, tuple[float, str, str]] = {},  # noqa: B006
         entities: dict[str, str] = {}) -> Article:  # noqa: B006
    text = " ".join(sentences)
    article = Article.from_text(text, source=f"{outlet}.txt", outlet=outlet)
    start = 0
    for n, sentence in enumerate(sentences, 1):
        begin = text.index(sentence, start)
        article.claims.append(Claim(f"{article.id}:c{n}", article.span(begin, begin + len(sentence))))
        start = begin + len(sentence)
    for words, (value, unit, approx) in quantities.items():
        m = re.search(re.escape(words), text)
        assert m
        article.quantities.append(Quantity(article.span(m.start(), m.end()), value, value, unit,
                                           approx))
    for name, label in entities.items():
        for m in re.finditer(re.escape(name), text):
            article.entities.append(Entity(article.span(m.start(), m.end()), label))
    article.check_spans()
    return article


@pytest.fixture(scope="module")
def embedder():  # type: ignore[no-untyped-def]
    return load_embedder()


OPTIONS = CompareOptions(use_nli=False)


def test_comparison_compare_number_conflict_contradicts(embedder) -> None:  # type: ignore[no-untyped-def]
    a = make(["More than 150 people were killed in the earthquake in Turkey on Monday."], "A",
             {"More than 150": (150, "people", "more than")}, {"Turkey": "GPE"})
    b = make(["Roughly 400 people were killed in the earthquake in Turkey on Monday."], "B",
             {"Roughly 400": (400, "people", "roughly")}, {"Turkey": "GPE"})
    found = compare_articles([a, b], options=OPTIONS, embedder=embedder)
    assert [link.relation for link in found.links] == ["contradicts"]
    assert any(r.startswith("numbers differ") for r in found.links[0].reasons)
    # a contradiction links two fact clusters and never merges them
    assert [g.status for g in found.groups] == ["contested", "contested"]


def test_comparison_compare_number_agreement_corroborates(embedder) -> None:  # type: ignore[no-untyped-def]
    a = make(["More than 150 people were killed in the earthquake in Turkey on Monday."], "A",
             {"More than 150": (150, "people", "more than")})
    b = make(["Monday's earthquake in Turkey killed 150 people, rescuers said."], "B",
             {"150": (150, "people", "")})
    found = compare_articles([a, b], options=OPTIONS, embedder=embedder)
    assert [link.relation for link in found.links] == ["corroborates"]
    assert any(r.startswith("numbers agree") for r in found.links[0].reasons)
    assert found.groups[0].status == "corroborated"
    assert found.groups[0].independent_sources == 2


def test_comparison_compare_unlinked_claims_are_single_source(embedder) -> None:  # type: ignore[no-untyped-def]
    a = make(["The central bank raised interest rates by half a point.",
              "A storm closed schools across the north."], "A")
    b = make(["The football club signed a new striker for the season."], "B")
    found = compare_articles([a, b], options=OPTIONS, embedder=embedder)
    assert found.links == []
    assert sorted(c for g in found.groups for c in g.claims) == sorted(
        c.id for x in (a, b) for c in x.claims)
    assert {g.status for g in found.groups} == {"single_source"}


@pytest.mark.parametrize("count", [2, 7, 20])
def test_comparison_compare_many_articles_fewer_than_all_pairs(embedder, count: int) -> None:  # type: ignore[no-untyped-def]
    topics = ["rates", "storm", "strike", "election", "bridge", "fire", "vaccine", "budget"]
    articles = [
        make([f"Officials in city {n} said the {t} story developed on day {n}." for t in topics],
             f"Outlet {n}")
        for n in range(count)
    ]
    found = compare_articles(articles, options=OPTIONS, embedder=embedder)
    assert found.stats["candidates"] <= found.stats["all_pairs"]
    if count > 2:
        assert found.stats["candidates"] < found.stats["all_pairs"]
    report = Report(articles=articles, links=found.links, groups=found.groups,
                    framing=found.framing)
    validate(report.to_dict())


def test_comparison_compare_rejects_repeated_claim_ids(embedder) -> None:  # type: ignore[no-untyped-def]
    a = make(["The bridge collapsed."], "A")
    b = make(["The bridge collapsed."], "B")
    b.claims[0].id = a.claims[0].id
    with pytest.raises(ValueError, match="occurs twice"):
        compare_articles([a, b], options=OPTIONS, embedder=embedder)


@pytest.mark.parametrize("field", ["top_k", "corroborate"])
def test_comparison_compare_options_validated(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        CompareOptions(**{field: -1})
