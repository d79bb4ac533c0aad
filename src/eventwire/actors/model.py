"""The actor dictionary's entries: phrases, people and their terms of office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

# What a matched phrase is. "body" rows of countries.tsv are stored as kind "role" with a code, because they
# behave like role words that carry their own actor ("the Kremlin", "Kremlin spokesman").
EntryKind = Literal["name", "demonym", "capital", "org", "anaphor", "role", "person", "pronoun", "ignore"]


@dataclass(frozen=True)
class Entry:
    """One meaning of a phrase, as given by one data row."""

    kind: EntryKind
    phrase: str  # as written in the data file: its capitalisation is checked against the text
    code: str | None = None
    sector: str | None = None
    roles: tuple[str, ...] = ()  # role keys, in the order they are tried ("president" -> president, head_of_state)
    person_id: str | None = None
    gender: str | None = None  # "m" / "f" when the phrase says it ("spokeswoman")
    referent: str | None = None  # pronouns: m | f | pair | pair_person
    source: str = ""  # "roles.tsv:12"


@dataclass(frozen=True)
class Term:
    """One term of one office; ``end`` is exclusive (the successor's first day) and None while in office."""

    code: str
    sector: str | None
    role: str
    start: dt.date
    end: dt.date | None
    source: str = ""

    def covers(self, when: dt.date) -> bool:
        return self.start <= when and (self.end is None or when < self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    gender: str | None
    terms: tuple[Term, ...]

    def terms_at(self, when: dt.date) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.covers(when))

    def latest_term(self) -> Term:
        return max(self.terms, key=lambda term: term.start)

    def has_code(self, code: str) -> bool:
        return any(term.code == code for term in self.terms)
