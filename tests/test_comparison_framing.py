"""Framing terms per referent and the loaded-language lexicon with its provenance."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crosswire.comparison.framing import find_framing, person_referents, place_mentions
from crosswire.comparison.lexicon import find_loaded, lexicon
from crosswire.comparison.people import parse_name, role_terms, same_person
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


def named(text: str, entities: list[tuple[str, str]]) -> Article:
    """An article with each entity at every place its text occurs that no earlier (longer)
    entity covers: list "Donald Trump" before "Trump"."""
    made = Article.from_text(text, source="t.txt")
    taken: list[tuple[int, int]] = []
    for name, label in entities:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            made.entities.append(Entity(made.span(m.start(), m.end()), label))
    return made


def terms_of(framing: list, referent: str, made: Article) -> list[str]:  # type: ignore[type-arg]
    found = {f.referent: f for f in framing}
    assert referent in found, sorted(found)
    terms = found[referent].terms.get(made.id, ())
    for t in terms:
        assert made.text[t.start : t.end] == t.text
    return [t.text for t in terms]


def test_comparison_framing_place_without_its_article() -> None:
    a = named("Mueller led the Russia inquiry for two years. He never went to Moscow.",
              [("the Russia", "GPE"), ("Moscow", "GPE")])
    mentions = place_mentions(a)
    assert [name for _, _, name in mentions] == ["Russia", "Moscow"]
    start, end, _ = mentions[0]
    assert a.text[start:end] == "Russia"


def test_comparison_framing_place_keeps_the_place_that_holds_it() -> None:
    a = named("Troops left Russia's Kursk region.", [("Russia", "GPE"), ("Kursk", "GPE")])
    b = named("Troops left Kursk.", [("Kursk", "GPE")])
    framing = find_framing([a, b])
    assert terms_of(framing, "Kursk", a) == ["Russia's Kursk region"]
    assert terms_of(framing, "Kursk", b) == ["Kursk"]


@pytest.mark.parametrize(
    "text",
    ["He told The Washington Post on Monday that he would stay.",
     "The New York Times reported it first."],
)
def test_comparison_framing_start_of_a_longer_name_is_no_place(text: str) -> None:
    place = "Washington" if "Washington" in text else "New York"
    a = named(text, [(f"The {place}", "GPE")])
    assert place_mentions(a) == []


def test_comparison_framing_lower_case_word_is_no_place() -> None:
    a = named("The bombs came in manila envelopes.", [("manila", "GPE")])
    assert place_mentions(a) == []


def test_comparison_framing_bare_names_are_no_framing() -> None:
    a = named("Troops stayed in Syria and Florida.", [("Syria", "GPE"), ("Florida", "GPE")])
    b = named("The Syria decision angered Florida.", [("Syria", "GPE"), ("Florida", "GPE")])
    referents = {f.referent for f in find_framing([a, b])}
    assert not referents & {"Syria", "Florida"}


@pytest.mark.parametrize(
    "text",
    ["He was arrested on Friday in Plantation, Fla., near his van.",
     "Plantation, Fla., police said the van was his.",
     "House Majority Whip Kevin McCarthy voted no."],
)
def test_comparison_lexicon_skips_words_inside_names(text: str) -> None:
    assert find_loaded(text) == []


def test_comparison_lexicon_still_flags_the_word_itself() -> None:
    assert [h.term for h in find_loaded("He grew up on a plantation.")] == ["plantation"]


@pytest.mark.parametrize(
    ("text", "term"),
    [("“Greatest Witch Hunt in the History of our Country!” he wrote.", "Witch Hunt"),
     ("He called it a witch-hunt.", "witch-hunt"),
     ("It is a witch hunt, he said.", "witch hunt")],
)
def test_comparison_lexicon_matches_a_phrase_as_one(text: str, term: str) -> None:
    hits = find_loaded(text)
    assert [h.term for h in hits] == [term]
    assert text[hits[0].start : hits[0].end] == term
    assert "'witch hunt'" in hits[0].reasons[0]


def test_comparison_lexicon_word_of_a_phrase_alone_is_plain() -> None:
    assert find_loaded("Agents were on the hunt for the culprit.") == []


def test_comparison_lexicon_records_dropped_entries() -> None:
    dropped = lexicon().dropped
    assert "whip" in dropped and "whip" not in lexicon().terms
    assert dropped["whip"]["basil_dev_right"] < dropped["whip"]["basil_dev_matches"]


def test_comparison_framing_the_president_is_not_someone_else() -> None:
    text = ("President Trump spoke on Sunday. Defense Secretary Jim Mattis resigned on Thursday. "
            "The president said he would name a replacement.")
    a = named(text, [("Jim Mattis", "PERSON"), ("Trump", "PERSON")])
    b = named("Jim Mattis, a retired Marine general, will leave in February. Mattis spoke.",
              [("Jim Mattis", "PERSON"), ("Mattis", "PERSON")])
    framing = find_framing([a, b])
    mattis = terms_of(framing, "Jim Mattis", a)
    assert "The president" not in mattis and "Defense Secretary" in mattis
    assert terms_of(framing, "Jim Mattis", b) == ["a retired Marine general"]


def test_comparison_framing_the_president_after_the_president_is_his() -> None:
    text = "Mr. Mattis met President Trump. Mr. Trump thanked Mr. Mattis. The president left."
    a = named(text, [("Mattis", "PERSON"), ("Trump", "PERSON")])
    roles = [(r.referent, text[r.start : r.end]) for r in role_terms(a, {"Mattis": "Jim Mattis",
                                                                        "Trump": "Trump"})]
    assert ("Trump", "The president") in roles
    assert ("Jim Mattis", "The president") not in roles


def test_comparison_framing_apposition_stays_with_its_person() -> None:
    a = named("Roger J. Stone Jr., a longtime adviser to President Trump, was arrested. "
              "A self-described dirty trickster, Mr. Stone began his career under Nixon.",
              [("Roger J. Stone Jr.", "PERSON"), ("Trump", "PERSON"), ("Stone", "PERSON"),
               ("Nixon", "PERSON")])
    b = named("President Trump's ex-adviser Roger Stone was taken into custody on Friday.",
              [("Trump", "PERSON"), ("Roger Stone", "PERSON")])
    framing = find_framing([a, b])
    stone = terms_of(framing, "Roger Stone", a)
    assert stone == ["a longtime adviser to President Trump", "A self-described dirty trickster"]
    assert terms_of(framing, "Roger Stone", b) == ["President Trump's ex-adviser"]
    loaded = {f.referent: f for f in framing}["Roger Stone"].terms[a.id][1]
    assert loaded.loaded and any("'dirty'" in r for r in loaded.reasons)


def test_comparison_framing_what_a_person_did() -> None:
    a = named("Defense Secretary Jim Mattis resigned on Thursday in protest of the decision.",
              [("Jim Mattis", "PERSON")])
    b = named("President Donald Trump said on Thursday that Defense Secretary James Mattis, a "
              "retired Marine general, would be retiring at the end of February.",
              [("Donald Trump", "PERSON"), ("James Mattis", "PERSON")])
    framing = find_framing([a, b])
    assert terms_of(framing, "what Jim Mattis did", a) == [
        "resigned on Thursday in protest of the decision"]
    assert terms_of(framing, "what Jim Mattis did", b) == [
        "would be retiring at the end of February"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Jim Mattis", "James Mattis", True), ("Mattis", "Jim Mattis", True),
     ("Roger J. Stone Jr.", "Roger Stone", True), ("George H.W. Bush", "George W. Bush", False),
     ("Bill Clinton", "Hillary Clinton", False), ("Mr. Trump", "Donald J. Trump", True)],
)
def test_comparison_framing_same_person(a: str, b: str, same: bool) -> None:
    pa, pb = parse_name(a), parse_name(b)
    assert pa is not None and pb is not None
    assert same_person(pa, pb) is same


def test_comparison_framing_son_with_a_suffix_is_another_person() -> None:
    a = named("Donald Trump Jr. met a lawyer. President Donald Trump said nothing. Trump left.",
              [("Donald Trump Jr.", "PERSON"), ("Donald Trump", "PERSON"), ("Trump", "PERSON")])
    b = named("Trump praised his son.", [("Trump", "PERSON")])
    people = person_referents([a, b])
    assert people[a.id]["Donald Trump Jr."] != people[a.id]["Donald Trump"]
    assert people[a.id]["Trump"] == people[b.id]["Trump"] == "Donald Trump"


def test_comparison_framing_war_names_a_party() -> None:
    a = named("The war went on. Russia's invasion began in 2022.", {})
    b = named("The war was long. The liberation of the Kursk region by Russian forces ended it.",
              {})
    framing = find_framing([a, b])
    assert terms_of(framing, "the war", a) == ["Russia's invasion"]
    assert terms_of(framing, "the war", b) == [
        "The liberation of the Kursk region by Russian forces"]


def test_comparison_framing_two_wars_are_not_one() -> None:
    a = named("He had opposed the invasion of Iraq.", {})
    b = named("He condemned the annexation of Crimea.", {})
    assert not [f for f in find_framing([a, b]) if f.referent.startswith("the war")]
