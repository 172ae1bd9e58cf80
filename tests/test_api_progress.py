"""`compare`'s progress callback moves within an article (parse, claims), not only per article."""

from __future__ import annotations

import pytest

from crosswire import api
from crosswire.analyse.checkworthiness import PROGRESS_CHUNK
from crosswire.analyse.parse import PIECE_CHARS
from crosswire.ingest import read_text

# about 30,000 characters of distinct sentences: three pieces to parse, many claims to score
LONG = "\n".join(
    f"Officials in district {i} said on Monday that {i * 3 + 7} bridges had reopened after "
    f"repairs costing {i * 11 + 5} million dollars."
    for i in range(1, 281)
)
SHORT = "The regional council said on Tuesday that the main bridge remains closed to traffic.\n"


@pytest.fixture(scope="module")
def calls() -> list[tuple[str, int, int]]:
    seen: list[tuple[str, int, int]] = []
    articles = [read_text(LONG, source="long.txt"), read_text(SHORT, source="short.txt")]
    api.compare(articles, progress=lambda step, done, total: seen.append((step, done, total)))
    return seen


def _before_first_article(calls: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The calls made while the first article was being analysed."""
    end = calls.index(("analyse", 1, 2))
    start = calls.index(("analyse", 0, 2))
    return calls[start + 1 : end]


def test_api_progress_parse_moves_within_an_article(calls: list[tuple[str, int, int]]) -> None:
    assert len(LONG) > 2 * PIECE_CHARS
    parse = [(done, total) for step, done, total in _before_first_article(calls) if step == "parse"]
    assert len(parse) >= 3
    assert [done for done, _ in parse] == sorted({done for done, _ in parse})  # only forward
    assert parse[0][0] < len(LONG) <= parse[-1][0]


def test_api_progress_claims_move_within_an_article(calls: list[tuple[str, int, int]]) -> None:
    during = _before_first_article(calls)
    # the scorer may start on the next article before the first one is handed on: its calls
    # count on from the first article's total
    scored = [(done, total) for step, done, total in during if step == "claims"]
    claims = [(done, total) for done, total in scored if total == scored[0][1]]
    assert claims[0][0] == 0
    assert all(done >= scored[0][1] for done, _ in scored[len(claims):])
    total = claims[-1][1]
    assert total > 2 * PROGRESS_CHUNK
    assert len(claims) == 1 + -(-total // PROGRESS_CHUNK)
    assert claims[-1] == (total, total)


def test_api_progress_steps_in_order(calls: list[tuple[str, int, int]]) -> None:
    first: dict[str, int] = {}
    for number, (step, _, _) in enumerate(calls):
        first.setdefault(step, number)
    assert sorted(first, key=first.__getitem__) == ["read", "analyse", "parse", "claims", "compare"]
    assert calls[-1] == ("compare", 1, 1)
