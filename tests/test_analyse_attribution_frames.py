"""Attribution frames on small real sentences: source, cue, content, chain, kind."""

from __future__ import annotations

import pytest

from analysis_fixtures import analysed

FRAMES = [
    # (text, source, cue, words in the content)
    ("The ministry said that the bridge had been destroyed.", "ministry", "said",
     "the bridge had been destroyed"),
    ("Officials told reporters the talks had collapsed.", "Officials", "told", "the talks had collapsed"),
    ('"We will not retreat," the general said.', "general", "said", "We will not retreat"),
    ("According to the Associated Press, the vote was delayed.", "Associated Press", "According to",
     "the vote was delayed"),
    ("The vote was delayed, according to Reuters.", "Reuters", "according to", "The vote was delayed"),
    ("The story was first reported by the BBC on Monday.", "BBC", "reported", "The story"),
    ("The White House has confirmed that the president will travel to Kyiv.", "White House",
     "confirmed", "the president will travel to Kyiv"),
    ("Prosecutors allege that the company hid its losses.", "Prosecutors", "allege",
     "the company hid its losses"),
    # the parse hangs the "that" clause on "statement", and joins the speaker to "Thursday"
    ("Aitan Goelman, his attorney, said in a statement that Strzok was fired on Friday.",
     "Aitan Goelman", "said", "Strzok was fired on Friday"),
    ("In a statement issued Thursday, Mark Sheridan, a partner with Patton Boggs, said his law "
     "firm had been retained.", "Mark Sheridan", "said", "his law firm had been retained"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "source", "cue", "content"), FRAMES)
def test_analyse_attribution_frame(text: str, source: str, cue: str, content: str) -> None:
    article = analysed(text)
    frames = [a for a in article.attributions if a.cue is not None and a.cue.text == cue]
    assert frames, [a.cue.text for a in article.attributions if a.cue]
    frame = frames[0]
    assert frame.source is not None and source in frame.source
    assert frame.content is not None and content in frame.content.text


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("According to Reuters, citing two officials, the plant was shut.", ("Reuters", "two officials")),
        ("Al Jazeera, citing local health officials, reported that 40 people died.",
         ("Al Jazeera", "local health officials")),
        ("Anna Petrova said the army was retreating. Soldiers told Petrova they had no food.",
         ("Anna Petrova", "Soldiers")),
    ],
)  # fmt: skip
def test_analyse_attribution_chain(text: str, chain: tuple[str, ...]) -> None:
    article = analysed(text)
    assert chain in [a.chain for a in article.attributions]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('Maria Lopez spoke first. She said: "The water is rising."', "Maria Lopez"),
        ('John Carter, a lawyer, said the case was weak. He added: "It will fail."', "John Carter"),
    ],
)
def test_analyse_attribution_pronoun_resolved(text: str, speaker: str) -> None:
    article = analysed(text)
    added = [a for a in article.attributions if a.source_span and a.source_span.text in {"She", "He"}]
    assert added and added[0].source == speaker


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Vladimir Putin said the operation was going to plan.", "named_person"),
        ("The Ministry of Defence said the operation was going to plan.", "official_body"),
        ("The Washington Post reported that the operation was going to plan.", "news_outlet"),
        ("KCNA said the operation was going to plan.", "state_media"),
        ("Sources said the operation was going to plan.", "unnamed"),
    ],
)
def test_analyse_attribution_source_kind(text: str, kind: str) -> None:
    article = analysed(text)
    assert [a.source_kind for a in article.attributions] == [kind]


def test_analyse_attribution_quote_over_sentences() -> None:
    text = 'The mayor said: "The bridge is closed. It will reopen next week."'
    article = analysed(text)
    content = article.attributions[0].content
    assert content is not None and content.text.endswith('next week."')


def test_analyse_attribution_quote_after_a_sentence_end_is_not_the_cue_content() -> None:
    """A verb that ends its sentence takes no quotation from the next one: in 'X refused.
    "...," she said.' the words are what "she" says, not what X refused."""
    article = analysed('The council voted to delay the project. Mayor Ann Kline refused. "We have '
                       'waited long enough," she said.')
    refused = [a for a in article.attributions if a.cue is not None and a.cue.text == "refused"]
    assert not refused, [(a.cue.text, a.content and a.content.text) for a in refused]
    said = [a for a in article.attributions if a.cue is not None and a.cue.text == "said"]
    assert said and said[0].source == "Ann Kline"
    assert said[0].content is not None and "waited long enough" in said[0].content.text
