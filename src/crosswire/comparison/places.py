"""Places by containment: "Manhattan" agrees with "New York", "Paris" does not with "Lyon".

The gazetteer (``crosswire/data/places.json``, built by
``training/build_gazetteer.py`` from GeoNames) holds countries, US states,
cities of 100,000 people or more and regions that news names, each with its
parent and time zone. A name can mean several places; containment is tried
for each reading.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .names import strip_possessive

__all__ = [
    "PlaceFinding",
    "Gazetteer",
    "compare_places",
    "gazetteer",
]


@dataclass(frozen=True, slots=True)
class PlaceFinding:
    """Two places compared: ``agree`` when one is, or lies in, the other."""

    agree: bool
    reason: str


def _key(name: str) -> str:
    name = strip_possessive(name.strip())
    name = re.sub(r"\s+", " ", name)
    return name.lower()


class Gazetteer:
    """Look up places by name and walk up their parents."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.places: dict[str, dict[str, Any]] = data["places"]
        self.names: dict[str, list[str]] = data["names"]

    def lookup(self, name: str) -> list[str]:
        """The ids of the places a name can mean, most likely first ("the Bronx" works too)."""
        key = _key(name)
        found = self.names.get(key)
        if found is None and key.startswith("the "):
            found = self.names.get(key[4:])
        if found is None:
            bare = re.sub(r"\s+(region|oblast|province|state|city)$", "", key)
            if bare != key:
                found = [p for p in self.names.get(bare, []) if self.places[p]["kind"] != "city"]
                found = found or self.names.get(f"{bare} region")
        return list(found or [])

    def name(self, pid: str) -> str:
        return str(self.places[pid]["name"])

    def zone(self, name: str) -> str | None:
        """The IANA time zone of the most likely place a name means."""
        for pid in self.lookup(name):
            tz = self.places[pid].get("tz")
            if tz:
                return str(tz)
        return None

    def country(self, name: str) -> str | None:
        """The country a name means: the country itself, or the one whose capital it names
        ("Pyongyang" stands for North Korea, "Moscow" for Russia)."""
        for pid in self.lookup(name):
            entry = self.places[pid]
            if entry["kind"] == "country":
                return self.name(pid)
            if entry.get("capital_of"):
                return self.name(entry["capital_of"])
        return None

    def ancestors(self, pid: str) -> list[str]:
        """The place and every place it lies in, innermost first."""
        chain: list[str] = []
        current: str | None = pid
        while current and current not in chain:
            chain.append(current)
            current = self.places.get(current, {}).get("parent")
        return chain

    def contains(self, outer: str, inner: str) -> tuple[str, str] | None:
        """``(outer id, inner id)`` when some reading of ``inner`` lies in one of ``outer``."""
        for o in self.lookup(outer):
            for i in self.lookup(inner):
                if o in self.ancestors(i):
                    return o, i
        return None


@cache
def gazetteer() -> Gazetteer:
    """The bundled gazetteer, read once."""
    text = resources.files("crosswire").joinpath("data/places.json").read_text("utf-8")
    return Gazetteer(json.loads(text))


def compare_places(
    places_a: list[str], places_b: list[str], *, gaz: Gazetteer | None = None
) -> list[PlaceFinding]:
    """Compare the places two claims name.

    A place of one claim that equals or lies in (or contains) a place of the
    other makes them agree. Only when each claim names exactly one known place
    and neither contains the other is it a difference.
    """
    gaz = gaz or gazetteer()
    known_a = [p for p in dict.fromkeys(places_a) if gaz.lookup(p)]
    known_b = [p for p in dict.fromkeys(places_b) if gaz.lookup(p)]
    findings: list[PlaceFinding] = []
    for a in known_a:
        for b in known_b:
            if _key(a) == _key(b) or set(gaz.lookup(a)) & set(gaz.lookup(b)):
                findings.append(PlaceFinding(True, f"same place: '{a}' and '{b}'"))
                continue
            inside = gaz.contains(b, a)
            if inside:
                findings.append(PlaceFinding(True, f"places agree: {a} is in {b}"))
                continue
            inside = gaz.contains(a, b)
            if inside:
                findings.append(PlaceFinding(True, f"places agree: {b} is in {a}"))
    if not findings and len(known_a) == 1 and len(known_b) == 1:
        a, b = known_a[0], known_b[0]
        findings.append(PlaceFinding(False, f"places differ: {a} vs {b} (neither lies in the "
                                            "other)"))
    return findings
