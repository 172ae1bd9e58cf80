#!/usr/bin/env bash
# Continue the bundled relation model (both heads) on one GPU machine, several settings
# side by side, keep the best of each by its validation score, and leave the best runs'
# weights, split into parts under 15 MB, in $OUT (or ./out when OUT is unset).
#
# Here, first (crosswire's venv for the data, the training venv for the weights):
#   .venv/bin/python training/same_fact_data.py --data ../shared/data --out .carry/samefact
#   bash training/gpu_same_fact.sh pack     # .carry/sf-gpu: the start weights and the data
# There (the bundled NLI graph need not travel: the pack holds its weights):
#   bash training/gpu_same_fact.sh          # reads .carry/sf-gpu
# Back here: cat $OUT/<run>/trained-fp16.safetensors.part-* > trained-fp16.safetensors
set -euo pipefail
export PYTHONUNBUFFERED=1
PACK=${PACK:-.carry/sf-gpu}
OUT=${OUT:-out}
BUDGET=${BUDGET:-300}
KEEP=${KEEP:-3}
PY=${PY:-python3}

if [[ ${1:-} == pack ]]; then
  PY=${PY_TRAIN:-.venv-train/bin/python}
  mkdir -p "$PACK"
  cp .carry/samefact/{train,balance,labelled,val,labelled-val}.jsonl.gz .carry/samefact/manifest.json "$PACK"/
  $PY - "$PACK" <<'PYEOF'
import sys
from pathlib import Path
import torch
from safetensors.torch import save_file
sys.path.insert(0, "training")
from minilm import state_from_int8_onnx
state = state_from_int8_onnx(Path("src/crosswire/models/nli-minilm-l6/model.onnx"))
state = {k: v.to(torch.float16).contiguous() for k, v in state.items()
         if k != "bert.embeddings.word_embeddings.weight"}
save_file(state, str(Path(sys.argv[1]) / "start-fp16.safetensors"))
print(len(state), "tensors packed")
PYEOF
  du -sh "$PACK"
  exit 0
fi

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
$PY -c "import torch, tokenizers; print('torch', torch.__version__, 'tokenizers', tokenizers.__version__)"
RUNS=$(mktemp -d)
ALL=train.jsonl.gz,labelled.jsonl.gz,balance.jsonl.gz
SELECT=labelled_auc,docnli_val_binary_acc,ecb_dev_auc

run() {  # name args...
  local name=$1; shift
  $PY training/train_same_fact.py --data "$PACK" --base "$PACK/start-fp16.safetensors" \
      --val-file labelled-val.jsonl.gz --select "$SELECT" --device cuda --threads 1 \
      --checkpoint-every 100000 --eval-every 150 --time-budget "$BUDGET" \
      --out "$RUNS/$name" "$@" > "$RUNS/$name.log" 2>&1 &
}

run all-2e5       --train-file "$ALL" --epochs 3 --lr 2e-5 --head-lr 2e-4
run all-2e5-sym   --train-file "$ALL" --epochs 3 --lr 2e-5 --head-lr 2e-4 --symmetric
run all-2e5-sym-s7 --train-file "$ALL" --epochs 3 --lr 2e-5 --head-lr 2e-4 --symmetric --seed 7
run all-5e5-sym   --train-file "$ALL" --epochs 4 --lr 5e-5 --head-lr 5e-4 --batch-size 64 --symmetric
run all-1e5-sym   --train-file "$ALL" --epochs 6 --lr 1e-5 --head-lr 1e-4 --symmetric
run lab-2e5-sym   --train-file labelled.jsonl.gz --epochs 4 --lr 2e-5 --head-lr 2e-4 --symmetric
run all-inw-sym   --train-file "$ALL" --epochs 3 --lr 2e-5 --head-lr 2e-4 --symmetric \
                  --weight basil/labelled_=2 --weight neus/labelled_=2
run all-noecb-sym --train-file "$ALL" --epochs 3 --lr 2e-5 --head-lr 2e-4 --symmetric \
                  --weight ecb/=0.25
wait || true

for f in "$RUNS"/*.log; do echo "== $f"; grep -v '^step ' "$f" | tail -n 4 | cut -c1-600; done

$PY training/keep_best_runs.py "$RUNS" "$OUT" "$KEEP"
ls -la "$OUT" "$OUT"/*
