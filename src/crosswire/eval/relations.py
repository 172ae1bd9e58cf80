"""Evaluate claim relations through the comparison path: ClaimDiff (S and W) and FNC-1.

Each item becomes real articles that go through analysis and
:func:`crosswire.comparison.compare_articles`; the links it returns are read as
predictions.

ClaimDiff (``claims/claimdiff``, test split): each pair is two one-claim
articles. ``S`` (claim B strengthens A) is predicted by a ``corroborates``
link; ``W`` (B weakens A) by a ``contradicts`` link or a ``related`` link marked
as tension.

FNC-1 (``stance/fnc1``, competition test): the headline is a one-claim article,
the body an article whose claims are its sentences. No link: ``unrelated``;
else the strongest link decides (:func:`fnc_stance`): ``contradicts`` ->
``disagree``, ``corroborates`` -> ``agree``, ``related`` -> ``discuss``. Scored
with the FNC weighted score (0.25 for related/unrelated right, 0.75 more for
the right related class), reported as a share of the best possible score (the
competition's best system reached 82.02%). Each pair goes through the whole
comparison, so the default run scores an evenly spaced sample: every k-th pair
of the test file, ``fnc_limit`` (2,000) pairs in all; ``fnc_limit=None`` scores
all 25,413.

ECB+ (``events/ecbplus``, the held-out test topics 36-45, never trained on): the
relation model's same-fact head alone (:meth:`crosswire.models.NLIModel.same_fact`,
both orders averaged) on pairs of sentences from different documents that mention
the same event, against pairs from the topic's other sub-event (the same kind of
event, another occurrence) and pairs of sentences of one document that share no
event (:mod:`crosswire.eval.ecb`). A pair is called the same fact at the
comparison's threshold (``CompareOptions.fact``). A seeded sample: ``ecb_limit``
pairs of each kind (all of a kind that has fewer).

Keys of the result:

``claimdiff_s`` / ``claimdiff_w``
    ``n``, ``positives``, ``precision``, ``recall``, ``f1``, ``accuracy``;
``fnc1``
    ``n`` (pairs scored), ``sample`` (``"every k-th pair"`` or ``"all"``), ``score``
    (FNC relative score), ``accuracy``, ``per_class_f1``, ``confusion``
    (gold -> predicted -> count), ``related_f1`` (related vs unrelated);
``ecb_same_event``
    ``n``, ``positives``, ``threshold``, ``precision``, ``recall``, ``f1``, ``auc``
    (same event against sibling sub-event and same-document pairs), ``by_kind`` (the
    share of each kind called the same fact), and ``with_other`` (precision and AUC
    when the pairs of one sub-event that share no event count as negatives too);
    ``{"skipped": reason}`` when the model has no same-fact head;
``seconds``
    wall time of each part; ``nli``: whether the NLI model took part;
``thresholds``
    the relation thresholds the comparison used.
"""

from __future__ import annotations

import csv
import json
import logging
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..comparison import CompareOptions, compare_articles
from ..comparison.candidates import Embedder
from ..comparison.relations import NLI
from ..document import Article, Claim
from ..errors import EvaluationError, ModelError
from .nli import fnc_score

__all__ = ["FNC_LABELS", "evaluate_relations", "fnc_score", "fnc_stance"]

logger = logging.getLogger(__name__)

FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")


def fnc_stance(links: Sequence[tuple[str, float]]) -> str:
    """The FNC-1 stance of a headline towards a body from the ``(relation, score)`` of the
    links between them: none, ``unrelated``; else the strongest link, a contradiction or a
    corroboration before a mere relation: ``disagree``, ``agree`` or ``discuss``."""
    if not links:
        return "unrelated"
    relation, _ = max(links, key=lambda x: (x[0] != "related", x[0] == "contradicts", x[1]))
    return {"corroborates": "agree", "contradicts": "disagree", "related": "discuss"}[relation]


