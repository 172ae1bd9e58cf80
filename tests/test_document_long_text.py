"""Long texts in bounded memory: the offset map as runs, the content hash and pieces of text."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.clean import clean_article
from crosswire.document import (
    Article,
    OffsetMap,
    article_from_dict,
    article_to_dict,
    content_hash,
    text_chunks,
)

OFFSETS = st.lists(st.integers(min_value=0, max_value=60), max_size=40).map(
    lambda steps: [sum(steps[: i + 1]) + i for i in range(len(steps))]
)
TEXT = st.text(alphabet=st.sampled_from(list("ab c\n\t\u00a0\u2028.")), max_size=80)


@given(OFFSETS)
def test_document_offset_map_behaves_as_its_list(offsets: list[int]) -> None:
    mapped = OffsetMap.of(offsets)
    assert mapped == offsets and list(mapped) == offsets and len(mapped) == len(offsets)
    assert [mapped[i] for i in range(len(offsets))] == offsets
    assert mapped[1:-1] == offsets[1:-1] and mapped[::2] == offsets[::2]
    if offsets:
        assert mapped[-1] == offsets[-1]
    assert OffsetMap.from_runs(mapped.runs(), len(mapped)) == mapped


def test_document_offset_map_keeps_runs_not_characters() -> None:
    mapped = OffsetMap()
    mapped.extend(0, 1_000_000)
    mapped.append(1_000_005)
    mapped.extend(1_000_006, 2_000_000)
    assert mapped.runs() == [[0, 0], [1_000_000, 1_000_005]]
    assert mapped[999_999] == 999_999 and mapped[1_000_000] == 1_000_005
    with pytest.raises(IndexError, match="out of range"):
        mapped[len(mapped)]


@pytest.mark.parametrize(
    ("runs", "length"), [([[1, 0]], 3), ([[0, 0], [0, 4]], 3), ([], 2)]
)
def test_document_offset_map_rejects_runs_out_of_order(runs: list[list[int]], length: int) -> None:
    with pytest.raises(ValueError, match="offset runs"):
        OffsetMap.from_runs(runs, length)


def test_document_cleaned_article_round_trips_with_runs() -> None:
    raw = "Most Read\nThe mayor said the bridge would reopen.\n\nREUTERS\nIt did, on Monday.\n"
    article = clean_article(Article.from_text(raw, source="a.txt"))
    data = article_to_dict(article)
    assert "offset_map" not in data
    assert data["offset_runs"]["length"] == len(article.text) + 1
    again = article_from_dict(data)
    assert again == article
    assert all(raw[again.offset_map[i]] == ch for i, ch in enumerate(again.text))


def test_document_reads_the_offset_map_list_of_earlier_versions() -> None:
    article = Article.from_text("abc", source="s")
    data = article_to_dict(article)
    del data["offset_runs"]
    data["offset_map"] = [0, 1, 2, 3]
    assert article_from_dict(data).offset_map == [0, 1, 2, 3]


@settings(max_examples=300)
@given(TEXT, st.integers(min_value=1, max_value=9))
def test_document_text_chunks_never_cut_a_word(text: str, size: int) -> None:
    chunks = list(text_chunks(text, size))
    assert "".join(chunks) == text
    assert [w for c in chunks for w in c.split()] == text.split()


@given(TEXT)
def test_document_content_hash_is_the_hash_of_the_normalised_text(text: str) -> None:
    normalised = " ".join(text.split()).encode("utf-8")
    assert content_hash(text) == hashlib.sha256(normalised).hexdigest()[:16]


def test_document_content_hash_of_a_text_longer_than_a_chunk() -> None:
    text = "word  and\nmore words\u00a0" * 150_000  # 3.3 M characters, several chunks
    normalised = " ".join(text.split()).encode("utf-8")
    assert content_hash(text) == hashlib.sha256(normalised).hexdigest()[:16]
