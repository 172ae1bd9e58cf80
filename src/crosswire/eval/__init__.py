"""Evaluation tasks: each scores one capability of crosswire on a public dataset.

``evaluate(task, data_dir)`` runs one task and returns its scores as a dict;
``crosswire eval TASK`` prints and writes them. The datasets are not shipped
with crosswire: they are read from ``../shared/data`` beside the project (or
the folder given), as described in each task's module.

=============  ==========================================  ====================================
task           dataset                                     headline keys
=============  ==========================================  ====================================
extraction     Zyte article-extraction benchmark (181)     precision, recall, f1
attribution    PolNeAR test split                          source_f1 (overlap), ...
checkworthy    ClaimBuster two_class test                  f1 (check-worthy class), ...
nli            DocNLI MNLI/FEVER held out, ANLI, FNC-1     mnli_binary_acc, fever_binary_acc, ...
relations      ClaimDiff test, FNC-1 via the               claimdiff_s.f1, fnc1.score,
               comparison; ECB+ test topics                ecb_same_event.precision, ...
stories        ECB+, NeuS                                  ecb_topic_b3_f1, ecb_subevent_b3_f1,
                                                           neus_pair_f1
crossdoc       BASIL triplets, the project's own gold      dev.*, test.*: corroborates_precision,
                                                           central_fact_recall, ...
framing        BASIL lexical-bias spans                    test.precision, test.recall (loaded
                                                           terms), dev.*, all.*
links          ECB+ stories, PolNeAR stories: the links    all.precision, all.unlabelled,
               reports show, labelled by reading           ecbplus.*, polnear.*,
                                                           ecbplus_train.*, ecbplus_more.*
=============  ==========================================  ====================================
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import EvaluationError

__all__ = ["TASKS", "default_data_dir", "evaluate"]

#: task name -> (module, function); imported only when the task runs.
TASKS: dict[str, tuple[str, str]] = {
    "extraction": ("crosswire.eval.extraction", "evaluate_extraction"),
    "attribution": ("crosswire.eval.attribution", "evaluate_attribution"),
    "checkworthy": ("crosswire.eval.checkworthy", "evaluate_checkworthy"),
    "nli": ("crosswire.eval.nli", "evaluate_nli"),
    "relations": ("crosswire.eval.relations", "evaluate_relations"),
    "stories": ("crosswire.eval.stories", "evaluate_stories"),
    "crossdoc": ("crosswire.eval.crossdoc", "evaluate_crossdoc"),
    "framing": ("crosswire.eval.framing", "evaluate_framing"),
    "links": ("crosswire.eval.links", "evaluate_links"),
}


def default_data_dir() -> Path:
    """Where the public datasets are: ``$CROSSWIRE_DATA``, else ``../shared/data`` beside the
    project root (or beside the current directory)."""
    env = os.environ.get("CROSSWIRE_DATA")
    if env:
        return Path(env)
    project_root = Path(__file__).resolve().parents[3]
    for candidate in (project_root.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"):
        if candidate.is_dir():
            return candidate
    return project_root.parent / "shared" / "data"


def _task(name: str) -> Callable[..., dict[str, Any]]:
    if name not in TASKS:
        raise EvaluationError(f"unknown evaluation task {name!r}; choose one of {', '.join(TASKS)}")
    module_name, func_name = TASKS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise EvaluationError(f"evaluation task {name!r} is not available: {exc}") from exc
    func: Callable[..., dict[str, Any]] = getattr(module, func_name)
    return func


def evaluate(task: str, data_dir: Path | None = None, **kwargs: Any) -> dict[str, Any]:
    """Run one evaluation task and return its scores."""
    func = _task(task)
    directory = data_dir or default_data_dir()
    if not directory.is_dir():
        raise EvaluationError(f"{directory}: dataset folder not found (give one with --data)")
    return func(directory, **kwargs)
