"""Score the links of real-story reports against the links labelled by reading.

    python training/audit_story_links.py --corpus ecbplus --stories 20 --out ecb.json
    python training/audit_story_links.py --stories 24 --out polnear.json
    python training/score_story_links.py ecb.json polnear.json [--unlabelled new.json]

``training/labels/report_links.jsonl`` holds 425 links of those reports (the twenty ECB+
test-topic stories and the 24 largest multi-outlet PolNeAR stories), each labelled right or
wrong by a reader (and 80 of them by a second reader, who agreed on 76). A link is found by
its story, the two outlets and the first eight words of each claim. For each file given this
prints how many links are labelled, right and wrong, the precision over all and by the route
that made each link (the first of its reasons), and how many links are not labelled yet:
those (written with ``--unlabelled``) need reading before a change is judged.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

LABELS = Path(__file__).resolve().parent / "labels" / "report_links.jsonl"


def _head(text: str) -> str:
    return " ".join(text.split()[:8])


def link_key(link: dict[str, Any]) -> tuple[str, ...]:
    """A link's key in the labels: its story, and each side's outlet and first eight words,
    in sorted order."""
    sides = sorted(((link["a_outlet"], _head(link["a_claim"])),
                    (link["b_outlet"], _head(link["b_claim"]))))
    story = link["id"][1:].rsplit("-", 1)[0]
    return (story, *sides[0], *sides[1])


def read_labels(path: Path = LABELS) -> dict[tuple[str, ...], str]:
    labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[(row["story"], row["a"], row["a_phrase"], row["b"], row["b_phrase"])] = row["label"]
    return labels


def route(link: dict[str, Any]) -> str:
    """The link's first reason up to the words it quotes, its lists left out."""
    first = link["reasons"][0] if link.get("reasons") else link["relation"]
    first = re.sub(r"\([^)]*\)", "(...)", first)
    return re.split(r"[:']", first)[0].strip()[:70]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--unlabelled", type=Path, help="write the links without a label here")
    args = parser.parse_args()
    labels = read_labels()
    links = [link for path in args.files for link in json.loads(path.read_text("utf-8"))]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    unlabelled = []
    for link in links:
        label = labels.get(link_key(link))
        if label is None:
            unlabelled.append(link)
            continue
        counts[route(link)][label != "right"] += 1
    right = sum(c[0] for c in counts.values())
    wrong = sum(c[1] for c in counts.values())
    print(f"{len(links)} links, {right + wrong} labelled: {right} right, {wrong} wrong "
          f"(precision {right / max(1, right + wrong):.3f}); {len(unlabelled)} not labelled")
    for name, (r, w) in sorted(counts.items(), key=lambda item: -sum(item[1])):
        print(f"  {r:4} {w:4}  {r / (r + w):.2f}  {name}")
    if args.unlabelled:
        args.unlabelled.write_text(json.dumps(unlabelled, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
