"""Build crosswire's loaded-language lexicon: src/crosswire/data/loaded_terms.json.

Three annotated sources from ../shared/data, each kept with its provenance:

* PTC (SemEval-2020 Task 11): words and two-word phrases inside
  ``Loaded_Language`` and ``Name_Calling,Labeling`` spans;
* BASIL: words and phrases inside lexical-bias (``"bias": "lex"``) spans of
  the dev half of its events (:func:`crosswire.eval.framing.basil_split`; the
  test half is left for ``crosswire eval framing``);
* EUvsDisinfo: words of the disinformation summaries (and titles) that are far
  more frequent there than in ordinary news.

A term is kept only when it is loaded in itself, not merely frequent:

* it occurs inside annotated spans at least ``MIN_SPANS`` times, and
* it is a single word, or a two-word phrase found inside annotated spans of at
  least ``MIN_PHRASE_DOCS`` different articles with a share of at least
  ``MIN_PHRASE_RATIO`` (most two-word phrases inside spans are topical: one
  story's names, repeated), and
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

A kept phrase takes the place of a word of it when at least half of that word's
occurrences inside spans are inside the phrase ("witch hunt" replaces "witch"
and "hunt": alone, "hunt" is mostly hunting). The matcher
(:mod:`crosswire.comparison.lexicon`) finds a phrase as one match and never
takes a one-word term inside a name.

Last, every entry is matched on the BASIL dev half with that matcher, and an
entry with ``DROP_MIN_MATCHES`` matches or more there of which less than
``DROP_BELOW`` overlap a lexical-bias span is dropped (its figures are kept
under ``dropped``): a word that is loaded in PTC's partisan sites and plain in
news ("whip", the party's vote counter) flags nothing a journalist wants.

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

from crosswire.comparison.lexicon import Lexicon
from crosswire.eval.framing import basil_split, read_basil_lexical, score_loaded

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "crosswire" / "data" / "loaded_terms.json"
DATA = ROOT.parent / "shared" / "data"

MIN_SPANS = 3
MIN_RATIO = 0.35
MIN_PHRASE_DOCS = 5
MIN_PHRASE_RATIO = 0.6
DROP_MIN_MATCHES = 3
DROP_BELOW = 0.2
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


def ptc(data: Path) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]], Counter[str],
                           list[Path]]:
    """PTC: per label, term counts inside spans and the number of articles with the term inside
    a span; term counts over all the texts."""
    base = data / "propaganda/ptc"
    texts = {p.stem.replace("article", ""): p.read_text("utf-8")
             for p in sorted((base / "train-articles").glob("article*.txt"))}
    in_spans: dict[str, Counter[str]] = {label: Counter() for label in PTC_LABELS}
    in_docs: dict[str, dict[str, set[str]]] = {label: {} for label in PTC_LABELS}
    for line in (base / "train-task2-TC.labels").read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or parts[1] not in PTC_LABELS or parts[0] not in texts:
            continue
        span = texts[parts[0]][int(parts[2]) : int(parts[3])]
        found = terms(words(span))
        in_spans[parts[1]].update(found)
        for term in found:
            in_docs[parts[1]].setdefault(term, set()).add(parts[0])
    totals: Counter[str] = Counter()
    for text in texts.values():
        totals.update(count_terms(words(text)))
    paths = [base / "train-task2-TC.labels", *sorted((base / "train-articles").glob("*.txt"))]
    docs = {label: Counter({t: len(d) for t, d in found.items()})
            for label, found in in_docs.items()}
    return in_spans, docs, totals, paths


def basil(data: Path) -> tuple[Counter[str], Counter[str], Counter[str], list[Path]]:
    """BASIL's dev half: term counts inside lexical-bias spans, articles with the term inside
    such a span, term counts over the texts."""
    base = data / "bias/basil"
    in_spans: Counter[str] = Counter()
    in_docs: Counter[str] = Counter()
    annotations = [p for p in sorted(base.glob("annotations/*/*.json"))
                   if basil_split(p.name.rsplit("_", 2)[0]) == "dev"]
    for path in annotations:
        found: set[str] = set()
        for phrase in json.loads(path.read_text("utf-8")).get("phrase-level-annotations", []):
            if phrase.get("bias") == "lex":
                spanned = terms(words(phrase.get("txt", "")))
                in_spans.update(spanned)
                found |= spanned
        in_docs.update(found)
    articles = [p for p in sorted(base.glob("articles/*/*.json"))
                if basil_split(p.name.rsplit("_", 1)[0]) == "dev"]
    totals: Counter[str] = Counter()
    for path in articles:
        article = json.loads(path.read_text("utf-8"))
        text = " ".join(s for para in article.get("body-paragraphs", []) for s in para)
        totals.update(count_terms(words(text)))
    return in_spans, in_docs, totals, sorted(base.glob("annotations/*/*.json")) + sorted(
        base.glob("articles/*/*.json"))


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


def drop_imprecise(data: Path, entries: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The entries to drop: matched ``DROP_MIN_MATCHES`` times or more on BASIL's dev half with
    less than ``DROP_BELOW`` of the matches inside a lexical-bias span; with their figures."""
    matcher = Lexicon({"terms": entries})
    dev = [a for a in read_basil_lexical(data) if a.split == "dev"]
    scores = score_loaded(dev, matcher.find, canonical=matcher.entry)
    dropped: dict[str, Any] = {}
    for row in scores["terms"]:
        matches, right = row.get("dev_matches", 0), row.get("dev_right", 0)
        if matches >= DROP_MIN_MATCHES and right < DROP_BELOW * matches:
            dropped[row["term"]] = {
                "sources": entries[row["term"]], "basil_dev_matches": matches,
                "basil_dev_right": right,
                "why": f"{right} of its {matches} matches on the BASIL dev half are inside a "
                       f"lexical-bias span",
            }
    return dropped


