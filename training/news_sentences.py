"""News sentences for checking an export: PolNeAR's test articles, split by a regex.

The split does not need to be perfect: the sentences only serve as realistic inputs
on which the int8 model is compared with the fp32 reference.
"""

from __future__ import annotations

import re
from pathlib import Path

_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z])")


def sentence_split(text: str) -> list[str]:
    out: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = para.strip()
        if para:
            out.extend(s.strip() for s in _SPLIT.split(para) if s.strip())
    return out


def news_sentences(data: Path, *, limit: int, split: str = "test") -> list[str]:
    """Up to ``limit`` sentences of 4 to 80 words, round-robin over PolNeAR's articles."""
    folder = data / "attribution" / "polnear" / split / "text"
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise SystemExit(f"{folder}: no PolNeAR articles found")
    per_doc = [
        [s for s in sentence_split(p.read_text(encoding="utf-8")) if 4 <= len(s.split()) <= 80]
        for p in files
    ]
    out: list[str] = []
    depth = 0
    while len(out) < limit and any(depth < len(d) for d in per_doc):
        for doc in per_doc:
            if depth < len(doc) and len(out) < limit:
                out.append(doc[depth])
        depth += 1
    return out
