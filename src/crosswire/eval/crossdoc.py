"""``crosswire eval crossdoc``: the comparison scored on multi-outlet gold.

The gold (``crossdoc_gold/<event>.json``, see its README) was made by careful
reading of BASIL triplets: for each event its central facts with the sentence
that states each in each outlet, sentence pairs across outlets labelled
``agree`` (one fact, told alike), ``conflict`` (one fact, a slot differs),
``different`` (different facts of the story; ``trap`` when their numbers,
dates or places differ) or ``unrelated``, and a few attributions and shared
roots. Events are split into ``dev`` (to tune on) and ``test`` (only scored).

Beside the relations, each half scores the gold's attributions
(``attribution_source_recall``: the sentence has an attribution that names the
gold's source) and its shared roots (``roots_counted_once``: the claims of
sentences that rest on one report or statement count as one independent source).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import EvaluationError
from .crossdoc_data import find_phrase, read_event

__all__ = ["GOLD_DIR", "LABELS", "check_gold_file", "load_gold"]

GOLD_DIR = Path(__file__).parent / "crossdoc_gold"
LABELS = ("agree", "conflict", "different", "unrelated")
SLOTS = ("number", "date", "time", "place", "actor", "object", "negation", "certainty", "other")


def load_gold(path: Path) -> dict[str, Any]:
    """One gold file, parsed."""
    try:
        gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"{path}: cannot read the gold file: {exc}") from exc
    return gold


def check_gold_file(path: Path, data_dir: Path) -> str:
    """Check a gold file against its event's articles; a one-line summary, or EvaluationError."""
    gold = load_gold(path)
    for key in ("event", "split", "facts", "pairs"):
        if key not in gold:
            raise EvaluationError(f"{path}: no {key!r}")
    if gold["split"] not in ("dev", "test"):
        raise EvaluationError(f"{path}: split must be dev or test, not {gold['split']!r}")
    event = read_event(data_dir, gold["event"])

    def locate(outlet: str, phrase: str, where: str) -> None:
        if outlet not in event.articles:
            raise EvaluationError(f"{path}: {where}: no outlet {outlet!r} in {gold['event']}")
        try:
            find_phrase(event.articles[outlet], phrase)
        except EvaluationError as exc:
            raise EvaluationError(f"{path}: {where}: {exc}") from exc

    ids = set()
    for fact in gold["facts"]:
        ids.add(fact["id"])
        if len(fact["sentences"]) < 2:
            raise EvaluationError(f"{path}: fact {fact['id']}: fewer than two outlets")
        for outlet, phrase in fact["sentences"].items():
            locate(outlet, phrase, f"fact {fact['id']}")
    if len(ids) != len(gold["facts"]):
        raise EvaluationError(f"{path}: fact ids repeat")
    labels: dict[str, int] = {}
    traps = 0
    for n, pair in enumerate(gold["pairs"], start=1):
        if pair["label"] not in LABELS:
            raise EvaluationError(f"{path}: pair {n}: label {pair['label']!r} not one of {LABELS}")
        if pair["a"] == pair["b"]:
            raise EvaluationError(f"{path}: pair {n}: both sentences from {pair['a']!r}")
        if pair["label"] == "conflict" and pair.get("slot") not in SLOTS:
            raise EvaluationError(f"{path}: pair {n}: a conflict names its slot, one of {SLOTS}")
        locate(pair["a"], pair["a_phrase"], f"pair {n}")
        locate(pair["b"], pair["b_phrase"], f"pair {n}")
        labels[pair["label"]] = labels.get(pair["label"], 0) + 1
        traps += bool(pair.get("trap"))
    for n, item in enumerate(gold.get("attributions", []), start=1):
        locate(item["outlet"], item["phrase"], f"attribution {n}")
    for n, root in enumerate(gold.get("roots", []), start=1):
        for outlet, phrase in root["members"]:
            locate(outlet, phrase, f"root {n}")
    return (f"{len(gold['facts'])} facts, {len(gold['pairs'])} pairs {labels}, {traps} traps, "
            f"{len(gold.get('attributions', []))} attributions")


# --- scoring --------------------------------------------------------------------------------------

__all__ += ["claim_quality", "evaluate_crossdoc", "score_event"]


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


