"""The links that reports on real stories show, scored against links labelled by reading.

The multi-outlet gold (:mod:`crosswire.eval.crossdoc`) scores chosen pairs of sentences; a
report shows whatever links the comparison makes, background sentences included. This task
compares real stories through the path a user takes and scores every link a report shows
(corroborates, contradicts, tension) against ``report_links.jsonl``: links of such reports,
each read in both articles and labelled right or wrong (see docs/comparison.md). The
stories:

- ``ecbplus``: ECB+'s annotated events of its test topics (36 to 45, held out of every
  training set), up to five documents each, compared with :func:`crosswire.compare`; the
  first ``ecbplus`` of them (20 were labelled);
- ``polnear``: PolNeAR's 1,008 political articles (seven outlets, 2016) ingested into a fresh
  SQLite file, which places them in stories; the ``polnear`` largest stories with two
  outlets or more, compared with :func:`crosswire.compare_story` (24 were labelled), each
  named by its first article's file name (:func:`story_key`);
- ``ecbplus_train``: the first ``ecbplus_train`` events of ECB+'s other topics, the same way
  (30 were labelled). Their sentences trained the relation model's same-fact head, which may
  read them better than new text;
- ``ecbplus_more``: the next ``ecbplus_more`` events of those topics, after the first 30 (36
  were labelled, after the comparison's rules that the other sets were read for).

A link is found in the labels by its story, its two outlets and the first eight words of each
claim, never the articles' text. Links between the same sentence in two copies of one
outlet's article are left out (counted as ``copies``). A link without a label is counted and
listed (``unlabelled``): a change of the comparison that makes new links needs them read
before its precision is known.

Keys, for ``ecbplus``, ``polnear``, ``ecbplus_train``, ``ecbplus_more`` and ``all``:
``links``, ``labelled``, ``right``, ``wrong``, ``precision`` (right over labelled),
``unlabelled``, ``copies`` and
``by_route`` (the same counts for each route: the first of a link's reasons up to what it
quotes).
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import EvaluationError

__all__ = ["evaluate_links", "link_key", "polnear_records", "read_link_labels", "route",
           "shown_links", "story_key", "story_reports", "write_jsonl"]

LABELS_FILE = Path(__file__).parent / "report_links.jsonl"
#: the words of a claim that find it in the labels
HEAD_WORDS = 8


def _head(text: str) -> str:
    return " ".join(text.split()[:HEAD_WORDS])


def link_key(link: dict[str, Any]) -> tuple[str, ...]:
    """A shown link's key in the labels: its story, and each side's outlet and first words,
    in sorted order."""
    sides = sorted(((link["a_outlet"], _head(link["a_claim"])),
                    (link["b_outlet"], _head(link["b_claim"]))))
    return (link["story"], *sides[0], *sides[1])


def read_link_labels(path: Path = LABELS_FILE) -> dict[tuple[str, ...], str]:
    """``link_key`` -> ``"right"`` or ``"wrong"``."""
    labels = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            row = json.loads(line)
            key = (row["story"], row["a"], row["a_phrase"], row["b"], row["b_phrase"])
            label = row["label"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvaluationError(f"{path}:{number}: not a labelled link ({exc})") from exc
        if label not in ("right", "wrong"):
            raise EvaluationError(f"{path}:{number}: label must be right or wrong, not {label!r}")
        labels[key] = label
    return labels


def route(link: dict[str, Any]) -> str:
    """The rule that made a link: its first reason up to the words it quotes, lists left out."""
    first = link["reasons"][0] if link.get("reasons") else link["relation"]
    first = re.sub(r"\([^)]*\)", "(...)", first)
    return re.split(r"[:']", first)[0].strip()[:70]


def _window(text: str, start: int, end: int) -> str:
    before, after = text[max(0, start - 400) : start], text[end : end + 300]
    return f"{before} [[{text[start:end]}]] {after}"


def shown_links(report: dict[str, Any], story: str) -> tuple[list[dict[str, Any]], int]:
    """The links a report (``Report.to_dict()``) shows that are worth reading, each with both
    claims, a window of each article around its claim (in ``[[ ]]``), its reasons and the
    model's readings; and how many join the same sentence in two copies of one outlet's
    article."""
    claims = {c["id"]: c for c in report["claims"]}
    articles = {a["id"]: a for a in report["articles"]}
    shown, copies = [], 0
    for link in report["links"]:
        if link["relation"] not in ("corroborates", "contradicts") and not link.get("tension"):
            continue
        a, b = claims[link["a"]], claims[link["b"]]
        outlet_a, outlet_b = articles[a["article"]]["outlet"], articles[b["article"]]["outlet"]
        if outlet_a == outlet_b and a["text"] == b["text"]:
            copies += 1
            continue
        shown.append({
            "id": f"s{story}-{len(shown)}",
            "story": story,
            "relation": link["relation"] + (" (tension)" if link.get("tension") else ""),
            "a_outlet": outlet_a,
            "a_claim": a["text"],
            "a_context": _window(articles[a["article"]]["text"], a["start"], a["end"]),
            "b_outlet": outlet_b,
            "b_claim": b["text"],
            "b_context": _window(articles[b["article"]]["text"], b["start"], b["end"]),
            "reasons": link.get("reasons", []),
            "details": {k: link[k] for k in ("similarity", "same_fact", "nli") if k in link},
        })
    return shown, copies


def polnear_records(data_dir: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """PolNeAR's articles as JSON records (text, title, outlet, published, url), oldest first."""
    root = data_dir / "attribution" / "polnear"
    meta: dict[str, dict[str, str]] = {}
    try:
        with (root / "metadata.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                meta[row["filename"]] = row
    except FileNotFoundError as exc:
        raise EvaluationError(f"{exc.filename}: PolNeAR metadata not found") from exc
    records = []
    for path in sorted(root.glob("*/text/*.txt")):
        row = meta.get(path.stem, {})
        records.append({
            "text": path.read_text(encoding="utf-8"),
            "title": row.get("title") or None,
            "outlet": row.get("publisher") or None,
            "published": row.get("publication_date") or None,
            "url": f"https://{row.get('publisher', 'example')}.example/{path.stem}",
        })
    if not records:
        raise EvaluationError(f"{root}: no PolNeAR articles")
    records.sort(key=lambda r: (r["published"] or "", r["url"]))
    return records[:limit]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    """``records`` as JSON lines in ``path`` (a source ``crosswire ingest`` reads)."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def story_reports(data_dir: Path, corpus: str, count: int,
                  skip: int = 0) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(story, report)`` for the stories of ``corpus`` (see the module docstring), each
    report as ``Report.to_dict()`` gives it."""
    from ..api import compare, compare_story
    from ..corpus import ingest, list_stories, update_stories
    from ..store import open_store

    if corpus in ("ecbplus", "ecbplus_train"):
        from .ecb import TEST_TOPICS
        from .stories import read_ecbplus

        events: dict[str, list[Any]] = {}
        for item in read_ecbplus(data_dir / "events" / "ecbplus"):
            if (item.topic in TEST_TOPICS) == (corpus == "ecbplus"):
                events.setdefault(item.story, []).append(item.article)
        chosen = [(name, docs) for name, docs in sorted(events.items()) if len(docs) >= 3]
        for name, docs in chosen[skip : skip + count]:
            articles = docs[:5]
            for n, article in enumerate(articles, start=1):
                article.outlet = article.outlet or f"{name}-doc{n}"
            yield name, compare(articles).to_dict()
        return
    if corpus != "polnear":
        raise ValueError(f"unknown corpus {corpus!r}: use ecbplus, ecbplus_train or polnear")
    with tempfile.TemporaryDirectory() as folder:
        source = write_jsonl(Path(folder) / "polnear.jsonl", polnear_records(data_dir))
        with open_store(Path(folder) / "polnear.db") as store:
            ingest([str(source)], store)
            update_stories(store)
            stories = [s for s in list_stories(store, min_size=2, limit=1000)
                       if len(s.outlets) >= 2][skip : skip + count]
            for story in stories:
                report = compare_story(store, story_id=story.id).report.to_dict()
                yield story_key(report), report


def story_key(report: dict[str, Any]) -> str:
    """A PolNeAR story's name in the labels: the first of its articles' file names (from
    their URLs). A store numbers its stories in the order it makes them, which a model's
    slightly different readings on another machine can change; the articles' names do not."""
    return min((str(a.get("url") or a.get("source") or "").rsplit("/", 1)[-1]
                for a in report["articles"]), default="")


def _counts(rows: list[tuple[str, str | None]]) -> dict[str, Any]:
    right = sum(1 for _, label in rows if label == "right")
    wrong = sum(1 for _, label in rows if label == "wrong")
    return {"right": right, "wrong": wrong,
            "precision": round(right / (right + wrong), 4) if right + wrong else None}


def _score(links: list[dict[str, Any]], copies: int,
           labels: dict[tuple[str, ...], str]) -> dict[str, Any]:
    rows = [(route(link), labels.get(link_key(link))) for link in links]
    labelled = [row for row in rows if row[1] is not None]
    by_route: dict[str, list[tuple[str, str | None]]] = {}
    for row in labelled:
        by_route.setdefault(row[0], []).append(row)
    return {"links": len(links), "labelled": len(labelled), **_counts(labelled),
            "unlabelled": len(rows) - len(labelled), "copies": copies,
            "by_route": {name: _counts(group) for name, group in
                         sorted(by_route.items(), key=lambda item: -len(item[1]))}}


#: the ECB+ training-topic events ``ecbplus_train`` labels: ``ecbplus_more`` starts after them
TRAIN_LABELLED = 30


def evaluate_links(data_dir: Path, *, ecbplus: int = 20, polnear: int = 24,
                   ecbplus_train: int = TRAIN_LABELLED, ecbplus_more: int = 36,
                   keep_links: bool = False) -> dict[str, Any]:
    """Compare the stories, score the links their reports show against the labels, and
    (``keep_links``) give the links without a label under ``unlabelled_links``."""
    labels = read_link_labels()
    scores: dict[str, Any] = {}
    every: list[dict[str, Any]] = []
    all_copies = 0
    sets = (("ecbplus", "ecbplus", ecbplus, 0), ("polnear", "polnear", polnear, 0),
            ("ecbplus_train", "ecbplus_train", ecbplus_train, 0),
            ("ecbplus_more", "ecbplus_train", ecbplus_more, TRAIN_LABELLED))
    for name, corpus, count, skip in sets:
        if not count:
            continue
        links: list[dict[str, Any]] = []
        copies = 0
        for story, report in story_reports(data_dir, corpus, count, skip):
            shown, copied = shown_links(report, story)
            links += shown
            copies += copied
        scores[name] = _score(links, copies, labels)
        every += links
        all_copies += copies
    scores["all"] = _score(every, all_copies, labels)
    if keep_links:
        scores["unlabelled_links"] = [link for link in every if link_key(link) not in labels]
    return scores
