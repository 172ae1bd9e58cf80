"""The seed pair: the claims a reader needs, with source, chain and certainty."""

from __future__ import annotations

import pytest

from analysis_fixtures import claim_containing, seed

GB_NEWS = "000_"
RETELLING = "004_"

CASES = [
    # (article, words in the claim, source, chain, certainty)
    (GB_NEWS, "estimates approximately 6,000", "British Ministry of Defence",
     ("British Ministry of Defence",), "reported"),
    (GB_NEWS, "Local media reported", "Local media", ("Local media",), "reported"),
    (GB_NEWS, "Analysts suggest", "Analysts", ("Analysts",), "hedged"),
    (GB_NEWS, "It is an open question", "Rob Lee", ("Rob Lee",), None),
    (GB_NEWS, "they don't surrender", "Rob Lee", ("Rob Lee",), None),
    (GB_NEWS, "Ukrainian officials told Lee", "Ukrainian officials",
     ("Rob Lee", "Ukrainian officials"), "reported"),
    (RETELLING, "According to The Guardian", "The Guardian", ("The Guardian",), "reported"),
    (RETELLING, "North Korea may deploy", "Reuters",
     ("Reuters", "National Intelligence Service of South Korea"), "hedged"),
    (RETELLING, "artillery shells and missiles", "National Intelligence Service of South Korea",
     ("National Intelligence Service of South Korea",), "alleged"),
    (RETELLING, "Donbass and Novorossiya", "Evgeny Mikhaylov", ("Evgeny Mikhaylov",),
     "speculative"),
]  # fmt: skip


@pytest.mark.parametrize(("article", "words", "source", "chain", "certainty"), CASES)
def test_analyse_seed_claim_attribution(
    article: str, words: str, source: str, chain: tuple[str, ...], certainty: str | None
) -> None:
    claim = claim_containing(seed(article), words)
    assert claim.attribution is not None
    assert claim.attribution.source == source
    assert claim.attribution.chain == chain
    if certainty is not None:
        assert claim.certainty == certainty
        assert claim.certainty_cue is not None


@pytest.mark.parametrize(
    ("article", "words", "kind"),
    [
        (GB_NEWS, "British Ministry of Defence", "official_body"),
        (GB_NEWS, "Local media", "unnamed"),
        (GB_NEWS, "Analysts suggest", "unnamed"),
        (GB_NEWS, "they don't surrender", "named_person"),
        (RETELLING, "According to The Guardian", "news_outlet"),
        (RETELLING, "artillery shells", "official_body"),
    ],
)
def test_analyse_seed_source_kind(article: str, words: str, kind: str) -> None:
    claim = claim_containing(seed(article), words)
    assert claim.attribution is not None
    assert claim.attribution.source_kind == kind


@pytest.mark.parametrize(
    ("article", "words", "cue"),
    [
        (GB_NEWS, "Analysts suggest", "might"),
        (RETELLING, "North Korea may deploy", "may"),
        (RETELLING, "artillery shells and missiles", "alleges"),
        (RETELLING, "Donbass and Novorossiya", "speculated"),
    ],
)
def test_analyse_seed_certainty_cue(article: str, words: str, cue: str) -> None:
    claim = claim_containing(seed(article), words)
    assert claim.certainty_cue is not None
    assert claim.certainty_cue.text == cue


def test_analyse_seed_speculation_marked() -> None:
    claim = claim_containing(seed(RETELLING), "Donbass and Novorossiya")
    assert claim.kind == "speculation"


@pytest.mark.parametrize("article", [GB_NEWS, RETELLING])
def test_analyse_seed_claim_ids_stable(article: str) -> None:
    claims = seed(article).claims
    assert [c.id for c in claims] == [f"{seed(article).id}:c{n}" for n in range(1, len(claims) + 1)]


@pytest.mark.parametrize("article", [GB_NEWS, RETELLING])
def test_analyse_seed_spans_point_at_text(article: str) -> None:
    seed(article).check_spans()
