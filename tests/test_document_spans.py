"""The document model: spans point at their text, offsets map back to the raw input."""

from __future__ import annotations

import pytest

from crosswire.document import (
    Article,
    Attribution,
    Claim,
    Removal,
    Span,
    article_from_dict,
    article_to_dict,
    content_hash,
)

RAW = "Most Read\nOfficials said 40 people died.\nREUTERS\nThe mayor denied it."


def _cleaned() -> Article:
    article = Article.from_text(RAW, source="fixture.txt")
    keep = [(10, 40), (49, 69)]
    text = "\n".join(RAW[a:b] for a, b in keep)
    offsets: list[int] = []
    for i, (a, b) in enumerate(keep):
        offsets += list(range(a, b))
        if i < len(keep) - 1:
            offsets.append(b)
    offsets.append(keep[-1][1])
    article.set_text(text, offsets)
    article.removed = [Removal(0, 9, "Most Read", "navigation"), Removal(41, 48, "REUTERS", "credit")]
    return article


def test_document_content_hash_ignores_whitespace() -> None:
    assert content_hash("a  b\n c") == content_hash("a b c")
    assert content_hash("a b") != content_hash("a c")


def test_document_clean_span_maps_to_raw() -> None:
    article = _cleaned()
    start = article.text.index("The mayor")
    span = article.span(start, start + len("The mayor denied it."))
    raw_start, raw_end = article.raw_span(span)
    assert RAW[raw_start:raw_end] == span.text


def test_document_check_spans_accepts_true_spans() -> None:
    article = _cleaned()
    claim_span = article.span(0, article.text.index("\n"))
    cue = article.span(10, 14)
    article.claims = [
        Claim("x:c0", claim_span, Attribution("Officials", cue, claim_span, chain=("Officials",)))
    ]
    article.check_spans()


@pytest.mark.parametrize("span", [Span(0, 4, "Most"), Span(5, 500, "x"), Span(3, 1, "")])
def test_document_check_spans_rejects_false_spans(span: Span) -> None:
    article = _cleaned()
    article.sentences = [span]
    with pytest.raises(ValueError, match="fixture.txt"):
        article.check_spans()


def test_document_set_text_rejects_short_offset_map() -> None:
    article = Article.from_text("abc", source="s")
    with pytest.raises(ValueError, match="offset map"):
        article.set_text("abc", [0, 1])


def test_document_round_trips_through_dict() -> None:
    article = _cleaned()
    span = article.span(0, 10)
    article.claims = [Claim("x:c0", span, Attribution("Officials", span, span), "reported", span)]
    again = article_from_dict(article_to_dict(article))
    assert again == article


def test_document_dict_projection_keeps_the_fields_asked_in_their_order() -> None:
    article = _cleaned()
    whole = article_to_dict(article)
    part = article_to_dict(article, fields=("text", "id", "removed"))
    assert list(part) == ["text", "id", "removed"]
    assert part == {name: whole[name] for name in part}
    with pytest.raises(ValueError, match="'body'"):
        article_to_dict(article, fields=("id", "body"))
