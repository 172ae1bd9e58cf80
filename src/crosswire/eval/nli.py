"""Evaluate the NLI model: DocNLI held out, ANLI, FNC-1 and ClaimDiff.

Datasets (under ``data_dir``, normally ``../shared/data``):

- ``nli/docnli-binary/{mnli,fever}-test.tsv``: binary NLI. Only the *held-out*
  part is scored: pairs whose premise hashes into the held-out share
  (:func:`is_heldout_premise`, 30%). Training never sees those premises, in the
  dev or the test file.
- ``nli/anli-dev/ANLI_analysis_r{1,2,3}_dev.csv``: three-way accuracy (evaluation
  only; ANLI is CC BY-NC).
- ``stance/fnc1/competition_test_*.csv``: the FNC-1 weighted score relative to
  its maximum. Related/unrelated comes from the embedder (best sentence cosine
  against a threshold tuned on FNC-1 train); agree / disagree / discuss from the
  NLI model over the body's best-matching sentences (entailment, contradiction,
  neutral).
- ``claims/claimdiff/ClaimDiff-{S,W}/*-test.json``: three-way accuracy with
  strengthen -> entailment, weaken -> contradiction, neither -> neutral.

The readers and the premise selection here are also what ``training/`` uses, so
the held-out split and the FNC-1 inputs are the same in training and evaluation.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from crosswire.errors import EvaluationError

logger = logging.getLogger(__name__)

HELDOUT_SHARE = 3  # of 10: premises whose sha256 mod 10 is below this are held out
FNC_TOP_K = 3
FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")
FNC_FROM_NLI = ("agree", "discuss", "disagree")  # entailment, neutral, contradiction
ANLI_LABELS = {"e": 0, "n": 1, "c": 2}
# Fallback related/unrelated threshold on the best sentence cosine, used only when
# the NLI model's manifest carries none (its value is tuned on FNC-1 train).
FNC_RELATED_THRESHOLD = 0.40


@dataclass(frozen=True)
class Example:
    """A premise, a hypothesis and a gold label (a name from the dataset's label set)."""

    premise: str
    hypothesis: str
    label: str


@dataclass(frozen=True)
class StancePair:
    headline: str
    body_id: str
    stance: str


def is_heldout_premise(premise: str) -> bool:
    """Whether a DocNLI premise belongs to the held-out share (never trained on)."""
    return int(hashlib.sha256(premise.encode("utf-8")).hexdigest(), 16) % 10 < HELDOUT_SHARE


def read_docnli(path: Path) -> list[Example]:
    """``label<TAB>premise<TAB>hypothesis`` rows; label ``entailment`` or ``not_entailment``."""
    if not path.is_file():
        raise EvaluationError(f"{path}: DocNLI file not found")
    out: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[0] not in {"entailment", "not_entailment"}:
                raise EvaluationError(f"{path}:{lineno}: not a label/premise/hypothesis row")
            out.append(Example(premise=parts[1], hypothesis=parts[2], label=parts[0]))
    return out


def docnli_heldout(data_dir: Path, name: str) -> list[Example]:
    """The held-out part of ``{name}-test.tsv`` (``name`` is ``mnli`` or ``fever``)."""
    rows = read_docnli(data_dir / "nli" / "docnli-binary" / f"{name}-test.tsv")
    return [r for r in rows if is_heldout_premise(r.premise)]


def docnli_trainable(data_dir: Path, name: str) -> list[Example]:
    """Dev and test pairs whose premise is not held out, duplicates dropped."""
    folder = data_dir / "nli" / "docnli-binary"
    seen: set[tuple[str, str]] = set()
    out: list[Example] = []
    for split in ("dev", "test"):
        for r in read_docnli(folder / f"{name}-{split}.tsv"):
            key = (r.premise, r.hypothesis)
            if not is_heldout_premise(r.premise) and key not in seen:
                seen.add(key)
                out.append(r)
    return out


def read_anli(data_dir: Path, round_: int) -> list[Example]:
    path = data_dir / "nli" / "anli-dev" / f"ANLI_analysis_r{round_}_dev.csv"
    if not path.is_file():
        raise EvaluationError(f"{path}: ANLI file not found")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    try:
        return [Example(r["context"], r["statement"], r["gold_label"]) for r in rows]
    except KeyError as exc:
        raise EvaluationError(f"{path}: missing column {exc}") from exc


def read_claimdiff(data_dir: Path, split: str) -> list[Example]:
    """ClaimDiff pairs with a three-way label: strengthen, weaken or neither."""
    base = data_dir / "claims" / "claimdiff"
    paths = {
        "S": base / "ClaimDiff-S" / f"ClaimDiff-strength-{split}.json",
        "W": base / "ClaimDiff-W" / f"ClaimDiff-weak-{split}.json",
    }
    loaded: dict[str, list[dict[str, Any]]] = {}
    for key, path in paths.items():
        try:
            loaded[key] = json.loads(path.read_text(encoding="utf-8"))["data"]
        except FileNotFoundError as exc:
            raise EvaluationError(f"{path}: ClaimDiff file not found") from exc
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvaluationError(f"{path}: not a ClaimDiff file: {exc}") from exc
    weak = {r["pair_id"]: int(r["relation"]) for r in loaded["W"]}
    out: list[Example] = []
    for r in loaded["S"]:
        if weak.get(r["pair_id"]) == 1:
            label = "weaken"
        elif int(r["relation"]) == 1:
            label = "strengthen"
        else:
            label = "neither"
        out.append(Example(premise=r["claim_a"], hypothesis=r["claim_b"], label=label))
    return out


CLAIMDIFF_TO_NLI = {"strengthen": 0, "neither": 1, "weaken": 2}


def read_fnc1(data_dir: Path, split: str) -> tuple[list[StancePair], dict[str, str]]:
    """FNC-1 stances and bodies; ``split`` is ``train`` or ``competition_test``."""
    folder = data_dir / "stance" / "fnc1"
    csv.field_size_limit(sys.maxsize)
    if split == "train":
        stances_path = folder / "train_stances_intlabels.csv"
        bodies_path = folder / "train_bodies.csv"
    else:
        stances_path = folder / "competition_test_stances.csv"
        bodies_path = folder / "competition_test_bodies.csv"
    try:
        with bodies_path.open(encoding="utf-8", newline="") as fh:
            bodies = {row[0]: row[1] for i, row in enumerate(csv.reader(fh)) if i > 0}
        with stances_path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))[1:]
    except FileNotFoundError as exc:
        raise EvaluationError(f"{exc.filename}: FNC-1 file not found") from exc
    pairs = []
    for headline, body_id, stance in rows:
        label = FNC_LABELS[int(stance)] if stance.isdigit() else stance
        if label not in FNC_LABELS or body_id not in bodies:
            raise EvaluationError(f"{stances_path}: bad row {headline!r}, {body_id}, {stance}")
        pairs.append(StancePair(headline=headline, body_id=body_id, stance=label))
    return pairs, bodies


