"""Pack the MiniLM base weights small enough to travel with the training data.

    .venv-train/bin/python training/pack_base.py --data .carry/data --base .carry/minilm \
        --out .carry/minilm-pack

The word-embedding table is frozen during fine-tuning at the values of the shipped
int8 embedder (``minilm.word_embeddings_from_onnx``), which travels with the
repository anyway; the pack holds every other encoder tensor in fp16 (about 22 MB)
and the sha256 of that embedder file. It also reports how many word pieces the
training inputs use.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file
from tokenizers import Tokenizer

EMBEDDER_ONNX = (
    Path(__file__).resolve().parent.parent / "src/crosswire/models/all-minilm-l6-v2/model.onnx"
)

WORD = "embeddings.word_embeddings.weight"


def used_ids(data: Path, tokenizer: Path) -> np.ndarray:
    tok = Tokenizer.from_file(str(tokenizer))
    tok.no_padding()
    seen = np.zeros(tok.get_vocab_size(), dtype=bool)
    for prefix, max_length in (("nli", 256), ("cw", 128)):
        tok.enable_truncation(max_length=max_length)
        for split in ("train", "val"):
            with gzip.open(data / f"{prefix}_{split}.jsonl.gz", "rt", encoding="utf-8") as fh:
                rows = [json.loads(line) for line in fh]
            inputs = [(r["p"], r["h"]) for r in rows] if prefix == "nli" else [r["t"] for r in rows]
            for enc in tok.encode_batch(inputs):
                seen[enc.ids] = True
    seen[[0, 100, 101, 102, 103]] = True  # [PAD] [UNK] [CLS] [SEP] [MASK]
    return np.flatnonzero(seen)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--base", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    state = load_file(str(args.base / "model-fp16.safetensors"))
    ids = used_ids(args.data, args.base / "tokenizer.json")
    packed = {k: v for k, v in state.items() if k != WORD}
    args.out.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(EMBEDDER_ONNX.read_bytes()).hexdigest()
    save_file(packed, str(args.out / "base-pack.safetensors"),
              metadata={"word_embeddings_onnx_sha256": digest})
    shutil.copy(args.base / "tokenizer.json", args.out / "tokenizer.json")
    size = (args.out / "base-pack.safetensors").stat().st_size
    print(f"{len(ids)} of {state[WORD].shape[0]} word pieces used; pack {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
