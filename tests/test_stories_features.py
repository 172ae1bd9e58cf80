"""Story features: entity and term counts, the lead, MinHash signatures, the models' output."""

from __future__ import annotations

import numpy as np
import pytest

from crosswire.document import Entity, Span
from crosswire.stories import extract_features
from crosswire.stories.features import (
    embed_text,
    entity_bag,
    headline_of,
    lead_text,
    minhash_signature,
    normalise_entity,
    term_bag,
)
from stories_fixtures import BASEBALL, QUAKE, WIRE_FOOTER, article


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("the Kremlin's", "kremlin"),
        ("The  Associated\nPress", "associated press"),
        ("“Reuters”", "reuters"),
        ("Kim Jong-un’s", "kim jong-un"),
        ("A Coruña", "coruña"),
    ],
)
def test_stories_features_entity_names_are_normalised(name: str, expected: str) -> None:
    assert normalise_entity(name) == expected


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([("Tara Reid", "PERSON"), ("Reid", "PERSON")], {"tara reid": 1, "reid": 2}),
        ([("Aceh", "GPE"), ("the Aceh", "GPE")], {"aceh": 2}),
        ([("Tuesday", "DATE"), ("June 13, 2013", "DATE")], {"year:2013": 1}),
        ([("five", "CARDINAL"), ("6.1", "QUANTITY"), ("X", "ORG")], {}),
    ],
    ids=["surnames", "articles", "years", "left-out"],
)
def test_stories_features_entity_bag(
    mentions: list[tuple[str, str]], expected: dict[str, int]
) -> None:
    assert entity_bag(mentions) == expected


def test_stories_features_terms_leave_out_stop_words_and_short_words() -> None:
    bag = term_bag("The quake hit Aceh and the quake's toll rose to 5 on Tuesday; it is over.")
    assert bag == {
        "quake": 1,
        "quake's": 1,
        "hit": 1,
        "aceh": 1,
        "toll": 1,
        "rose": 1,
        "tuesday": 1,
    }


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        (
            "Quake hits Aceh",
            "Short line\nA strong quake hit the province of Aceh on Tuesday.",
            "Quake hits Aceh A strong quake hit the province of Aceh on Tuesday.",
        ),
        (
            None,
            "Menu\nA strong quake hit the province of Aceh on Tuesday.\nFive people died in "
            "the villages near Takengon, officials said.",
            "A strong quake hit the province of Aceh on Tuesday. Five people died in the villages "
            "near Takengon, officials said.",
        ),
        (None, "Too short", "Too short"),
    ],
    ids=["title-and-first-sentence", "two-first-sentences", "nothing-substantial"],
)
def test_stories_features_lead(title: str | None, text: str, expected: str) -> None:
    assert lead_text(article(title or "", text, source="x")) == expected


def test_stories_features_headline_falls_back_to_the_first_line() -> None:
    item = article("", "Quake kills five in Aceh\nRescuers searched the rubble.", source="x")
    assert headline_of(item) == "Quake kills five in Aceh"


@pytest.mark.parametrize(
    ("other", "low", "high"),
    [
        (QUAKE[0][1] + WIRE_FOOTER, 0.8, 1.0),  # a wire copy with a footer
        (QUAKE[1][1], 0.0, 0.2),  # the same event, other words
        (BASEBALL[1], 0.0, 0.1),
    ],
    ids=["copy", "retelling", "unrelated"],
)
def test_stories_features_minhash_estimates_shingle_overlap(
    other: str, low: float, high: float
) -> None:
    a = minhash_signature(QUAKE[0][1], num_perm=128, shingle=5)
    b = minhash_signature(other, num_perm=128, shingle=5)
    assert low <= float(np.mean(a == b)) <= high


def test_stories_features_from_the_models() -> None:
    items = [article(*QUAKE[0], source="a"), article(*BASEBALL, source="b")]
    quake, baseball = extract_features(items)
    assert quake.embedding.shape == (384,)
    assert np.linalg.norm(quake.embedding) == pytest.approx(1.0, abs=1e-4)
    assert np.linalg.norm(quake.lead_embedding) == pytest.approx(1.0, abs=1e-4)
    assert {"aceh province", "indonesia", "takengon"} <= set(quake.entities)
    assert "red sox" in baseball.entities
    assert quake.headline == QUAKE[0][0]
    assert float(quake.embedding @ baseball.embedding) < 0.3


def test_stories_features_use_an_entities_layer_already_there() -> None:
    item = article("Quake", "Rescuers reached Takengon.", source="a")
    start = item.text.index("Takengon")
    item.entities = [Entity(Span.of(item.text, start, start + 8), "FAC")]
    (features,) = extract_features([item])
    assert features.entities == {"takengon": 1}


@pytest.mark.parametrize("chunk", [7, 40, 1000])
@pytest.mark.parametrize("shingle", [1, 3, 5])
def test_stories_features_minhash_by_pieces_is_the_whole_texts(chunk: int, shingle: int) -> None:
    for text in (QUAKE[0][1], "two words", "Σ ΑΣ one two three four five six", ""):
        whole = minhash_signature(text, num_perm=64, shingle=shingle, chunk_chars=1 << 30)
        pieces = minhash_signature(text, num_perm=64, shingle=shingle, chunk_chars=chunk)
        assert (whole == pieces).all()


def test_stories_features_embed_text_reads_what_the_embedder_reads() -> None:
    from crosswire.models import load_embedder
    from crosswire.models._onnx import ModelOptions

    body = " ".join([QUAKE[0][1]] * 200)  # far more than 256 tokens
    item = article(QUAKE[0][0], body, source="long")
    cut = embed_text(item, 256)
    assert len(cut) < len(body) // 10 and body.startswith(cut.split("\n", 1)[1])
    embedder = load_embedder(options=ModelOptions(max_length=256))
    whole, short = embedder.encode([f"{QUAKE[0][0]}\n{body}", cut])
    assert np.allclose(whole, short, atol=1e-6)
