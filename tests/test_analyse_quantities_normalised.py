"""Quantities: values or ranges, units and approximators."""

from __future__ import annotations

import pytest

from analysis_fixtures import analysed

CASES = [
    # (text, span text, low, high, unit, approximator)
    ("Approximately 6,000 troops have been killed.", "Approximately 6,000", 6000, 6000, "troops",
     "approximately"),
    ("More than 150 people were arrested.", "More than 150", 150, None, "people", "more than"),
    ("Hundreds of protesters gathered outside.", "Hundreds of", 200, 999, "protesters", "hundreds of"),
    ("The drone carried half a ton of explosives.", "half a ton", 0.5, 0.5, "ton", ""),
    ("Up to 40 ships were seen in the port.", "Up to 40", None, 40, "ships", "up to"),
    ("Between 5 and 10 villages were shelled.", "Between 5 and 10", 5, 10, "villages", "between"),
    ("Prices rose by 12.5% last month.", "12.5%", 12.5, 12.5, "%", ""),
    ("The deal is worth $3.5 billion in total.", "$3.5 billion", 3.5e9, 3.5e9, "USD", ""),
    ("Only six coffins were displayed.", "six", 6, 6, "coffins", ""),
    # number words read whole: a vague count before a scale, dozens, a plural scale without "of"
    ("Several hundred protesters gathered outside.", "Several hundred", 300, 900, "protesters",
     "several hundred"),
    ("A few thousand residents left the town.", "A few thousand", 2000, 5000, "residents",
     "a few thousand"),
    ("Nearly three dozen people were injured.", "Nearly three dozen", 36, 36, "people", "nearly"),
    ("Two dozen ships were seen in the port.", "Two dozen", 24, 24, "ships", ""),
    ("Tens of thousands marched in the capital.", "Tens of thousands", 20_000, 99_999, "",
     "tens of thousands"),
    ("Several people were arrested.", "Several", 3, 9, "people", "several"),
    ("The margin of error is 4.3 percentage points.", "4.3 percentage points", 4.3, 4.3,
     "percentage points", ""),
    # a whole number in words is one number, not a range: "twenty-five" is not 20 to 5
    ("Twenty-five people were injured.", "Twenty-five", 25, 25, "people", ""),
    ("Officials said seven thousand five hundred people attended.",
     "seven thousand five hundred", 7500, 7500, "people", ""),
    ("Three hundred and twelve ballots were rejected.", "Three hundred and twelve", 312, 312,
     "ballots", ""),
    ("Three-quarters of voters backed the plan.", "Three-quarters", 0.75, 0.75, "voters", ""),
    ("Police detained a dozen protesters.", "a dozen", 12, 12, "protesters", "a dozen"),
    # a share told as a ratio is one number; a part of a group counts the group's noun
    ("Nearly one in seven reports was late.", "Nearly one in seven", 1 / 7, 1 / 7, "reports",
     "nearly"),
    ("Three in 10 Americans approve.", "Three in 10", 0.3, 0.3, "Americans", ""),
    ("There is a one-in-three chance we could lose.", "one-in-three", 1 / 3, 1 / 3, "chance", ""),
    ("We have 50 of our members in tough races.", "50", 50, 50, "members", ""),
    # a count of people harmed, where the people are not named
    ("Storm in the valley: 19 dead and more than 150 injured.", "19", 19, 19, "dead", ""),
    ("At least 30 were killed in the attack.", "At least 30", 30, None, "killed", "at least"),
    ("Four dead, dozens hurt as a storm hits the coast.", "Four", 4, 4, "dead", ""),
    # a tally: two sides of a vote, the larger first, is no range; a change "from 7 to 2" is
    # none either
    ("The House approved the plan 234-193 on Friday.", "234-193", 234, 193, "", "tally"),
    ("She won by a 134-to-63 vote.", "134-to-63", 134, 63, "vote", "tally"),
    ("The court ruled 5 to 4 against the state.", "5 to 4", 5, 4, "", "tally"),
    ("Prices rose 5-10 percent.", "5-10 percent", 5, 10, "%", ""),
    ("The rate fell from 7 to 2 percent.", "from 7 to 2 percent", 7, 2, "%", "from"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "low", "high", "unit", "approximator"), CASES)
def test_analyse_quantity_normalised(
    text: str, span: str, low: float | None, high: float | None, unit: str, approximator: str
) -> None:
    quantities = analysed(text).quantities
    found = [q for q in quantities if q.span.text == span]
    assert found, [(q.span.text, q.low, q.high) for q in quantities]
    quantity = found[0]
    assert (quantity.low, quantity.high) == (low, high)
    assert quantity.unit == unit
    assert quantity.approximator == approximator


@pytest.mark.parametrize(
    "text", ["The meeting took place on October 22, 2024.", "He was born in 1971 in Kyiv."]
)
def test_analyse_quantity_skips_dates(text: str) -> None:
    assert analysed(text).quantities == []


@pytest.mark.parametrize(
    "text",
    [
        "Investigators began to zero in on a van parked outside the courthouse.",
        "The police will zero in on the driver of the van.",
    ],
)
def test_analyse_quantity_skips_number_words_used_as_verbs(text: str) -> None:
    assert analysed(text).quantities == []


@pytest.mark.parametrize(("text", "counts"), [
    ("The group donated $24,500 to Zinke's 2014 and 2016 congressional campaigns.", ["$24,500"]),
    ("She spent heavily in the 2016 election.", []),
    ("The bill lets 9/11 victims sue Saudi Arabia.", []),
    ("The clinic is open 24/7 for 30 patients.", ["30"]),
    ("Clyburn, the No. 3 House Democrat, spoke.", []),
    ("Marines seized 14 AK-47 rifles and two F-16 parts.", ["14", "two"]),
    ("Six AK - 47 rifles and 1,200 COVID-19 tests were found.", ["Six", "1,200"]),
    ("The fire was out by 7 a. m. and 12 crews left at 6: 40 p. m.", ["12"]),
])
def test_analyse_quantity_years_names_and_ranks_are_no_counts(text: str, counts: list[str]) -> None:
    """"the 2016 election" dates the election, "9/11" names the attacks, "No. 3" is a rank,
    "AK-47" names a rifle: none counts anything (each would make a number conflict of two outlets' claims)."""
    assert [q.span.text for q in analysed(text).quantities] == counts
