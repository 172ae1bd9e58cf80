"""Measure how the quantities stage reads numbers in news text, beside quantulum3 and
number-parser.

    .venv/bin/python training/measure_quantities.py --data ../shared/data
    python training/measure_quantities.py --data ../shared/data --system quantulum3
    python training/measure_quantities.py --data ../shared/data --system number-parser

The gold (``labels/basil_quantities.jsonl``) is 120 sentences of BASIL articles outside the
multi-outlet gold's events, each with every quantity in it (money, percentages, counts,
measures; not dates, ages, ordinals, time spans or numbers in names): its text, the range of
values it allows (``low``/``high``, ``null`` for an open end: "more than 1,000" is 1,000 to
nothing, "several hundred" 300 to 900) and what it counts (``unit``), made by careful reading.
``half`` says which sentences were read to find errors (``dev``) and which were only scored
(``test``). Each sentence is given with the one before it.

A quantity counts as found when a system's quantity overlaps its text; its value is right when
both ends match (an open end only an open end), its unit when the counted word's stem matches.

- ``crosswire``: the analysis's quantities stage (needs crosswire's venv);
- ``quantulum3``: ``quantulum3.parser.parse`` over the sentence; a value with an uncertainty
  is read as the range it spans, and its unit's name as the unit;
- ``number-parser``: ``number_parser.parse_number`` given each gold quantity's own text (it
  finds no spans): whether it reads the value of the phrase at all.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from measure_dates import analysed, by_half, load

LABELS = Path(__file__).resolve().parent / "labels" / "basil_quantities.jsonl"
#: (text, low, high, unit) of one quantity a system reads
Read = tuple[str, float | None, float | None, str]


def crosswire_quantities(items: list[dict[str, Any]]) -> list[list[Read]]:
    return [[(q.span.text, q.low, q.high, q.unit) for q in article.quantities
             if q.span.start >= at] for article, at in analysed(items)]


def quantulum_quantities(items: list[dict[str, Any]]) -> list[list[Read]]:
    from quantulum3 import parser

    found = []
    for item in items:
        reads: list[Read] = []
        for q in parser.parse(item["text"]):
            spread = q.uncertainty or 0.0
            unit = "" if q.unit.name == "dimensionless" else q.unit.name
            reads.append((q.surface, q.value - spread, q.value + spread, unit))
        found.append(reads)
    return found


def number_parser_values(items: list[dict[str, Any]]) -> list[list[Read]]:
    from number_parser import parse_number

    found = []
    for item in items:
        reads: list[Read] = []
        for gold in item["quantities"]:
            value = parse_number(gold["text"])
            if value is not None:
                reads.append((gold["text"], float(value), float(value), ""))
        found.append(reads)
    return found


def _same(x: float | None, y: float | None) -> bool:
    if x is None or y is None:
        return x is None and y is None
    return math.isclose(float(x), float(y), rel_tol=1e-3, abs_tol=1e-3)


def _stem(word: str) -> str:
    word = word.lower().strip()
    return word[:-1] if word.endswith("s") else word


def score(items: list[dict[str, Any]], found: list[list[Read]]) -> dict[str, Any]:
    gold_n = hit = value = unit = said = 0
    for item, system in zip(items, found, strict=True):
        said += len(system)
        used: set[int] = set()
        for gold in item["quantities"]:
            gold_n += 1
            text = gold["text"].lower()
            match = next((i for i, r in enumerate(system) if i not in used and r[0]
                          and (text in r[0].lower() or r[0].lower() in text)), None)
            if match is None:
                continue
            used.add(match)
            hit += 1
            _, low, high, what = system[match]
            value += _same(low, gold["low"]) and _same(high, gold["high"])
            unit += _stem(what) == _stem(gold["unit"] or "")
    return {"quantities": gold_n, "found": round(hit / gold_n, 3),
            "value_right": round(value / gold_n, 3), "unit_right": round(unit / gold_n, 3),
            "precision": round(hit / said, 3) if said else None, "said": said}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--system", choices=("crosswire", "quantulum3", "number-parser"),
                        default="crosswire")
    args = parser.parse_args()
    items = load(LABELS, args.data)
    reader = {"crosswire": crosswire_quantities, "quantulum3": quantulum_quantities,
              "number-parser": number_parser_values}[args.system]
    by_half(items, reader(items), score, args.system)


if __name__ == "__main__":
    main()
