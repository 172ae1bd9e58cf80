"""The cleaner's line rules: what counts as boilerplate, and what never does."""

from __future__ import annotations

import pytest

from crosswire.clean import CleanOptions, classify_line, clean_article
from crosswire.document import Article
from crosswire.errors import EmptyInputError
from crosswire.ingest import read_text

BODY = (
    "The minister said on Tuesday that the bridge would reopen next month.\n"
    "Engineers found cracks in two of the supporting pillars in March, officials said.\n"
)


def cleaned(text: str, **metadata: object) -> Article:
    return clean_article(Article.from_text(text, source="<test>", **metadata))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Don't Miss", "navigation"),
        ("DON\u2019T MISS", "navigation"),
        ("Most Read", "navigation"),
        ("Trending on GB News", "navigation"),
        ("Advertisement", "navigation"),
        ("Story continues below advertisement", "navigation"),
        ("Read more", "navigation"),
        ("12 comments", "navigation"),
        ("Read more: Tencent profit falls as Alibaba threat weighs", "related link"),
        ("RELATED: Kim visits new resort on the east coast", "related link"),
        ("Plague fears: holidaymakers die after eating marmot [INSIGHT]", "related link"),
        ("Sign up to our free daily newsletter", "promotion"),
        ("Get the day's top headlines delivered to your inbox every morning.", "promotion"),
        ("Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.", "promotion"),
        ("Share on Facebook", "share buttons"),
        ("Facebook Twitter WhatsApp Email", "share buttons"),
        ("LATEST DEVELOPMENTS:", "section label"),
        ("REUTERS", "photo credit"),
        ("Getty Images", "photo credit"),
        ("AP Photo/Evan Vucci", "photo credit"),
        ("(AP Photo/Ahn Young-joon)", "photo credit"),
        ("PA", "photo credit"),
        ("KCNA via REUTERS", "photo credit"),
        ("(Image: Getty)", "photo credit"),
        ("Photo: Handout", "photo credit"),
        ("\u00a9 2025 Example News Ltd. All rights reserved", "copyright"),
        ("(Reporting by Josh Smith; Editing by Ed Davies)", "reporting credit"),
        ("The Associated Press contributed to this report.", "reporting credit"),
        ("By Jane Doe", "byline"),
        ("Updated 14:05 GMT, 23 June 2025", "timestamp"),
        ("23 July 2013 Last updated at 13:42 GMT", "timestamp"),
        ("Friday, Sep 10, 2010 | Updated 8:52 PM EDT", "timestamp"),
        ("Article posted on 08.07.2012", "timestamp"),
        ("Tags: North Korea, Russia, Kim Jong-un", "tags"),
        ("* * *", "separator"),
    ],
)
def test_clean_rules_boilerplate_line(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Reuters reported that the talks had stalled.",
        "PA Media understands the minister will resign on Friday.",
        "Research by the Space Science Center revealed a link between solar activity and quakes.",
        "By Monday, the storm had passed and the roads had reopened.",
        "Sign up rates for the programme rose by 5 per cent, the ministry said.",
        "Read more carefully, the report says something else entirely.",
        "Share prices fell sharply in Seoul on Monday.",
        "Follow the money, the prosecutor told the jury.",
        "He said:",
        "Kim Jong-un",
        "The 41-year-old was filmed kneeling beside a coffin.",
        "More than 6,000 North Korean troops have been killed or wounded.",
        "Getty Images of the ceremony were published on Sunday by several agencies.",
        "Copyright law in the EU changed in 2019 after a long campaign by publishers.",
        "29 November 2018 | 20 January 2019",
        "The report was published on 23 July 2013.",
        "On Friday, Sep 10, 2010, the city posted 12 new rules.",
        "\u201cWe have very good young men.\u201d",
    ],
)
def test_clean_rules_content_line_is_not_boilerplate(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(
    ("caption", "body"),
    [
        (
            "Kim was visibly emotional whilst watching the ceremony in Pyongyang",
            "Kim was visibly emotional while watching the ceremony in Pyongyang.",
        ),
        (
            "State media broadcast showed Kim with tears in his eyes",
            "State media broadcast showed Kim with tears in his eyes, breathing rapidly.",
        ),
        (
            "The ceremony took place just days after Kim had opened a resort",
            "The ceremony took place just days after Kim had opened a resort, state media said.",
        ),
    ],
)
def test_clean_rules_repeat_is_removed_and_fuller_kept(caption: str, body: str) -> None:
    article = cleaned(f"{caption}\n{BODY}{body}\n")
    assert article.text.count(body) == 1
    assert [(r.text, r.reason) for r in article.removed] == [(caption, "duplicate")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # A different number, a different number word, a negation, a different name.
        (
            "The ministry said 6,000 soldiers were killed or wounded in the Kursk region.",
            "The ministry said 6,500 soldiers were killed or wounded in the Kursk region.",
        ),
        (
            "And he said, I will not destroy it for ten's sake.",
            "And he said, I will not destroy it for twenty's sake.",
        ),
        (
            "The minister said the troops were deployed to Kursk last year.",
            "The minister said the troops were not deployed to Kursk last year.",
        ),
        (
            "You can vote for Olga on the last page of the contest!",
            "You can vote for Oksana on the last page of the contest!",
        ),
        # A headline whose words are scattered through a longer sentence.
        (
            "US bloggers banned from entering UK",
            "Two prominent US bloggers were banned from entering the UK, the Home Office said.",
        ),
    ],
)
def test_clean_rules_different_claims_are_both_kept(first: str, second: str) -> None:
    article = cleaned(f"{first}\n{BODY}{second}\n")
    assert article.removed == []


