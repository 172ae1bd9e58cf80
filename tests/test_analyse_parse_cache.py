"""The parse each stage reads: kept per article beside the text it was parsed from."""

from __future__ import annotations

import pytest

from crosswire.analyse.parse import cache_doc, doc_for, forget_doc, load_nlp
from crosswire.document import Article, article_to_dict


def test_analyse_parse_cache_gives_the_kept_parse_while_the_text_is_the_same() -> None:
    article = Article.from_text("Officials said on Monday that troops withdrew.", source="a")
    doc = doc_for(article)
    try:
        assert doc_for(article) is doc
        # the same text in another string object is the same text
        article.text = "".join(list(article.text))
        assert doc_for(article) is doc
        article.text = "Officials said on Tuesday that troops returned."
        again = doc_for(article)
        assert again is not doc and again.text == article.text
    finally:
        forget_doc(article)


def test_analyse_parse_cache_refuses_the_parse_of_another_text() -> None:
    article = Article.from_text("A short text.", source="short.txt")
    other = load_nlp()("A much longer text than the article's own.")
    with pytest.raises(ValueError, match="short.txt: the parse covers"):
        cache_doc(article, other)


def test_analyse_parse_travels_with_its_article() -> None:
    text = "Officials said on Monday that troops withdrew."
    first = Article.from_text(text, source="a")
    second = Article.from_text(text, source="b")
    assert first.id == second.id
    doc = doc_for(first)
    assert first.parse is not None and second.parse is None
    # an article with the same id, analysed beside it, neither sees nor drops that parse
    other = doc_for(second)
    forget_doc(second)
    assert doc_for(first) is doc and other is not doc
    forget_doc(first)
    assert first.parse is None
    assert "parse" not in article_to_dict(first)


def test_analyse_parse_is_dropped_after_the_analysis() -> None:
    from crosswire.analyse import AnalysisOptions, analyse

    article = Article.from_text("Officials said on Monday that troops withdrew.", source="a")
    done = analyse(article, options=AnalysisOptions(checkworthiness="none"))
    assert done.parse is None and done.claims
