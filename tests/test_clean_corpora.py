"""The cleaner over real scraped corpora: it never removes content, and its offsets hold.

Runs over the Zyte benchmark pages (through the HTML reader), the PTC
propaganda articles and the PolNeAR attribution articles in ../shared/data
(skipped when absent). A removed line must be boilerplate (short, or one of
the bounded credit/promotion/link rules), the article's title, or a repeat of a
line that is kept; on PTC and PolNeAR no removal other than a repeat may touch
an annotated propaganda or attribution span; on the Zyte pages removed
boilerplate must rarely be part of the true article body.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from crosswire.clean import WHITESPACE, clean_article, is_repeat, tokens
from crosswire.document import Article
from crosswire.ingest import read
from crosswire.ingest.html import read_html

CORPORA = ("zyte", "ptc", "polnear")
LONG_REASONS = {"reporting credit", "promotion", "related link", "tags", "copyright"}


@dataclass
class Case:
    article: Article
    protected: list[tuple[int, int, str]] = field(default_factory=list)
    true_body: str | None = None


def _zyte(data: Path) -> list[Case]:
    folder = data / "extraction" / "zyte-aeb"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    cases = []
    for page_id, item in sorted(truth.items()):
        path = folder / "html" / f"{page_id}.html.gz"
        article = read_html(path.read_bytes(), source=str(path))
        cases.append(Case(article, true_body=item["articleBody"]))
    return cases


def _ptc(data: Path) -> list[Case]:
    folder = data / "propaganda" / "ptc"
    cases = []
    for path in sorted((folder / "train-articles").glob("article*.txt")):
        labels = folder / "train-labels-task2-technique-classification"
        label_file = labels / f"{path.stem}.task2-TC.labels"
        spans = []
        if label_file.is_file():
            for line in label_file.read_text(encoding="utf-8").splitlines():
                _, technique, start, end = line.split("\t")
                spans.append((int(start), int(end), technique))
        cases.append(Case(read(path)[0], spans))
    return cases


_BRAT = re.compile(r"^T\d+\t(Source|Cue|Content) (\d+) (?:.*\s)?(\d+)\t", re.M)


def _polnear(data: Path) -> list[Case]:
    cases = []
    for path in sorted((data / "attribution" / "polnear").glob("*/text/*.txt")):
        spans = []
        for annotation in (path.parent.parent / "attributions").glob(f"{path.stem}_*.ann"):
            text = annotation.read_text(encoding="utf-8")
            spans += [(int(s), int(e), kind) for kind, s, e in _BRAT.findall(text)]
        cases.append(Case(read(path)[0], spans))
    return cases


_CACHE: dict[str, list[Case]] = {}


def load(name: str, data: Path) -> list[Case]:
    """A corpus read and cleaned (once per test session)."""
    if name not in _CACHE:
        loaded = {"zyte": _zyte, "ptc": _ptc, "polnear": _polnear}[name](data)
        for case in loaded:
            clean_article(case.article)
        _CACHE[name] = loaded
    return _CACHE[name]


@pytest.mark.parametrize("name", CORPORA)
def test_clean_corpora_offsets_hold(name: str, shared_data: Path) -> None:
    cases = load(name, shared_data)
    blank = set(WHITESPACE) | {"\n"}
    for case in cases:
        article = case.article
        raw, text, offsets = article.raw_text, article.text, article.offset_map
        assert all(raw[offsets[i]] == ch for i, ch in enumerate(text)), article.source
        article.check_spans()
        covered = set(offsets[:-1])
        for removal in article.removed:
            covered.update(range(removal.start, removal.end))
        lost = [i for i, ch in enumerate(raw) if i not in covered and ch not in blank]
        assert lost == [], f"{article.source}: characters lost without a removal record"


@pytest.mark.parametrize("name", CORPORA)
def test_clean_corpora_removed_lines_are_not_content(name: str, shared_data: Path) -> None:
    cases = load(name, shared_data)
    problems = []
    for case in cases:
        article = case.article
        kept = [tokens(line) for line in article.text.split("\n")]
        for removal in article.removed:
            words = tokens(removal.text)
            if removal.reason == "duplicate":
                ok = any(is_repeat(words, line) for line in kept)
            elif removal.reason == "title":
                ok = words == tokens(article.title or "")
            else:
                n = len(removal.text.split())
                ok = n <= 12 or (n <= 60 and removal.reason in LONG_REASONS)
            if not ok:
                problems.append(f"{article.source}: {removal.reason}: {removal.text[:100]}")
    assert problems == []


@pytest.mark.parametrize("name", ["ptc", "polnear"])
def test_clean_corpora_removals_spare_annotated_spans(name: str, shared_data: Path) -> None:
    cases = load(name, shared_data)
    assert sum(len(case.protected) for case in cases) > 1000
    hits = []
    for case in cases:
        for removal in case.article.removed:
            if removal.reason == "duplicate":
                continue  # the same words are kept in the fuller line
            for start, end, label in case.protected:
                if start < removal.end and removal.start < end:
                    hits.append(f"{case.article.source}: {removal.text[:60]!r} hides {label}")
    assert hits == []


def test_clean_corpora_removed_boilerplate_is_rarely_true_body(shared_data: Path) -> None:
    cases = load("zyte", shared_data)
    removed = in_body = 0
    for case in cases:
        body = " " + " ".join(re.findall(r"\w+", case.true_body or "")) + " "
        for removal in case.article.removed:
            words = [w for w in re.findall(r"\w+", removal.text) if w.strip("_")]
            if removal.reason in ("duplicate", "title") or not words:
                continue
            removed += 1
            in_body += f" {' '.join(words)} " in body
    assert removed > 50
    assert in_body / removed < 0.15, f"{in_body} of {removed} removed lines are in the true body"