def build(data: Path) -> dict[str, Any]:
    bg_counts, bg_total, bg_paths = background(data)

    def bg_rate(term: str) -> float:
        return bg_counts[term] * 1e6 / bg_total

    entries: dict[str, list[dict[str, Any]]] = {}

    def keep_annotated(dataset: str, label: str, spans: Counter[str], docs: Counter[str],
                       totals: Counter[str]) -> None:
        for term, n in spans.items():
            total = max(totals[term], n)
            ratio = n / (total + 2)
            rate = bg_rate(term)
            if n < MIN_SPANS or ratio < MIN_RATIO:
                continue
            if " " in term and (docs[term] < MIN_PHRASE_DOCS or ratio < MIN_PHRASE_RATIO):
                continue
            if rate > MAX_BACKGROUND and ratio < 0.6:
                continue
            entries.setdefault(term, []).append({
                "dataset": dataset, "label": label, "in_spans": n, "occurrences": total,
                "ratio": round(ratio, 3), "background_per_million": round(rate, 2),
            })
            in_spans_of.setdefault(term, Counter())[(dataset, label)] = n

    in_spans_of: dict[str, Counter[tuple[str, str]]] = {}
    ptc_spans, ptc_docs, ptc_totals, ptc_paths = ptc(data)
    for label, spans in ptc_spans.items():
        keep_annotated("PTC", label, spans, ptc_docs[label], ptc_totals)
    basil_spans, basil_docs, basil_totals, basil_paths = basil(data)
    keep_annotated("BASIL", "lexical bias", basil_spans, basil_docs, basil_totals)

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

    # a phrase takes the place of a word of it that is loaded mostly inside the phrase
    for phrase in [t for t in entries if " " in t]:
        for word in phrase.split():
            if word in entries and word in in_spans_of and all(
                2 * in_spans_of[phrase][source] >= n
                for source, n in in_spans_of[word].items()
            ):
                del entries[word]

    dropped = drop_imprecise(data, entries)
    for term in dropped:
        del entries[term]

    return {
        "description": "loaded terms with their provenance; built by training/build_lexicon.py",
        "params": {"min_spans": MIN_SPANS, "min_ratio": MIN_RATIO,
                   "min_phrase_docs": MIN_PHRASE_DOCS, "min_phrase_ratio": MIN_PHRASE_RATIO,
                   "drop_min_matches": DROP_MIN_MATCHES, "drop_below": DROP_BELOW,
                   "basil_split": "dev half only (crosswire.eval.framing.basil_split)",
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
        "dropped": {t: dropped[t] for t in sorted(dropped)},
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
    print(f"{args.out}: {len(lexicon['terms'])} terms ({dict(sorted(by_dataset.items()))}); "
          f"dropped for poor precision on BASIL dev: {', '.join(lexicon['dropped']) or 'none'}")


if __name__ == "__main__":
    main()
