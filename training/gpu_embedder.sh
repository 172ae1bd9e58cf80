#!/usr/bin/env bash
# Fine-tune the bundled sentence embedder (train_embedder.py) on one GPU machine, several
# settings side by side; keep each run's best weights by its validation score and leave the
# best runs' weights, split into parts under 15 MB, in $OUT (or ./out when OUT is unset).
#
# Here, first:
#   .venv/bin/python training/train_embedder.py pairs --data ../shared/data --out .carry/emb
#   bash training/gpu_embedder.sh pack    # .carry/emb-gpu: start weights, word table, pairs
# There:
#   bash training/gpu_embedder.sh         # reads .carry/emb-gpu
# Back here: cat $OUT/<run>/trained-fp16.safetensors.part-* > trained-fp16.safetensors
set -euo pipefail
export PYTHONUNBUFFERED=1
PACK=${PACK:-.carry/emb-gpu}
OUT=${OUT:-out}
BUDGET=${BUDGET:-240}
KEEP=${KEEP:-3}
PY=${PY:-python3}

if [[ ${1:-} == pack ]]; then
  PY=${PY_TRAIN:-.venv-train/bin/python}
  mkdir -p "$PACK"
  cp .carry/emb/pairs.jsonl.gz "$PACK"/
  cp src/crosswire/models/all-minilm-l6-v2/tokenizer.json "$PACK"/
  $PY - "$PACK" <<'PYEOF'
import sys
from pathlib import Path
import onnx
import torch
from onnx import numpy_helper
from safetensors.torch import load_file, save_file
sys.path.insert(0, "training")
from minilm import EMBEDDER_ONNX, WORD_KEY
state = {k: v for k, v in load_file(".carry/minilm/model-fp16.safetensors").items()
         if k != WORD_KEY}
save_file(state, str(Path(sys.argv[1]) / "model-fp16.safetensors"))
inits = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(EMBEDDER_ONNX)).graph.initializer}
words = {"q": torch.from_numpy(inits[WORD_KEY + "_quantized"].copy()),
         "scale": torch.tensor(float(inits[WORD_KEY + "_scale"])),
         "zero": torch.tensor(float(inits[WORD_KEY + "_zero_point"]))}
save_file(words, str(Path(sys.argv[1]) / "words-int8.safetensors"))
print(len(state), "tensors packed")
PYEOF
  du -sh "$PACK"
  exit 0
fi

nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
$PY -c "import torch, tokenizers, safetensors; print('torch', torch.__version__)"
RUNS=$(mktemp -d)

run() {  # name args...
  local name=$1; shift
  $PY training/train_embedder.py train --pairs "$PACK" --base "$PACK" \
      --words "$PACK/words-int8.safetensors" --device cuda --threads 1 --every 50 \
      --time-budget "$BUDGET" --out "$RUNS/$name" "$@" > "$RUNS/$name.log" 2>&1 &
}

run all-2e5      --lr 2e-5 --epochs 3
run all-1e5      --lr 1e-5 --epochs 3
run all-5e5      --lr 5e-5 --epochs 2
run all-2e5-s7   --lr 2e-5 --epochs 3 --seed 7
run lab-2e5      --lr 2e-5 --epochs 6 --weight ecb=0
run ecbq-2e5     --lr 2e-5 --epochs 4 --weight ecb=0.25
run all-cosent   --lr 2e-5 --epochs 3 --in-batch 0
run lab3-2e5     --lr 2e-5 --epochs 3 --weight basil=3 --weight neus=3
wait || true

for f in "$RUNS"/*.log; do echo "== $f"; tail -n 3 "$f" | cut -c1-400; done

$PY training/keep_best_runs.py "$RUNS" "$OUT" "$KEEP"
ls -la "$OUT" "$OUT"/*
