"""The machinery every bundled model shares: files, hash check, tokenizer, session, batching.

A bundled model is a folder beside this module holding ``model.onnx`` (int8),
``tokenizer.json``, ``MODEL_CARD.md`` and ``manifest.json``; the manifest pins the
sha256 of the first two, and :func:`open_bundle` refuses a file that does not match.
Only onnxruntime, tokenizers and numpy are used here: no torch.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

from crosswire.errors import ModelError

logger = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).resolve().parent
T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class ModelOptions:
    """How a model runs; the same options give the same cached model.

    ``batch_size``: texts or pairs per onnxruntime call. The bundled models quantise
    their activations to int8 with one scale per call, so texts batched together change
    one another's outputs (the same pair of claims got entailment probabilities up to 0.25
    apart with different batch-mates); with the default of 1 every text's output depends on
    that text alone, for about a quarter more time on the NLI model and none on the
    embedder (``bench/bench_models.py``). ``threads``: onnxruntime
    intra-op threads (``None``: onnxruntime's default, every core). ``max_length``:
    tokens per input after truncation (``None``: the model's own default).
    ``spin``: whether idle onnxruntime threads wait busily for the next piece of
    work (onnxruntime's default; quickest when the model has the cores to
    itself, CPU taken from other work when something runs beside it).
    ``workers``: how many calls run at once, each on one thread of one shared session
    (``None``: one per core this process may use, at most 4; 1: one call after another on
    a session of ``threads`` threads). The outputs are the same bit for bit either way
    (``tests/test_models_pool.py``); two single-thread workers were about 1.4 times as
    fast as one two-thread session on two cores (``bench/bench_models.py --workers``).
    """

    batch_size: int = 1
    threads: int | None = None
    max_length: int | None = None
    spin: bool = True
    workers: int | None = None

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {self.batch_size}")
        if self.threads is not None and self.threads < 1:
            raise ValueError(f"threads must be at least 1 or None, not {self.threads}")
        if self.workers is not None and self.workers < 1:
            raise ValueError(f"workers must be at least 1 or None, not {self.workers}")
        if (self.workers or 0) > 1 and (self.threads or 1) > 1:
            raise ValueError("workers run one thread each: give threads=1 (or None) with "
                             f"workers={self.workers}, not threads={self.threads}")
        if self.max_length is not None and not 8 <= self.max_length <= 512:
            raise ValueError(f"max_length must be between 8 and 512, not {self.max_length}")

    @property
    def pool_size(self) -> int:
        """How many calls run at once (see ``workers``)."""
        if self.workers is not None:
            return self.workers
        if self.threads is not None and self.threads > 1:
            return 1
        return max(1, min(4, available_cores()))


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Bundle:
    """A verified model folder: its manifest and the paths of its files."""

    name: str
    directory: Path
    manifest: dict[str, Any] = field(repr=False)

    @property
    def onnx_path(self) -> Path:
        return self.directory / "model.onnx"

    @property
    def tokenizer_path(self) -> Path:
        return self.directory / "tokenizer.json"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_bundle(directory: Path) -> Bundle:
    """Read ``manifest.json`` and check every file it lists against its sha256."""
    name = directory.name
    manifest_path = directory / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"{manifest_path}: model manifest is missing") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{manifest_path}: model manifest cannot be read: {exc}") from exc
    files = manifest.get("files")
    if not isinstance(files, dict) or "model.onnx" not in files or "tokenizer.json" not in files:
        raise ModelError(f"{manifest_path}: manifest lists no model.onnx and tokenizer.json")
    for filename, meta in files.items():
        path = directory / filename
        if not path.is_file():
            raise ModelError(f"{path}: model file is missing")
        actual = sha256_file(path)
        if actual != meta.get("sha256"):
            raise ModelError(
                f"{path}: sha256 {actual} does not match the manifest's {meta.get('sha256')}"
                " (the file is damaged or was replaced)"
            )
    logger.debug("verified model %s in %s", name, directory)
    return Bundle(name=name, directory=directory, manifest=manifest)


def bundled(name: str) -> Bundle:
    """The verified bundled model folder ``crosswire/models/<name>``."""
    return open_bundle(MODELS_DIR / name)


class OnnxRunner:
    """A tokenizer and an onnxruntime session over one verified bundle.

    ``encode`` turns texts or pairs into encodings; ``run`` feeds a batch of
    encodings through the graph and returns its first output; ``run_outputs`` returns the
    outputs it is asked for; ``batched`` encodes inputs and runs a model's batch function
    over them (:func:`in_batches`). With ``workers`` above 1 the session runs on one thread and
    :meth:`map` hands batches to that many threads at once (onnxruntime lets one session
    serve several calls together).
    """

    def __init__(
        self, bundle: Bundle, *, max_length: int, threads: int | None, spin: bool = True,
        workers: int = 1,
    ) -> None:
        self.bundle = bundle
        self.max_length = max_length
        self.workers = workers
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        _RUNNERS.add(self)
        if workers > 1:
            threads = 1
        try:
            tokenizer = Tokenizer.from_file(str(bundle.tokenizer_path))
        except Exception as exc:  # tokenizers raises plain Exception subclasses
            raise ModelError(f"{bundle.tokenizer_path}: cannot load tokenizer: {exc}") from exc
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=max_length)
        self.tokenizer = tokenizer
        opts = ort.SessionOptions()
        if threads is not None:
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
        if not spin:
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # x86 CPUs without VNNI (AVX2, AVX-512F) add int8 products in 16 bits that saturate,
        # so the same int8 model reads a pair a few points apart from one CPU to another
        # (onnxruntime PR 12088); with this, onnxruntime computes those products exactly
        opts.add_session_config_entry("session.x64quantprecision", "1")
        opts.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(
                str(bundle.onnx_path), sess_options=opts, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(f"{bundle.onnx_path}: onnxruntime cannot load it: {exc}") from exc
        self.input_names = {i.name for i in self.session.get_inputs()}

    @classmethod
    def for_options(cls, bundle: Bundle, options: ModelOptions, *, max_length: int) -> OnnxRunner:
        """A runner over ``bundle`` as ``options`` ask (``max_length`` unless they give one)."""
        return cls(
            bundle, max_length=options.max_length or max_length, threads=options.threads,
            spin=options.spin, workers=options.pool_size,
        )

    def batched(
        self,
        inputs: Sequence[str] | Sequence[tuple[str, str]],
        fn: Callable[[Sequence[Encoding]], np.ndarray],
        *,
        batch_size: int,
        width: int,
    ) -> np.ndarray:
        """``fn`` over the encoded ``inputs`` (:func:`in_batches`): a row each, in their order."""
        return in_batches(
            self.encode(inputs),
            fn,
            batch_size=batch_size,
            length=lambda e: len(e.ids),
            width=width,
            runner=self,
        )

    def encode(self, inputs: Sequence[str] | Sequence[tuple[str, str]]) -> list[Encoding]:
        return self.tokenizer.encode_batch(list(inputs))

    def feeds(self, encodings: Sequence[Encoding]) -> dict[str, np.ndarray]:
        """Pad a batch to its longest member; the arrays the graph takes."""
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            mask[row, :n] = enc.attention_mask
            types[row, :n] = enc.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        return {k: v for k, v in feeds.items() if k in self.input_names}

    def run(self, encodings: Sequence[Encoding]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        feeds = self.feeds(encodings)
        (out,) = self.session.run(None, feeds)[:1]
        return np.asarray(out), feeds

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.session.get_outputs())

    def run_outputs(self, encodings: Sequence[Encoding], names: Sequence[str]) -> list[np.ndarray]:
        """The graph's outputs ``names`` for one batch, in that order."""
        return [np.asarray(x) for x in self.session.run(list(names), self.feeds(encodings))]

    def map(self, fn: Callable[[T], np.ndarray], batches: Sequence[T]) -> list[np.ndarray]:
        """``fn`` over ``batches``, in their order, up to ``workers`` at once."""
        if self.workers <= 1 or len(batches) <= 1:
            return [fn(batch) for batch in batches]
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    self.workers, thread_name_prefix=f"crosswire-{self.bundle.name}"
                )
        return list(self._pool.map(fn, batches))


#: the models loaded in this process, by what they were loaded with (see :func:`load_once`)
_LOADED: dict[tuple[Any, ...], Any] = {}
_LOADING = threading.Lock()
M = TypeVar("M")


def load_once(key: tuple[Any, ...], make: Callable[[], M]) -> M:
    """``make()``, called once per process for ``key`` however many threads ask at once (a
    warm-up in the background and the first comparison, say); the same object after that.
    A failed load is not kept: the next caller tries again."""
    with _LOADING:
        if key not in _LOADED:
            _LOADED[key] = make()
        return _LOADED[key]  # type: ignore[no-any-return]


def load_bundled(make: Callable[[Bundle, ModelOptions], M], name: str,
                 options: ModelOptions | None) -> M:
    """The bundled model ``name`` (its folder verified), made by ``make`` once per process for
    each ``options`` (:func:`load_once`)."""
    chosen = options or ModelOptions()

    def load() -> M:
        model = make(bundled(name), chosen)
        logger.info("loaded %s", name)
        return model

    return load_once((name, chosen), load)


#: every runner, so that a forked child starts with pools of its own (a pool's threads do
#: not cross a fork)
_RUNNERS: weakref.WeakSet[OnnxRunner] = weakref.WeakSet()


def _forget_pools() -> None:
    global _LOADING
    for runner in list(_RUNNERS):
        runner._pool = None
        runner._pool_lock = threading.Lock()
    _LOADING = threading.Lock()  # another thread of the parent may have held it at the fork


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pools)


