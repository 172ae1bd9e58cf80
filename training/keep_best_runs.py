"""Keep the best of several training runs side by side: their summaries in one file, the best
runs' weights split into parts under 15 MB (what one call of the device tool brings back).

    python training/keep_best_runs.py RUNS OUT [KEEP]

``RUNS`` holds one folder a run, each with ``summary.json`` (whose ``best`` names the step and
its ``select`` score) and ``trained-fp16.safetensors``. Writes ``OUT/runs.json`` and, for the
``KEEP`` (3) runs of the highest ``select``, ``OUT/<run>/trained-fp16.safetensors.part-NN``;
back here, ``cat`` the parts into one file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PART_BYTES = 15_000_000


def main() -> None:
    runs, out = Path(sys.argv[1]), Path(sys.argv[2])
    keep = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    found = []
    for folder in sorted(p for p in runs.iterdir() if p.is_dir()):
        summary_file = folder / "summary.json"
        if summary_file.is_file():
            summary = json.loads(summary_file.read_text(encoding="utf-8"))
            found.append((summary["best"]["select"], folder.name, summary))
    found.sort(key=lambda item: item[0], reverse=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "runs.json").write_text(json.dumps({name: s for _, name, s in found}, indent=1),
                                   encoding="utf-8")
    for score, name, summary in found:
        print(f"{name:16s} select {score:.4f} {json.dumps(summary['best'])}")
    for _, name, _ in found[:keep]:
        dest = out / name
        dest.mkdir(parents=True, exist_ok=True)
        data = (runs / name / "trained-fp16.safetensors").read_bytes()
        for number, start in enumerate(range(0, len(data), PART_BYTES)):
            part = dest / f"trained-fp16.safetensors.part-{number:02d}"
            part.write_bytes(data[start:start + PART_BYTES])


if __name__ == "__main__":
    main()
