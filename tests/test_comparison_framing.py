"""Framing terms per referent and the loaded-language lexicon with its provenance."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crosswire.comparison.framing import find_framing
from crosswire.comparison.lexicon import find_loaded, lexicon
from crosswire.document import Article, Entity

ROOT = Path(__file__).resolve().parent.parent


def article(text: str, entities: dict[str, str]) -> Article:
    made = Article.from_text(text, source="t.txt")
    for name, label in entities.items():
        for m in re.finditer(re.escape(name), text):
            made.entities.append(Entity(made.span(m.start(), m.end()), label))
    return made


@pytest.mark.parametrize("term", ["dictator", "puppet", "sham"])
def test_comparison_lexicon_flags_loaded_terms_with_provenance(term: str) -> None:
    hits = find_loaded(f"They called him a {term} yesterday.")
    assert [h.term for h in hits] == [term]
    assert any(d in hits[0].reasons[0] for d in ("PTC", "BASIL", "EUvsDisinfo"))


@pytest.mark.parametrize("word", ["leader", "said", "government", "soldiers", "invasion"])
def test_comparison_lexicon_leaves_plain_words(word: str) -> None:
    assert find_loaded(f"The {word} arrived.") == []


def test_comparison_lexicon_records_input_hashes() -> None:
    assert set(lexicon().inputs) >= {"propaganda/ptc", "bias/basil", "disinfo/euvsdisinfo"}


def test_comparison_framing_terms_per_article() -> None:
    a = article("North Korea's leader Kim Jong-un wept. The dictator watched the footage of "
                "Russia's invasion.", {"Kim Jong-un": "PERSON", "North Korea": "GPE",
                                       "Russia": "GPE"})
    b = article("North Korean leader Kim Jong-un spoke after the liberation of the Kursk region "
                "by Russian forces.", {"Kim Jong-un": "PERSON", "Kursk": "GPE"})
    framing = {f.referent: f for f in find_framing([a, b])}
    kim = framing["Kim Jong-un"]
    assert [t.text for t in kim.terms[a.id]] == ["North Korea's leader", "The dictator"]
    assert [t.text for t in kim.terms[b.id]] == ["North Korean leader"]
    assert kim.terms[a.id][1].loaded
    war = framing["the war"]
    assert "Russia's invasion" in [t.text for t in war.terms[a.id]]
    assert any("liberation" in t.text for t in war.terms[b.id])
    for made in (a, b):
        for f in framing.values():
            for t in f.terms.get(made.id, ()):
                assert made.text[t.start : t.end] == t.text


@pytest.mark.data
def test_comparison_lexicon_build_is_reproducible(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "terms.json"
    subprocess.run([sys.executable, str(ROOT / "training" / "build_lexicon.py"), "--data",
                    str(shared_data), "--out", str(out)], check=True, capture_output=True)
    shipped = ROOT / "src" / "crosswire" / "data" / "loaded_terms.json"
    assert json.loads(out.read_text("utf-8")) == json.loads(shipped.read_text("utf-8"))
