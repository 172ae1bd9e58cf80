"""Bundled model folders: the loader checks every file against the manifest's sha256."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crosswire.errors import ModelError
from crosswire.models import ModelOptions, load_nli
from crosswire.models._onnx import MODELS_DIR, OnnxRunner, open_bundle

EMBEDDER_DIR = MODELS_DIR / "all-minilm-l6-v2"


@pytest.fixture()
def bundle_copy(tmp_path: Path) -> Path:
    target = tmp_path / "all-minilm-l6-v2"
    shutil.copytree(EMBEDDER_DIR, target)
    return target


def test_models_bundle_shipped_folders_verify() -> None:
    for directory in sorted(p for p in MODELS_DIR.iterdir() if (p / "manifest.json").is_file()):
        bundle = open_bundle(directory)
        assert bundle.onnx_path.stat().st_size <= 30 * 1024 * 1024


@pytest.mark.parametrize("filename", ["model.onnx", "tokenizer.json"])
def test_models_bundle_damaged_file_rejected(bundle_copy: Path, filename: str) -> None:
    path = bundle_copy / filename
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256"):
        open_bundle(bundle_copy)


@pytest.mark.parametrize("filename", ["model.onnx", "manifest.json"])
def test_models_bundle_missing_file_rejected(bundle_copy: Path, filename: str) -> None:
    (bundle_copy / filename).unlink()
    with pytest.raises(ModelError, match="missing"):
        open_bundle(bundle_copy)


def test_models_bundle_manifest_without_files_rejected(bundle_copy: Path) -> None:
    (bundle_copy / "manifest.json").write_text(json.dumps({"name": "x"}), encoding="utf-8")
    with pytest.raises(ModelError, match="lists no"):
        open_bundle(bundle_copy)


@pytest.mark.parametrize("backend", ["", "hf:", "onnx", "bundled2"])
def test_models_bundle_unknown_nli_backend(backend: str) -> None:
    with pytest.raises(ModelError, match="unknown NLI backend"):
        load_nli(backend)


@pytest.mark.parametrize(
    "kwargs", [{"batch_size": 0}, {"threads": 0}, {"max_length": 4}, {"max_length": 1024}]
)
def test_models_bundle_options_validated(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        ModelOptions(**kwargs)


@pytest.mark.parametrize("name", ["nli-minilm-l6", "checkworthiness-minilm-l2"])
def test_models_bundle_card_matches_manifest_scores(name: str) -> None:
    directory = MODELS_DIR / name
    scores = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))["scores"]
    card = (directory / "MODEL_CARD.md").read_text(encoding="utf-8")
    for key, value in scores.items():
        if isinstance(value, float) and "threshold" not in key:
            assert f"{value:.4f}" in card, f"{name}: {key} {value} is not in MODEL_CARD.md"


def test_models_bundle_sessions_compute_int8_products_exactly() -> None:
    """Every bundled session asks onnxruntime for exact int8 products, so a CPU without VNNI
    (whose 16-bit sums saturate) reads a pair as one with VNNI does (docs/models.md)."""
    runner = OnnxRunner(open_bundle(EMBEDDER_DIR), max_length=32, threads=1)
    options = runner.session.get_session_options()
    assert options.get_session_config_entry("session.x64quantprecision") == "1"
