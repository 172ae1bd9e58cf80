"""Write out, for reading, the links that reports on real multi-outlet stories show.

    python training/audit_story_links.py --data ../shared/data --out links.json [--stories 12]
                                         [--skip 0] [--corpus polnear|ecbplus] [--unlabelled]

Takes the path a user takes (:func:`crosswire.eval.links.story_reports`): PolNeAR's 1,008
political news articles (seven outlets, 2016) are ingested into a fresh SQLite file, which
places them in stories, and the largest stories that hold two or more outlets are compared
(``crosswire.compare_story``); ``--skip`` passes over the largest ones first (a second sample).
With ``--corpus ecbplus`` the stories are ECB+'s annotated events of its test topics (36 to 45,
held out of every training set), up to five documents each, compared with ``crosswire.compare``;
``--corpus ecbplus_train`` takes the events of the other topics the same way.
For each corroborates, contradicts or tension link of those reports it writes both claims, a
window of each claim's article around it (the claim in ``[[ ]]``), the outlets, the link's
reasons and the model's readings, so that a reader can label each link right or wrong.
``--unlabelled`` writes only the links ``crosswire eval links`` finds no label for
(``src/crosswire/eval/report_links.jsonl``): what a change of the comparison adds to read.
Links between the same sentence in two copies of one outlet's article are counted and left
out. The labels keep no text of the articles, which are not the project's to copy.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from crosswire.eval.links import link_key, read_link_labels, shown_links, story_reports

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=HERE.parents[1] / "shared" / "data")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--stories", type=int, default=12)
    parser.add_argument("--skip", type=int, default=0)
    parser.add_argument("--corpus", choices=("polnear", "ecbplus", "ecbplus_train"),
                        default="polnear")
    parser.add_argument("--unlabelled", action="store_true",
                        help="only the links without a label in crosswire's report_links.jsonl")
    args = parser.parse_args()

    labels = read_link_labels() if args.unlabelled else {}
    links: list[dict[str, Any]] = []
    for story, report in story_reports(args.data, args.corpus, args.stories, args.skip):
        shown, copies = shown_links(report, story)
        if args.unlabelled:
            shown = [link for link in shown if link_key(link) not in labels]
        links += shown
        print(f"story {story}: {len(report['articles'])} articles, {len(shown)} links to read, "
              f"{copies} between copies of one sentence")
    args.out.write_text(json.dumps(links, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{len(links)} links written to {args.out}")


if __name__ == "__main__":
    main()
