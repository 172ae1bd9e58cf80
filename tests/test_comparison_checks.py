"""The explicit checks between claims: numbers, dates, time zones, places, actors, negation."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from crosswire.comparison.checks import (
    check_actors,
    check_disclosure,
    check_events,
    check_negation,
    check_numbers,
    check_places,
    check_frames,
    check_settings,
)
from crosswire.comparison.numbers import compare_quantities, interval_of
from crosswire.comparison.timecheck import (
    compare_dayparts,
    compare_times,
    find_dayparts,
    time_bounds,
)
from crosswire.comparison.settings import find_settings
from crosswire.comparison.views import ClaimView, build_views, full_names
from crosswire.document import Article, Claim, Entity, Quantity, Span, TimeExpression


def quantity(text: str, low: float | None, high: float | None, unit: str = "",
             approximator: str = "") -> Quantity:
    return Quantity(Span(0, len(text), text), low, high, unit, approximator)


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (quantity("more than 150", 150, None, "people", "more than"),
         quantity("150", 150, 150, "people"), True),
        (quantity("more than 150", 150, None, "people", "more than"),
         quantity("roughly 400", 400, 400, "people", "roughly"), False),
        # as the analysis reads them (test_comparison_numbers_read_words_as_the_analysis_reads_them)
        (quantity("tens of thousands", 20_000, 99_999, "protesters", "tens of thousands"),
         quantity("hundreds of thousands", 200_000, 999_999, "protesters",
                  "hundreds of thousands"), False),
        (quantity("about 6,000", 6000, 6000, "troops", "about"),
         quantity("5,500", 5500, 5500, "soldiers"), True),
        (quantity("between 10 and 20", 10, 20, "people"), quantity("25", 25, 25, "people"),
         False),
    ],
)
def test_comparison_numbers_agree_by_interval(a: Quantity, b: Quantity, agree: bool) -> None:
    findings = compare_quantities([a], [b])
    assert len(findings) == 1
    assert findings[0].agree is agree
    assert a.span.text in findings[0].reason and b.span.text in findings[0].reason


def test_comparison_numbers_skip_different_kinds() -> None:
    assert compare_quantities([quantity("six", 6, 6, "coffins")],
                              [quantity("6,000", 6000, 6000, "troops")]) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tens of thousands of people marched on Sunday.", (20_000, 99_999)),
        ("Hundreds of thousands of people marched on Sunday.", (200_000, 999_999)),
        ("More than 150 people marched on Sunday.", (150, 225)),
        ("About 2.5 million people marched on Sunday.", (2_000_000, 3_000_000)),
        ("Several hundred people marched on Sunday.", (300, 900)),
    ],
)
def test_comparison_numbers_read_words_as_the_analysis_reads_them(
    sentence: str, expected: tuple[float, float]
) -> None:
    from crosswire import analyse_articles, read_text

    (article,) = analyse_articles([read_text(sentence, source="march.txt")])
    (counted,) = [q for q in article.quantities if q.unit == "people"]
    interval = interval_of(counted)
    assert interval is not None
    assert (round(interval.low), round(interval.high)) == expected


def test_comparison_dates_duration_agrees_with_until() -> None:
    said = datetime(2020, 4, 30, tzinfo=UTC)
    extension = TimeExpression(Span(0, 26, "for another 30 days"), None, None, "duration")
    until = TimeExpression(Span(0, 12, "until June 1"), datetime(2020, 6, 1, tzinfo=UTC),
                           datetime(2020, 6, 1, tzinfo=UTC), "day")
    findings = compare_times([extension], [until], published_a=said, published_b=said)
    assert [f.agree for f in findings] == [True]
    assert "2020-05-30" in findings[0].reason and "2020-06-01" in findings[0].reason



@pytest.mark.parametrize("words", ["eight", "eleven", "forty"])
def test_comparison_dates_duration_in_any_number_word(words: str) -> None:
    said = datetime(2020, 4, 1, tzinfo=UTC)
    text = f"for {words} days"
    extension = TimeExpression(Span(0, len(text), text), None, None, "duration")
    start, end, _ = time_bounds(extension, said)
    days = {"eight": 8, "eleven": 11, "forty": 40}[words]
    assert start is not None and end is not None
    assert (end - start).days == days

def test_comparison_dates_far_apart_conflict() -> None:
    a = TimeExpression(Span(0, 8, "March 3"), datetime(2020, 3, 3), datetime(2020, 3, 3))
    b = TimeExpression(Span(0, 8, "March 9"), datetime(2020, 3, 9), datetime(2020, 3, 9))
    findings = compare_times([a], [b], published_a=None, published_b=None)
    assert [f.agree for f in findings] == [False]
    assert findings[0].reason.startswith("dates differ")


def test_comparison_time_zones_explain_a_day_apart() -> None:
    seoul = find_dayparts("The missile was launched early Saturday, officials said.")
    washington = find_dayparts("The launch came on Friday evening.")
    findings = compare_dayparts(seoul, washington, zone_a=("Seoul", "Asia/Seoul"),
                                zone_b=("Washington", "America/New_York"),
                                reference=date(2023, 7, 15))
    assert [f.agree for f in findings] == [True]
    assert "no conflict" in findings[0].reason


def test_comparison_time_zones_same_zone_conflict() -> None:
    a = find_dayparts("early Saturday")
    b = find_dayparts("Friday evening")
    findings = compare_dayparts(a, b, zone_a=("Seoul", "Asia/Seoul"), zone_b=("Seoul", "Asia/Seoul"),
                                reference=date(2023, 7, 15))
    assert [f.agree for f in findings] == [False]


def view(text: str, *, entities: list[tuple[str, str]] = (),  # type: ignore[assignment]
         quantities: list[Quantity] = ()) -> ClaimView:  # type: ignore[assignment]
    article = Article.from_text(text, source="test.txt")
    article.entities = [
        Entity(Span(m.start(), m.end(), m.group(0)), label)
        for name, label in entities for m in [re.search(re.escape(name), text)] if m
    ]
    article.quantities = [quantity(q.span.text, q.low, q.high, q.unit, q.approximator)
                          for q in quantities]
    article.claims = [Claim(f"{article.id}:c1", Span(0, len(text), text))]
    return build_views([article])[0]


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [("Manhattan", "New York", True), ("Paris", "Lyon", False), ("Kursk", "Russia", True),
     ("Brooklyn", "New York City", True)],
)
def test_comparison_places_by_containment(a: str, b: str, agree: bool) -> None:
    va = view(f"The blast happened in {a}.", entities=[(a, "GPE")])
    vb = view(f"The blast happened in {b}.", entities=[(b, "GPE")])
    results = check_places(va, vb)
    assert results and (results[0].verdict == "agree") is agree


def test_comparison_actors_differ() -> None:
    a = view("Putin approved the plan.", entities=[("Putin", "PERSON")])
    b = view("Zelensky approved the plan.", entities=[("Zelensky", "PERSON")])
    assert [r.verdict for r in check_actors(a, b)] == ["conflict"]


def test_comparison_actors_short_name_is_same() -> None:
    a = view("Kim Jong-un wept.", entities=[("Kim Jong-un", "PERSON")])
    b = view("Kim wept at the ceremony.", entities=[("Kim", "PERSON")])
    assert [r.verdict for r in check_actors(a, b)] == ["agree"]


def test_comparison_actors_surname_stands_for_the_main_person() -> None:
    text = ("Kim Jong-un led the ceremony. His daughter Kim Ju-ae applauded. "
            "Kim Jong-un spoke. Kim wept.")
    article = Article.from_text(text, source="test.txt")
    article.entities = [Entity(Span(m.start(), m.end(), m.group(0)), "PERSON")
                        for m in re.finditer(r"Kim(?: Jong-un| Ju-ae)?", text)]
    start = text.index("Kim wept")
    claim = Claim(f"{article.id}:c4", Span(start, len(text), text[start:]))
    assert full_names(article, claim) == {"Kim": "Kim Jong-un"}
    daughter = Claim(f"{article.id}:c2", Span(29, 63, text[29:63]))
    assert full_names(article, daughter) == {}


def test_comparison_actors_surname_is_not_another_family_member() -> None:
    a = view("His daughter Kim Ju-ae applauded the performers.",
             entities=[("Kim Ju-ae", "PERSON")])
    text = "Kim Jong-un arrived. Kim placed his hand on the flag."
    article = Article.from_text(text, source="b.txt")
    article.entities = [Entity(Span(0, 11, "Kim Jong-un"), "PERSON"),
                        Entity(Span(21, 24, "Kim"), "PERSON")]
    article.claims = [Claim(f"{article.id}:c1", Span(21, len(text), text[21:]))]
    b = build_views([article])[0]
    assert b.actors == ["Kim Jong-un"]
    assert [r.verdict for r in check_actors(a, b)] == ["conflict"]


def test_comparison_actors_are_not_the_sources_of_a_claim() -> None:
    from crosswire.document import Attribution

    text = "According to Reuters, Rob Lee said that Kim Jong-un ordered the strike."
    article = Article.from_text(text, source="a.txt")
    article.entities = [Entity(Span(m.start(), m.end(), m.group(0)), label)
                        for name, label in (("Reuters", "ORG"), ("Rob Lee", "PERSON"),
                                            ("Kim Jong-un", "PERSON"))
                        for m in [re.search(name, text)] if m]
    start = text.index("Kim")
    claim = Claim(f"{article.id}:c1", Span(0, len(text), text))
    claim.attribution = Attribution(source="Rob Lee", cue=None,
                                    content=Span(start, len(text) - 1, text[start:-1]),
                                    chain=("Reuters", "Rob Lee"))
    article.claims = [claim]
    assert build_views([article])[0].actors == ["Kim Jong-un"]


def test_comparison_actors_leave_out_places_taken_for_names() -> None:
    a = view("Novorossiya and Kim Jong-un were named.",
             entities=[("Novorossiya", "ORG"), ("Kim Jong-un", "PERSON")])
    assert a.actors == ["Kim Jong-un"]


def scene_view(text: str) -> ClaimView:
    found = view(text)
    found.scene = find_settings([text])[0]
    return found


def test_comparison_settings_same_act_different_places() -> None:
    a = scene_view("The leader was filmed kneeling beside a coffin, placing his hands on it.")
    b = scene_view("The leader was seen placing his hand on a flag draped over a grave.")
    results = check_settings(a, b)
    assert [(r.check, r.verdict) for r in results] == [("settings", "conflict")]
    assert "'beside a coffin'" in results[0].reason and "'over a grave'" in results[0].reason
    assert "'place'" in results[0].reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # one account names the setting, the other does not: a missing detail, not a conflict
        ("The president laid a wreath beside the memorial.", "The president laid a wreath."),
        # the same setting in both
        ("Protesters gathered outside the embassy on Friday.",
         "Hundreds of protesters gathered outside the embassy."),
        # different settings, but of different acts
        ("The minister spoke beside the podium.", "The crowd waited outside the hall."),
        # spatial words that are not about places: time, topic, amount
        ("Talks stalled over the weekend as rebels fought near the border.",
         "Talks stalled over the plan while rebels fought."),
    ],
)
def test_comparison_settings_no_conflict(a: str, b: str) -> None:
    assert all(r.verdict != "conflict" for r in check_settings(scene_view(a), scene_view(b)))


def test_comparison_settings_agree_on_a_shared_setting() -> None:
    results = check_settings(scene_view("Protesters gathered outside the embassy on Friday."),
                             scene_view("Hundreds of protesters gathered outside the embassy."))
    assert [r.verdict for r in results] == ["agree"]


@pytest.mark.parametrize(
    ("a", "b", "found"),
    [
        ("North Korean forces were deployed to Kursk late last year.",
         "North Korea may deploy additional troops to Russia in July.", True),
        ("The army has deployed two brigades.", "The army could deploy two brigades.", True),
        ("North Korean forces were deployed to Kursk.", "North Korean troops were deployed.",
         False),
        ("Pyongyang may deploy more troops.", "North Korea might deploy more troops.", False),
        ("The army deployed two brigades.", "The navy may patrol the coast.", False),
    ],
)
def test_comparison_frames_done_against_possible(a: str, b: str, found: bool) -> None:
    results = check_frames(scene_view(a), scene_view(b))
    assert bool(results) is found
    if found:
        assert results[0].verdict == "note" and "different time frames" in results[0].reason


def test_comparison_settings_need_a_scene() -> None:
    assert check_settings(view("He knelt beside a coffin."), view("He knelt over a grave.")) == []


def test_comparison_negation_found() -> None:
    results = check_negation(view("The minister did not resign."), view("The minister resigned."))
    assert [r.check for r in results] == ["negation"]
    assert "'not'" in results[0].reason


def test_comparison_silence_against_disclosure() -> None:
    silent = view("Pyongyang has remained largely silent on its troops' activities in Russia.")
    shown = view("State media footage showed Kim approving troops' operations in Russia.")
    results = check_disclosure(silent, shown)
    assert results and "silence vs disclosure" in results[0].reason
    # the shared subject in the claim's own words, not stems ("troop")
    assert results[0].reason.endswith("on troops, Russia")


def test_comparison_same_anniversary_with_capitals() -> None:
    a = view("It marked the first anniversary of Pyongyang's defence agreement with Moscow.")
    b = view("It took place during the first anniversary of the treaty between North Korea and "
             "Russia.")
    results = check_events(a, b)
    assert [r.verdict for r in results] == ["agree"]


def test_comparison_numbers_through_views() -> None:
    a = view("More than 150 people died.",
             quantities=[quantity("More than 150", 150, None, "people", "more than")])
    b = view("Roughly 400 people died.",
             quantities=[quantity("Roughly 400", 400, 400, "people", "roughly")])
    results = check_numbers(a, b)
    assert [r.verdict for r in results] == ["conflict"] and results[0].hard


def test_comparison_dates_adjacent_years_differ() -> None:
    """Two named years are two periods, even where one ends as the other begins."""
    a = TimeExpression(Span(0, 4, "2002"), datetime(2002, 1, 1), datetime(2003, 1, 1), "year")
    b = TimeExpression(Span(0, 4, "2003"), datetime(2003, 1, 1), datetime(2004, 1, 1), "year")
    same = TimeExpression(Span(0, 9, "July 2002"), datetime(2002, 7, 1), datetime(2002, 8, 1),
                          "month")
    apart = compare_times([a], [b], published_a=None, published_b=None)
    assert [f.agree for f in apart] == [False]
    assert apart[0].reason.endswith("(different years)")
    assert [f.agree for f in compare_times([a], [same], published_a=None, published_b=None)] \
        == [True]


@pytest.mark.parametrize(("text", "negated"), [
    ("The principles aren't combined, written out yet, but I think it will pass.",
     {"combine", "write"}),
    ("The governor did not sign or veto the bill.", {"sign", "veto"}),
    ("The senator did not attend the vote and criticized the plan.", {"attend"}),
    ("He did not resign but stayed in his post.", {"resign"}),
    ("She did not attend the meeting and she criticized the plan.", {"attend"}),
])
def test_comparison_settings_negation_reaches_conjuncts_that_share_it(
        text: str, negated: set[str]) -> None:
    """A second verb under the first one's negated auxiliary is negated too; a verb of its
    own form, subject or contrast is not."""
    assert set(find_settings([text])[0].negated) == negated
