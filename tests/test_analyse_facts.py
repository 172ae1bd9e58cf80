"""The facts layer: what each claim states, read from its article's own parse, kept in the
report, and read by the comparison without parsing the claims again."""

from __future__ import annotations

import json

import pytest

from analysis_fixtures import analysed, claim_containing
from crosswire.comparison import CompareOptions, compare_articles, core
from crosswire.comparison.facts import counts_same_thing
from crosswire.document import (
    Facts,
    article_from_dict,
    article_to_dict,
    facts_from_dict,
    facts_to_dict,
)


def test_analyse_facts_acts_counts_and_dates() -> None:
    article = analysed("FBI agents arrested Roger Stone at his home on Friday. "
                       "Prosecutors charged him with seven counts.")
    arrest = claim_containing(article, "arrested").facts
    assert arrest is not None
    assert "arrest" in arrest.acts and "arrest" in arrest.main
    assert ("arrest", "friday") in arrest.dated
    assert ("arrest", "done", "arrested") in arrest.frames
    charge = claim_containing(article, "seven counts").facts
    assert charge is not None
    assert [(n, thing) for n, thing, _ in charge.things] == [("seven", "count")]


def test_analyse_facts_a_model_name_qualifies_the_count_and_a_time_of_day_counts_nothing() -> None:
    """"seven AK-47 assault rifles" counts rifles of one model, not the rifles of every kind
    another outlet counts ("nine assault rifles"); "7 a. m." counts nothing."""
    article = analysed("Commandos seized a cache of arms, including seven AK-47 assault rifles "
                       "and three machine guns. The fire was out by 7 a. m. on Sunday.")
    arms = claim_containing(article, "AK-47").facts
    assert arms is not None
    seven = [(thing, qualifiers) for n, thing, qualifiers in arms.things if n == "seven"]
    # the parse reads the model's name as the noun counted or as a qualifier of "rifles"
    assert seven and "ak-47" in {seven[0][0], *seven[0][1]}, arms.things
    fire = claim_containing(article, "7 a. m.").facts
    assert fire is not None and fire.things == (), fire.things


def test_analyse_facts_a_count_can_give_the_size_of_another_thing() -> None:
    """"a 10-juror majority" counts jurors to give the size of a majority, which the report
    keeps beside the count; "seven counts" gives the size of nothing."""
    article = analysed("The bill would allow a 10-juror majority to approve a death sentence. "
                       "Prosecutors charged him with seven counts.")
    majority = claim_containing(article, "10-juror").facts
    assert majority is not None and ("10", "majority") in majority.sizes, majority.sizes
    counts = claim_containing(article, "seven counts").facts
    assert counts is not None and counts.sizes == ()
    assert facts_from_dict(facts_to_dict(majority)) == majority
    # the comparison weighs a conflict of counts only between counts of one thing, a size of
    # a majority not against the jurors who vote against; equal counts still agree
    against = analysed("Judges could impose death sentences even if two jurors voted against "
                       "it. The grand jury returned a seven-count indictment.")
    two = claim_containing(against, "two jurors").facts
    assert counts_same_thing(majority, two) and not counts_same_thing(majority, two, sizes=True)
    indictment = claim_containing(against, "seven-count").facts
    assert counts_same_thing(counts, indictment)


def test_analyse_facts_who_does_what() -> None:
    """Who does each act and to what, as written: a passive's "by" phrase is its actor, and a
    verb coordinated without a subject of its own shares the first verb's."""
    active = analysed("FBI agents arrested Roger Stone at his home in Fort Lauderdale.")
    assert active.claims[0].facts is not None
    assert ("arrest", "FBI agents", "Roger Stone") in active.claims[0].facts.roles
    passive = analysed("Stone was arrested by FBI agents early Friday and charged with seven "
                       "counts.")
    roles = passive.claims[0].facts.roles  # type: ignore[union-attr]
    assert ("arrest", "FBI agents", "Stone") in roles
    assert ("charge", "", "Stone") in roles
    shared = analysed("Agents searched the home and seized several hard drives.")
    assert ("seize", "Agents", "several hard drives") in shared.claims[0].facts.roles  # type: ignore[union-attr]


