"""Saving a :class:`~crosswire.stories.cluster.StoryClusterer` and loading it back.

The state is one ``.npz`` (NumPy's zip of arrays, read with
``allow_pickle=False``): the article and story matrices as arrays, and the
rest (ids, entity and term weights, document frequencies, headlines) as JSON,
zlib-compressed, in a byte array. The MinHash LSH index is rebuilt from the
stored signatures; centroids from the stored sums.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np

from .options import StoryOptions
from .records import Rows, StoryTotals, lean_minhash

if TYPE_CHECKING:
    from .cluster import StoryClusterer

__all__ = ["dump_state", "load_state"]

#: Bumped whenever the saved layout changes; older states are refused (and rebuilt by the store).
STATE_VERSION = 1


def feature_settings(options: StoryOptions) -> dict[str, Any]:
    """The options a saved state depends on: features made otherwise are not comparable."""
    return {
        "num_perm": options.num_perm,
        "shingle_words": options.shingle_words,
        "embed_tokens": options.embed_tokens,
        "lead_words": options.lead_words,
        "entity_chars": options.entity_chars,
        "ner_model": options.ner_model,
    }


def dump_state(clusterer: StoryClusterer) -> bytes:
    c = clusterer
    meta = {
        "version": STATE_VERSION,
        "dimensions": c.dimensions,
        "features": feature_settings(c.options),
        "ids": c._ids,
        "stories": [
            {
                "entities": s.entities,
                "entity_norm2": s.entity_norm2,
                "terms": s.terms,
                "term_norm2": s.term_norm2,
                "headline": s.headline,
            }
            for s in c._stories
        ],
        "entity_df": dict(c._entity_df),
        "term_df": dict(c._term_df),
    }
    packed = zlib.compress(json.dumps(meta, ensure_ascii=False).encode("utf-8"), 6)
    buffer = io.BytesIO()
    np.savez(
        buffer,
        meta=np.frombuffer(packed, dtype=np.uint8),
        embeddings=c._embeddings.data,
        leads=c._leads.data,
        signatures=c._signatures.data,
        times=np.asarray(c._times, dtype=np.float64),
        story_of=np.asarray(c._story_of, dtype=np.int64),
        duplicate_of=np.asarray(c._duplicate_of, dtype=np.int64),
        scores=np.asarray(c._scores, dtype=np.float64),
        totals=np.array([st.total for st in c._stories]).reshape(-1, c.dimensions),
        lead_totals=np.array([st.lead_total for st in c._stories]).reshape(-1, c.dimensions),
        parent=np.asarray(c._parent, dtype=np.int64),
        first=np.asarray([s.first for s in c._stories], dtype=np.float64),
        last=np.asarray([s.last for s in c._stories], dtype=np.float64),
    )
    return buffer.getvalue()


_PER_ARTICLE = ("embeddings", "leads", "signatures", "times", "story_of", "duplicate_of", "scores")
_PER_STORY = ("totals", "lead_totals", "parent", "first", "last")


def _units(rows: list[np.ndarray], dims: int) -> np.ndarray:
    matrix = np.array(rows, dtype=np.float64).reshape(-1, dims)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def _arrays(data: bytes) -> dict[str, np.ndarray]:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ValueError(f"not a saved story state: {exc}") from exc


def load_state(cls: type[StoryClusterer], data: bytes, options: StoryOptions) -> StoryClusterer:
    arrays = _arrays(data)
    missing = [name for name in ("meta", *_PER_ARTICLE, *_PER_STORY) if name not in arrays]
    if missing:
        raise ValueError(f"not a saved story state: no {', '.join(missing)}")
    try:
        meta = json.loads(zlib.decompress(arrays["meta"].tobytes()).decode("utf-8"))
    except (KeyError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a saved story state: {exc}") from exc
    if meta.get("version") != STATE_VERSION:
        raise ValueError(
            f"saved story state has version {meta.get('version')!r}, this crosswire reads "
            f"{STATE_VERSION}"
        )
    if meta["features"] != feature_settings(options):
        raise ValueError(
            f"saved story state was made with {meta['features']}, not {feature_settings(options)}"
        )
    dims = int(meta["dimensions"])
    n, stories = len(meta["ids"]), len(meta["stories"])
    counts = {name: len(arrays[name]) for name in _PER_ARTICLE} | {
        name: len(arrays[name]) for name in _PER_STORY
    }
    expected = {name: n for name in _PER_ARTICLE} | {name: stories for name in _PER_STORY}
    if counts != expected:
        raise ValueError(f"saved story state is inconsistent: {counts} rows, expected {expected}")
    c = cls(options, dimensions=dims)
    ids: list[str] = list(meta["ids"])
    c._ids = ids
    c._index = {article_id: i for i, article_id in enumerate(ids)}
    c._embeddings = Rows(dims, np.float32, arrays["embeddings"])
    c._leads = Rows(dims, np.float32, arrays["leads"])
    c._signatures = Rows(options.num_perm, np.uint64, arrays["signatures"])
    c._times = [float(t) for t in arrays["times"]]
    c._story_of = [int(s) for s in arrays["story_of"]]
    c._duplicate_of = [int(d) for d in arrays["duplicate_of"]]
    c._scores = [float(s) for s in arrays["scores"]]
    c._parent = [int(p) for p in arrays["parent"]]
    c._stories = []
    for saved, first, last, total, lead_total in zip(
        meta["stories"],
        arrays["first"],
        arrays["last"],
        arrays["totals"],
        arrays["lead_totals"],
        strict=True,
    ):
        story = StoryTotals(dims, headline=saved["headline"])
        story.entities = {k: float(v) for k, v in saved["entities"].items()}
        story.entity_norm2 = float(saved["entity_norm2"])
        story.terms = {k: float(v) for k, v in saved["terms"].items()}
        story.term_norm2 = float(saved["term_norm2"])
        story.first, story.last = float(first), float(last)
        story.total = np.array(total, dtype=np.float64)
        story.lead_total = np.array(lead_total, dtype=np.float64)
        c._stories.append(story)
    for index, story_index in enumerate(c._story_of):
        c._stories[story_index].members.append(index)
    c._centroids = Rows(dims, np.float32, _units([s.total for s in c._stories], dims))
    c._lead_centroids = Rows(dims, np.float32, _units([s.lead_total for s in c._stories], dims))
    c._rebuild_topics()
    c._entity_df = Counter({k: int(v) for k, v in meta["entity_df"].items()})
    c._term_df = Counter({k: int(v) for k, v in meta["term_df"].items()})
    for article_id, signature in zip(ids, c._signatures.data, strict=True):
        c._lsh.insert(article_id, lean_minhash(signature), check_duplication=False)
    return c
