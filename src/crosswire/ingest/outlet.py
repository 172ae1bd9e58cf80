"""Where a text names its outlet: the rules that read it off lines an outlet writes.

A text without metadata often still says whose it is. :func:`outlet_clue` tries
these rules in order and returns the first that fires, with the rule's name:

===============  =======================================================  ==================
rule             a line such as                                           outlet
===============  =======================================================  ==================
``site``         "Trending on GB News", "More from Reuters", "Sign up to   GB News, Reuters,
                 the Politico Playbook newsletter"                        Politico
``dateline``     "WASHINGTON, Dec 19 (Reuters) - ...", "(CNN) -- ...",    Reuters, CNN, AP
                 "BEIRUT (AP) — ...", among the first four lines
``byline``       "By Jane Doe, The Guardian", "By Jane Doe | Reuters",    The Guardian,
                 among the first six lines                                Reuters
``syndication``  "This article originally appeared at The Daily Dot."     The Daily Dot
``copyright``    "© 2025 The Guardian. All rights reserved.",             The Guardian, BBC
                 "© BBC 2024": with a year or "all rights reserved"
``credit``       "Fox News' Matt Richardson contributed to this report."  Fox News
===============  =======================================================  ==================

The rules are written to be precise rather than to fire often: a dateline must
open one of the first lines, with a place and date in capitals before it; a byline's
tail must not be a role ("Staff Writer"); a copyright line without a year is taken
for a photo credit ("© Reuters" under a picture) and passed over, as are picture
agencies. A name the text merely cites ("According to Reuters, ...") is never an
outlet. ``training/measure_outlet_rules.py`` measures each rule on the labelled
news in ``../shared/data`` (PolNeAR, BASIL, the Zyte benchmark): the figures are
in the README.

A dateline or a copyright line names the agency whose story the text is: an AP
story reprinted by another site is read as AP's. Metadata (an HTML page's
``og:site_name``, a JSON ``outlet`` field) and an outlet the caller names come
first, and say who published it.
"""

from __future__ import annotations

import re

__all__ = ["OUTLET_RULES", "infer_outlet", "outlet_clue"]

_NAME_WORD = r"[A-Z0-9][\w&'\u2019.-]*"
_OUTLET = rf"(?P<outlet>(?:{_NAME_WORD}|of|the|and|&)(?:\s+(?:{_NAME_WORD}|of|and|&)){{0,5}})"
_YEAR = r"(?:19|20)\d\d"
_DASH = r"\s*(?:-{1,2}|[\u2013\u2014])"

_SITE = tuple(
    re.compile(pattern)
    for pattern in (
        r"^(?:Trending|Most [Rr]ead|Most [Pp]opular|Most [Vv]iewed|Latest|More|Popular|"
        r"Top [Ss]tories)"
        rf"\s+(?:on|from|at)\s+{_OUTLET}\s*$",
        rf"^Sign up (?:to|for) (?:the\s+)?{_OUTLET.replace('{0,5}', '{0,5}?')}(?:'s|\u2019s)?"
        rf"\s+(?:\w+\s+)?newsletter",
    )
)

# A dateline: an optional place in capitals ("WASHINGTON", "ORLANDO, Fla.", "Iguala de la
# Independencia") and date ("Dec. 19", "February 16, 2018"), then the outlet in brackets and
# a dash, at the start of a line.
_PLACE_WORD = r"[A-Z][\w.'\u2019&-]*"
_PLACE = rf"{_PLACE_WORD}(?:(?:\s*[,/]\s*|\s+)(?:{_PLACE_WORD}|de|la|del|di|el|am|upon|of))*"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"{_MONTH}\s+\d{{1,2}}(?:,\s*{_YEAR})?"
_BRACKETED = r"(?P<outlet>[A-Z][\w.&'\u2019-]*(?:\s[A-Z][\w.&'\u2019-]*){0,3})"
_DATELINE = re.compile(
    rf"^(?:(?:{_PLACE})(?:\s*,\s*{_DATE})?\s*|{_DATE}\s*)?\({_BRACKETED}\){_DASH}"
)

# A byline that names the outlet after the writers: "By Jane Doe, The Guardian".
_PERSON = r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,3}"
_BYLINE = re.compile(
    rf"^By\s+{_PERSON}(?:(?:\s*,\s*|\s+)and\s+{_PERSON})*\s*(?:,|\||/|{_DASH})\s*"
    rf"(?:the\s+)?{_OUTLET}\s*$"
)
_ROLES = frozenset(
    """writer reporter correspondent editor staff contributor columnist analyst special senior
    chief bureau producer associate deputy intern photographer photographs photos opinion
    published updated posted author director professor fellow news-editor""".split()
)

_SYNDICATION = re.compile(
    r"^This (?:article|story|post|piece) (?:was )?(?:originally|first) (?:appeared|published)"
    rf"\s+(?:at|on|in|by)\s+{_OUTLET}\s*(?:[.,;:]|\s+and\s|$)"
)