def test_analyse_facts_negation_and_modality() -> None:
    article = analysed("The indictment does not charge Stone with conspiracy. "
                       "Mattis will leave the Pentagon in February.")
    charge = claim_containing(article, "does not charge").facts
    leave = claim_containing(article, "will leave").facts
    assert charge is not None and leave is not None
    assert charge.negated == frozenset({"charge"})
    assert ("leave", "possible", "will leave") in leave.frames


def test_analyse_facts_of_a_claim_inside_a_longer_sentence() -> None:
    """A claim that is the content of an attribution keeps its own main act: the reporting
    verb outside its span is not its root."""
    article = analysed("Officials said on Monday that troops withdrew from the town.")
    claim = claim_containing(article, "withdrew")
    assert claim.facts is not None
    assert "withdraw" in claim.facts.main


def test_analyse_facts_round_trip_through_json() -> None:
    article = analysed("Two soldiers were killed near the border on Tuesday, officials said.")
    data = json.loads(json.dumps(article_to_dict(article)))
    again = article_from_dict(data)
    assert [c.facts for c in again.claims] == [c.facts for c in article.claims]
    assert all(isinstance(c.facts, Facts) for c in again.claims)


@pytest.fixture()
def parsed_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The claim texts the comparison parses on their own."""
    seen: list[str] = []
    real = core.find_settings

    def spy(texts, **kwargs):  # type: ignore[no-untyped-def]
        seen.extend(texts)
        return real(texts, **kwargs)

    monkeypatch.setattr(core, "find_settings", spy)
    return seen


A = "FBI agents arrested Roger Stone at his home in Fort Lauderdale on Friday."
B = "Roger Stone was arrested by FBI agents at his Fort Lauderdale home on Friday."


def test_analyse_facts_read_by_the_comparison_without_a_second_parse(
    parsed_texts: list[str],
) -> None:
    articles = [analysed(A), analysed(B)]
    found = compare_articles(articles, options=CompareOptions(keep_related=True))
    assert found.views and any(v.scene is not None for v in found.views)
    assert parsed_texts == []
    paired = [v for v in found.views if v.scene is not None]
    assert all(v.scene is v.claim.facts for v in paired)


def test_analyse_facts_missing_are_parsed_from_the_claim(parsed_texts: list[str]) -> None:
    """Claims read back from a report written without facts are parsed on their own."""
    articles = []
    for text in (A, B):
        data = article_to_dict(analysed(text))
        for claim in data["claims"]:
            claim["facts"] = None
        articles.append(article_from_dict(data))
    found = compare_articles(articles, options=CompareOptions(keep_related=True))
    assert sorted(parsed_texts) == sorted(c.text for a in articles for c in a.claims)
    assert all(v.scene is not None for v in found.views)
    assert facts_to_dict(found.views[0].scene)["acts"] == ["arrest"]


@pytest.mark.parametrize(("text", "act", "words"), [
    ("Ellen DeGeneres to host the Oscars", "host", "to host"),
    ("Trump to meet Kim Jong-un in Singapore next month", "meet", "to meet"),
])
def test_analyse_facts_headline_infinitive_is_a_plan(text: str, act: str, words: str) -> None:
    """A claim without a finite verb that puts its act in the infinitive (a headline's "X to
    do Y") states a plan: the act is framed as possible, not done."""
    facts = claim_containing(analysed(text), words).facts
    assert facts is not None
    assert (act, "possible", words) in facts.frames


def test_analyse_facts_infinitive_under_a_finite_verb_is_not_a_plan_of_its_own() -> None:
    facts = claim_containing(analysed("DeGeneres hosted the Oscars in 2007 and wants to host "
                                      "them again."), "hosted").facts
    assert facts is not None
    assert ("host", "done", "hosted") in facts.frames
    assert not any(frame == "possible" for _, frame, _ in facts.frames)
