"""Claim groups: status for every claim, and independent sources counted by their roots."""

from __future__ import annotations

import pytest

import crosswire
from crosswire.comparison.groups import build_groups, independent_roots
from crosswire.comparison.views import build_views
from crosswire.document import Article, Attribution, Claim, Span
from crosswire.report.model import Link


def article(text: str, outlet: str, *, chain: tuple[str, ...] = ()) -> Article:
    made = Article.from_text(text, source=f"{outlet}.txt", outlet=outlet)
    attribution = Attribution(chain[-1], None, None, chain=chain) if chain else None
    made.claims = [Claim(f"{made.id}:c1", Span(0, len(text), text), attribution=attribution)]
    return made


def corroborated(articles: list[Article]) -> tuple[str, int]:
    views = build_views(articles)
    ids = [v.id for v in views]
    links = [Link(ids[0], other, "corroborates", 0.9) for other in ids[1:]]
    groups = build_groups(views, links, articles)
    assert len(groups) == 1
    return groups[0].status, groups[0].independent_sources


def test_comparison_groups_two_outlets_are_independent() -> None:
    status, sources = corroborated([
        article("The bridge collapsed on Tuesday morning, killing four people.", "Daily A"),
        article("Four people died when the bridge gave way early on Tuesday.", "Herald B"),
    ])
    assert (status, sources) == ("corroborated", 2)


def test_comparison_groups_syndicated_copies_count_once() -> None:
    wire = ("The bridge collapsed on Tuesday morning, killing four people, police said, and "
            "rescue teams searched the river for more victims through the night.")
    status, sources = corroborated([article(wire, "Daily A"), article(wire + " ", "Herald B")])
    assert (status, sources) == ("single_source", 1)


def test_comparison_groups_one_attribution_root_counts_once() -> None:
    status, sources = corroborated([
        article("The senator resigned, as first reported by The Washington Post.", "Daily A"),
        article("The senator has stepped down, The Washington Post first reported.", "Herald B"),
    ])
    assert (status, sources) == ("single_source", 1)


def test_comparison_groups_explicit_confirmation_counts() -> None:
    status, sources = corroborated([
        article("The senator resigned, as first reported by The Washington Post.", "Daily A"),
        article("The senator has stepped down, The Washington Post first reported. Fox News has "
                "confirmed the resignation.", "Herald B"),
    ])
    assert (status, sources) == ("corroborated", 2)


def test_comparison_groups_same_chain_root_counts_once() -> None:
    status, sources = corroborated([
        article("North Korea may send more troops, Reuters said.", "Daily A",
                chain=("Reuters", "NIS")),
        article("More troops may be sent, according to the NIS.", "Herald B", chain=("NIS",)),
    ])
    assert (status, sources) == ("single_source", 1)


@pytest.mark.parametrize("relation", ["contradicts"])
def test_comparison_groups_contradiction_makes_contested(relation: str) -> None:
    articles = [article("Four people died.", "Daily A"), article("Nine people died.", "Herald B")]
    views = build_views(articles)
    groups = build_groups(views, [Link(views[0].id, views[1].id, relation, 0.8)], articles)
    # a contradiction links two fact clusters; it never merges them
    assert [g.status for g in groups] == ["contested", "contested"]
    assert groups[0].details["contradicted_by"] == [groups[1].id]


def test_comparison_groups_clusters_do_not_chain() -> None:
    articles = [article("Four people died when the bridge collapsed.", "Daily A"),
                article("The bridge collapsed on Tuesday; four died and the mayor resigned.",
                        "Herald B"),
                article("The mayor resigned on Wednesday.", "Courier C")]
    views = build_views(articles)
    a, b, c = (v.id for v in views)
    links = [Link(a, b, "corroborates", 0.95), Link(b, c, "corroborates", 0.9)]
    groups = build_groups(views, links, articles)
    # b states both facts; it joins the stronger one, and a and c stay apart
    assert sorted(len(g.claims) for g in groups) == [1, 2]
    assert {a, b} in [set(g.claims) for g in groups]


def test_comparison_groups_complete_linkage_joins_three_outlets() -> None:
    articles = [article("Four people died when the bridge collapsed.", "Daily A"),
                article("The bridge collapse killed four people.", "Herald B"),
                article("Four were killed as the bridge fell.", "Courier C")]
    views = build_views(articles)
    a, b, c = (v.id for v in views)
    links = [Link(a, b, "corroborates", 0.95), Link(b, c, "corroborates", 0.9),
             Link(a, c, "corroborates", 0.8)]
    groups = build_groups(views, links, articles)
    assert [set(g.claims) for g in groups] == [{a, b, c}]
    assert groups[0].independent_sources == 3


def test_comparison_groups_every_claim_has_a_group() -> None:
    articles = [article("Four people died.", "Daily A"), article("It rained.", "Herald B")]
    views = build_views(articles)
    groups = build_groups(views, [], articles)
    assert sorted(c for g in groups for c in g.claims) == sorted(v.id for v in views)
    assert {g.status for g in groups} == {"single_source"}


def analysed_views(*texts: str) -> list:
    """The views of real articles (read, cleaned and analysed), one claim or more each."""
    from crosswire.api import analyse_articles

    articles = [crosswire.read_text(t, outlet=f"Outlet {n}", title=f"Story {n}")
                for n, t in enumerate(texts)]
    return build_views(analyse_articles(articles))


def one_claim_each(views: list, *words: str) -> list:
    return [next(v for v in views if w in v.text) for w in words]


def test_comparison_groups_one_document_cited_by_two_articles_counts_once() -> None:
    views = analysed_views(
        "Stone lied to the House intelligence committee five times, the indictment said.",
        "According to the indictment, Stone made five false statements to the committee.")
    members = one_claim_each(views, "Stone lied", "Stone made")
    assert all(v.roots[0].endswith(":indictment") for v in members)
    assert len(independent_roots(members)) == 1
    # unnamed people are not one source because two articles call them alike
    views = analysed_views("Officials said Stone lied to the committee five times.",
                           "Officials said Stone made five false statements to the committee.")
    assert len(independent_roots(one_claim_each(views, "Stone lied", "Stone made"))) == 2


def test_comparison_groups_one_statement_quoted_counts_once() -> None:
    views = analysed_views(
        "Goelman said the firing was political and \"should be deeply troubling to all "
        "Americans.\"",
        "In a statement on Monday, his lawyer wrote that the decision \"should be deeply "
        "troubling to all Americans\" and called it a break with policy.")
    members = one_claim_each(views, "Goelman", "his lawyer")
    assert members[0].roots != members[1].roots
    assert len(independent_roots(members)) == 1
