"""Write out, for reading, the links that reports on real multi-outlet stories show.

    python training/audit_story_links.py --data ../shared/data --out links.json [--stories 12]
                                         [--skip 0] [--corpus polnear|ecbplus]

Takes the path a user takes: PolNeAR's 1,008 political news articles (seven outlets, 2016)
are written as one JSONL file, ingested into a fresh SQLite file (``crosswire.ingest_sources``,
which places them in stories), and the largest stories that hold two or more outlets are
compared (``crosswire.compare_story``); ``--skip`` passes over the largest ones first (a
second sample, held out from rules written while reading the first). With ``--corpus
ecbplus`` the stories are ECB+'s annotated events of its test topics (36 to 45, held out of
every training set), up to five documents each, compared with ``crosswire.compare``. For each
corroborates,
contradicts or tension link of those reports it writes both claims, a window of each claim's
article around it (the claim in ``[[ ]]``), the outlets and the link's reasons, so that a
reader can label each link right or wrong. Links between the same sentence in two copies of
one outlet's article are counted and left out. The labels are not kept here: the articles are
not the project's to copy.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import crosswire

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bench"))

from bench_stories import polnear_records, write_jsonl  # noqa: E402


def _window(text: str, start: int, end: int) -> str:
    before, after = text[max(0, start - 400) : start], text[end : end + 300]
    return f"{before} [[{text[start:end]}]] {after}"


def story_links(report: dict[str, Any], story: Any) -> tuple[list[dict[str, Any]], int]:
    """The links of one report worth reading, and how many were left out as exact copies."""
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
            "id": f"s{story.id}-{len(shown)}",
            "story": story.headline,
            "relation": link["relation"] + (" (tension)" if link.get("tension") else ""),
            "a_outlet": outlet_a,
            "a_claim": a["text"],
            "a_context": _window(articles[a["article"]]["text"], a["start"], a["end"]),
            "b_outlet": outlet_b,
            "b_claim": b["text"],
            "b_context": _window(articles[b["article"]]["text"], b["start"], b["end"]),
            "reasons": link.get("reasons", []),
            # for the one who studies the labels after reading, not for the reader
            "details": {k: link[k] for k in ("similarity", "same_fact", "nli") if k in link},
        })
    return shown, copies


@dataclass
class _Event:
    id: str
    headline: str


def ecbplus_links(data: Path, count: int, skip: int) -> list[dict[str, Any]]:
    """The links of reports on ECB+ test-topic events (each of up to five documents)."""
    from crosswire.eval.ecb import TEST_TOPICS
    from crosswire.eval.stories import read_ecbplus

    events: dict[str, list[Any]] = {}
    for item in read_ecbplus(data / "events" / "ecbplus"):
        if item.topic in TEST_TOPICS:
            events.setdefault(item.story, []).append(item.article)
    chosen = [(name, docs) for name, docs in sorted(events.items()) if len(docs) >= 3]
    links: list[dict[str, Any]] = []
    for name, docs in chosen[skip : skip + count]:
        articles = docs[:5]
        for n, article in enumerate(articles, start=1):
            article.outlet = article.outlet or f"{name}-doc{n}"
        report = crosswire.compare(articles).to_dict()
        shown, copies = story_links(report, _Event(name, articles[0].text.split("\n")[0][:80]))
        links += shown
        print(f"event {name}: {len(articles)} documents, {len(shown)} links to read, "
              f"{copies} between copies of one sentence")
    return links


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=HERE.parents[1] / "shared" / "data")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--stories", type=int, default=12)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--corpus", choices=("polnear", "ecbplus"), default="polnear")
    args = parser.parse_args()

    links: list[dict[str, Any]] = []
    if args.corpus == "ecbplus":
        links = ecbplus_links(args.data, args.stories, args.skip)
        args.out.write_text(json.dumps(links, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"{len(links)} links written to {args.out}")
        return
    with tempfile.TemporaryDirectory() as folder:
        corpus = write_jsonl(Path(folder) / "polnear.jsonl", polnear_records(args.data, None))
        with crosswire.open_store(Path(folder) / "polnear.db") as store:
            crosswire.ingest_sources([str(corpus)], store)
            crosswire.update_stories(store)
            stories = [s for s in crosswire.list_stories(store, min_size=2, limit=1000)
                       if len(s.outlets) >= 2][args.skip : args.skip + args.stories]
            for story in stories:
                report = crosswire.compare_story(store, story_id=story.id).report.to_dict()
                shown, copies = story_links(report, story)
                links += shown
                print(f"story {story.id}: {story.size} articles, {len(story.outlets)} outlets, "
                      f"{len(shown)} links to read, {copies} between copies of one sentence")
    args.out.write_text(json.dumps(links, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{len(links)} links written to {args.out}")


if __name__ == "__main__":
    main()
