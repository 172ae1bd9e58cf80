"""The articles of the multi-outlet gold: BASIL triplets and NeuS roundups.

The gold (``crossdoc_gold/*.json``) never holds article text: each item names
an event and an outlet and points at a sentence by a short exact phrase in
that outlet's text, as read here.

BASIL (``bias/basil``): ``articles/<year>/<triplet>_<n>.json``, three
outlets (fox, nyt, hpo) per event; the text is the body paragraphs, one
paragraph a line block, sentences joined by a space.

NeuS (``stories/neus-allsides``): one event a line of ``<split>.source``,
``TITLE=> .. ARTICLE=> ..`` parts separated by ``[SEP]``; outlets are named
by position (``left``, ``center``, ``right`` as AllSides orders them).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..document import Article
from ..errors import EvaluationError
from ..ingest.jsonl import paragraphs_text

__all__ = ["EventArticles", "find_phrase", "read_event", "read_neus_event"]

BASIL_DIR = Path("bias") / "basil" / "articles"
NEUS_DIR = Path("stories") / "neus-allsides"
NEUS_OUTLETS = ("left", "center", "right")
_NEUS_PART = re.compile(r"\s*TITLE=>(.*?)\s*ARTICLE=>(.*)", re.S)


@dataclass
class EventArticles:
    """One event's articles, keyed by outlet."""

    event: str
    articles: dict[str, Article]


def read_basil_event(data_dir: Path, triplet: str) -> EventArticles:
    """The three outlets' articles of one BASIL triplet (``triplet`` is its uuid)."""
    paths = sorted((data_dir / BASIL_DIR).glob(f"*/{triplet}_*.json"))
    if not paths:
        raise EvaluationError(f"{data_dir / BASIL_DIR}: no BASIL articles for triplet {triplet}")
    articles: dict[str, Article] = {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EvaluationError(f"{path}: cannot read the BASIL article: {exc}") from exc
        outlet = str(data["source"]).lower()
        published = datetime.fromisoformat(data["date"]) if data.get("date") else None
        text = paragraphs_text(data["body-paragraphs"]) or ""
        article = Article.from_text(text, source=str(path),
                                    title=data.get("title") or None, outlet=outlet,
                                    url=data.get("url"), published=published)
        articles[outlet] = article
    return EventArticles(f"basil:{triplet}", articles)


def read_neus_event(data_dir: Path, split: str, line: int) -> EventArticles:
    """The articles of line ``line`` (1-based) of NeuS ``<split>.source``."""
    path = data_dir / NEUS_DIR / f"{split}.source"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read the NeuS file: {exc}") from exc
    if not 1 <= line <= len(lines):
        raise EvaluationError(f"{path}: no line {line}")
    articles: dict[str, Article] = {}
    for outlet, part in zip(NEUS_OUTLETS, lines[line - 1].split("[SEP]"), strict=False):
        match = _NEUS_PART.match(part)
        if match and match[2].strip():
            articles[outlet] = Article.from_text(match[2].strip(), source=f"{path}:{line}#{outlet}",
                                                 title=match[1].strip() or None, outlet=outlet)
    return EventArticles(f"neus:{split}:{line}", articles)


def read_event(data_dir: Path, event: str) -> EventArticles:
    """An event by its gold id: ``basil:<triplet>`` or ``neus:<split>:<line>``."""
    kind, _, rest = event.partition(":")
    if kind == "basil":
        return read_basil_event(data_dir, rest)
    if kind == "neus":
        split, _, line = rest.partition(":")
        return read_neus_event(data_dir, split, int(line))
    raise EvaluationError(f"unknown event id {event!r} (basil:<triplet> or neus:<split>:<line>)")


def find_phrase(article: Article, phrase: str) -> int:
    """The offset of ``phrase`` in the article's text; it must occur exactly once."""
    start = article.text.find(phrase)
    if start < 0:
        raise EvaluationError(f"{article.source}: phrase not found: {phrase!r}")
    if article.text.find(phrase, start + 1) >= 0:
        raise EvaluationError(f"{article.source}: phrase occurs more than once: {phrase!r}")
    return start
