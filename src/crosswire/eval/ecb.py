"""ECB+ sentence pairs: the same event told by two documents, or not.

ECB+ (``events/ecbplus``) groups news documents by topic; each topic has two
sub-events of one kind (two different earthquakes, two different arrests), and
annotates event mentions with cross-document coreference chains. A sentence is
read with the chains of the actions it mentions (:func:`read_sentences`, only
the sentences the corpus lists as annotated).

:func:`same_event_pairs` makes the pairs the relation model is trained and
scored on:

``same``
    two sentences of different documents of one sub-event that mention an
    action of the same chain (one event, told twice);
``sibling``
    two sentences of different documents, one from each sub-event of the
    topic (the same kind of event, another occurrence);
``other``
    two sentences of different documents of one sub-event that share no chain
    (other facts of the same story);
``same_document``
    two sentences of one document that share no chain.

The topics are split as the ECB+ literature does: 36-45 are the test topics,
held out of every training set; 2, 5, 12, 18, 21, 23, 34 and 35 are the
development topics; the rest train.
"""

from __future__ import annotations

import collections
import csv
import itertools
import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvaluationError

__all__ = [
    "TEST_TOPICS",
    "EcbPair",
    "EcbSentence",
    "read_sentences",
    "same_event_pairs",
    "split_of",
]

TEST_TOPICS = frozenset(str(n) for n in range(36, 46))
DEV_TOPICS = frozenset({"2", "5", "12", "18", "21", "23", "34", "35"})
KINDS = ("same", "sibling", "other", "same_document")


@dataclass(frozen=True)
class EcbSentence:
    topic: str
    sub_event: str  # "ecb" or "plus"
    document: str
    number: int
    text: str
    chains: frozenset[str]


@dataclass(frozen=True)
class EcbPair:
    a: EcbSentence
    b: EcbSentence
    kind: str  # one of KINDS

    @property
    def same_event(self) -> bool:
        return self.kind == "same"


def split_of(topic: str) -> str:
    """``"test"``, ``"dev"`` or ``"train"``."""
    if topic in TEST_TOPICS:
        return "test"
    return "dev" if topic in DEV_TOPICS else "train"


def _detok(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r"\s+([,.;:!?')%])", r"\1", text).replace("( ", "(").replace("$ ", "$")
    return text.replace("`` ", '"').replace(" ''", '"').replace(" n't", "n't").replace(" 's", "'s")


def read_sentences(data: Path, *, min_words: int = 6, max_words: int = 60) -> list[EcbSentence]:
    """The annotated sentences of ECB+ with the cross-document action chains they mention."""
    folder = data / "events" / "ecbplus"
    listing = folder / "ECBplus_coreference_sentences.csv"
    wanted: dict[tuple[str, str], set[int]] = collections.defaultdict(set)
    try:
        with listing.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                wanted[(row["Topic"], row["File"])].add(int(row["Sentence Number"]))
    except (OSError, KeyError, ValueError) as exc:
        raise EvaluationError(f"{listing}: cannot read the ECB+ sentence list ({exc})") from exc
    out: list[EcbSentence] = []
    for (topic, name), numbers in sorted(wanted.items()):
        path = folder / topic / f"{topic}_{name}.xml"
        if not path.is_file():
            continue
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as exc:
            raise EvaluationError(f"{path}: not readable XML ({exc})") from exc
        tokens: dict[int, list[str]] = collections.defaultdict(list)
        sentence_of: dict[str, int] = {}
        for tok in root.iter("token"):
            n = int(tok.get("sentence", "0"))
            tokens[n].append(tok.text or "")
            sentence_of[tok.get("t_id", "")] = n
        mention: dict[str, int] = {}
        markables = root.find("Markables")
        for markable in markables if markables is not None else []:
            anchors = [a.get("t_id", "") for a in markable.findall("token_anchor")]
            if markable.tag.startswith("ACTION") and anchors and anchors[0] in sentence_of:
                mention[markable.get("m_id", "")] = sentence_of[anchors[0]]
        chains: dict[int, set[str]] = collections.defaultdict(set)
        relations = root.find("Relations")
        for rel in relations if relations is not None else []:
            note = rel.get("note") or ""
            if rel.tag == "CROSS_DOC_COREF" and note.startswith("ACT"):
                for source in rel.findall("source"):
                    if source.get("m_id") in mention:
                        chains[mention[source.get("m_id", "")]].add(note)
        kind = "plus" if name.endswith("plus") else "ecb"
        for n in sorted(numbers):
            text = _detok(tokens[n])
            if min_words <= len(text.split()) <= max_words:
                out.append(EcbSentence(topic, kind, name, n, text, frozenset(chains[n])))
    return out


def same_event_pairs(
    sentences: list[EcbSentence],
    *,
    split: str,
    rng: random.Random,
    per_kind: dict[str, int] | None = None,
) -> list[EcbPair]:
    """Pairs of the topics of one split (``"train"``, ``"dev"`` or ``"test"``), at most
    ``per_kind[kind]`` of each kind (all when a kind is not named), sampled with ``rng``."""
    by_topic: dict[str, list[EcbSentence]] = collections.defaultdict(list)
    for s in sentences:
        if split_of(s.topic) == split:
            by_topic[s.topic].append(s)
    pools: dict[str, list[EcbPair]] = {kind: [] for kind in KINDS}
    for topic in sorted(by_topic, key=int):
        for x, y in itertools.combinations(by_topic[topic], 2):
            if x.document == y.document:
                if not x.chains & y.chains:
                    pools["same_document"].append(EcbPair(x, y, "same_document"))
            elif x.sub_event != y.sub_event:
                pools["sibling"].append(EcbPair(x, y, "sibling"))
            elif x.chains & y.chains:
                pools["same"].append(EcbPair(x, y, "same"))
            else:
                pools["other"].append(EcbPair(x, y, "other"))
    out: list[EcbPair] = []
    for kind in KINDS:
        pool = pools[kind]
        rng.shuffle(pool)
        limit = (per_kind or {}).get(kind)
        out.extend(pool if limit is None else pool[:limit])
    return out
