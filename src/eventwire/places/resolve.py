"""Choose one place for a name, using what the document says about where it is.

A name's candidates are scored by population (a big city is the usual referent), by whether the place is
in a country the document is about (its actors' countries, its dateline, the other places it names) and by
whether the name is the place's main name rather than an alternate. Countries beat cities of the same name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from eventwire.places.gazetteer import Gazetteer, name_key
from eventwire.records import Place

_PARTS = frozenset({"eastern", "western", "northern", "southern", "central", "northeastern", "northwestern",
                    "southeastern", "southwestern", "east", "west", "north", "south"})
_CONTEXT_BONUS = 3.0  # a place in a country the document is about: worth a 1000-fold population gap
_MAIN_NAME_BONUS = 2.0  # "Washington" is Washington's name, Reisterstown's alternate
_COUNTRY_BONUS = 5.0
_REGION_POPULATION = 10_000  # no population for US states; low, so New York the city beats the state


def resolve(gaz: Gazetteer, name: str, context: Iterable[str] = ()) -> Place | None:
    """The most likely place called `name`, given ISO alpha-2 `context` countries; None if unknown."""
    cands = gaz.candidates(name)
    if not cands:
        # "eastern Ukraine": a part of a country we can only place at the country's level
        head, _, rest = name.partition(" ")
        if head.lower() in _PARTS and rest:
            return resolve(gaz, rest, context)
        return None
    ctx = set(context)
    key = name_key(name)
    return max(cands, key=lambda p: (_score(p, key, ctx), -p.geonameid))


def _score(p: Place, key: str, ctx: set[str]) -> float:
    pop = p.population if p.level != "region" else _REGION_POPULATION
    s = math.log10(max(pop, 10))
    if p.country in ctx:
        s += _CONTEXT_BONUS
    if name_key(p.name) == key:
        s += _MAIN_NAME_BONUS
    if p.level == "country":
        s += _COUNTRY_BONUS
    return s