_SENT_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """A quick regex sentence splitter for article bodies (lines, then end punctuation)."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            out.extend(s.strip() for s in _SENT_END.split(line) if len(s.strip()) > 1)
    return out


@dataclass(frozen=True)
class Selection:
    """For each pair: the body's best-matching sentences (in body order) and their best cosine."""

    premises: list[str]
    best_cosine: np.ndarray


def select_premises(
    embedder: Any, pairs: Sequence[StancePair], bodies: dict[str, str], *, top_k: int = FNC_TOP_K
) -> Selection:
    """Embed headlines and body sentences once; pick the ``top_k`` closest sentences per pair."""
    body_ids = sorted({p.body_id for p in pairs})
    sentences = {b: split_sentences(bodies[b]) or [bodies[b][:500] or "(empty)"] for b in body_ids}
    flat = [s for b in body_ids for s in sentences[b]]
    offsets: dict[str, tuple[int, int]] = {}
    start = 0
    for b in body_ids:
        offsets[b] = (start, start + len(sentences[b]))
        start += len(sentences[b])
    sent_vecs = embedder.encode(flat)
    headlines = sorted({p.headline for p in pairs})
    head_index = {h: i for i, h in enumerate(headlines)}
    head_vecs = embedder.encode(headlines)
    premises: list[str] = []
    best = np.zeros(len(pairs), dtype=np.float32)
    for i, pair in enumerate(pairs):
        lo, hi = offsets[pair.body_id]
        sims = sent_vecs[lo:hi] @ head_vecs[head_index[pair.headline]]
        chosen = sorted(np.argsort(-sims)[:top_k].tolist())
        premises.append(" ".join(sentences[pair.body_id][j] for j in chosen))
        best[i] = float(sims.max())
    return Selection(premises=premises, best_cosine=best)


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The FNC-1 weighted score relative to the best possible score on ``gold``."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if (g == "unrelated") == (p == "unrelated"):
            score += 0.25
            if g != "unrelated" and g == p:
                score += 0.75
    return score / best if best else 0.0