class _Located:
    """Where the gold's phrases land in one event's analysed articles: claim ids per sentence."""

    def __init__(self, articles: dict[str, Any]) -> None:
        self.articles = articles
        self.cache: dict[tuple[str, str], tuple[str, ...] | None] = {}

    def sentence(self, outlet: str, phrase: str) -> tuple[int, int] | None:
        """The span of the sentences holding ``phrase`` (the phrase itself where no sentence
        does), or None when the phrase is not in the text."""
        article = self.articles[outlet]
        start = article.text.find(phrase)
        if start < 0:
            return None
        end = start + len(phrase)
        sentences = [s for s in article.sentences if s.start < end and start < s.end]
        return (min([s.start for s in sentences] + [start]),
                max([s.end for s in sentences] + [end]))

    def claims(self, outlet: str, phrase: str) -> tuple[str, ...] | None:
        """The ids of the claims inside the sentence that holds ``phrase`` (None: phrase lost)."""
        key = (outlet, phrase)
        if key not in self.cache:
            span = self.sentence(outlet, phrase)
            self.cache[key] = None if span is None else tuple(
                c.id for c in self.articles[outlet].claims if c.start < span[1] and span[0] < c.end)
        return self.cache[key]

    def covered(self, outlet: str, phrase: str) -> float:
        """The share of the words of the sentence holding ``phrase`` that lie in its claims."""
        article = self.articles[outlet]
        span = self.sentence(outlet, phrase)
        if span is None:
            return 0.0
        words = [m.start() + span[0] for m in re.finditer(r"\w+", article.text[span[0]:span[1]])]
        inside = [w for w in words if any(c.start <= w < c.end for c in article.claims)]
        return len(inside) / len(words) if words else 0.0


#: the share of a sentence's words its claims must hold for the sentence to count as covered
COVERED = 0.6


def score_event(gold: dict[str, Any], report: Any) -> dict[str, Any]:
    """Counts for one event: the report's relations on the gold pairs, facts and sentences."""
    by_outlet = {a.outlet: a for a in report.articles}
    located = _Located(by_outlet)
    cluster_of = {c: g for g in report.groups for c in g.claims}
    status = {g.id: g.status for g in report.groups}
    linked: dict[frozenset[str], set[str]] = {}
    for link in report.links:
        kinds = linked.setdefault(frozenset((link.a, link.b)), set())
        kinds.add(link.relation)
        if link.details.get("tension"):
            kinds.add("tension")
    contradicting_clusters = {frozenset((cluster_of[link.a].id, cluster_of[link.b].id))
                              for link in report.links if link.relation == "contradicts"
                              and link.a in cluster_of and link.b in cluster_of}

    def predicted(a: tuple[str, ...], b: tuple[str, ...]) -> set[str]:
        found: set[str] = set()
        for x in a:
            for y in b:
                kinds = linked.get(frozenset((x, y)), set())
                found |= kinds
                gx, gy = cluster_of.get(x), cluster_of.get(y)
                if gx is not None and gx is gy and len(gx.claims) > 1:
                    found.add("corroborates")
                if gx is not None and gy is not None and \
                        frozenset((gx.id, gy.id)) in contradicting_clusters:
                    found.add("contradicts")
        return found

    pairs: list[dict[str, Any]] = []
    for pair in gold["pairs"]:
        a = located.claims(pair["a"], pair["a_phrase"]) or ()
        b = located.claims(pair["b"], pair["b_phrase"]) or ()
        pairs.append({"label": pair["label"], "trap": bool(pair.get("trap")),
                      "predicted": sorted(predicted(a, b)), "slot": pair.get("slot"),
                      "a": pair["a_phrase"], "b": pair["b_phrase"]})
    facts: list[dict[str, Any]] = []
    fact_of_claim: dict[str, set[str]] = {}
    for fact in gold["facts"]:
        per_outlet = {o: located.claims(o, p) or () for o, p in fact["sentences"].items()}
        for ids in per_outlet.values():
            for c in ids:
                fact_of_claim.setdefault(c, set()).add(fact["id"])
        joined = clustered = False
        candidates = {cluster_of[c].id for c in next(iter(per_outlet.values())) if c in cluster_of}
        for gid in candidates:
            if all(any(cluster_of.get(c) is not None and cluster_of[c].id == gid for c in ids)
                   for ids in per_outlet.values()):
                clustered = True
                joined = joined or status[gid] == "corroborated"
        facts.append({"id": fact["id"], "outlets": len(per_outlet), "joined": joined,
                      "clustered": clustered})
    cluster_facts: dict[str, set[str]] = {}
    for claim, fact_ids in fact_of_claim.items():
        if len(fact_ids) == 1 and claim in cluster_of:
            cluster_facts.setdefault(cluster_of[claim].id, set()).update(fact_ids)
    attributed, roots = _sources_scored(gold, report, located)
    phrases = {(f_outlet, p) for fact in gold["facts"] for f_outlet, p in fact["sentences"].items()}
    phrases |= {(pair[s], pair[f"{s}_phrase"]) for pair in gold["pairs"] for s in ("a", "b")}
    covered = sum(1 for o, p in phrases if located.covered(o, p) >= COVERED)
    return {"pairs": pairs, "facts": facts, "attributions": attributed, "roots": roots,
            "max_cluster_facts": max((len(v) for v in cluster_facts.values()), default=0),
            "sentences": len(phrases), "covered": covered,
            "links": {k: sum(1 for link in report.links if link.relation == k)
                      for k in ("corroborates", "contradicts", "related")},
            "claims": sum(len(a.claims) for a in report.articles),
            "largest_group": max((len(g.claims) for g in report.groups), default=0)}


