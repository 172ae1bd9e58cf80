"""Calibrate the comparison's relation thresholds on data other than the demo articles.

The comparison decides each candidate pair's relation from the NLI model both
ways, the entailment of one claim's core by the other, the cosine similarity
and the explicit checks (:mod:`crosswire.comparison.relations`). This script
gathers that evidence once, through the real path (analysis, views,
candidates, :func:`~crosswire.comparison.evidence.gather_evidence`), for three
sets, then replays :func:`~crosswire.comparison.relations.decide` over a grid
of thresholds:

``ecb``
    ECB+ cross-document pairs of annotated sentences of the development topics
    (``events/ecbplus``, :mod:`crosswire.eval.ecb`):
    *same event*, two documents of one sub-event whose sentences mention the
    same annotated action (coreference chain); *other*, pairs of one sub-event
    that share no action, and pairs across the topic's two sub-events (the same
    kind of event, another occurrence). Scored: F0.5 of ``corroborates`` for
    *same event* (precision weighs more: a false corroboration misleads).
``docnli``
    DocNLI MNLI and FEVER *dev* pairs whose premise is held out
    (:func:`crosswire.eval.nli.is_heldout_premise`: never trained on, and
    not the test pairs the model card reports). Scored: accuracy of
    ``corroborates`` for ``entailment``.
``claimdiff``
    ClaimDiff *train* pairs (claims of two outlets on one topic), used only for
    ``differ``: how many descriptive words a pair that neither entails must
    share to be marked as tension.
    Scored: F1 of tension (a contradiction, or a related link marked as
    tension) for "B weakens A", counted only when the tension marks are right
    more often than "weakens" occurs (lift above 1); otherwise the rule tells
    nothing and scores 0. With few "weakens" pairs, a ``differ`` rule is kept
    only when it beats leaving it off in 95% of paired bootstrap resamples.
``fnc``
    FNC-1 *train* stances (headline against the body's sentences), an evenly
    spaced sample, predicted as ``crosswire eval relations`` does. Scored: the
    FNC weighted score relative to its maximum. The bundled NLI model was
    trained on FNC-1 train, so its probabilities here are more confident than
    on unseen text; the thresholds are chosen on the mean of the three scores,
    never on FNC-1 alone.

The grid is searched in stages (the gate, the descriptive-word overlap and the
entailment thresholds; the same-fact head's thresholds; the
contradiction thresholds; the related cosine, each by the mean of the ECB+,
DocNLI and FNC-1 scores; then ``differ`` by the ClaimDiff score), each
keeping the best of the one before. Settings within ``TOLERANCE`` of the best
objective are within noise (its standard error on these sizes is about 0.01);
among them the most conservative is kept: the highest gate, then the highest
thresholds (fewer model calls, fewer links). The bundled NLI model was trained
on ClaimDiff train too. The demo articles are not read. Run from the repository root with the project's venv::

    .venv/bin/python training/calibrate_relations.py --data ../shared/data \\
        --out .carry/calibration.json

About 15 minutes on two busy cores (most of it the NLI model).
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import pickle
import random
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from crosswire.analyse import AnalysisOptions, analyse_many
from crosswire.comparison.candidates import find_candidates
from crosswire.comparison.core import attach_scenes
from crosswire.comparison.evidence import Evidence, gather_evidence
from crosswire.comparison.relations import RelationThresholds, decide
from crosswire.comparison.views import build_views
from crosswire.document import Article, Claim
from crosswire.eval.ecb import read_sentences, split_of
from crosswire.eval.nli import is_heldout_premise, read_docnli, read_fnc1
from crosswire.eval.relations import FNC_LABELS, fnc_score, fnc_stance
from crosswire.models import load_embedder, load_nli

#: the lowest gate tried; evidence is gathered with the model asked from here
GATHER_GATE = 0.35
#: objectives closer than this to the best are within noise
TOLERANCE = 0.005


@dataclass
class Pair:
    evidence: Evidence
    a: str
    b: str


# ---------------------------------------------------------------- reading


def read_ecb(data: Path) -> list[tuple[str, str, str, str, frozenset[str]]]:
    """``(topic, sub-event, document, sentence, action chains)`` of the annotated sentences
    of the ECB+ development topics (:mod:`crosswire.eval.ecb`; the test topics are held out
    for ``crosswire eval relations``)."""
    return [(s.topic, s.sub_event, s.document, s.text, s.chains)
            for s in read_sentences(data) if split_of(s.topic) == "dev"]


# ---------------------------------------------------------------- evidence


class Gatherer:
    def __init__(self) -> None:
        self.embedder = load_embedder()
        self.nli = load_nli()
        self.analysed: dict[str, Article] = {}

    def analyse(self, texts: list[str], tag: str) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in self.analysed]
        articles = [Article.from_text(t, source=f"{tag}:{n}") for n, t in enumerate(todo)]
        options = AnalysisOptions(checkworthiness="none")
        for text, article in zip(todo, analyse_many(articles, options=options), strict=True):
            self.analysed[text] = article

    def one_claim(self, text: str, tag: str) -> Article:
        from crosswire.document import article_from_dict, article_to_dict

        article = article_from_dict(article_to_dict(self.analysed[text]))
        article.id = tag
        body = article.text.strip()
        start = article.text.index(body)
        article.claims = [Claim(f"{tag}:c", article.span(start, start + len(body)))]
        return article

    def sentence_claims(self, text: str, tag: str) -> Article:
        from crosswire.document import article_from_dict, article_to_dict

        article = article_from_dict(article_to_dict(self.analysed[text]))
        article.id = tag
        spans = article.sentences or [article.span(0, len(article.text))]
        article.claims = [Claim(f"{tag}:s{n}", s) for n, s in enumerate(spans) if s.text.strip()]
        return article

    def evidence(self, articles: list[Article], min_score: float) -> list[Pair]:
        views = build_views(articles)
        if len({v.article_index for v in views}) < 2:
            return []
        vectors = np.asarray(self.embedder.encode([v.text for v in views]), dtype=np.float32)
        candidates = find_candidates(views, vectors, top_k=5, min_score=min_score,
                                     entity_weight=0.15, quantity_weight=0.05)
        attach_scenes(views, candidates)
        found, _ = gather_evidence(views, candidates, self.nli, gate=GATHER_GATE,
                                   embedder=self.embedder)
        return [Pair(e, views[e.candidate.a].text, views[e.candidate.b].text) for e in found]


def ecb_set(g: Gatherer, data: Path, size: int, rng: random.Random) -> list[tuple[Pair, bool]]:
    sentences = read_ecb(data)
    vectors = np.asarray(g.embedder.encode([s[3] for s in sentences]), dtype=np.float32)
    same, other = [], []
    by_topic: dict[str, list[int]] = collections.defaultdict(list)
    for n, s in enumerate(sentences):
        by_topic[s[0]].append(n)
    for ids in by_topic.values():
        for i, j in itertools.combinations(ids, 2):
            x, y = sentences[i], sentences[j]
            if x[2] == y[2] or float(vectors[i] @ vectors[j]) < GATHER_GATE:
                continue  # one document, or too far apart to be a candidate
            (same if x[1] == y[1] and x[4] & y[4] else other).append((i, j))
    rng.shuffle(same)
    rng.shuffle(other)
    chosen = [(p, True) for p in same[: size // 2]] + [(p, False) for p in other[: size // 2]]
    g.analyse([sentences[k][3] for (i, j), _ in chosen for k in (i, j)], "ecb")
    out = []
    for n, ((i, j), gold) in enumerate(chosen):
        a = g.one_claim(sentences[i][3], f"ecb{n}a")
        b = g.one_claim(sentences[j][3], f"ecb{n}b")
        out += [(p, gold) for p in g.evidence([a, b], -1.0)]
    return out


def docnli_set(g: Gatherer, data: Path, size: int, rng: random.Random) -> list[tuple[Pair, bool]]:
    rows = []
    for name in ("mnli", "fever"):
        path = data / "nli" / "docnli-binary" / f"{name}-dev.tsv"
        held = [r for r in read_docnli(path) if is_heldout_premise(r.premise)
                and len(r.premise.split()) <= 120]
        rng.shuffle(held)
        rows += held[: size // 2]
    g.analyse([t for r in rows for t in (r.premise, r.hypothesis)], "docnli")
    out = []
    for n, r in enumerate(rows):
        a = g.one_claim(r.premise, f"dn{n}p")
        b = g.one_claim(r.hypothesis, f"dn{n}h")
        out += [(p, r.label == "entailment") for p in g.evidence([a, b], -1.0)]
    return out


def claimdiff_set(g: Gatherer, data: Path, size: int,
                  rng: random.Random) -> list[tuple[list[Pair], bool]]:
    folder = data / "claims" / "claimdiff"
    strong = json.loads((folder / "ClaimDiff-S" / "ClaimDiff-strength-train.json")
                        .read_text("utf-8"))["data"]
    weak = json.loads((folder / "ClaimDiff-W" / "ClaimDiff-weak-train.json")
                      .read_text("utf-8"))["data"]
    weakens = {item["pair_id"]: int(item["relation"]) == 1 for item in weak}
    items = list(strong)
    rng.shuffle(items)
    items = items[:size]
    g.analyse([t for item in items for t in (item["claim_a"], item["claim_b"])], "claimdiff")
    out = []
    for n, item in enumerate(items):
        a = g.one_claim(item["claim_a"], f"cd{n}a")
        b = g.one_claim(item["claim_b"], f"cd{n}b")
        out.append((g.evidence([a, b], 0.35), weakens.get(item["pair_id"], False)))
    return out


def fnc_set(g: Gatherer, data: Path, size: int) -> list[tuple[str, list[Pair]]]:
    stances, bodies = read_fnc1(data, "train")
    step = max(1, len(stances) // size)
    sample = stances[::step][:size]
    g.analyse([s.headline for s in sample] + [bodies[s.body_id] for s in sample], "fnc")
    out = []
    for n, s in enumerate(sample):
        head = g.one_claim(s.headline, f"fh{n}")
        body = g.sentence_claims(bodies[s.body_id], f"fb{n}")
        out.append((s.stance, g.evidence([head, body], 0.35)))
    return out


# ---------------------------------------------------------------- scoring


def _relation(pair: Pair, t: RelationThresholds) -> str | None:
    decision = decide(pair.evidence, t, pair.a, pair.b)
    return decision[0] if decision else None


def tension_marks(sets: dict[str, Any], t: RelationThresholds) -> list[tuple[bool, bool]]:
    """``(marked as tension, B weakens A)`` for each ClaimDiff pair."""
    marks = []
    for pairs, gold in sets["claimdiff"]:
        pred = False
        for pair in pairs:
            decision = decide(pair.evidence, t, pair.a, pair.b)
            pred = pred or bool(decision and (decision[0] == "contradicts" or decision[3]))
        marks.append((pred, bool(gold)))
    return marks


def _f1(marks: np.ndarray) -> float:
    tp = float(np.sum(marks[:, 0] & marks[:, 1]))
    fp = float(np.sum(marks[:, 0] & ~marks[:, 1]))
    fn = float(np.sum(~marks[:, 0] & marks[:, 1]))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def paired_bootstrap(sets: dict[str, Any], better: RelationThresholds,
                     baseline: RelationThresholds, rounds: int = 2000,
                     seed: int = 13) -> float:
    """How often ``better`` beats ``baseline`` on ClaimDiff tension F1 over resamples of the
    pairs (both settings scored on the same resample)."""
    x = np.array(tension_marks(sets, better), dtype=bool)
    y = np.array(tension_marks(sets, baseline), dtype=bool)
    rng = np.random.default_rng(seed)
    wins = 0
    for _ in range(rounds):
        pick = rng.integers(0, len(x), len(x))
        wins += _f1(x[pick]) > _f1(y[pick])
    return wins / rounds


def score(sets: dict[str, Any], t: RelationThresholds) -> dict[str, Any]:
    tp = fp = fn = 0
    false_contra = 0
    for pair, gold in sets["ecb"]:
        rel = _relation(pair, t)
        pred = rel == "corroborates"
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
        false_contra += gold and rel == "contradicts"
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f05 = 1.25 * p * r / (0.25 * p + r) if p + r else 0.0
    right = sum((_relation(pair, t) == "corroborates") == gold for pair, gold in sets["docnli"])
    gold_fnc, pred_fnc = [], []
    for stance, pairs in sets["fnc"]:
        links = []
        for pair in pairs:
            decision = decide(pair.evidence, t, pair.a, pair.b)
            if decision:
                links.append((decision[0], decision[1]))
        gold_fnc.append(stance)
        pred_fnc.append(fnc_stance(links))
    fnc = fnc_score(gold_fnc, pred_fnc)
    confusion = collections.Counter(zip(gold_fnc, pred_fnc, strict=True))
    result = {
        "ecb": {"precision": round(p, 4), "recall": round(r, 4), "f05": round(f05, 4),
                "same_event_contradicted": false_contra},
        "docnli": {"accuracy": round(right / max(1, len(sets["docnli"])), 4)},
        "fnc": {"score": round(fnc, 4),
                "confusion": {gl: {pl: confusion[(gl, pl)] for pl in FNC_LABELS}
                              for gl in FNC_LABELS}},
    }
    result["objective"] = round((f05 + result["docnli"]["accuracy"] + fnc) / 3, 4)
    tp = fp = fn = 0
    for pred, gold in tension_marks(sets, t):
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    base = sum(gold for _, gold in sets["claimdiff"]) / max(1, len(sets["claimdiff"]))
    result["claimdiff"] = {"tension_precision": round(p, 4), "tension_recall": round(r, 4),
                           "tension_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                           "weakens_base_rate": round(base, 4),
                           "tension_lift": round(p / base, 4) if base else 0.0}
    return result


def conflict_rates(sets: dict[str, Any]) -> dict[str, Any]:
    """How often each explicit check finds a conflict, per gold class of each set: a check
    that marks tension should fire on ECB+ *other* pairs, DocNLI non-entailment and ClaimDiff
    "weakens" more often than on the pairs that agree."""
    def rates(items: list[tuple[list[Pair], Any]]) -> dict[str, dict[str, Any]]:
        counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        totals: collections.Counter[str] = collections.Counter()
        for pairs, gold in items:
            key = str(gold)
            totals[key] += 1
            fired = {c.check for p in pairs for c in p.evidence.checks if c.verdict == "conflict"}
            for check in fired:
                counts[check][key] += 1
        return {check: {key: {"pairs": n, "rate": round(n / totals[key], 4)}
                        for key, n in sorted(by.items())} | {"of": dict(totals)}
                for check, by in sorted(counts.items())}

    return {
        "ecb (True: same event)": rates([([p], g) for p, g in sets["ecb"]]),
        "docnli (True: entailment)": rates([([p], g) for p, g in sets["docnli"]]),
        "claimdiff (True: B weakens A)": rates(sets["claimdiff"]),
        "fnc (gold stance)": rates([(pairs, s) for s, pairs in sets["fnc"]]),
    }


def search(sets: dict[str, Any]) -> tuple[RelationThresholds, list[dict[str, Any]]]:
    best = RelationThresholds()
    log: list[dict[str, Any]] = []
    stages: list[tuple[dict[str, list[float]], Any]] = [
        ({"gate": [0.35, 0.4, 0.45, 0.5, 0.55, 0.6], "overlap": [0, 1, 2, 3],
          "corroborate": [0.5, 0.6, 0.7, 0.8, 0.9], "core": [0.6, 0.7, 0.8, 0.9, 0.95]},
         lambda s: s["objective"]),
        # the same-fact head (a model without it ignores these)
        ({"fact": [0.3, 0.4, 0.5, 0.6, 0.7, 0.8], "fact_agree": [0.6, 0.7, 0.8, 0.9, 0.95],
          "fact_conflict": [0.6, 0.8, 0.9]}, lambda s: s["objective"]),
        ({"contradict_one": [0.5, 0.6, 0.7, 0.8, 0.9, 0.95],
          "contradict": [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]}, lambda s: s["objective"]),
        ({"related": [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]}, lambda s: s["objective"]),
        # a tension mark that is right less often than "weakens" occurs at all tells nothing:
        # such settings score 0, and the most conservative (off) is kept
        ({"differ": [1, 2, 3, 4, 5, 6, 8, 0]},  # the last stage
         lambda s: s["claimdiff"]["tension_f1"] if s["claimdiff"]["tension_lift"] > 1 else 0.0),
    ]
    for number, (grid, objective) in enumerate(stages, 1):
        names = list(grid)
        results = []
        for values in itertools.product(*(grid[n] for n in names)):
            t = replace(best, **dict(zip(names, values, strict=True)))
            results.append((objective(score(sets, t)), values, t))
        top = max(r[0] for r in results)
        near = [r for r in results if r[0] >= top - TOLERANCE]
        # the most conservative: the largest values (differ 0, "never", above all)
        chosen = max(near, key=lambda r: tuple(v if v else 1e9 for v in r[1]))
        if number == len(stages):
            # ClaimDiff has few "weakens" pairs: a rule is taken only when it beats leaving it
            # off in 95% of paired bootstrap resamples
            off = next(r for r in results if not any(r[1]))
            best_result = max(results, key=lambda r: r[0])
            wins = paired_bootstrap(sets, best_result[2], off[2])
            print(f"stage {number}: {dict(zip(names, best_result[1], strict=True))} beats off "
                  f"in {wins:.1%} of bootstrap resamples", flush=True)
            chosen = best_result if wins >= 0.95 else off
        best = chosen[2]
        results.sort(key=lambda r: -r[0])
        print(f"stage {number}: best {top}; kept {dict(zip(names, chosen[1], strict=True))} "
              f"({chosen[0]}, " + ("kept by the bootstrap)" if number == len(stages) else
                                   f"the most conservative within {TOLERANCE})"), flush=True)
        for value, values, _ in results[:6]:
            print(f"   {dict(zip(names, values, strict=True))}: {value}", flush=True)
        log.append({"stage": number, "grid": grid, "best": top,
                    "kept": {"values": dict(zip(names, chosen[1], strict=True)),
                             "objective": chosen[0]},
                    "top": [{"values": dict(zip(names, v, strict=True)), "objective": o}
                            for o, v, _ in results[:10]]})
    return best, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path(".carry/calibration.json"))
    parser.add_argument("--ecb", type=int, default=1600, help="ECB+ pairs (half same event)")
    parser.add_argument("--docnli", type=int, default=800, help="DocNLI dev pairs")
    parser.add_argument("--fnc", type=int, default=500, help="FNC-1 train stances")
    parser.add_argument("--claimdiff", type=int, default=600, help="ClaimDiff train pairs")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the gathered evidence here (pickle) and reuse it")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.time()
    sets: dict[str, Any] = {}
    if args.cache and args.cache.is_file():
        with args.cache.open("rb") as fh:
            sets = pickle.load(fh)  # noqa: S301 (a file this script wrote)
    else:
        g = Gatherer()
        for name, make in (("ecb", lambda: ecb_set(g, args.data, args.ecb, rng)),
                           ("docnli", lambda: docnli_set(g, args.data, args.docnli, rng)),
                           ("fnc", lambda: fnc_set(g, args.data, args.fnc)),
                           ("claimdiff", lambda: claimdiff_set(g, args.data, args.claimdiff,
                                                               rng))):
            sets[name] = make()
            print(f"{name}: {len(sets[name])} items ({time.time() - started:.0f} s)", flush=True)
        if args.cache:
            args.cache.parent.mkdir(parents=True, exist_ok=True)
            with args.cache.open("wb") as fh:
                pickle.dump(sets, fh)
    before = score(sets, RelationThresholds())
    best, log = search(sets)
    after = score(sets, best)
    print("current defaults:", json.dumps(before), flush=True)
    print("calibrated:      ", json.dumps(after), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "sizes": {k: len(v) for k, v in sets.items()}, "seed": args.seed,
        "defaults": {"thresholds": asdict(RelationThresholds()), "scores": before},
        "calibrated": {"thresholds": asdict(best), "scores": after}, "search": log,
        "conflicts": conflict_rates(sets),
    }, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
