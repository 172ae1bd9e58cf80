"""Framing on BASIL: the loaded-term matcher against lexical-bias spans, and person referents.

Dataset: ``bias/basil`` (100 events, each told by Fox News, The New York Times
and HuffPost). ``articles/<year>/<triplet>_<n>.json`` hold the text as body
paragraphs of sentences; ``annotations/<year>/<triplet>_<n>_ann.json`` hold the
phrase-level annotations, each in the sentence ``p<N>`` (the N-th sentence of
the article, counted over all paragraphs) at ``start``/``end`` within it. An
article's text is read as :mod:`crosswire.eval.crossdoc_data` reads it (one
paragraph a block, sentences joined by a space), and each lexical-bias span
(``"bias": "lex"``) is placed in it exactly.

**Loaded terms** (:func:`crosswire.comparison.lexicon.find_loaded`, the matcher
the framing uses): a match is right when it overlaps a lexical-bias span;
``precision`` is the share of matches that are right, ``recall`` the share of
lexical-bias spans that some match overlaps. ``terms`` lists, for each lexicon
entry that matched, its matches and how many were right: the false friends
are the entries with many matches and few right.

**Split.** The events are split in two halves by the first byte of the SHA-256
of their triplet uuid (even: ``dev``, odd: ``test``). The lexicon's BASIL
entries are learnt from the dev half only, and entries are dropped for poor
precision on the dev half only (``training/build_lexicon.py``); the test half
is never used to build or tune it, so ``test`` is the figure to quote.
``all`` is the whole set.

**People** (``referents=True``; analyses the 300 articles, a few minutes on two
cores): each article names its event's main entities (BASIL's ``main-entities``;
those written as a person's name are taken). Among the (event, person) pairs that
two or more outlets name, ``linked`` is the share whose mentions in every outlet
are one referent of :func:`crosswire.comparison.framing.person_referents`,
``with_terms`` the share that get a framing entry, ``with_act`` the share that get
a "what ... did" entry.

Keys: ``dev``, ``test``, ``all`` (each ``precision``, ``recall``, ``matches``,
``right``, ``spans``, ``spans_found``, ``articles``), ``terms`` (a list, by
matches on the whole set), ``lexicon_terms``, ``split``, and ``people`` when asked for
(``dev``, ``test``, ``all``: each ``people``, ``linked``, ``with_terms``, ``with_act``).
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvaluationError

__all__ = ["BasilArticle", "basil_split", "evaluate_framing", "read_basil_lexical", "score_loaded"]

BASIL = Path("bias") / "basil"
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class BasilArticle:
    """One BASIL article: its text and its lexical-bias spans (character offsets)."""

    triplet: str
    outlet: str
    path: Path
    text: str
    spans: tuple[tuple[int, int], ...]
    main_entities: tuple[str, ...]
    split: str


def basil_split(triplet: str) -> str:
    """``dev`` or ``test`` for a BASIL event, by the parity of the first byte of the SHA-256
    of its triplet uuid."""
    return SPLITS[hashlib.sha256(triplet.encode("utf-8")).digest()[0] % 2]


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"{path}: cannot read the BASIL file: {exc}") from exc
    if not isinstance(data, dict):
        raise EvaluationError(f"{path}: expected a JSON object")
    return data


def _text_and_sentences(paragraphs: list[list[str]]) -> tuple[str, list[tuple[int, int]]]:
    """The text as the crossdoc reader makes it, and for every sentence (empty ones too) the
    offset of its first character and how many leading spaces its strip removed."""
    blocks: list[str] = []
    where: list[tuple[int, int]] = []
    offset = 0
    for paragraph in paragraphs:
        if not paragraph:
            continue
        parts: list[str] = []
        if blocks:
            offset += 2
        for sentence in paragraph:
            stripped = sentence.strip()
            lead = len(sentence) - len(sentence.lstrip())
            if not stripped:
                where.append((-1, 0))
                continue
            if parts:
                offset += 1
            where.append((offset - lead, lead))
            parts.append(stripped)
            offset += len(stripped)
        blocks.append(" ".join(parts))
    return "\n\n".join(blocks), where


def read_basil_lexical(data_dir: Path) -> list[BasilArticle]:
    """Every BASIL article with its lexical-bias spans placed in its text."""
    base = data_dir / BASIL
    paths = sorted((base / "articles").glob("*/*.json"))
    if not paths:
        raise EvaluationError(f"{base / 'articles'}: no BASIL articles")
    found: list[BasilArticle] = []
    for path in paths:
        article = _read_json(path)
        annotation = base / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        phrases = _read_json(annotation).get("phrase-level-annotations", [])
        text, where = _text_and_sentences(article.get("body-paragraphs", []))
        spans = []
        for phrase in phrases:
            pid = str(phrase.get("id", ""))
            if phrase.get("bias") != "lex" or not pid[1:].isdigit():
                continue  # the title's spans: the title is not part of the text
            index = int(pid[1:])
            if index >= len(where) or where[index][0] < 0:
                raise EvaluationError(f"{annotation}: {pid} names no sentence of {path.name}")
            start = where[index][0] + int(phrase["start"])
            end = where[index][0] + int(phrase["end"])
            if text[start:end] != phrase["txt"]:
                raise EvaluationError(f"{annotation}: {pid} {phrase['txt']!r} is not at "
                                      f"{phrase['start']}:{phrase['end']} of its sentence")
            spans.append((start, end))
        triplet = str(article.get("triplet-uuid") or path.stem.rsplit("_", 1)[0])
        people = tuple(str(e) for e in article.get("main-entities", []) or [])
        found.append(BasilArticle(triplet, str(article.get("source", "")).lower(), path, text,
                                  tuple(sorted(spans)), people, basil_split(triplet)))
    return found


def _overlaps(spans: Sequence[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    # spans are sorted by start; a span overlapping [start, end) starts before ``end``
    index = bisect_left(starts, end) - 1
    while index >= 0:
        s, e = spans[index]
        if e > start and s < end:
            return True
        if start - s > 400:  # no annotated span is this long
            return False
        index -= 1
    return False


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def score_loaded(
    articles: Sequence[BasilArticle],
    find: Callable[[str], Sequence[Any]],
    *,
    canonical: Callable[[str], str] = str.lower,
) -> dict[str, Any]:
    """Precision and recall of the matcher ``find`` (text -> hits with ``term``, ``start``,
    ``end``) on ``articles``' lexical-bias spans, per split and for each matched entry."""
    per_split: dict[str, Counter[str]] = {s: Counter() for s in (*SPLITS, "all")}
    per_term: dict[str, Counter[str]] = {}
    for article in articles:
        starts = [s for s, _ in article.spans]
        found = [False] * len(article.spans)
        hits = find(article.text)
        for hit in hits:
            right = _overlaps(article.spans, starts, hit.start, hit.end)
            entry = per_term.setdefault(canonical(hit.term), Counter())
            for key in (article.split, "all"):
                per_split[key]["matches"] += 1
                per_split[key]["right"] += right
                entry[f"{key}_matches"] += 1
                entry[f"{key}_right"] += right
            for index, (s, e) in enumerate(article.spans):
                if e > hit.start and s < hit.end:
                    found[index] = True
        for key in (article.split, "all"):
            counts = per_split[key]
            counts["articles"] += 1
            counts["spans"] += len(article.spans)
            counts["spans_found"] += sum(found)
    result: dict[str, Any] = {}
    for key, counts in per_split.items():
        result[key] = {
            "precision": _ratio(counts["right"], counts["matches"]),
            "recall": _ratio(counts["spans_found"], counts["spans"]),
            "matches": counts["matches"], "right": counts["right"],
            "spans": counts["spans"], "spans_found": counts["spans_found"],
            "articles": counts["articles"],
        }
    result["terms"] = [
        {"term": term, **{k: counts[k] for k in sorted(counts)},
         "precision": _ratio(counts["all_right"], counts["all_matches"])}
        for term, counts in sorted(per_term.items(),
                                   key=lambda kv: (-kv[1]["all_matches"], kv[0]))
    ]
    return result


