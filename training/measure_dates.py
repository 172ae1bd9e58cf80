"""Measure how the times stage finds and resolves dates in news text, beside dateparser.

    .venv/bin/python training/measure_dates.py --data ../shared/data
    python training/measure_dates.py --data ../shared/data --system dateparser   # in a venv with
                                                                                 # dateparser 1.5.0

The gold (``labels/basil_times.jsonl``) is 160 sentences of BASIL articles outside the
multi-outlet gold's events, each with every expression in it that names a calendar day, week,
month, season or year, and the period it names, read against the article's publication date
and the sentence's tense (made by careful reading; ``half`` says which sentences were read to
find errors, ``dev``, and which only scored, ``test``). Each sentence is given with the one before
it. An expression counts as found when a system's expression overlaps its text, and as resolved
right when the system's start lies in the gold period (for a day: is that day).

``--system crosswire`` runs crosswire's analysis (the times stage over the parse);
``--system dateparser`` runs ``dateparser.search.search_dates`` with the publication date as
its relative base and past dates preferred.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

LABELS = Path(__file__).resolve().parent / "labels" / "basil_times.jsonl"


def sentences(data: Path, item: dict[str, Any]) -> tuple[str, str]:
    """The labelled sentence of a BASIL article (found by its first words) and the one before."""
    article = json.loads((data / "bias/basil/articles" / item["file"]).read_text(encoding="utf-8"))
    paragraphs = article["body-paragraphs"]
    if isinstance(paragraphs, str):
        paragraphs = ast.literal_eval(paragraphs)
    flat = [s for p in paragraphs for s in (p if isinstance(p, list) else [p])]
    for i, sentence in enumerate(flat):
        if sentence.startswith(item["sentence"]):
            return (flat[i - 1] if i else ""), sentence
    raise SystemExit(f"{item['file']}: no sentence starts with {item['sentence']!r}")


def analysed(items: list[dict[str, Any]]) -> list[tuple[Any, int]]:
    """Each item's sentence, with the one before it, analysed by crosswire as one short article
    (with the item's publication date, where it has one): the article and where the labelled
    sentence starts in its clean text."""
    from crosswire.api import Options, analyse_articles, read_inputs

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, item in enumerate(items):
            path = Path(tmp) / f"{n}.json"
            fields = {"title": "-", "text": (item["before"] + " " + item["text"]).strip()}
            if item.get("published"):
                fields["published"] = item["published"]
            path.write_text(json.dumps(fields), encoding="utf-8")
            paths.append(str(path))
        articles, failures = read_inputs(paths)
        if failures:
            raise SystemExit(f"unread: {failures}")
        for item, article in zip(items, analyse_articles(articles, options=Options()),
                                 strict=True):
            at = article.text.find(item["text"][:40])
            if at < 0:
                raise SystemExit(f"{item['file']}: the sentence is not in the cleaned text")
            out.append((article, at))
    return out


def crosswire_times(items: list[dict[str, Any]]) -> list[list[tuple[str, datetime | None]]]:
    """Each time from the labelled sentence on; a range of dates ("from 2006 to 2012") as its
    two ends, which is how the gold labels it."""
    from crosswire.comparison.timecheck import range_ends

    found = []
    for article, at in analysed(items):
        times: list[tuple[str, datetime | None]] = []
        for t in article.times:
            if t.span.start < at:
                continue
            ends = range_ends(t)
            if ends is None:
                times.append((t.span.text, t.start))
                continue
            texts = re.split(r"\s*(?:\b(?:to|until|till|through|thru|and)\b|[-\u2013\u2014])\s*",
                             t.span.text, maxsplit=1)
            times += [(text, period[0]) for text, period in zip(texts, ends, strict=True)]
        found.append(times)
    return found


def dateparser_times(items: list[dict[str, Any]]) -> list[list[tuple[str, datetime | None]]]:
    from dateparser.search import search_dates

    found = []
    for item in items:
        base = datetime.fromisoformat(item["published"])
        hits = search_dates(item["text"], languages=["en"], settings={
            "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False}) or []
        found.append([(text, when) for text, when in hits])
    return found


def _right(gold: dict[str, Any], start: datetime | None) -> bool:
    if gold["start"] is None or start is None:
        return gold["start"] is None and start is None
    begin, end = datetime.fromisoformat(gold["start"]), datetime.fromisoformat(gold["end"])
    when = start.replace(tzinfo=None)
    if gold["granularity"] == "day":
        return when.date() == begin.date()
    return begin <= when < end


def score(items: list[dict[str, Any]],
          found: list[list[tuple[str, datetime | None]]]) -> dict[str, Any]:
    gold_n = hit = right = said = 0
    for item, system in zip(items, found, strict=True):
        said += len(system)
        used: set[int] = set()
        for gold in item["times"]:
            gold_n += 1
            text = gold["text"].lower()
            match = next((i for i, (t, _) in enumerate(system) if i not in used
                          and (text in t.lower() or t.lower() in text)), None)
            if match is None:
                continue
            used.add(match)
            hit += 1
            right += _right(gold, system[match][1])
    return {"expressions": gold_n, "found": round(hit / gold_n, 3),
            "resolved_right": round(right / gold_n, 3),
            "precision": round(hit / said, 3) if said else None,
            "said": said}


def load(labels: Path, data: Path) -> list[dict[str, Any]]:
    """The labelled items, each with its sentence and the one before it read from ``data``."""
    items = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()]
    for item in items:
        item["before"], item["text"] = sentences(data, item)
    return items


def by_half(items: list[dict[str, Any]], found: list[Any],
            score: Callable[[list[dict[str, Any]], list[Any]], dict[str, Any]],
            system: str) -> None:
    """Print a system's scores on each half of the gold, one JSON line each."""
    for half in ("dev", "test"):
        chosen = [(i, f) for i, f in zip(items, found, strict=True) if i["half"] == half]
        result = score([i for i, _ in chosen], [f for _, f in chosen])
        print(json.dumps({"system": system, "half": half, **result}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--system", choices=("crosswire", "dateparser"), default="crosswire")
    args = parser.parse_args()
    items = load(LABELS, args.data)
    reader = crosswire_times if args.system == "crosswire" else dateparser_times
    by_half(items, reader(items), score, args.system)


if __name__ == "__main__":
    main()
