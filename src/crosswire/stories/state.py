"""The saved form of a :class:`~crosswire.stories.cluster.StoryClusterer`'s state.

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
from typing import Any

import numpy as np

from .options import StoryOptions

__all__ = ["pack_state", "unit_rows", "unpack_state"]

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


def pack_state(meta: dict[str, Any], arrays: dict[str, np.ndarray], options: StoryOptions) -> bytes:
    """A clusterer's state as bytes: ``meta`` (JSON, with the layout's version and the feature
    settings added) and its per-article and per-story ``arrays``, in one ``.npz``."""
    meta = {"version": STATE_VERSION, "dimensions": meta["dimensions"],
            "features": feature_settings(options), **meta}
    packed = zlib.compress(json.dumps(meta, ensure_ascii=False).encode("utf-8"), 6)
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.frombuffer(packed, dtype=np.uint8), **arrays)
    return buffer.getvalue()


_PER_ARTICLE = ("embeddings", "leads", "signatures", "times", "story_of", "duplicate_of", "scores")
_PER_STORY = ("totals", "lead_totals", "parent", "first", "last")


def unit_rows(rows: list[np.ndarray], dims: int) -> np.ndarray:
    """Each row scaled to length 1 (a zero row stays zero), as float32."""
    matrix = np.array(rows, dtype=np.float64).reshape(-1, dims)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def _arrays(data: bytes) -> dict[str, np.ndarray]:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ValueError(f"not a saved story state: {exc}") from exc


def unpack_state(
    data: bytes, options: StoryOptions
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The ``meta`` and the arrays :func:`pack_state` wrote, checked: the layout's version, the
    feature settings ``options`` make, and one row per article and per story. Raises
    ``ValueError`` otherwise."""
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
    return meta, arrays
