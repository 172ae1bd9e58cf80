#!/usr/bin/env bash
# Train the NLI and check-worthiness models on one GPU machine, several settings at
# once (the model is small: the GPU has room for all of them), keep the best of each
# by its validation score, and leave the trained weights, split into parts under
# 15 MB, in $OUT (or ./out when OUT is unset).
#
#   bash training/gpu_train.sh            # reads .carry/data and .carry/minilm-pack
#
# Locally: cat $OUT/nli/trained-fp16.safetensors.part-* > trained-fp16.safetensors
set -euo pipefail
export PYTHONUNBUFFERED=1
OUT=${OUT:-out}
DATA=${DATA:-.carry/data}
BASE=${BASE:-.carry/minilm-pack}
BUDGET=${BUDGET:-420}
RUNS=$(mktemp -d)
PY=${PY:-python3}

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
$PY -c "import torch, tokenizers; print('torch', torch.__version__, 'tokenizers', tokenizers.__version__)"

run() {  # name task args...
  local name=$1 task=$2; shift 2
  $PY training/train.py "$task" --data "$DATA" --base "$BASE" --out "$RUNS/$name" \
      --seed 13 --time-budget "$BUDGET" "$@" ${EXTRA:-} > "$RUNS/$name.log" 2>&1 &
}

run nli-a nli --lr 5e-5 --batch-size 32 --epochs 4
run nli-b nli --lr 3e-5 --batch-size 32 --epochs 6
run nli-c nli --lr 8e-5 --batch-size 64 --epochs 5
run cw-a checkworthiness --lr 5e-5 --batch-size 32 --epochs 5 --max-length 128
run cw-b checkworthiness --lr 3e-5 --batch-size 16 --epochs 4 --max-length 128
wait || true

for f in "$RUNS"/*.log; do echo "== $f"; tail -n 8 "$f"; done

$PY - "$RUNS" "$OUT" <<'EOF'
import json, shutil, subprocess, sys
from pathlib import Path
runs, out = Path(sys.argv[1]), Path(sys.argv[2])
report = {}
for task, prefix in (("nli", "nli-"), ("cw", "cw-")):
    cands = []
    for d in sorted(runs.glob(prefix + "*")):
        s = d / "summary.json"
        if d.is_dir() and s.is_file():
            summary = json.loads(s.read_text())
            cands.append((summary["best"]["select"], d.name, summary))
    if not cands:
        print(f"no finished {task} run"); continue
    score, name, summary = max(cands)
    report[task] = {"chosen": name, "runs": {n: s for _, n, s in cands}}
    dest = out / task
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(["split", "-b", "15000000", "-d", str(runs / name / "trained-fp16.safetensors"),
                    str(dest / "trained-fp16.safetensors.part-")], check=True)
    print(f"{task}: chose {name} (select {score}): {json.dumps(summary['best'])}")
(out / "runs.json").write_text(json.dumps(report, indent=2))
EOF
ls -la "$OUT" "$OUT"/*
