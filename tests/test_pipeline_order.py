"""The pipeline runner: stage order is checked first, failures are per article."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crosswire.document import Article
from crosswire.errors import InputError, PipelineError
from crosswire.pipeline import Failed, Pipeline, stage


@stage("upper", requires=("raw_text",), assigns=("text",))
def upper(article: Article) -> Article:
    article.set_text(article.raw_text.upper(), list(range(len(article.raw_text) + 1)))
    return article


@stage("needs_text", requires=("text",), assigns=("claims",))
def needs_text(article: Article) -> Article:
    if "FAIL" in article.text:
        raise InputError(article.source, "asked to fail")
    return article


def test_pipeline_refuses_stage_before_its_requirement() -> None:
    with pytest.raises(PipelineError, match="needs_text"):
        Pipeline([needs_text, upper])


def test_pipeline_records_assigned_layers() -> None:
    result = Pipeline([upper, needs_text])(Article.from_text("hi", source="a"))
    assert result.layers == ["text", "claims"]


def test_pipeline_failure_is_per_article() -> None:
    pipeline = Pipeline([upper, needs_text])
    articles = [Article.from_text(t, source=t) for t in ("ok one", "fail", "ok two")]
    done = list(pipeline.pipe(articles))
    assert [a.source for a in done] == ["ok one", "ok two"]
    assert [(f.source, f.stage) for f in pipeline.failures] == [("fail", "needs_text")]
    assert "asked to fail" in pipeline.failures[0].reason


def test_pipeline_error_handler_can_raise() -> None:
    pipeline = Pipeline([upper, needs_text])

    def handler(article: Article, step: object, exc: Exception) -> None:
        raise exc

    pipeline.set_error_handler(handler)
    with pytest.raises(InputError, match="asked to fail"):
        list(pipeline.pipe([Article.from_text("fail", source="x")]))


def test_pipeline_stage_naming_an_unknown_layer_is_refused_when_declared() -> None:
    with pytest.raises(PipelineError, match="'sentence', which is no layer of an article"):

        @stage("misspelt", requires=("sentence",), assigns=("claims",))
        def misspelt(article: Article) -> Article:
            return article


def test_pipeline_claim_layers_are_layers() -> None:
    @stage("score", requires=("claims",), assigns=("checkworthiness", "certainty", "facts"))
    def score(article: Article) -> Article:
        return article

    assert score.assigns == ("checkworthiness", "certainty", "facts")


def _pairs(articles: Iterator[Article]) -> Iterator[Article | Failed]:
    """A batch stage that reads two articles at a time and fails those saying FAIL."""
    held: list[Article] = []
    for article in [*articles, None]:
        if article is not None:
            held.append(article)
        if len(held) == 2 or (article is None and held):
            for one in held:
                if "FAIL" in one.text:
                    yield Failed(one, InputError(one.source, "refused in a batch"))
                else:
                    one.meta["batch"] = len(held)
                    yield one
            held = []


@stage("in_pairs", requires=("text",), assigns=("claims",), batch=_pairs)
def in_pairs(article: Article) -> Article:
    article.meta["batch"] = 1
    return article


def test_pipeline_batch_stage_takes_the_stream_and_keeps_its_order() -> None:
    pipeline = Pipeline([upper, needs_text, in_pairs])
    handled: list[tuple[str, str]] = []
    pipeline.set_error_handler(lambda article, step, exc: handled.append((article.source, step.name)))
    texts = ["a", "b", "fail", "c", "d", "e"]
    done = list(pipeline.pipe(Article.from_text(t, source=t) for t in texts))
    assert [a.source for a in done] == ["a", "b", "c", "d", "e"]
    assert [a.meta["batch"] for a in done] == [2, 2, 2, 2, 1]
    assert all(a.layers == ["text", "claims"] for a in done)
    assert [(f.source, f.stage) for f in pipeline.failures] == [("fail", "needs_text")]
    assert handled == [("fail", "needs_text")]


def test_pipeline_batch_stage_failure_is_recorded_with_its_stage() -> None:
    pipeline = Pipeline([upper, in_pairs])
    done = list(pipeline.pipe(Article.from_text(t, source=t) for t in ["a", "fail", "b"]))
    assert [a.source for a in done] == ["a", "b"]
    assert [(f.source, f.stage, f.reason) for f in pipeline.failures] == [
        ("fail", "in_pairs", "refused in a batch")
    ]


def test_pipeline_batch_stage_runs_its_function_on_one_article() -> None:
    result = Pipeline([upper, in_pairs])(Article.from_text("a", source="a"))
    assert result.meta["batch"] == 1 and result.layers == ["text", "claims"]
