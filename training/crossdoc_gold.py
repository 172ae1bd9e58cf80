"""Read and check the multi-outlet gold (``src/crosswire/eval/crossdoc_gold``).

    python training/crossdoc_gold.py show basil:<triplet>      # each outlet's text, paragraph by paragraph
    python training/crossdoc_gold.py check [FILE ...]          # every phrase found once, labels valid

``check`` without files checks every gold file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crosswire.errors import EvaluationError
from crosswire.eval.crossdoc import GOLD_DIR, check_gold_file
from crosswire.eval.crossdoc_data import read_event


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["show", "check"])
    parser.add_argument("items", nargs="*")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = parser.parse_args()
    if args.command == "show":
        for event in args.items:
            found = read_event(args.data, event)
            for outlet, article in found.articles.items():
                print(f"===== {outlet} | {article.published} | {article.title}")
                for number, paragraph in enumerate(article.text.split("\n\n"), start=1):
                    print(f"[{number}] {paragraph}")
                print()
        return 0
    files = [Path(f) for f in args.items] or sorted(GOLD_DIR.glob("*.json"))
    bad = 0
    for path in files:
        try:
            summary = check_gold_file(path, args.data)
        except EvaluationError as exc:
            bad += 1
            print(f"{path}: {exc}")
            continue
        print(f"{path.name}: ok, {summary}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
