"""Three-article stories for the report's size and layout tests.

:data:`STORY` is a small story of our own: three short articles about one event
(a bridge that reopens) that state some facts in the same words, so the real
comparison finds fact clusters that two and three outlets state.
:func:`basil_story` writes the three articles of one BASIL event (Fox, the New
York Times and HuffPost on the same day's news) from ``../shared/data`` as text
files, title first. Both are compared once per test session (:func:`compared`).
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import crosswire

#: (file name, outlet, text) of each article of the story.
STORY: tuple[tuple[str, str, str], ...] = (
    (
        "alden-post.txt",
        "Alden Post",
        "Harbour bridge reopens after three months of repairs\n\n"
        "The harbour bridge in Port Alden reopened to traffic on Sunday after three months of "
        "repairs, the city council said.\n"
        "Mayor Ines Varga cut the ribbon at a ceremony attended by several hundred residents.\n"
        "The repairs cost 4 million euros, according to the council.\n"
        "Engineers replaced the steel cables that hold the main span.\n"
        "The bridge carries about 30,000 vehicles a day.\n"
        "Local shop owners said the closure had cost them customers all summer.\n"
        "Buses will return to the bridge on Monday, the transport authority said.\n"
        "Varga said the city would inspect every bridge in Port Alden next year.\n"
        "A brass band from the harbour school played at the opening.\n"
        "The old toll booths will be turned into a small museum.\n",
    ),
    (
        "harbour-times.txt",
        "Harbour Times",
        "Port Alden bridge open again\n\n"
        "The harbour bridge in Port Alden reopened to traffic on Sunday after three months of "
        "repairs, the city council said.\n"
        "The work cost 7 million euros, the opposition leader Tomas Brandt said.\n"
        "Brandt accused the mayor of hiding the real cost of the project from voters.\n"
        "Engineers replaced the steel cables that hold the main span.\n"
        "A second phase of work on the footpaths is planned for the spring.\n"
        "Cyclists complained that the new lanes on the bridge are too narrow.\n"
        "Buses will return to the bridge on Monday, the transport authority said.\n"
        "The council will publish the final accounts of the project in October.\n"
        "Two of the contractors are based outside the region.\n"
        "Night work on the bridge had drawn noise complaints in August.\n",
    ),
    (
        "city-radio.txt",
        "City Radio",
        "Traffic returns to the harbour bridge\n\n"
        "The harbour bridge in Port Alden reopened to traffic on Sunday after three months of "
        "repairs, the city council said.\n"
        "Mayor Ines Varga cut the ribbon at a ceremony attended by several hundred residents.\n"
        "Police closed two streets near the bridge during the ceremony.\n"
        "The bridge was built in 1962 and was last repaired in 1994.\n"
        "Engineers replaced the steel cables that hold the main span.\n"
        "Residents of the old town said the detour had doubled their journey to work.\n"
        "A ferry that ran during the closure will stop on Friday.\n"
        "The transport authority said buses would return to the bridge on Monday.\n"
        "Fishermen said the work had blocked the inner harbour for weeks.\n"
        "The station will broadcast the council meeting on the accounts live.\n",
    ),
)

#: The BASIL event the data tests compare: 2019, "Trump declares national emergency over
#: border wall" (about 22,000 characters in three articles).
BASIL_EVENT = ("2019", "3ae35b16")
BASIL_OUTLETS = {"fox": "Fox News", "nyt": "New York Times", "hpo": "HuffPost"}


def write_story(folder: Path) -> tuple[list[Path], list[str]]:
    """Write :data:`STORY` into ``folder``: the paths and the outlets, in order."""
    paths = []
    for name, _, text in STORY:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths, [outlet for _, outlet, _ in STORY]


def basil_story(
    shared_data: Path, folder: Path, event: tuple[str, str] = BASIL_EVENT
) -> tuple[list[Path], list[str]]:
    """Write the three articles of a BASIL event as text files: the paths and the outlets."""
    year, prefix = event
    found = sorted((shared_data / "bias" / "basil" / "articles" / year).glob(f"{prefix}*_*.json"))
    paths, outlets = [], []
    for source in found:
        data = json.loads(source.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) if isinstance(p, list) else str(p)
                      for p in data["body-paragraphs"]]
        path = folder / (source.stem + ".txt")
        path.write_text(data["title"] + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
        outlets.append(BASIL_OUTLETS.get(str(data.get("source")), str(data.get("source"))))
    assert len(paths) == 3, f"BASIL event {year}/{prefix}: {len(paths)} articles"
    return paths, outlets


@cache
def compared(which: str, shared_data: Path | None = None) -> dict[str, Any]:
    """The v1 report of ``"story"`` (:data:`STORY`) or ``"basil"`` (:data:`BASIL_EVENT`),
    compared once per session."""
    with tempfile.TemporaryDirectory() as tmp:
        if which == "story":
            paths, outlets = write_story(Path(tmp))
        else:
            assert shared_data is not None
            paths, outlets = basil_story(shared_data, Path(tmp))
        report = crosswire.compare(paths, outlets=outlets)
    data: dict[str, Any] = report.to_dict()
    return data
