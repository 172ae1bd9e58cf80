"""Small news articles for the story tests: two events told by several outlets, and one apart."""

from __future__ import annotations

from datetime import datetime, timedelta

from crosswire.document import Article

QUAKE = [
    (
        "Strong earthquake kills five in Indonesia's Aceh province",
        "A magnitude 6.1 earthquake struck Indonesia's Aceh province on Tuesday, killing at least "
        "five people and injuring dozens, the national disaster agency said.\n"
        "The quake flattened houses in the Central Aceh district and triggered landslides that "
        "cut the road to Takengon.\n"
        "Rescue workers were searching collapsed buildings for survivors, agency spokesman Sutopo "
        "Purwo Nugroho told reporters.",
    ),
    (
        "Aceh quake: death toll rises as rescuers search rubble",
        "Rescuers in Indonesia's Aceh province dug through collapsed homes on Wednesday after a "
        "powerful earthquake killed at least five people.\n"
        "The 6.1-magnitude tremor hit Central Aceh on Tuesday afternoon, the disaster mitigation "
        "agency said, and landslides blocked the road to Takengon.\n"
        "Spokesman Sutopo Purwo Nugroho said dozens of people were being treated in hospital.",
    ),
    (
        "Indonesia: deadly earthquake hits Aceh",
        "At least five people died when an earthquake of magnitude 6.1 shook the Indonesian "
        "province of Aceh, officials said.\n"
        "Houses collapsed in several villages of Central Aceh and the road to the town of "
        "Takengon was closed by landslides.\n"
        "The national disaster agency said the search for people trapped under rubble would go "
        "on through the night.",
    ),
]

OSCARS = [
    (
        "Ellen DeGeneres to host the Oscars again",
        "Ellen DeGeneres will host the 86th Academy Awards, the Academy of Motion Picture Arts and "
        "Sciences announced on Friday.\n"
        "It will be the second time the comedian and talk-show host presents the Oscars, after the "
        "2007 ceremony.\n"
        "Producers Craig Zadan and Neil Meron said they were thrilled to have her back on stage in "
        "Los Angeles.",
    ),
    (
        "Academy picks DeGeneres as Oscars host",
        "The Academy of Motion Picture Arts and Sciences said on Friday that Ellen DeGeneres will "
        "host next year's Oscars ceremony.\n"
        "DeGeneres, who first hosted the Academy Awards in 2007, announced the news on Twitter.\n"
        "Producers Craig Zadan and Neil Meron will oversee the broadcast from the Dolby Theatre in "
        "Los Angeles.",
    ),
]

BASEBALL = (
    "Red Sox offer Teixeira eight-year deal",
    "The Boston Red Sox have offered free-agent first baseman Mark Teixeira an eight-year "
    "contract, according to people familiar with the talks.\n"
    "The Angels and the Orioles are also bidding for the switch-hitter, who earned 12.5 million "
    "dollars last season.\n"
    "Red Sox general manager Theo Epstein declined to comment on the negotiations.",
)

WIRE_FOOTER = "\nCopyright 2024 Example Wire Service. All rights reserved."

START = datetime(2024, 7, 2, 9, 0)
OUTLETS = ["Jakarta Daily", "Pacific Wire", "Asia Times Online", "Screen Post", "Film Weekly"]


def article(title: str, text: str, *, source: str, **fields: object) -> Article:
    return Article.from_text(text, source=source, title=title, **fields)


def corpus() -> list[Article]:
    """Quake (3), Oscars (2), baseball (1), then a wire copy of the first quake article."""
    items = [
        article(
            title, text, source=f"{n}.txt", outlet=OUTLETS[n], published=START + timedelta(hours=n)
        )
        for n, (title, text) in enumerate(QUAKE + OSCARS)
    ]
    items.append(
        article(
            *BASEBALL, source="5.txt", outlet="Boston Sports", published=START + timedelta(hours=5)
        )
    )
    title, text = QUAKE[0]
    items.append(
        article(
            title,
            text + WIRE_FOOTER,
            source="6.txt",
            outlet="Example Wire Service",
            published=START + timedelta(hours=6),
        )
    )
    return items