def score_people(events: Sequence[tuple[Sequence[BasilArticle], Sequence[Any]]]) -> dict[str, Any]:
    """How the framing treats each event's main people (BASIL's ``main-entities`` written as a
    person's name), given each event's BASIL articles and the same articles analysed."""
    from ..comparison.framing import find_framing, person_referents
    from ..comparison.people import parse_name, same_person

    counts: Counter[str] = Counter()
    for items, analysed in events:
        referents = person_referents(analysed)
        framing = {f.referent for f in find_framing(analysed) if len(f.terms) >= 2}
        people = sorted({e for i in items for e in i.main_entities
                         if re.fullmatch(r"(?:[A-Z][\w.'-]*\s+){1,3}[A-Z][\w'-]+", e)})
        for person in people:
            wanted = parse_name(person)
            if wanted is None:
                continue
            named: dict[str, set[str]] = {}
            for article in analysed:
                for mention, referent in referents.get(article.id, {}).items():
                    parts = parse_name(mention)
                    if parts is not None and same_person(parts, wanted):
                        named.setdefault(article.id, set()).add(referent)
            if len(named) < 2:
                continue  # fewer than two outlets name them (or the recogniser missed them)
            counts["people"] += 1
            found = set().union(*named.values())
            if len(found) == 1:
                counts["linked"] += 1
                (referent,) = found
                counts["with_terms"] += referent in framing
                counts["with_act"] += f"what {referent} did" in framing
    return {"people": counts["people"], "linked": _ratio(counts["linked"], counts["people"]),
            "with_terms": _ratio(counts["with_terms"], counts["people"]),
            "with_act": _ratio(counts["with_act"], counts["people"])}


def _analysed_events(articles: Sequence[BasilArticle]) -> list[tuple[list[BasilArticle],
                                                                      list[Any]]]:
    from ..analyse import AnalysisOptions
    from ..api import Options, analyse_articles
    from ..document import Article

    events: dict[str, list[BasilArticle]] = {}
    for item in articles:
        events.setdefault(item.triplet, []).append(item)
    options = Options(analysis=AnalysisOptions(checkworthiness="none"))
    found = []
    for triplet in sorted(events):
        items = events[triplet]
        made = [Article.from_text(i.text, source=str(i.path), outlet=i.outlet) for i in items]
        found.append((items, analyse_articles(made, options=options)))
    return found


def evaluate_framing(
    data_dir: Path,
    *,
    find: Callable[[str], Sequence[Any]] | None = None,
    referents: bool = False,
) -> dict[str, Any]:
    """Score the loaded-term matcher (``find``, the bundled lexicon's by default) on BASIL's
    lexical-bias spans; with ``referents``, also how the framing links each event's main
    people across outlets."""
    from ..comparison.lexicon import find_loaded, lexicon

    articles = read_basil_lexical(data_dir)
    result = score_loaded(articles, find or find_loaded)
    result["lexicon_terms"] = len(lexicon().terms)
    result["split"] = "events by the parity of sha256(triplet uuid)[0]: even dev, odd test"
    if referents:
        events = _analysed_events(articles)
        result["people"] = {split: score_people([e for e in events if e[0][0].split == split])
                            for split in SPLITS}
        result["people"]["all"] = score_people(events)
    return result
