"""How often each rule that reads an outlet off a text fires, and how often it is right.

The rules are :mod:`crosswire.ingest.outlet`'s. They are run over the news texts in
``../shared/data`` (``--data`` to point elsewhere):

- labelled: PolNeAR (1,008 articles; ``metadata.tsv`` gives the publisher and, for
  reprinted agency copy, the ``wire``), BASIL (300; the ``source`` field) and the
  Zyte extraction benchmark (181; the page's host name);
- unlabelled, counted and listed for reading by hand: the PTC propaganda articles and
  the FNC-1 bodies (ECB+ is left out: its text is tokenised, "( AP )").

A clue is counted **right** when it names the publisher, or the outlet whose story
the text is a copy of: the news agency of a reprint (PolNeAR's ``wire``; in BASIL and
the Zyte pages, which do not say, an agency named by the clue) or the outlet a line
"This article originally appeared at ..." names; **wrong** otherwise. ``publisher``
counts the clues that name the publisher itself. ``--show`` lists every clue, so
that those counted right for naming the origin can be read. Prints a table per corpus
and rule::

    python training/measure_outlet_rules.py [--data ../shared/data] [--show]
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crosswire.ingest.outlet import OUTLET_RULES, outlet_clue

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"

#: What each label may be called in a text (compared after :func:`_norm`).
ALIASES = {
    "breitbart": {"breitbart", "breitbart news"},
    "huff-post": {"huffington post", "huffpost", "huff post", "huffpost politics"},
    "hpo": {"huffington post", "huffpost", "huff post"},
    "nyt": {"new york times", "nytimes", "nytimes.com", "new york times company"},
    "politico": {"politico"},
    "usa-today": {"usa today"},
    "wash-post": {"washington post", "washingtonpost"},
    "west-journal": {"western journal", "western journalism", "conservative tribune"},
    "fox": {"fox news", "foxnews.com", "fox"},
    "ap": {"ap", "associated press", "the associated press"},
    "afp": {"afp", "agence france-presse", "agence france presse"},
    "reuters": {"reuters", "thomson reuters"},
    "upi": {"upi", "united press international"},
}
AGENCIES = {"ap", "afp", "reuters", "upi"}


def _norm(name: str) -> str:
    name = name.lower().replace("\u2019", "'")
    name = re.sub(r"^the\s+", "", name)
    return re.sub(r"\s+", " ", name).strip(" .")


def _names(label: str | None) -> set[str]:
    if not label or label in {"None", "NA"}:
        return set()
    key = label.lower()
    return {_norm(n) for n in ALIASES.get(key, {key})}


def _agency(name: str) -> str | None:
    for key in AGENCIES:
        if _norm(name) in {_norm(n) for n in ALIASES[key]}:
            return key
    return None


def _host_matches(name: str, host: str) -> bool:
    """Whether an outlet's name fits a host name ("Hawaii News Now" and hawaiinewsnow.com)."""
    squashed = re.sub(r"[^a-z0-9]", "", _norm(name))
    site = re.sub(r"[^a-z0-9]", "", host.rsplit(".", 1)[0])
    return bool(squashed) and (squashed in site or site in squashed)


# --- the corpora -------------------------------------------------------------------------------


def polnear(data: Path) -> Iterator[dict[str, Any]]:
    folder = data / "attribution" / "polnear"
    with (folder / "metadata.tsv").open(encoding="utf-8") as handle:
        rows = {r["filename"]: r for r in csv.DictReader(handle, delimiter="\t")}
    for path in sorted(glob.glob(str(folder / "*" / "text" / "*.txt"))):
        name = os.path.basename(path)[:-4]
        row = rows.get(name, {})
        yield {
            "name": name,
            "text": Path(path).read_text("utf-8"),
            "publisher": row.get("publisher") or name.split("_")[0],
            "wire": row.get("wire"),
        }


