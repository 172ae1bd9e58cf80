"""Cores of a claim: its main statement without leading frames, trailing clauses or detail."""

from __future__ import annotations

import pytest

from crosswire.comparison.cores import cores, framed_cores, left_out


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("Monday's quake in Turkey left 150 dead, officials said.",
         "Monday's quake in Turkey left 150 dead"),
        ("According to Reuters, the central bank raised its main rate by half a point on "
         "Tuesday.", None),
        ("In a statement released late on Friday, the ministry said the talks had collapsed "
         "over the border.", "the ministry said the talks had collapsed over the border"),
        ("The mayor opened the new bridge over the river, which took four years to build.",
         "The mayor opened the new bridge over the river"),
        ("Rescuers pulled twelve people from the rubble of the hotel while aftershocks shook "
         "the city.", "Rescuers pulled twelve people from the rubble of the hotel"),
    ],
)
def test_comparison_cores_main_statement(claim: str, expected: str | None) -> None:
    found = cores(claim)
    if expected is None:
        assert all(not c.lower().startswith("according to") for c in found)
        assert "the central bank raised its main rate by half a point on Tuesday" in found
    else:
        assert expected in found


@pytest.mark.parametrize(
    "claim",
    ["The bridge collapsed.", "Officials declined to comment.",
     "Prices rose sharply in the capital last week"],
)
def test_comparison_cores_none_for_a_single_clause(claim: str) -> None:
    assert cores(claim) == []


@pytest.mark.parametrize(
    "claim",
    ["North Korean leader Kim Jong-un delivered an emotional tribute to soldiers who died "
     "abroad, marking a rare acknowledgment of the deployment, state media said.",
     "After weeks of talks, the two parties agreed a budget; the vote is due on Monday, "
     "though several members may abstain.",
     "\u201cWe will rebuild every house,\u201d the governor said, as residents returned to "
     "the flooded town."],
)
def test_comparison_cores_are_pieces_of_the_claim(claim: str) -> None:
    found = cores(claim)
    assert found
    assert len(found) <= 3
    for core in found:
        assert core in claim
        assert len(core.split()) >= 5
        assert len(core) < len(claim.strip(" ."))


def test_comparison_cores_left_out_names_the_detail() -> None:
    claim = "The mayor opened the new bridge over the river, which took four years to build."
    assert left_out(claim, "The mayor opened the new bridge over the river") == (
        "which took four years to build")


@pytest.mark.parametrize(
    ("claim", "content", "first"),
    [("The ministry alleges that the company hid losses of two million euros, a claim it denies.",
      "the company hid losses of two million euros, a claim it denies",
      "the company hid losses of two million euros, a claim it denies"),
     ("Officials said the bridge was closed.", "the bridge was closed", None)],
)
def test_comparison_cores_of_attributed_claims_are_the_content(claim: str, content: str,
                                                                first: str | None) -> None:
    found = framed_cores(claim, content)
    assert all("alleges" not in c and "said" not in c for c in found)
    if first is None:
        assert found == []
    else:
        assert found[0] == first
        assert "the company hid losses of two million euros" in found
