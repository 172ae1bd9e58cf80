"""The seed pair through the real path: read, clean, analyse, compare with the bundled models."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.analyse import AnalysisOptions
from crosswire.api import Options, analyse_articles, read_inputs
from crosswire.comparison import Comparison, compare_articles
from crosswire.document import Article
from crosswire.errors import ModelError
from crosswire.models import load_embedder


@pytest.fixture(scope="module")
def seed(seed_paths: list[Path]) -> tuple[list[Article], Comparison]:
    from crosswire.models import load_nli

    try:
        nli = load_nli()
    except ModelError as exc:
        pytest.skip(f"the bundled NLI model is not installed: {exc}")
    articles, failures = read_inputs(seed_paths)
    assert not failures
    articles = analyse_articles(
        articles, options=Options(analysis=AnalysisOptions(checkworthiness="none")))
    return articles, compare_articles(articles, embedder=load_embedder(), nli=nli)


def claim_with(articles: list[Article], index: int, words: str) -> str:
    for claim in articles[index].claims:
        if words in claim.text:
            return claim.id
    raise AssertionError(f"no claim of article {index} holds {words!r}")


@pytest.mark.parametrize(
    ("words_a", "words_b"),
    [("visibly emotional", "deeply emotional tribute"),
     ("first anniversary", "first anniversary")],
)
def test_comparison_seed_corroborated(seed, words_a: str, words_b: str) -> None:  # type: ignore[no-untyped-def]
    articles, found = seed
    a, b = claim_with(articles, 0, words_a), claim_with(articles, 1, words_b)
    group = found.group_of(a)
    assert b in group.claims and group.status == "corroborated"
    assert group.independent_sources >= 2


@pytest.mark.parametrize(
    ("words_a", "words_b"),
    [pytest.param("kneeling beside a coffin", "draped over a grave",
                  marks=pytest.mark.xfail(
                      strict=True,
                      reason="settings make no finding: outside the demo pair they were right in "
                             "none of their 2 firings (a calibration pair; 'touching her over her "
                             "bra' read as a setting on the labelled BASIL events); the "
                             "difference stays in the related link's reasons "
                             "(docs/comparison.md)")),
     pytest.param("offensive operations orders", "remained largely silent",
                  marks=pytest.mark.xfail(
                      strict=True,
                      reason="the silence-against-disclosure check is off: on 65 BASIL events "
                             "labelled by reading its 5 findings were all wrong (one person "
                             "declining to comment against another's statement); no general "
                             "rule with a measured precision finds this pair "
                             "(docs/comparison.md)"))],
)
def test_comparison_seed_tension(seed, words_a: str, words_b: str) -> None:  # type: ignore[no-untyped-def]
    articles, found = seed
    a, b = claim_with(articles, 0, words_a), claim_with(articles, 1, words_b)
    links = [x for x in found.links if {x.a, x.b} == {a, b}]
    assert links, "no link between the two claims"
    link = links[0]
    assert link.relation == "contradicts" or (link.relation == "related" and
                                              link.details["tension"] and link.reasons)


@pytest.mark.parametrize(("index", "words"), [(0, "6,000"), (1, "artillery shells")])
def test_comparison_seed_single_source(seed, index: int, words: str) -> None:  # type: ignore[no-untyped-def]
    articles, found = seed
    assert found.group_of(claim_with(articles, index, words)).status == "single_source"


@pytest.mark.parametrize(("index", "word"), [(1, "liberation"), (0, "dictator"), (0, "invasion")])
def test_comparison_seed_framing(seed, index: int, word: str) -> None:  # type: ignore[no-untyped-def]
    articles, found = seed
    article = articles[index]
    terms = [t for f in found.framing if f.referent != "loaded language"
             for t in f.terms.get(article.id, ())]
    assert any(word in t.text for t in terms)
    for t in terms:
        assert article.text[t.start : t.end] == t.text


def test_comparison_seed_coffin_grave_reason_names_both_settings(seed) -> None:  # type: ignore[no-untyped-def]
    """The settings check still reads the difference; the link that names it is a related one,
    which a report keeps with ``keep_related``."""
    from crosswire.comparison import CompareOptions
    from crosswire.models import load_nli

    articles, _ = seed
    found = compare_articles(articles, embedder=load_embedder(), nli=load_nli(),
                             options=CompareOptions(keep_related=True))
    a = claim_with(articles, 0, "kneeling beside a coffin")
    b = claim_with(articles, 1, "draped over a grave")
    link = next(x for x in found.links if {x.a, x.b} == {a, b})
    assert link.relation == "related" and not link.details["tension"]
    setting = [c for c in link.details["checks"] if c["check"] == "settings"]
    assert setting and setting[0]["verdict"] == "conflict"
    assert "'beside a coffin'" in setting[0]["reason"] and "'over a grave'" in setting[0]["reason"]
    assert any("different settings" in r for r in link.reasons)


def test_comparison_seed_pairs_left_unasked_change_nothing_reported(seed) -> None:  # type: ignore[no-untyped-def]
    """By default the model reads only the pairs whose relation in the report its answer
    could change: the links a report carries (with their reasons and details) and the groups
    are those of a run that asks it about every pair from the gate, from fewer model calls."""
    from crosswire.comparison import CompareOptions
    from crosswire.comparison.core import reported_links
    from crosswire.models import load_nli

    articles, found = seed
    every = compare_articles(articles, embedder=load_embedder(), nli=load_nli(),
                             options=CompareOptions(keep_related=True))
    assert found.stats["nli_pairs"] < every.stats["nli_pairs"]
    assert any(e.unasked for e in found.evidence)
    shown = reported_links(every.links, CompareOptions())
    assert [x.to_dict() for x in found.links] == [x.to_dict() for x in shown]
    assert [g.to_dict() for g in found.groups] == [g.to_dict() for g in every.groups]


def test_comparison_seed_cores_left_unread_below_shared_wording_change_no_link(seed) -> None:  # type: ignore[no-untyped-def]
    """A core decides nothing between claims that share less than ``shared_share`` of their
    descriptive words, so the comparison does not read those cores: every link is the same as
    with every core read, with fewer model calls."""
    from crosswire.comparison import CompareOptions
    from crosswire.comparison.evidence import gather_evidence
    from crosswire.comparison.relations import relate
    from crosswire.models import load_nli

    _, found = seed
    thresholds = CompareOptions().thresholds
    candidates = [e.candidate for e in found.evidence]
    runs = {}
    assert thresholds.core_share == thresholds.shared_share
    for share in (0.0, thresholds.shared_share):
        evidence, pairs = gather_evidence(found.views, candidates, load_nli(),
                                          gate=thresholds.gate, embedder=load_embedder(),
                                          core_share=share)
        links = relate(found.views, evidence, thresholds)
        runs[share] = (len(pairs), [(x.a, x.b, x.relation, x.reasons, x.details["tension"])
                                    for x in links])
    every, skipped = runs[0.0], runs[thresholds.shared_share]
    assert skipped[0] < every[0]
    assert skipped[1] == every[1]
