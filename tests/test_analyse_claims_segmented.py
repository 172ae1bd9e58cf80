"""Claims: atomic, wrapped in their attribution frames, scored, with stable ids."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from analysis_fixtures import analysed
from crosswire.analyse import AnalysisOptions, analyse
from crosswire.document import Article


def test_analyse_claims_split_coordinated_clauses() -> None:
    text = "The bridge was destroyed on Monday, and the army retreated from the town."
    claims = analysed(text).claims
    assert [c.text for c in claims] == [
        "The bridge was destroyed on Monday",
        "and the army retreated from the town.",
    ]


def test_analyse_claims_quote_continues_attribution() -> None:
    text = 'Rob Lee said: "They fought hard. They did not surrender."'
    claims = analysed(text).claims
    assert len(claims) == 2
    assert all(c.attribution is not None and c.attribution.source == "Rob Lee" for c in claims)


@pytest.mark.parametrize("text", ["Don't Miss", "LATEST DEVELOPMENTS:", "REUTERS"])
def test_analyse_claims_skip_fragments(text: str) -> None:
    assert analysed(text).claims == []


class LengthScorer:
    """A scorer whose score is the share of the text's words that are numbers."""

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([sum(w[0].isdigit() for w in t.split()) / len(t.split()) for t in texts])


def test_analyse_claims_scored_by_injected_scorer() -> None:
    text = "About 300 people were killed in 2 days. The weather was mild and pleasant in the city."
    article = analyse(Article.from_text(text, source="<test>"), scorer=LengthScorer())
    scores = [c.checkworthiness for c in article.claims]
    assert scores[0] > 0 and scores[1] == 0


@pytest.mark.parametrize("scorer", ["ngram"])
def test_analyse_claims_bundled_scorer_ranks_factual_claim_higher(scorer: str) -> None:
    text = (
        "Unemployment fell to 3.5 percent last year, the lowest rate in fifty years. "
        "I hope everyone has a wonderful evening."
    )
    article = analyse(
        Article.from_text(text, source="<test>"), options=AnalysisOptions(checkworthiness=scorer)
    )
    assert article.claims[0].checkworthiness > article.claims[1].checkworthiness


def test_analyse_claims_ids_stable_across_runs() -> None:
    text = "The ministry said 40 people died. The port was closed on Friday."
    first = analyse(Article.from_text(text, source="a"), options=AnalysisOptions(checkworthiness="none"))
    second = analyse(Article.from_text(text, source="b"), options=AnalysisOptions(checkworthiness="none"))
    assert [c.id for c in first.claims] == [c.id for c in second.claims]
    assert [c.id for c in first.claims] == [f"{first.id}:c1", f"{first.id}:c2"]


def test_analyse_claims_keep_a_quote_opening_the_frame_leaves_out() -> None:
    """A word of the quote left before the frame ("Not") stays in the claim: without it the
    claim would say the opposite."""
    text = ('"We tried everything for months. Not a choice we wanted to make," Rivera told '
            '"Morning Report" host Dana Lee.')
    claims = analysed(text).claims
    last = claims[-1]
    assert last.text.startswith("Not a choice we wanted to make")
    assert not any(c.text.startswith("a choice") for c in claims)
    assert last.attribution is not None and last.attribution.source == "Rivera"


def test_analyse_claims_quoted_name_after_the_cue_is_not_what_was_said() -> None:
    """'told "Morning Report" co-host Dana Lee' names whom it was told; the quotation before
    the frame is what was said."""
    text = ('"It was a hard choice. Not a choice we wanted to make," Rivera told '
            '"Morning Report" co-host Dana Lee.')
    article = analysed(text)
    [told] = [a for a in article.attributions if a.cue is not None and a.cue.text == "told"]
    assert told.content is not None and "Not a choice we wanted to make" in told.content.text
    assert "Morning Report" not in told.content.text


def test_analyse_claims_frame_keeps_the_figures_that_close_its_sentence() -> None:
    text = ("A new poll showed Hillary Clinton leading Bernie Sanders among likely voters in "
            "California, 46 percent to 44 percent.")
    (claim,) = analysed(text).claims
    assert claim.attribution is not None
    assert claim.text.endswith("46 percent to 44 percent.")


def test_analyse_claims_frame_leaves_a_verbless_tail_without_figures() -> None:
    text = "Officials said the bridge collapsed on Monday, a rare event in the region."
    (claim,) = analysed(text).claims
    assert claim.text == "Officials said the bridge collapsed on Monday"
