"""The running sums a story clusterer keeps, shared by the clusterer and its saved state:
growable matrices, a story's totals, the sparse-vector arithmetic they use and the MinHash
signatures of near duplicates."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from datasketch import LeanMinHash

from .features import MINHASH_SCHEME, MINHASH_SEED

__all__ = ["Query", "Rows", "StoryTotals", "lean_minhash", "sparse_dot", "unit"]


class Rows:
    """A growable float or integer matrix: ``data[:n]`` holds the rows."""

    def __init__(self, width: int, dtype: type[np.generic], rows: np.ndarray | None = None) -> None:
        self.width = width
        self.dtype = dtype
        if rows is None:
            self.buffer = np.zeros((64, width), dtype=dtype)
            self.n = 0
        else:
            self.buffer = np.array(rows, dtype=dtype).reshape(-1, width)
            self.n = len(self.buffer)

    @property
    def data(self) -> np.ndarray:
        return self.buffer[: self.n]

    def append(self, row: np.ndarray) -> int:
        if self.n == len(self.buffer):
            grown = np.zeros((max(64, 2 * len(self.buffer)), self.width), dtype=self.dtype)
            grown[: self.n] = self.buffer[: self.n]
            self.buffer = grown
        self.buffer[self.n] = row
        self.n += 1
        return self.n - 1


@dataclass
class Query:
    """An article (or a story's aggregate) as the scorer compares it."""

    embedding: np.ndarray
    lead: np.ndarray
    entities: dict[str, float]
    terms: dict[str, float]
    first: float
    last: float


@dataclass
class StoryTotals:
    """Sums over a story's articles: what a candidate article is scored against."""

    dimensions: int
    members: list[int] = field(default_factory=list)
    entities: dict[str, float] = field(default_factory=dict)
    entity_norm2: float = 0.0
    terms: dict[str, float] = field(default_factory=dict)
    term_norm2: float = 0.0
    first: float = math.nan
    last: float = math.nan
    headline: str = ""
    total: np.ndarray = field(init=False)
    lead_total: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.total = np.zeros(self.dimensions)
        self.lead_total = np.zeros(self.dimensions)

    def add(self, index: int, query: Query) -> None:
        self.members.append(index)
        self.total += query.embedding
        self.lead_total += query.lead
        self.entity_norm2 = add_sparse(self.entities, self.entity_norm2, query.entities)
        self.term_norm2 = add_sparse(self.terms, self.term_norm2, query.terms)
        if not math.isnan(query.first):
            self.first = query.first if math.isnan(self.first) else min(self.first, query.first)
            self.last = query.last if math.isnan(self.last) else max(self.last, query.last)

    def query(self) -> Query:
        """The story as one item to score against others."""
        return Query(
            embedding=unit(self.total).astype(np.float32),
            lead=unit(self.lead_total).astype(np.float32),
            entities=scaled(self.entities, self.entity_norm2),
            terms=scaled(self.terms, self.term_norm2),
            first=self.first,
            last=self.last,
        )


def sparse_dot(small: dict[str, float], large: dict[str, float]) -> float:
    if len(small) > len(large):
        small, large = large, small
    return sum(value * large.get(key, 0.0) for key, value in small.items())


def unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def scaled(values: dict[str, float], norm2: float) -> dict[str, float]:
    if norm2 <= 0:
        return {}
    scale = 1.0 / math.sqrt(norm2)
    return {key: value * scale for key, value in values.items()}


def add_sparse(total: dict[str, float], norm2: float, values: dict[str, float]) -> float:
    """Add ``values`` into ``total``; the new squared norm of ``total``."""
    cross = sparse_dot(values, total)
    own = sum(v * v for v in values.values())
    for key, value in values.items():
        total[key] = total.get(key, 0.0) + value
    return norm2 + 2.0 * cross + own


def lean_minhash(signature: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=MINHASH_SEED, hashvalues=signature, scheme=MINHASH_SCHEME)