_COPYRIGHT_MARK = r"(?:\u00a9|\([cC]\)|Copyright(?:\s+\u00a9)?)"
_RESERVED = r"\s+All\s+[Rr]ights\s+[Rr]eserved"
_COPYRIGHT = (
    # "© 2025 The Guardian. All rights reserved." / "Copyright 2019 Hawaii News Now."
    re.compile(
        rf"^{_COPYRIGHT_MARK}\s*(?P<year>{_YEAR}(?:\s*[-\u2013]\s*{_YEAR})?\s*)?"
        rf"{_OUTLET}\s*(?:[.,;]|{_RESERVED}|$)"
    ),
    # "© BBC 2024" / "© NET Newspapers 2014. All Rights Reserved."
    re.compile(rf"^{_COPYRIGHT_MARK}\s*{_OUTLET}\s*,?\s+(?P<year>{_YEAR})\b"),
)
# Picture agencies: a copyright line naming one is a photo credit, not the outlet's.
_PICTURE_AGENCIES = frozenset(
    {"getty", "getty images", "shutterstock", "istock", "istockphoto", "alamy", "epa",
     "depositphotos", "depositphotos.com", "ap photo", "afp photo", "pa images", "rex features"}
)

_CREDIT = re.compile(
    r"^(?P<outlet>[A-Z0-9][\w&.-]*(?:\s+[A-Z0-9][\w&.-]*){0,3})(?:'s|\u2019s|'|\u2019)\s+[A-Z]"
    r"[^.]{0,200}?"
    r"\bcontributed to this (?:report|story|article)"
)

_NOT_OUTLETS = frozenset(
    {"us", "the", "all", "all rights reserved", "this", "our", "photo", "photos", "video",
     "file", "update", "updated", "opinion", "editorial", "analysis", "watch", "listen",
     "live", "exclusive", "breaking", "pictured", "ap photo", "afp photo"}
)
_PARTY = re.compile(r"^[RDI]-[A-Z]")  # "Sen. Ted Cruz (R-Texas) — ..."

#: The rules in the order :func:`outlet_clue` tries them.
OUTLET_RULES = ("site", "dateline", "byline", "syndication", "copyright", "credit")


_TAIL = re.compile(
    rf"(?:\.?\s+(?:All\s+Rights\s+Reserved|Copyright|Follow|Reprinted|Distributed)\b.*"
    rf"|\s+{_YEAR}\.?)$",
    re.IGNORECASE,
)


def _clean(name: str) -> str | None:
    """The outlet's name tidied, or ``None`` when it is not one."""
    outlet, previous = name.strip(), ""
    while outlet != previous:
        previous, outlet = outlet, _TAIL.sub("", outlet).strip(" .,;:")
    outlet = re.sub(r"[,\s]+(?:Ltd|Limited|Inc|LLC|plc|PLC|GmbH|Co)\.?$", "", outlet)
    if outlet.lower() in _NOT_OUTLETS or outlet.isdigit() or len(outlet) < 2:
        return None
    if outlet.startswith("the "):
        outlet = "The " + outlet[4:]
    return outlet


def _lines(text: str, limit: int = 400) -> list[str]:
    lines = []
    for line in text.splitlines()[:limit]:
        stripped = " ".join(line.split())
        if stripped:
            lines.append(stripped)
    return lines


def _site(lines: list[str]) -> str | None:
    for line in lines:
        if len(line) > 120:
            continue
        for pattern in _SITE:
            match = pattern.match(line)
            if match:
                outlet = _clean(match.group("outlet"))
                if outlet:
                    return outlet
    return None


def _dateline(lines: list[str]) -> str | None:
    for line in lines[:4]:
        match = _DATELINE.match(line)
        if match and not _PARTY.match(match.group("outlet")):
            outlet = _clean(match.group("outlet"))
            if outlet:
                return outlet
    return None


def _byline(lines: list[str]) -> str | None:
    for line in lines[:6]:
        if len(line) > 120:
            continue
        match = _BYLINE.match(line)
        if not match:
            continue
        outlet = _clean(match.group("outlet"))
        words = {word.lower().strip(".,") for word in (outlet or "").split()}
        if outlet and not words & _ROLES:
            return outlet
    return None


def _syndication(lines: list[str]) -> str | None:
    for line in lines:
        match = _SYNDICATION.match(line)
        if match:
            outlet = _clean(match.group("outlet"))
            if outlet:
                return outlet
    return None


def _copyright(lines: list[str]) -> str | None:
    for line in lines:
        if len(line) > 200:
            continue
        for pattern in _COPYRIGHT:
            match = pattern.match(line)
            if not match:
                continue
            reserved = re.search(r"all rights reserved", line, re.I) is not None
            if not (match.group("year") or reserved):
                continue  # "© Reuters" under a picture: a photo credit
            outlet = _clean(match.group("outlet"))
            if outlet and outlet.lower() not in _PICTURE_AGENCIES:
                return outlet
    return None


def _credit(lines: list[str]) -> str | None:
    for line in lines:
        if len(line) > 300:
            continue
        match = _CREDIT.match(line)
        if match:
            outlet = _clean(match.group("outlet"))
            if outlet and outlet.split()[0].lower() not in {"the", "a", "an"}:
                return outlet
    return None


_RULES = {
    "site": _site,
    "dateline": _dateline,
    "byline": _byline,
    "syndication": _syndication,
    "copyright": _copyright,
    "credit": _credit,
}


def outlet_clue(text: str, *, rules: tuple[str, ...] = OUTLET_RULES) -> tuple[str, str] | None:
    """``(outlet, rule)`` for the first of ``rules`` that finds the text's outlet, else ``None``."""
    lines = _lines(text)
    for name in rules:
        outlet = _RULES[name](lines)
        if outlet:
            return outlet, name
    return None


def infer_outlet(text: str) -> str | None:
    """The outlet a text names in a dateline, byline, copyright or navigation line, if any."""
    clue = outlet_clue(text)
    return clue[0] if clue else None
