"""Certainty of claims, strongest cue first, with the cue's span."""

from __future__ import annotations

import pytest

from analysis_fixtures import analysed

CASES = [
    ("The bridge was destroyed on Monday by a missile strike.", "asserted", None),
    ("The ministry said the bridge was destroyed on Monday.", "reported", "said"),
    ("The bridge may have been destroyed on Monday by a missile.", "hedged", "may have"),
    ("The troops appeared to retreat from the city after the attack.", "hedged", "appeared to"),
    ("The army is likely to retreat from the city within days.", "hedged", "likely"),
    ("Analysts suggest the army is running out of shells.", "hedged", "suggest"),
    ("The analyst speculated that the army would retreat from the city.", "speculative", "speculated"),
    ("The army could soon retreat from the city, officials fear.", "speculative", "could soon"),
    ("Prosecutors allege that the mayor took bribes from builders.", "alleged", "allege"),
    ("There are unconfirmed reports of a second explosion near the port.", "alleged",
     "unconfirmed reports"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "certainty", "cue"), CASES)
def test_analyse_certainty_level(text: str, certainty: str, cue: str | None) -> None:
    claims = analysed(text).claims
    assert len(claims) == 1, [c.text for c in claims]
    assert claims[0].certainty == certainty
    if cue is None:
        assert claims[0].certainty_cue is None
    else:
        assert claims[0].certainty_cue is not None and claims[0].certainty_cue.text == cue


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The bridge was destroyed on Monday by a missile strike.", "fact"),
        ("The government should resign over this disgraceful failure.", "opinion"),
        ("The analyst speculated that the army would retreat from the city.", "speculation"),
    ],
)
def test_analyse_certainty_claim_kind(text: str, kind: str) -> None:
    assert [c.kind for c in analysed(text).claims] == [kind]
