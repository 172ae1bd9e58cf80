"""Loading the models ahead of the first comparison: once per process, on a thread when asked,
from crosswire.compare while it reads, and from the web app as it starts."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import crosswire
import crosswire.api as api
import crosswire.web.app as web_app
from crosswire.analyse.parse import load_nlp
from crosswire.errors import ModelError
from crosswire.models import load_embedder, load_nli
from crosswire.models._onnx import load_once
from crosswire.store import open_store
from crosswire.web import WebSettings, create_app
from web_support import compare_read_only


def test_warm_up_loads_what_a_comparison_uses() -> None:
    crosswire.warm_up()
    # what the comparison then asks for is what the warm-up loaded
    assert load_nli() is load_nli()
    assert load_embedder() is load_embedder()
    assert "parser" in load_nlp().pipe_names


def test_a_model_asked_for_by_two_threads_at_once_loads_once() -> None:
    start = threading.Barrier(3)
    made: list[int] = []
    got: list[Any] = []

    def make() -> object:
        made.append(1)
        time.sleep(0.2)  # a slow load: the other threads ask meanwhile
        return object()

    def ask() -> None:
        start.wait()
        got.append(load_once(("a model of this test", 1), make))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1
    assert len(got) == 3 and got[0] is got[1] is got[2]


def test_a_failed_load_is_tried_again() -> None:
    def broken() -> object:
        raise ModelError("the model file is missing")

    with pytest.raises(ModelError):
        load_once(("a broken model of this test",), broken)
    assert load_once(("a broken model of this test",), object) is not None


def test_warm_up_in_the_background_starts_one_thread_per_set_of_models(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "_warmed", set())
    ran: list[Any] = []
    done = threading.Event()

    def record(options: Any) -> None:
        ran.append(options)
        done.set()

    monkeypatch.setattr(api, "_warm_up_quietly", record)
    options = crosswire.Options()
    crosswire.warm_up(options, background=True)
    crosswire.warm_up(options, background=True)
    assert done.wait(10)
    assert ran == [options]


def test_warm_up_in_the_background_logs_a_model_that_cannot_load(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(options: Any = None, *, background: bool = False) -> None:
        raise ModelError("the model file is missing")

    monkeypatch.setattr(api, "warm_up", broken)
    api._warm_up_quietly(crosswire.Options())
    assert "the model file is missing" in caplog.text


def test_compare_starts_the_warm_up_while_it_fetches(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(api, "warm_up",
                        lambda options=None, *, background=False: calls.append(background))
    missing = tmp_path / "missing.txt"
    with pytest.raises(crosswire.NoArticleError):
        crosswire.compare([missing])
    assert calls == []  # a file is read at once: nothing to load beside it
    with pytest.raises(crosswire.NoArticleError):
        # a private address is refused before any fetch: no request leaves the machine
        crosswire.compare(["http://127.0.0.1:9/article", missing])
    assert calls == [True]


def test_web_app_warms_the_api_compare_as_it_starts(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    calls: list[tuple[Any, bool]] = []
    monkeypatch.setattr(web_app, "warm_up", lambda options=None, *, background=False:
                        calls.append((options, background)))
    options = crosswire.Options()
    for name, compare in (("api", None), ("injected", compare_read_only)):
        store = open_store(tmp_path / f"{name}.db")
        try:
            app = create_app(store=store, compare=compare, options=options,
                             settings=WebSettings())
            with TestClient(app, base_url="http://127.0.0.1:8000") as http:
                assert http.get("/index.json").status_code == 200
        finally:
            store.close()
    # the app over crosswire.compare warms it; one given another compare does not
    assert calls == [(options, True)]