def _same_source(found: str, gold: str) -> bool:
    """Whether an attribution's source names the gold's: the same key, or the head word (a
    surname, "indictment") of one among the other's words."""
    from ..comparison.views import source_key

    x, y = (source_key(n.replace("\u2019", "'")) for n in (found, gold))
    if not x or not y:
        return False
    if x == y:
        return True
    wx, wy = re.findall(r"[\w'\u2019.-]+", x), re.findall(r"[\w'\u2019.-]+", y)
    return bool(wx and wy) and (wx[-1] in wy or wy[-1] in wx)


def _sources_scored(gold: dict[str, Any], report: Any,
                    located: _Located) -> tuple[list[bool], list[bool | None]]:
    """For each gold attribution, whether the sentence holding its phrase has an attribution
    whose source (or the innermost of its chain) names the gold's source; for each gold shared
    root, whether the comparison counts its members' claims as one root (None: a member's
    sentence holds no claim)."""
    from ..comparison.groups import independent_roots, near_duplicate_articles
    from ..comparison.views import build_views

    by_outlet = {a.outlet: a for a in report.articles}
    attributed: list[bool] = []
    for item in gold.get("attributions", []):
        article = by_outlet[item["outlet"]]
        span = located.sentence(item["outlet"], item["phrase"])
        found = False
        if span is not None:
            for attribution in article.attributions:
                where = attribution.cue or attribution.source_span
                if where is None or not (span[0] <= where.start < span[1]):
                    continue
                names = [n for n in (attribution.source, *attribution.chain) if n]
                if any(_same_source(n, item["source"]) for n in names):
                    found = True
                    break
        attributed.append(found)
    if not gold.get("roots"):
        return attributed, []
    views = {v.id: v for v in build_views(list(report.articles))}
    copies = near_duplicate_articles(report.articles)
    roots: list[bool | None] = []
    for root in gold["roots"]:
        members = [located.claims(outlet, phrase) or () for outlet, phrase in root["members"]]
        if not all(members):
            roots.append(None)
            continue
        # the member's claim that holds the phrase's first words (a sentence may hold several)
        chosen = []
        for (outlet, phrase), ids in zip(root["members"], members, strict=True):
            article = by_outlet[outlet]
            start = article.text.find(phrase)
            holding = [c for c in ids if views[c].claim.start <= start < views[c].claim.end]
            chosen.append(views[(holding or list(ids))[0]])
        roots.append(len(independent_roots(chosen, article_clusters=copies)) == 1)
    return attributed, roots


def claim_quality(articles: list[Any]) -> dict[str, Any]:
    """How whole the claims of analysed articles are: the share of sentences that state
    something (four words or more with a finite verb) whose words lie mostly in claims
    (``sentence_coverage``), and the share of claims without a finite verb of their own
    (``fragment_share``)."""
    from ..analyse.claims import FINITE
    from ..analyse.parse import doc_for

    sentences = covered = claims = fragments = 0
    for article in articles:
        doc = doc_for(article)
        for sent in doc.sents:
            words = [t for t in sent if t.is_alpha]
            if len(words) < 4 or not any(t.tag_ in FINITE for t in sent):
                continue
            sentences += 1
            inside = [t for t in words
                      if any(c.start <= t.idx < c.end for c in article.claims)]
            covered += len(inside) >= COVERED * len(words)
        for claim in article.claims:
            span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
            claims += 1
            fragments += span is None or not any(t.tag_ in FINITE for t in span)
    return {"sentences": sentences, "sentence_coverage": _ratio(covered, sentences),
            "claims": claims, "fragment_share": _ratio(fragments, claims)}


