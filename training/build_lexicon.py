"""Build crosswire's loaded-language lexicon: src/crosswire/data/loaded_terms.json.

Three annotated sources from ../shared/data, each kept with its provenance:

* PTC (SemEval-2020 Task 11): words and two-word phrases inside
  ``Loaded_Language`` and ``Name_Calling,Labeling`` spans;
* BASIL: words and phrases inside lexical-bias (``"bias": "lex"``) spans;
* EUvsDisinfo: words of the disinformation summaries (and titles) that are far
  more frequent there than in ordinary news.

A term is kept only when it is loaded in itself, not merely frequent:

* it is a single word (two-word phrases inside spans are mostly topical), and
* it occurs inside annotated spans at least ``MIN_SPANS`` times, and
* its smoothed share of occurrences inside such spans, ``n / (total + 2)``
  over the whole corpus text (the rest of which is unannotated), is at least
  ``MIN_RATIO``, and
* it is rare in ordinary news (PolNeAR's 1,008 articles and NeuS' AllSides
  articles, none annotated for bias): at most ``MAX_BACKGROUND`` per million
  words, unless its in-span share is 0.6 or more.

EUvsDisinfo terms (single words) need ``MIN_DOCS`` cases, a rate
in the cases at least ``MIN_LIFT`` times their rate in the same ordinary news,
a rate at least ``MIN_DISPROOF_LIFT`` times their rate in the cases'
disproofs (which discuss the same topics in neutral words), and mostly
lower-case use: names of people and places are topics, not loaded terms.

The output records the sha256 of every input folder (over sorted paths and
contents) and the parameters, and is byte-for-byte reproducible::

    python training/build_lexicon.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "crosswire" / "data" / "loaded_terms.json"
DATA = ROOT.parent / "shared" / "data"

MIN_SPANS = 3
MIN_RATIO = 0.35
MAX_BACKGROUND = 30.0
MIN_DOCS = 4
MIN_LIFT = 25.0
MIN_DISPROOF_LIFT = 5.0
#: EUvsDisinfo's weekly header ("This week's trend ..."), not a term of the cases themselves
BOILERPLATE = frozenset({"trend", "week's trend"})
PTC_LABELS = ("Loaded_Language", "Name_Calling,Labeling")

STOPWORDS = frozenset(
    """a an the and or but if of at by for with about against between into through during before
    after above below to from up down in out on off over under again further then once here there
    when where why how all any both each few more most other some such no nor not only own same so
    than too very can will just should now is are was were be been being have has had having do
    does did doing would could might may must shall this that these those it its he him his she her
    they them their we our you your i me my who whom which what also as while said says say told
    s t don't it's i'm that's there's we're they're you're he's she's isn't aren't wasn't weren't
    one two three new even many much like get got make made back still well way us mr mrs ms""".split()
)
WORD = re.compile(r"[a-z][a-z'\u2019-]*[a-z]|[a-z]")


def words(text: str) -> list[str]:
    return [w.replace("\u2019", "'") for w in WORD.findall(text.lower())]


def terms(tokens: list[str]) -> set[str]:
    """Unigrams and bigrams worth counting: no stop words at either end, four letters or more."""
    found = {w for w in tokens if w not in STOPWORDS and len(w) >= 4}
    for x, y in zip(tokens, tokens[1:], strict=False):
        if x not in STOPWORDS and y not in STOPWORDS and len(x) >= 3 and len(y) >= 3:
            found.add(f"{x} {y}")
    return found


def count_terms(tokens: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter(w for w in tokens if w not in STOPWORDS and len(w) >= 4)
    counts.update(f"{x} {y}" for x, y in zip(tokens, tokens[1:], strict=False)
                  if x not in STOPWORDS and y not in STOPWORDS and len(x) >= 3 and len(y) >= 3)
    return counts


def folder_hash(paths: list[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(base)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def background(data: Path) -> tuple[Counter[str], int, list[Path]]:
    """Term counts in ordinary, unannotated news: PolNeAR texts and NeuS articles."""
    paths = sorted(Path(p) for p in glob.glob(str(data / "attribution/polnear/*/text/*.txt")))
    paths += sorted((data / "stories/neus-allsides").glob("*.source"))
    counts: Counter[str] = Counter()
    total = 0
    for path in paths:
        tokens = words(path.read_text("utf-8", errors="replace"))
        total += len(tokens)
        counts.update(count_terms(tokens))
    return counts, total, paths


def ptc(data: Path) -> tuple[dict[str, dict[str, Counter[str]]], Counter[str], list[Path]]:
    base = data / "propaganda/ptc"
    texts = {p.stem.replace("article", ""): p.read_text("utf-8")
             for p in sorted((base / "train-articles").glob("article*.txt"))}
    in_spans: dict[str, Counter[str]] = {label: Counter() for label in PTC_LABELS}
    for line in (base / "train-task2-TC.labels").read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or parts[1] not in PTC_LABELS or parts[0] not in texts:
            continue
        span = texts[parts[0]][int(parts[2]) : int(parts[3])]
        in_spans[parts[1]].update(terms(words(span)))
    totals: Counter[str] = Counter()
    for text in texts.values():
        totals.update(count_terms(words(text)))
    paths = [base / "train-task2-TC.labels", *sorted((base / "train-articles").glob("*.txt"))]
    return {"in_spans": in_spans}, totals, paths  # type: ignore[return-value]


def basil(data: Path) -> tuple[Counter[str], Counter[str], list[Path]]:
    base = data / "bias/basil"
    in_spans: Counter[str] = Counter()
    for path in sorted(base.glob("annotations/*/*.json")):
        for phrase in json.loads(path.read_text("utf-8")).get("phrase-level-annotations", []):
            if phrase.get("bias") == "lex":
                in_spans.update(terms(words(phrase.get("txt", ""))))
    totals: Counter[str] = Counter()
    for path in sorted(base.glob("articles/*/*.json")):
        article = json.loads(path.read_text("utf-8"))
        text = " ".join(s for para in article.get("body-paragraphs", []) for s in para)
        totals.update(count_terms(words(text)))
    paths = sorted(base.glob("annotations/*/*.json")) + sorted(base.glob("articles/*/*.json"))
    return in_spans, totals, paths


@dataclass
class Disinfo:
    """Term statistics of the EUvsDisinfo cases and of their disproofs."""

    cases: Counter[str]
    case_words: int
    disproofs: Counter[str]
    disproof_words: int
    lower: Counter[str]
    upper: Counter[str]
    n_cases: int


def euvsdisinfo(data: Path) -> tuple[Disinfo, list[Path]]:
    path = data / "disinfo/euvsdisinfo/cases_2015_2017.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    stats = Disinfo(Counter(), 0, Counter(), 0, Counter(), Counter(), len(rows))
    for row in rows:
        text = f"{row.get('title', '')} {row.get('summary', '')}"
        tokens = words(text)
        stats.case_words += len(tokens)
        stats.cases.update(terms(tokens))
        for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text):
            (stats.upper if word[0].isupper() else stats.lower)[word.lower()] += 1
        disproof = words(row.get("disproof", ""))
        stats.disproof_words += len(disproof)
        stats.disproofs.update(terms(disproof))
    return stats, [path]


def build(data: Path) -> dict[str, Any]:
    bg_counts, bg_total, bg_paths = background(data)

    def bg_rate(term: str) -> float:
        return bg_counts[term] * 1e6 / bg_total

    entries: dict[str, list[dict[str, Any]]] = {}

    def keep_annotated(dataset: str, label: str, spans: Counter[str], totals: Counter[str]) -> None:
        for term, n in spans.items():
            total = max(totals[term], n)
            ratio = n / (total + 2)
            rate = bg_rate(term)
            if " " in term or n < MIN_SPANS or ratio < MIN_RATIO:
                continue
            if rate > MAX_BACKGROUND and ratio < 0.6:
                continue
            entries.setdefault(term, []).append({
                "dataset": dataset, "label": label, "in_spans": n, "occurrences": total,
                "ratio": round(ratio, 3), "background_per_million": round(rate, 2),
            })

    ptc_data, ptc_totals, ptc_paths = ptc(data)
    for label, spans in ptc_data["in_spans"].items():
        keep_annotated("PTC", label, spans, ptc_totals)
    basil_spans, basil_totals, basil_paths = basil(data)
    keep_annotated("BASIL", "lexical bias", basil_spans, basil_totals)

    eu, eu_paths = euvsdisinfo(data)
    for term, n in eu.cases.items():
        if " " in term or n < MIN_DOCS or term in BOILERPLATE or re.search(r"\d|'s\b", term):
            continue
        us_spelling = re.sub(r"our$", "or", re.sub(r"is(e|ed|ing|ation)$", r"iz\1", term))
        if us_spelling != term and bg_counts[us_spelling] > 0:
            continue  # a British spelling is rare in the mostly American news, not loaded
        rate = n * 1e6 / eu.case_words
        lift = rate / max(bg_rate(term), 1e6 / bg_total)
        disproof_lift = (n / eu.case_words) / ((eu.disproofs[term] + 1) / eu.disproof_words)
        if lift < MIN_LIFT or disproof_lift < MIN_DISPROOF_LIFT:
            continue
        if any(eu.upper[w] > eu.lower[w] for w in term.split()):
            continue
        entries.setdefault(term, []).append({
            "dataset": "EUvsDisinfo", "label": "disinformation narrative term", "cases": n,
            "of_cases": eu.n_cases, "lift_over_news": round(lift, 1),
            "lift_over_disproofs": round(disproof_lift, 2),
            "background_per_million": round(bg_rate(term), 2),
        })

    # a bigram made of one loaded word adds nothing: keep it only if its own evidence is stronger
    for term in [t for t in entries if " " in t]:
        if any(w in entries for w in term.split()):
            del entries[term]

    return {
        "description": "loaded terms with their provenance; built by training/build_lexicon.py",
        "params": {"min_spans": MIN_SPANS, "min_ratio": MIN_RATIO,
                   "max_background_per_million": MAX_BACKGROUND, "min_docs": MIN_DOCS,
                   "min_lift": MIN_LIFT, "min_disproof_lift": MIN_DISPROOF_LIFT,
                   "ptc_labels": list(PTC_LABELS),
                   "background_words": bg_total},
        "inputs": {
            "propaganda/ptc": folder_hash(ptc_paths, data),
            "bias/basil": folder_hash(basil_paths, data),
            "disinfo/euvsdisinfo": folder_hash(eu_paths, data),
            "background (attribution/polnear text, stories/neus-allsides)":
                folder_hash(bg_paths, data),
        },
        "terms": {t: entries[t] for t in sorted(entries)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    lexicon = build(args.data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(lexicon, ensure_ascii=False, indent=1, sort_keys=False) + "\n",
                        "utf-8")
    by_dataset = Counter(s["dataset"] for sources in lexicon["terms"].values() for s in sources)
    print(f"{args.out}: {len(lexicon['terms'])} terms ({dict(sorted(by_dataset.items()))})")


if __name__ == "__main__":
    main()
