"""Quotes: direct and indirect, with their speakers; apostrophes are not quotes."""

from __future__ import annotations

import pytest

from analysis_fixtures import analysed, seed
from crosswire.analyse.quotes import find_quote_spans


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ('He said "yes" and "no".', ['"yes"', '"no"']),
        ("She called it \u2018a disgrace\u2019 and left.", ["\u2018a disgrace\u2019"]),
        ("The nation\u2019s army and Kim\u2019s daughter.", []),
        ("\u201cWe stay,\u201d he said.", ["\u201cWe stay,\u201d"]),
        ('"It goes on\nNext paragraph."', ['"It goes on']),
    ],
)
def test_analyse_quote_spans(text: str, quotes: list[str]) -> None:
    assert [text[s:e] for s, e in find_quote_spans(text)] == quotes


def test_analyse_quote_speaker_of_he_added() -> None:
    quotes = [q for q in seed("000_").quotes if "surrender" in q.span.text]
    assert quotes and quotes[0].direct and quotes[0].speaker == "Rob Lee"


def test_analyse_quote_indirect() -> None:
    article = analysed("Analysts suggest the losses might be aimed at calming discontent.")
    assert [(q.speaker, q.direct) for q in article.quotes] == [("Analysts", False)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a first name that is a man's is no antecedent of "she", nor a woman's of "he"
        ('Councilwoman Maria Delgado asked for a vote. Mayor Robert Kline arrived late. "We have '
         'waited long enough," she said.', "Maria Delgado"),
        ('Mayor Robert Kline refused to call a vote. Councilwoman Maria Delgado arrived late. '
         '"The budget is not ready," he said.', "Robert Kline"),
        # an honorific the article gives the surname tells it too
        ('Mr. Okafor and Mrs. Patel met on Monday. Patel arrived first, then Okafor. "It went '
         'well," she said.', "Patel"),
        # a surname two people of the article share stands for the one of the right gender
        ('Hillary Clinton and Bill Clinton arrived at noon. An aide, Ann Lee, met them. Later '
         'Clinton spoke to voters. "We will win this state," she said.', "Hillary Clinton"),
        # a name that tells no gender stays the nearest
        ('Senator Jordan Hale spoke after the mayor. "We will rebuild," she said.',
         "Jordan Hale"),
    ],
)
def test_analyse_quote_speaker_pronoun_agrees_in_gender(text: str, speaker: str) -> None:
    quotes = [q for q in analysed(text).quotes if q.direct]
    assert quotes and quotes[-1].speaker == speaker, [(q.span.text, q.speaker) for q in quotes]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "he" continues the subject of the main clause, not the person named last
        ('Senator Tom Harlan said he expects Governor Mark Reyes to recover by Friday. "We '
         'would be fools not to prepare," he said.', "Tom Harlan"),
        # nor a person the quotation itself names
        ('Ellen Park spoke at the rally on Monday.\n\n"Nobody believes a word that Maria Lopez '
         'says," she said.', "Ellen Park"),
        # a subject two paragraphs back is too far: the nearest person stays
        ('Ellen Park spoke at the rally on Monday.\n\nThe crowd was large.\n\nThe rally ended '
         'with a speech by Maria Lopez. "We will be back," she said.', "Maria Lopez"),
    ],
)
def test_analyse_quote_speaker_pronoun_continues_the_main_subject(text: str, speaker: str) -> None:
    quotes = [q for q in analysed(text).quotes if q.direct]
    assert quotes and quotes[-1].speaker == speaker, [(q.span.text, q.speaker) for q in quotes]