def _limit(rows: list[Any], limit: int | None) -> list[Any]:
    return rows if limit is None else rows[:limit]


def _binary_acc(model: Any, rows: Sequence[Example]) -> float:
    probs = model.predict([(r.premise, r.hypothesis) for r in rows])
    pred = probs[:, 0] > 0.5
    gold = np.array([r.label == "entailment" for r in rows])
    return float((pred == gold).mean())


def _three_way_acc(model: Any, rows: Sequence[Example], mapping: dict[str, int]) -> float:
    probs = model.predict([(r.premise, r.hypothesis) for r in rows])
    gold = np.array([mapping[r.label] for r in rows])
    return float((probs.argmax(axis=1) == gold).mean())


def evaluate_fnc1(
    embedder: Any, model: Any, data_dir: Path, *, threshold: float, limit: int | None = None
) -> dict[str, Any]:
    pairs, bodies = read_fnc1(data_dir, "competition_test")
    pairs = _limit(pairs, limit)
    selection = select_premises(embedder, pairs, bodies)
    related = selection.best_cosine >= threshold
    predicted = ["unrelated"] * len(pairs)
    idx = np.flatnonzero(related)
    if len(idx):
        probs = model.predict([(selection.premises[i], pairs[i].headline) for i in idx])
        for i, k in zip(idx.tolist(), probs.argmax(axis=1).tolist(), strict=True):
            predicted[i] = FNC_FROM_NLI[k]
    gold = [p.stance for p in pairs]
    gold_related = np.array([g != "unrelated" for g in gold])
    return {
        "fnc1_score": fnc_score(gold, predicted),
        "fnc1_related_acc": float((related == gold_related).mean()),
        "fnc1_pairs": len(pairs),
        "fnc1_predicted": dict(Counter(predicted)),
    }


def evaluate_nli(
    data_dir: Path, *, limit: int | None = None, backend: str = "bundled"
) -> dict[str, Any]:
    """Score the NLI model on every dataset above; ``limit`` caps the pairs per dataset."""
    from crosswire.models import load_embedder, load_nli
    from crosswire.models.nli import NLIModel

    model = load_nli(backend)
    embedder = load_embedder()
    fnc = model.manifest.get("fnc1", {}) if isinstance(model, NLIModel) else {}
    threshold = float(fnc.get("related_threshold", FNC_RELATED_THRESHOLD))
    mnli = _limit(docnli_heldout(data_dir, "mnli"), limit)
    fever = _limit(docnli_heldout(data_dir, "fever"), limit)
    scores: dict[str, Any] = {
        "model": model.name,
        "mnli_binary_acc": _binary_acc(model, mnli),
        "fever_binary_acc": _binary_acc(model, fever),
    }
    for round_ in (1, 2, 3):
        rows = _limit(read_anli(data_dir, round_), limit)
        scores[f"anli_r{round_}_acc"] = _three_way_acc(model, rows, ANLI_LABELS)
    scores.update(evaluate_fnc1(embedder, model, data_dir, threshold=threshold, limit=limit))
    claimdiff = _limit(read_claimdiff(data_dir, "test"), limit)
    scores["claimdiff_acc"] = _three_way_acc(model, claimdiff, CLAIMDIFF_TO_NLI)
    majority = Counter(r.label for r in claimdiff).most_common(1)[0][1] / max(len(claimdiff), 1)
    scores["claimdiff_majority_acc"] = majority
    scores["pairs"] = {
        "mnli_heldout": len(mnli),
        "fever_heldout": len(fever),
        "claimdiff_test": len(claimdiff),
    }
    scores["fnc1_related_threshold"] = threshold
    for key, value in scores.items():
        if isinstance(value, float):
            scores[key] = round(value, 4)
    return scores
