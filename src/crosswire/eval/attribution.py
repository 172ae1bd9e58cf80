"""Attribution on PolNeAR: span precision, recall and F1 for sources, cues and contents.

Dataset: ``attribution/polnear/<split>/text/<doc>.txt`` and
``attribution/polnear/<split>/attributions/<doc>_<annotator>.ann`` (brat
standoff: ``T<n>\\t<Source|Cue|Content|Attribution> <start> <end>[;<start> <end>...]\\t<text>``
and ``E<n>\\tAttribution:T.. Source:T.. Cue:T.. Content:T..``). A document
annotated by several annotators is scored against the first annotation file in
name order.

crosswire's attribution stage runs on each raw text (nothing is cleaned: the
offsets must stay those of the gold file). Spans of each role are compared as
sets, one span per distinct offset range (a source shared by three
attributions counts once, on both sides):

- **exact**: a predicted span matches a gold span when their extents (first
  start, last end, ignoring whitespace and the punctuation ``.,;:`` at either
  edge) are equal;
- **overlap**: a predicted span matches a gold span when they share at least one
  non-space character. Matching is one-to-one: pairs are taken greedily, most
  shared characters first, so one long prediction cannot match several gold
  spans.

Precision = matched predictions / predictions, recall = matched gold spans /
gold spans, F1 their harmonic mean, micro-averaged over all documents. The
headline key ``source_f1`` is the overlap F1 of sources.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..document import Article
from ..errors import EvaluationError

__all__ = ["GoldDocument", "evaluate_attribution", "match_spans", "read_ann"]

logger = logging.getLogger(__name__)

ROLES = ("Source", "Cue", "Content")
_EDGE = " \t\n.,;:"
_TEXT_BOUND = re.compile(r"T\d+\t")

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldDocument:
    """One PolNeAR document: its text and its gold spans per role."""

    name: str
    text: str
    spans: dict[str, list[Fragments]]


def read_ann(path: Path, text: str) -> dict[str, list[Fragments]]:
    """Distinct Source, Cue and Content spans of a brat ``.ann`` file, checked against ``text``."""
    spans: dict[str, set[Fragments]] = {role: set() for role in ROLES}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not _TEXT_BOUND.match(line):
            continue  # events, notes, and the rest of a span text that holds a line break
        parts = line.split("\t")
        if len(parts) < 3:
            raise EvaluationError(f"{path}:{number}: expected 3 tab-separated fields")
        role, _, offsets = parts[1].partition(" ")
        if role not in spans:
            continue
        try:
            fragments = tuple(
                (int(a), int(b)) for a, b in (chunk.split() for chunk in offsets.split(";"))
            )
        except ValueError as exc:
            raise EvaluationError(f"{path}:{number}: bad offsets {offsets!r}") from exc
        if any(not 0 <= a <= b <= len(text) for a, b in fragments):
            raise EvaluationError(f"{path}:{number}: offsets {offsets!r} lie outside the text")
        spans[role].add(fragments)
    return {role: sorted(found) for role, found in spans.items()}


def read_split(data_dir: Path, split: str) -> list[GoldDocument]:
    """The documents of one PolNeAR split (``train``, ``dev`` or ``test``)."""
    root = data_dir / "attribution" / "polnear" / split
    texts, anns = root / "text", root / "attributions"
    if not texts.is_dir() or not anns.is_dir():
        raise EvaluationError(f"{root}: PolNeAR {split} split not found (text/ and attributions/)")
    by_doc: dict[str, Path] = {}
    for ann in sorted(anns.glob("*.ann")):
        name = re.sub(r"_[0-9a-f]+$", "", ann.stem)
        by_doc.setdefault(name, ann)
    documents: list[GoldDocument] = []
    for text_path in sorted(texts.glob("*.txt")):
        ann = by_doc.get(text_path.stem)
        if ann is None:
            logger.warning("%s: no annotation file; skipped", text_path)
            continue
        text = text_path.read_text(encoding="utf-8")
        documents.append(GoldDocument(text_path.stem, text, read_ann(ann, text)))
    if not documents:
        raise EvaluationError(f"{root}: no annotated documents")
    return documents


def _extent(text: str, fragments: Fragments) -> tuple[int, int]:
    start, end = fragments[0][0], fragments[-1][1]
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _chars(text: str, fragments: Fragments) -> set[int]:
    return {i for a, b in fragments for i in range(a, b) if not text[i].isspace()}


def match_spans(
    text: str, predicted: list[Fragments], gold: list[Fragments], *, overlap: bool
) -> int:
    """How many predicted spans match a gold span, one to one (see the module docstring)."""
    if not overlap:
        gold_extents = {_extent(text, g) for g in gold}
        return len({_extent(text, p) for p in predicted} & gold_extents)
    pred_chars = [_chars(text, p) for p in predicted]
    gold_chars = [_chars(text, g) for g in gold]
    pairs = []
    for i, p in enumerate(pred_chars):
        for j, g in enumerate(gold_chars):
            shared = len(p & g)
            if shared:
                pairs.append((shared, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p)


def predict_spans(article: Article) -> dict[str, list[Fragments]]:
    """Distinct source, cue and content spans of an analysed article's attributions."""
    found: dict[str, set[Fragments]] = {role: set() for role in ROLES}
    for attribution in article.attributions:
        for role, span in (
            ("Source", attribution.source_span),
            ("Cue", attribution.cue),
            ("Content", attribution.content),
        ):
            if span is not None and span.end > span.start:
                found[role].add(((span.start, span.end),))
    return {role: sorted(spans) for role, spans in found.items()}


