"""A long text is parsed in pieces, then joined: one Doc of the whole text, cut at sentence ends."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.analyse import AnalysisOptions, analyse_many
from crosswire.analyse.parse import load_nlp, parse_texts, text_pieces
from crosswire.document import Article

TEXT = st.text(alphabet=st.sampled_from(list("ab .\n\t\"")), max_size=120)


@settings(max_examples=300)
@given(TEXT, st.integers(min_value=1, max_value=12))
def test_analyse_text_pieces_cover_the_text_and_end_after_blank_space(text: str, size: int) -> None:
    pieces = list(text_pieces(text, size))
    assert "".join(pieces) == text and pieces
    assert all(p[-1].isspace() for p in pieces[:-1])
    assert not any(p[0].isspace() for p in pieces[1:])


def test_analyse_text_pieces_prefer_line_breaks_then_sentence_ends() -> None:
    lines = "First line here.\nSecond line here.\n"
    assert list(text_pieces(lines * 3, 10))[0] == "First line here.\n"
    prose = "One sentence ends. Another one follows on the same line without a break at all"
    assert list(text_pieces(prose, 5))[0] == "One sentence ends. "
    assert list(text_pieces("x" * 50, 10)) == ["x" * 50]  # no blank space: one piece


def _long_text(seed_paths: list[Path], size: int) -> str:
    article = seed_paths[1].read_text("utf-8").strip()
    copies = [f"({n}) {article}" for n in range(size // len(article) + 1)]
    return "\n\n".join(copies)[:size].rstrip() + "\n"


def test_analyse_long_text_parsed_in_pieces_is_one_doc_of_the_text(seed_paths: list[Path]) -> None:
    text = _long_text(seed_paths, 30_000)
    ((doc, context),) = parse_texts(load_nlp(), [(text, "x")], piece_chars=3_000)
    assert context == "x" and doc.text == text
    assert all("\n" not in s.text.strip() for s in doc.sents)  # line breaks still end sentences
    whole = load_nlp()(text)
    assert [t.text for t in doc] == [t.text for t in whole]


def test_analyse_long_article_spans_point_at_its_text(seed_paths: list[Path]) -> None:
    text = _long_text(seed_paths, 40_000)
    article = Article.from_text(text, source="long.txt")
    (done,) = analyse_many([article], options=AnalysisOptions(checkworthiness="none"))
    done.check_spans()
    assert len(done.claims) > 100
    assert done.sentences[-1].end <= len(text)