def test_clean_rules_list_items_and_templates_repeat_freely() -> None:
    template = "What inspired you to start cooking for a living?"
    items = "- Easy setup for all your Apple devices at home\n"
    text = BODY + (template + "\nShe said she loved her grandmother's kitchen.\n") * 3 + items * 2
    assert cleaned(text).removed == []


def test_clean_rules_exact_repeat_kept_once() -> None:
    quote = "\u201cWe cannot give in to extortion, whatever the cost,\u201d she said."
    article = cleaned(f"{quote}\n{BODY}{quote}\n")
    assert article.text.count(quote) == 1
    assert article.removed[0].start == article.raw_text.rindex(quote)


def test_clean_rules_inline_photo_credit_is_cut() -> None:
    article = cleaned("Kim at the ceremony in Pyongyang (Image: KCNA via REUTERS)\n" + BODY)
    assert article.text.startswith("Kim at the ceremony in Pyongyang\n")
    assert [r.reason for r in article.removed] == ["photo credit"]
    assert article.removed[0].text == " (Image: KCNA via REUTERS)"


def test_clean_rules_leading_agency_credit_is_cut() -> None:
    article = cleaned("\u00a9 AFP Cardinal O'Malley accompanied the Pope in Latin America\n" + BODY)
    assert article.text.startswith("Cardinal O'Malley accompanied the Pope")


def test_clean_rules_metadata_title_line_is_removed() -> None:
    title = "Bridge to reopen next month after repairs"
    article = cleaned(f"{title}\n{BODY}", title=title)
    assert [(r.text, r.reason) for r in article.removed] == [(title, "title")]


def test_clean_rules_headline_read_off_the_text_stays() -> None:
    article = clean_article(read_text(f"Bridge to reopen next month after repairs\n{BODY}"))
    assert article.title == "Bridge to reopen next month after repairs"
    assert article.removed == []


@pytest.mark.parametrize("reason", ["navigation", "duplicate"])
def test_clean_rules_disabled_reason_is_kept(reason: str) -> None:
    text = "Most Read\nState media showed Kim with tears in his eyes\n" + BODY
    text += "State media showed Kim with tears in his eyes, breathing rapidly.\n"
    options = CleanOptions(disabled_reasons=frozenset({reason}))
    article = clean_article(Article.from_text(text, source="<t>"), options=options)
    assert reason not in {r.reason for r in article.removed}
    assert article.removed


def test_clean_rules_unknown_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown removal reasons"):
        CleanOptions(disabled_reasons=frozenset({"adverts"}))


def test_clean_rules_nothing_left_is_an_input_error() -> None:
    with pytest.raises(EmptyInputError, match="nothing left after cleaning"):
        cleaned("Advertisement\nMost Read\nREUTERS\n")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_clean_rules_offsets_map_back_to_raw(newline: str) -> None:
    text = newline.join(["  Don't Miss  ", "", BODY.strip(), "\u00a0REUTERS", "Last line."])
    article = cleaned(text)
    assert all(article.raw_text[article.offset_map[i]] == ch for i, ch in enumerate(article.text))
    assert len(article.offset_map) == len(article.text) + 1
    article.check_spans()


def test_clean_rules_cleaning_twice_gives_the_same_text() -> None:
    article = cleaned("Most Read\n" + BODY)
    first = (article.text, list(article.removed))
    clean_article(article)
    assert (article.text, article.removed) == first