def basil(data: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(glob.glob(str(data / "bias" / "basil" / "articles" / "*" / "*.json"))):
        record = json.loads(Path(path).read_text("utf-8"))
        paragraphs = [
            " ".join(p) if isinstance(p, list) else str(p) for p in record["body-paragraphs"]
        ]
        yield {
            "name": os.path.basename(path),
            "text": "\n".join(paragraphs),
            "publisher": str(record["source"]).lower(),
            "wire": None,
        }


def zyte(data: Path) -> Iterator[dict[str, Any]]:
    truth = json.loads((data / "extraction" / "zyte-aeb" / "ground-truth.json").read_text("utf-8"))
    for key, value in sorted(truth.items()):
        host = (urlsplit(value["url"]).hostname or "").removeprefix("www.")
        yield {"name": key[:12], "text": value["articleBody"], "host": host, "wire": None}


def ptc(data: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(glob.glob(str(data / "propaganda" / "ptc" / "train-articles" / "*.txt"))):
        yield {"name": os.path.basename(path), "text": Path(path).read_text("utf-8")}


def fnc(data: Path) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(sys.maxsize)
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with (data / "stance" / "fnc1" / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                yield {"name": f"{name}:{row['Body ID']}", "text": row["articleBody"]}


CORPORA = {"polnear": polnear, "basil": basil, "zyte": zyte, "ptc": ptc, "fnc": fnc}


def verdict(doc: dict[str, Any], outlet: str, rule: str) -> str:
    """``publisher``, ``origin`` (the outlet whose copy the text is), ``wrong`` or
    ``unlabelled`` (see the module docstring)."""
    if "host" in doc:
        if _host_matches(outlet, doc["host"]):
            return "publisher"
    elif "publisher" not in doc:
        return "unlabelled"
    elif _norm(outlet) in _names(doc["publisher"]):
        return "publisher"
    if rule == "syndication":  # the line says whose the text first was
        return "origin"
    if doc.get("wire") is not None:  # PolNeAR: the agency of a reprint is labelled
        return "origin" if _norm(outlet) in _names(doc["wire"]) else "wrong"
    return "origin" if _agency(outlet) else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", action="store_true", help="list every clue")
    args = parser.parse_args()
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    print(f"{'corpus':<8} {'docs':>5} {'rule':<12} {'fires':>6} {'rate':>6} "
          f"{'right':>6} {'publisher':>9} {'wrong':>6}")
    for corpus, load in CORPORA.items():
        docs = list(load(args.data))
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for doc in docs:
            clue = outlet_clue(doc["text"])
            if clue is None:
                continue
            outlet, rule = clue
            judged = verdict(doc, outlet, rule)
            counts[rule][judged] += 1
            if args.show:
                label = doc.get("host") or f"{doc.get('publisher')}/{doc.get('wire')}"
                print(f"  {corpus} {doc['name']} [{label}] {rule}: {outlet!r} -> {judged}")
        for rule in OUTLET_RULES:
            c = counts[rule]
            fires = sum(c.values())
            if not fires:
                continue
            right = c["publisher"] + c["origin"]
            labelled = fires - c["unlabelled"]
            print(
                f"{corpus:<8} {len(docs):>5} {rule:<12} {fires:>6} {fires / len(docs):>6.1%} "
                f"{(f'{right}/{labelled}' if labelled else '-'):>6} "
                f"{(str(c['publisher']) if labelled else '-'):>9} "
                f"{(str(c['wrong']) if labelled else '-'):>6}"
            )
            totals[rule].update(c)
        totals["_docs"]["n"] += len(docs)
    print()
    for rule in OUTLET_RULES:
        c = totals[rule]
        fires = sum(c.values())
        labelled = fires - c["unlabelled"]
        right = c["publisher"] + c["origin"]
        print(f"all      {totals['_docs']['n']:>5} {rule:<12} {fires:>6} "
              f"{fires / totals['_docs']['n']:>6.1%} "
              f"{(f'{right}/{labelled}' if labelled else '-'):>6} {c['publisher']:>9} "
              f"{c['wrong']:>6}")


if __name__ == "__main__":
    main()