class _MemoEmbedder:
    """Remembers the vectors of texts already embedded (the same body sentences recur)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.memo: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            vectors = np.asarray(self.embedder.encode(todo), dtype=np.float32)
            self.memo.update(zip(todo, vectors, strict=True))
        return np.stack([self.memo[t] for t in texts]) if texts else np.zeros((0, 384))


def _analysed(texts: list[str], source: str) -> list[Article]:
    from ..analyse import AnalysisOptions, analyse_many

    articles = [Article.from_text(t, source=f"{source}:{n}") for n, t in enumerate(texts)]
    return list(analyse_many(articles, options=AnalysisOptions(checkworthiness="none")))


def _one_claim(article: Article, tag: str) -> Article:
    text = article.text.strip()
    start = article.text.index(text) if text else 0
    article.claims = [Claim(f"{tag}:{article.id}", article.span(start, start + len(text)))]
    return article


def _sentence_claims(article: Article, tag: str) -> Article:
    spans = article.sentences or [article.span(0, len(article.text))]
    article.claims = [Claim(f"{tag}:{article.id}:s{n}", s) for n, s in enumerate(spans)
                      if s.text.strip()]
    return article


def _prf(gold: list[bool], pred: list[bool]) -> dict[str, Any]:
    tp = sum(g and p for g, p in zip(gold, pred, strict=True))
    fp = sum(p and not g for g, p in zip(gold, pred, strict=True))
    fn = sum(g and not p for g, p in zip(gold, pred, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0
    return {"n": len(gold), "positives": sum(gold), "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4), "accuracy": round(accuracy, 4)}


def _read_claimdiff(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text("utf-8"))
        return list(data["data"])
    except (OSError, ValueError, KeyError) as exc:
        raise EvaluationError(f"{path}: cannot read ClaimDiff data ({exc})") from exc


def _claimdiff(folder: Path, embedder: Embedder, nli: NLI | None, limit: int | None,
               options: CompareOptions) -> tuple[dict[str, Any], dict[str, Any]]:
    strong = _read_claimdiff(folder / "ClaimDiff-S" / "ClaimDiff-strength-test.json")
    weak = _read_claimdiff(folder / "ClaimDiff-W" / "ClaimDiff-weak-test.json")
    weak_by_id = {item["pair_id"]: int(item["relation"]) for item in weak}
    items = strong[:limit] if limit else strong
    texts = sorted({t for item in items for t in (item["claim_a"], item["claim_b"])})
    analysed = dict(zip(texts, _analysed(texts, "claimdiff"), strict=True))
    gold_s, gold_w, pred_s, pred_w = [], [], [], []
    for n, item in enumerate(items):
        a = _one_claim(_copy(analysed[item["claim_a"]]), f"a{n}")
        b = _one_claim(_copy(analysed[item["claim_b"]]), f"b{n}")
        if a.id == b.id:
            b.id = f"{b.id}-b"
        found = compare_articles([a, b], options=options, embedder=embedder, nli=nli)
        relations = {link.relation for link in found.links}
        tension = any(link.details.get("tension") for link in found.links)
        gold_s.append(int(item["relation"]) == 1)
        gold_w.append(weak_by_id.get(item["pair_id"], 0) == 1)
        pred_s.append("corroborates" in relations)
        pred_w.append("contradicts" in relations or ("related" in relations and tension))
    return _prf(gold_s, pred_s), _prf(gold_w, pred_w)


def _copy(article: Article) -> Article:
    from ..document import article_from_dict, article_to_dict

    return article_from_dict(article_to_dict(article))


def _fnc(folder: Path, embedder: Embedder, nli: NLI | None, limit: int | None,
         options: CompareOptions) -> dict[str, Any]:
    try:
        with (folder / "competition_test_bodies.csv").open(encoding="utf-8", newline="") as f:
            bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(f)}
        with (folder / "competition_test_stances.csv").open(encoding="utf-8", newline="") as f:
            stances = list(csv.DictReader(f))
    except (OSError, KeyError, csv.Error) as exc:
        raise EvaluationError(f"{folder}: cannot read FNC-1 competition test ({exc})") from exc
    full = len(stances)
    step = 1
    if limit and limit < full:
        step = full // limit
        stances = stances[::step][:limit]
    embedder = _MemoEmbedder(embedder)
    heads = sorted({s["Headline"] for s in stances})
    body_ids = sorted({s["Body ID"] for s in stances})
    head_articles = dict(zip(heads, _analysed(heads, "fnc-headline"), strict=True))
    body_articles = dict(zip(body_ids, _analysed([bodies[b] for b in body_ids], "fnc-body"),
                             strict=True))
    confusion: dict[str, Counter[str]] = {label: Counter() for label in FNC_LABELS}
    golds: list[str] = []
    predictions: list[str] = []
    for n, stance in enumerate(stances):
        head = _one_claim(_copy(head_articles[stance["Headline"]]), f"h{n}")
        body = _sentence_claims(_copy(body_articles[stance["Body ID"]]), f"b{n}")
        if head.id == body.id:
            body.id = f"{body.id}-body"
        found = compare_articles([head, body], options=options, embedder=embedder, nli=nli)
        predicted = fnc_stance([(link.relation, link.score) for link in found.links])
        gold = stance["Stance"].strip()
        confusion.setdefault(gold, Counter())[predicted] += 1
        golds.append(gold)
        predictions.append(predicted)
    per_class = {}
    for label in FNC_LABELS:
        tp = confusion.get(label, Counter())[label]
        fp = sum(c[label] for g, c in confusion.items() if g != label)
        fn = sum(v for p, v in confusion.get(label, Counter()).items() if p != label)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        per_class[label] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    total = sum(sum(c.values()) for c in confusion.values())
    correct = sum(c[g] for g, c in confusion.items())
    rel_gold = [g != "unrelated" for g in golds]
    rel_pred = [p != "unrelated" for p in predictions]
    return {"n": total, "score": round(fnc_score(golds, predictions), 4),
            "accuracy": round(correct / total, 4) if total else 0.0,
            "sample": "all" if step == 1 else f"every {step}th pair of {full}",
            "per_class_f1": per_class, "related_f1": _prf(rel_gold, rel_pred)["f1"],
            "confusion": {g: dict(c) for g, c in confusion.items()}}


def _auc(scores: np.ndarray, gold: np.ndarray) -> float:
    """The probability that a positive scores above a negative (ties count half)."""
    pos, neg = scores[gold], scores[~gold]
    if not len(pos) or not len(neg):
        return 0.0
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def _ecb_same_event(data_dir: Path, nli: NLI | None, threshold: float,
                    limit: int | None) -> dict[str, Any]:
    import random

    from .ecb import read_sentences, same_event_pairs

    if nli is None or not getattr(nli, "has_same_fact", False):
        return {"skipped": "the relation model has no same-fact head"}
    sentences = read_sentences(data_dir)
    per_kind = None if limit is None else dict.fromkeys(
        ("same", "sibling", "other", "same_document"), limit)
    pairs = same_event_pairs(sentences, split="test", rng=random.Random(13), per_kind=per_kind)
    probs = nli.same_fact([(p.a.text, p.b.text) for p in pairs])  # type: ignore[attr-defined]
    score = probs[:, 0] + probs[:, 1]
    kinds = np.array([p.kind for p in pairs])
    scored = kinds != "other"
    gold = kinds == "same"
    called = score >= threshold
    out = _prf([bool(g) for g in gold[scored]], [bool(c) for c in called[scored]])
    out.pop("accuracy")
    out["threshold"] = threshold
    out["auc"] = round(_auc(score[scored], gold[scored]), 4)
    out["by_kind"] = {k: {"n": int((kinds == k).sum()),
                          "called_same": round(float(called[kinds == k].mean()), 4)}
                      for k in ("same", "sibling", "same_document", "other") if (kinds == k).any()}
    tp = int((called & gold).sum())
    out["with_other"] = {"precision": round(tp / max(int(called.sum()), 1), 4),
                         "auc": round(_auc(score, gold), 4)}
    out["split"] = "ECB+ test topics 36-45 (held out of training)"
    return out


def evaluate_relations(
    data_dir: Path,
    *,
    limit: int | None = None,
    fnc_limit: int | None = 2000,
    ecb_limit: int | None = 600,
    embedder: Embedder | None = None,
    nli: NLI | None = None,
    options: CompareOptions | None = None,
) -> dict[str, Any]:
    """Score relations on ClaimDiff (S and W test) and FNC-1 (competition test).

    ``limit`` caps the ClaimDiff pairs (the first ones of the file),
    ``ecb_limit`` the ECB+ test pairs of each kind (``None``: all, about 10,000),
    ``fnc_limit`` the FNC-1 pairs (an evenly spaced sample, every k-th pair of
    the file; ``None`` for all 25,413, which takes hours on two cores). Without the bundled NLI model
    the comparison decides with its checks and similarity alone (``nli`` in
    the result says which). Plain related links are kept (``keep_related``): FNC-1's
    "discuss" is predicted from them.
    """
    from ..models import load_embedder

    # FNC-1's "discuss" is read from plain related links, which reports leave out by default
    options = options or CompareOptions(framing=False, keep_related=True)
    embedder = embedder or load_embedder()
    if nli is None and options.use_nli:
        from ..models import load_nli

        try:
            nli = load_nli()
        except ModelError as exc:
            logger.warning("NLI model unavailable, relations decided without it: %s", exc)
    if nli is None:
        options = CompareOptions(**{**_fields(options), "use_nli": False})
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    s, w = _claimdiff(data_dir / "claims" / "claimdiff", embedder, nli, limit, options)
    seconds["claimdiff"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    fnc = _fnc(data_dir / "stance" / "fnc1", embedder, nli, fnc_limit, options)
    seconds["fnc1"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    ecb = _ecb_same_event(data_dir, nli, options.fact, ecb_limit)
    seconds["ecb_same_event"] = round(time.perf_counter() - started, 2)
    from dataclasses import asdict

    return {"claimdiff_s": s, "claimdiff_w": w, "fnc1": fnc, "ecb_same_event": ecb,
            "nli": nli is not None,
            "seconds": seconds, "thresholds": asdict(options.thresholds)}


def _fields(options: CompareOptions) -> dict[str, Any]:
    from dataclasses import fields

    return {f.name: getattr(options, f.name) for f in fields(options)}
