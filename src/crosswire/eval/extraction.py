"""The ``extraction`` task: how much of an article's body crosswire keeps from a web page.

Dataset: the Zyte article-extraction benchmark (scrapinghub/article-extraction-benchmark),
181 news and article pages, ``html/<id>.html.gz``, with the true body of each in
``ground-truth.json`` (``{id: {"articleBody", "url"}}``). It is read from
``<data_dir>/extraction/zyte-aeb`` (or ``data_dir`` itself when it holds
``ground-truth.json``).

Scoring follows the benchmark's own method, so numbers compare with its
published table (trafilatura 2.0.0: F1 0.958; best: 0.970):

* a text is split into words with the regular expression ``\\w+`` (case kept);
* its shingles are the runs of 4 consecutive words (a text of fewer than 4
  words is one shingle of all its words; an empty text has none);
* on each page, shingles common to the true and the predicted body (counted
  with multiplicity) are true positives, predicted-only ones false positives,
  true-only ones false negatives; the three counts are divided by their sum so
  that every page weighs the same;
* precision is the mean of the per-page precisions over pages that predicted
  something, recall the mean of per-page recalls over pages with a true body
  (a page with no errors scores 1 on both); F1 is the harmonic mean of those
  two means (not a mean of per-page F1s).

``evaluate_extraction`` scores the article text crosswire produces: the HTML
reader (trafilatura with the settings of :class:`~crosswire.ingest.HtmlOptions`)
followed by the cleaner. The keys ``precision``, ``recall`` and ``f1`` are that
text's scores; ``extraction`` holds the scores of the reader's raw text alone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvaluationError, InputError

__all__ = [
    "Page",
    "corpus_dir",
    "corpus_sha256",
    "evaluate_extraction",
    "score_pages",
    "shingle_counts",
]

logger = logging.getLogger(__name__)

SHINGLE = 4
_WORD = re.compile(r"\w+")

Counts = tuple[float, float, float]


@dataclass(frozen=True)
class Page:
    """One benchmark page: its id, URL, gzipped HTML file and true body."""

    id: str
    url: str
    path: Path
    body: str


def _shingles(text: str, size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text or "")
    if not words:
        return Counter()
    if len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def shingle_counts(true: str, predicted: str) -> Counts:
    """Per-page (tp, fp, fn) over word 4-gram shingles, normalised to sum to 1."""
    gold, guess = _shingles(true), _shingles(predicted)
    tp = sum((gold & guess).values())
    fp = sum((guess - gold).values())
    fn = sum((gold - guess).values())
    total = tp + fp + fn
    if total == 0:
        return (0.0, 0.0, 0.0)
    return (tp / total, fp / total, fn / total)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def score_pages(counts: Iterable[Counts]) -> dict[str, float]:
    """Precision, recall and F1 over pages, the benchmark's way (see the module docstring)."""
    rows = list(counts)
    precisions = [_precision(*row) for row in rows if row[0] + row[1] > 0]
    recalls = [_recall(*row) for row in rows if row[0] + row[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# --- the dataset --------------------------------------------------------------------------------


def corpus_dir(data_dir: Path) -> Path:
    """The benchmark folder inside ``data_dir`` (or ``data_dir`` itself)."""
    for folder in (data_dir, data_dir / "extraction" / "zyte-aeb"):
        if (folder / "ground-truth.json").is_file():
            return folder
    raise EvaluationError(f"{data_dir}: no extraction/zyte-aeb/ground-truth.json here")


def corpus_sha256(folder: Path) -> str:
    """One hash of the ground truth and every page, to pin scores to the exact corpus."""
    digest = hashlib.sha256()
    files = [folder / "ground-truth.json", *sorted((folder / "html").glob("*.html.gz"))]
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load_pages(folder: Path) -> list[Page]:
    """The benchmark's pages, in id order."""
    try:
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"{folder}/ground-truth.json: cannot read: {exc}") from exc
    pages: list[Page] = []
    for page_id, item in sorted(truth.items()):
        path = folder / "html" / f"{page_id}.html.gz"
        if not path.is_file() or not isinstance(item, dict):
            raise EvaluationError(f"{folder}: page {page_id} has no HTML file or no ground truth")
        pages.append(Page(page_id, str(item.get("url", "")), path, item.get("articleBody") or ""))
    if not pages:
        raise EvaluationError(f"{folder}/ground-truth.json: no pages")
    return pages


# --- the task -----------------------------------------------------------------------------------


def evaluate_extraction(
    data_dir: Path,
    *,
    options: Any = None,
    clean_options: Any = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Score crosswire's article text on the Zyte pages.

    ``options`` are :class:`~crosswire.ingest.IngestOptions` (the HTML
    settings among them), ``clean_options`` :class:`~crosswire.clean.CleanOptions`;
    ``limit`` scores only the first pages (for a quick look). Returns
    ``precision``, ``recall``, ``f1`` (read + clean), ``extraction`` (the
    reader's raw text alone), ``pages``, ``failures``, ``corpus_sha256`` and
    ``per_page`` (id, url and the three scores of each page).
    """
    from ..clean import clean_article
    from ..ingest import IngestOptions
    from ..ingest.html import read_html

    folder = corpus_dir(Path(data_dir))
    pages = load_pages(folder)[:limit] if limit else load_pages(folder)
    options = options or IngestOptions()
    raw_counts: list[Counts] = []
    clean_counts: list[Counts] = []
    per_page: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    for page in pages:
        raw_text = clean_text = ""
        try:
            article = read_html(page.path.read_bytes(), source=str(page.path), options=options)
            raw_text = article.raw_text
            clean_text = clean_article(article, options=clean_options).text
        except InputError as exc:
            failures.append({"id": page.id, "reason": exc.reason})
        raw_counts.append(shingle_counts(page.body, raw_text))
        counts = shingle_counts(page.body, clean_text)
        clean_counts.append(counts)
        page_scores = score_pages([counts])
        per_page.append({"id": page.id, "url": page.url, **_rounded(page_scores)})
    result: dict[str, Any] = {
        "task": "extraction",
        "dataset": "zyte-aeb",
        "pages": len(pages),
        **_rounded(score_pages(clean_counts)),
        "extraction": _rounded(score_pages(raw_counts)),
        "failures": failures,
        "corpus_sha256": corpus_sha256(folder) if not limit else None,
        "per_page": per_page,
    }
    logger.info(
        "extraction: P %.4f R %.4f F1 %.4f on %d pages",
        result["precision"],
        result["recall"],
        result["f1"],
        len(pages),
    )
    return result


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    return {key: round(value, 4) for key, value in scores.items()}
