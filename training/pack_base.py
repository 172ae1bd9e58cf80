"""Pack the MiniLM base weights small enough to travel with the training data.

    .venv-train/bin/python training/pack_base.py --data .carry/data --base .carry/minilm \
        --out .carry/minilm-pack

The word-embedding table is frozen during fine-tuning, so training reads only the
rows of tokens that occur in the (truncated) training and validation inputs. The
pack holds every other tensor in fp16 as it is, those rows
(``embeddings.word_embeddings.rows``) and their token ids
(``embeddings.word_embeddings.ids``): training on it gives the same result as
training on the full table. Export uses the full table again.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file
from tokenizers import Tokenizer

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
    packed["embeddings.word_embeddings.rows"] = np.ascontiguousarray(state[WORD][ids])
    packed["embeddings.word_embeddings.ids"] = ids.astype(np.int64)
    packed["embeddings.word_embeddings.shape"] = np.array(state[WORD].shape, dtype=np.int64)
    args.out.mkdir(parents=True, exist_ok=True)
    save_file(packed, str(args.out / "base-pack.safetensors"))
    shutil.copy(args.base / "tokenizer.json", args.out / "tokenizer.json")
    size = (args.out / "base-pack.safetensors").stat().st_size
    print(f"{len(ids)} of {state[WORD].shape[0]} word pieces used; pack {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