def _prf(matched_p: int, n_pred: int, matched_g: int, n_gold: int) -> tuple[float, float, float]:
    precision = matched_p / n_pred if n_pred else 0.0
    recall = matched_g / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_attribution(data_dir: Path, *, split: str = "test") -> dict[str, Any]:
    """Score crosswire's attribution stage on a PolNeAR split; ``source_f1`` is the headline."""
    from ..analyse.attribution import extract_attributions
    from ..analyse.parse import load_nlp

    documents = read_split(Path(data_dir), split)
    counts = {
        (role, mode): [0, 0, 0, 0] for role in ROLES for mode in ("exact", "overlap")
    }  # matched predictions, predictions, matched gold, gold
    parsed = load_nlp().pipe((doc.text for doc in documents), batch_size=16)
    for gold_doc, doc in zip(documents, parsed, strict=True):
        article = Article.from_text(gold_doc.text, source=gold_doc.name)
        article.attributions = extract_attributions(article, doc)
        predicted = predict_spans(article)
        for role in ROLES:
            for mode in ("exact", "overlap"):
                matched = match_spans(
                    gold_doc.text, predicted[role], gold_doc.spans[role], overlap=mode == "overlap"
                )
                tally = counts[(role, mode)]
                tally[0] += matched
                tally[1] += len(predicted[role])
                tally[2] += matched
                tally[3] += len(gold_doc.spans[role])
    scores: dict[str, Any] = {"split": split, "documents": len(documents)}
    for role in ROLES:
        key = role.lower()
        for mode in ("exact", "overlap"):
            matched_p, n_pred, matched_g, n_gold = counts[(role, mode)]
            precision, recall, f1 = _prf(matched_p, n_pred, matched_g, n_gold)
            prefix = f"{key}_" if mode == "overlap" else f"{key}_exact_"
            scores[f"{prefix}precision"] = round(precision, 4)
            scores[f"{prefix}recall"] = round(recall, 4)
            scores[f"{prefix}f1"] = round(f1, 4)
        scores[f"{key}_gold"] = counts[(role, "overlap")][3]
        scores[f"{key}_predicted"] = counts[(role, "overlap")][1]
    return scores