def texts_only(texts: Sequence[str], method: str) -> Sequence[str]:
    """``texts``, or a TypeError naming ``method`` when they are one string (whose
    characters would otherwise be read as texts)."""
    if isinstance(texts, str):
        raise TypeError(f"{method}() takes a sequence of texts, not one string")
    return texts


def in_batches(
    items: Sequence[T],
    fn: Callable[[Sequence[T]], np.ndarray],
    *,
    batch_size: int,
    length: Callable[[T], int],
    width: int,
    runner: OnnxRunner | None = None,
) -> np.ndarray:
    """Run ``fn`` over ``items`` in batches of similar length; rows come back in input order.

    Sorting by length keeps padding small; ``width`` is the size of one output row,
    used for the empty result. With a ``runner``, its workers run the batches
    (:meth:`OnnxRunner.map`).
    """
    if not items:
        return np.zeros((0, width), dtype=np.float32)
    order = sorted(range(len(items)), key=lambda i: length(items[i]))
    chunks = list(_chunks(order, batch_size))

    def call(chunk: list[int]) -> np.ndarray:
        return fn([items[i] for i in chunk])

    results = runner.map(call, chunks) if runner is not None else [call(c) for c in chunks]
    out: np.ndarray | None = None
    for chunk, rows in zip(chunks, results, strict=True):
        if out is None:
            out = np.zeros((len(items), *rows.shape[1:]), dtype=np.float32)
        out[chunk] = rows
    assert out is not None
    return out


def _chunks(seq: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(seq), size):
        yield list(seq[start : start + size])


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True), dtype=np.float32)
