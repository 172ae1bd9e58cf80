"""The bundled models served by workers over one single-thread session give the same outputs,
bit for bit, as one call after another on a session of every core."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from crosswire.models import ModelOptions, load_checkworthiness, load_embedder, load_nli
from crosswire.models._onnx import OnnxRunner, bundled

ONE_AFTER_ANOTHER = ModelOptions(workers=1)
POOLED = ModelOptions(workers=2)


@pytest.fixture(scope="module")
def sentences(seed_paths: list[Path]) -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in seed_paths)
    found = [s.strip() for s in text.replace("\n", " ").split(". ") if len(s.split()) > 4]
    assert len(found) > 20
    return found[:40]


def test_models_pool_nli_bit_for_bit(sentences: list[str]) -> None:
    pairs = list(zip(sentences, reversed(sentences), strict=True))
    single, pooled = load_nli(options=ONE_AFTER_ANOTHER), load_nli(options=POOLED)
    assert np.array_equal(single.predict(pairs), pooled.predict(pairs))
    for x, y in zip(single.predict_relations(pairs), pooled.predict_relations(pairs),
                    strict=True):
        assert np.array_equal(x, y)
    assert np.array_equal(single.same_fact(pairs), pooled.same_fact(pairs))


def test_models_pool_embedder_bit_for_bit(sentences: list[str]) -> None:
    single, pooled = load_embedder(options=ONE_AFTER_ANOTHER), load_embedder(options=POOLED)
    assert np.array_equal(single.encode(sentences), pooled.encode(sentences))


def test_models_pool_checkworthiness_bit_for_bit(sentences: list[str]) -> None:
    single = load_checkworthiness(options=ONE_AFTER_ANOTHER)
    pooled = load_checkworthiness(options=POOLED)
    assert np.array_equal(single.predict(sentences), pooled.predict(sentences))


def test_models_pool_runs_batches_in_order_on_its_workers() -> None:
    runner = OnnxRunner(bundled("all-minilm-l6-v2"), max_length=32, threads=None, workers=3)
    seen: list[str] = []

    def work(n: int) -> np.ndarray:
        import threading

        seen.append(threading.current_thread().name)
        return np.array([n])

    assert [int(x[0]) for x in runner.map(work, list(range(12)))] == list(range(12))
    assert all(name.startswith("crosswire-all-minilm-l6-v2") for name in seen)
    assert runner.session.get_session_options().intra_op_num_threads == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"workers": 0}, "workers must be at least 1"),
     ({"workers": 2, "threads": 2}, "workers run one thread each")],
)
def test_models_pool_options_checked(fields: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ModelOptions(**fields)


def test_models_pool_size() -> None:
    assert ModelOptions(workers=3).pool_size == 3
    assert ModelOptions(threads=2).pool_size == 1
    assert 1 <= ModelOptions().pool_size <= 4


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_models_pool_works_in_a_forked_child(sentences: list[str]) -> None:
    """A child forked after the pool started gets workers of its own, not the parent's
    (whose threads did not cross the fork)."""
    import multiprocessing

    pooled = load_embedder(options=POOLED)
    expected = pooled.encode(sentences)
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as children:
        got = children.apply_async(_encode_pooled, (sentences,)).get(timeout=120)
    assert np.array_equal(got, expected)


def _encode_pooled(sentences: list[str]) -> np.ndarray:
    return load_embedder(options=POOLED).encode(sentences)