def _polnear_quality(data_dir: Path, options: Any) -> dict[str, Any] | None:
    from ..api import analyse_articles, read_inputs
    from ..document import Article

    folder = data_dir / "attribution" / "polnear" / "test" / "text"
    if not folder.is_dir():
        return None
    texts = [Article.from_text(p.read_text(encoding="utf-8"), source=str(p))
             for p in sorted(folder.glob("*.txt"))]
    articles, _ = read_inputs(texts, options=options)
    return claim_quality(analyse_articles(articles, options=options))


#: what the report says of a pair that is a finding (a plain related link is none)
FINDINGS = frozenset({"contradicts", "tension", "corroborates"})


def _half_scores(events: list[dict[str, Any]]) -> dict[str, Any]:
    pairs = [p for e in events for p in e["pairs"]]

    def prf(relation: str, gold_label: str) -> tuple[float | None, float | None, int]:
        said = [p for p in pairs if relation in p["predicted"]]
        right = sum(1 for p in said if p["label"] == gold_label)
        positives = sum(1 for p in pairs if p["label"] == gold_label)
        return _ratio(right, len(said)), _ratio(right, positives), len(said)

    cp, cr, cn = prf("corroborates", "agree")
    xp, xr, xn = prf("contradicts", "conflict")
    tp, tr, tn = prf("tension", "conflict")
    facts = [f for e in events for f in e["facts"]]
    labels: dict[str, int] = {}
    for p in pairs:
        labels[p["label"]] = labels.get(p["label"], 0) + 1
    traps = [p for p in pairs if p["trap"]]
    return {
        "events": len(events),
        "pairs": len(pairs),
        "labels": labels,
        "corroborates_precision": cp, "corroborates_recall": cr, "corroborates_said": cn,
        "contradicts_precision": xp, "contradicts_recall": xr, "contradicts_said": xn,
        "tension_precision": tp, "tension_recall": tr, "tension_said": tn,
        "trap_false_findings": sum(1 for p in traps if FINDINGS & set(p["predicted"])),
        "traps": len(traps),
        "central_fact_recall": _ratio(sum(f["joined"] for f in facts), len(facts)),
        "central_fact_clustered": _ratio(sum(f["clustered"] for f in facts), len(facts)),
        "central_facts": len(facts),
        "max_cluster_facts": max((e["max_cluster_facts"] for e in events), default=0),
        "attribution_source_recall": _ratio(sum(a for e in events for a in e["attributions"]),
                                            sum(len(e["attributions"]) for e in events)),
        "roots_counted_once": _ratio(sum(1 for e in events for r in e["roots"] if r),
                                     sum(1 for e in events for r in e["roots"] if r is not None)),
        "roots": sum(len(e["roots"]) for e in events),
        "claims_sentence_coverage": _ratio(sum(e["covered"] for e in events),
                                           sum(e["sentences"] for e in events)),
        "largest_group": max((e["largest_group"] for e in events), default=0),
        "links": {k: sum(e["links"][k] for e in events) for k in ("corroborates", "contradicts",
                                                                     "related")},
    }


def evaluate_crossdoc(
    data_dir: Path,
    *,
    splits: tuple[str, ...] = ("dev", "test"),
    options: Any = None,
    gold_dir: Path | None = None,
    keep_pairs: bool = False,
    polnear: bool = True,
) -> dict[str, Any]:
    """Score the comparison on the multi-outlet gold; one block of scores per split.

    Each split's ``claims`` block, and ``polnear_claims`` (PolNeAR test, when ``polnear``),
    say how whole the claims are (see :func:`claim_quality`).

    ``options`` is a :class:`crosswire.api.Options` (``None``: the defaults).
    ``keep_pairs`` adds each pair's gold label and predicted relations.
    """
    import time

    from ..api import compare

    files = sorted((gold_dir or GOLD_DIR).glob("*.json"))
    if not files:
        raise EvaluationError(f"{gold_dir or GOLD_DIR}: no gold files")
    per_split: dict[str, list[dict[str, Any]]] = {s: [] for s in splits}
    read: dict[str, list[Any]] = {s: [] for s in splits}
    started = time.perf_counter()
    for path in files:
        gold = load_gold(path)
        if gold["split"] not in per_split:
            continue
        event = read_event(data_dir, gold["event"])
        report = compare(list(event.articles.values()), options=options)
        scored = score_event(gold, report)
        scored["event"] = path.stem
        per_split[gold["split"]].append(scored)
        read[gold["split"]] += report.articles
    result: dict[str, Any] = {}
    for split, events in per_split.items():
        result[split] = _half_scores(events)
        result[split]["claims"] = claim_quality(read[split])
        if keep_pairs:
            result[split]["events_detail"] = events
    if polnear:
        result["polnear_claims"] = _polnear_quality(data_dir, options)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result
