"""Building the actor dictionary's tables from pycountry, the bundled data files and user directories.

Later sources override earlier ones: a row replaces an earlier row with the same key (see the README in
``eventwire/data/actors``), a person id given in a later directory replaces all earlier rows of that id, and a
row whose code is ``-`` deletes every earlier entry of that kind for that phrase.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import cast

import pycountry

from eventwire.actors.model import Entry, EntryKind, Person, Term
from eventwire.actors.tsv import Row, normalise, read_rows
from eventwire.errors import ConfigError

FILES = ("countries.tsv", "organisations.tsv", "people.tsv", "roles.tsv", "pronouns.tsv", "ignore.tsv")
_STATE_KINDS = {"name": "name", "demonym": "demonym", "capital": "capital", "body": "role"}
_ORG_KINDS = {"name": "org", "anaphor": "anaphor"}
_REFERENTS = ("m", "f", "pair", "pair_person")

EntryKey = tuple[str, str, str]  # (kind, normalised phrase, code or person id or "")


@dataclass
class _PersonRows:
    directory: int  # which source directory defined this id (a later one replaces it wholesale)
    name: str = ""
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None
    terms: list[Term] = field(default_factory=list)


@dataclass
class Tables:
    """Everything a load produces; ``ActorDictionary`` indexes it."""

    entries: dict[EntryKey, Entry]
    people: dict[str, Person]
    executive: dict[str, str]
    state_codes: set[str]
    org_codes: set[str]


def bundled_dir() -> Traversable:
    return importlib.resources.files("eventwire").joinpath("data").joinpath("actors")


class Loader:
    def __init__(self) -> None:
        self._entries: dict[EntryKey, Entry] = {}
        self._people: dict[str, _PersonRows] = {}
        self._executive: dict[str, str] = {}
        self._state_codes: set[str] = set()
        self._org_codes: set[str] = set()
        self._directory = 0

    def add_pycountry(self) -> None:
        for country in pycountry.countries:
            code = country.alpha_3
            self._state_codes.add(code)
            for attr in ("name", "common_name", "official_name"):
                name = getattr(country, attr, None)
                if not name or "," in name:  # "Korea, Republic of" never occurs in running text
                    continue
                name = name[4:] if name.lower().startswith("the ") else name
                self._put(Entry("name", name, code=code, source="pycountry"), code)

    def add_directory(self, directory: Traversable | Path, *, required: bool) -> None:
        self._directory += 1
        if not directory.is_dir():
            raise ConfigError(f"{directory}: actor dictionary directory not found")
        readers: dict[str, Callable[[Row], None]] = {
            "countries.tsv": self._country_row,
            "organisations.tsv": self._org_row,
            "people.tsv": self._person_row,
            "roles.tsv": self._role_row,
            "pronouns.tsv": self._pronoun_row,
            "ignore.tsv": self._ignore_row,
        }
        widths = {"countries.tsv": (3, 4), "organisations.tsv": (3, 4), "people.tsv": (1, 9),
                  "roles.tsv": (2, 5), "pronouns.tsv": (2, 2), "ignore.tsv": (1, 2)}
        for name in FILES:
            path = directory.joinpath(name)
            if not path.is_file():
                if required:
                    raise ConfigError(f"{path}: bundled actor dictionary file is missing")
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from None
            source = name if required else str(path)
            for row in read_rows(text, source, *widths[name]):
                readers[name](row)

    def finish(self) -> Tables:
        known = self._state_codes | self._org_codes
        people = {pid: self._person(pid, rows, known) for pid, rows in self._people.items()}
        entries = dict(self._entries)
        for person in people.values():
            for phrase in (person.name, *person.aliases):
                entry = Entry("person", phrase, person_id=person.id, gender=person.gender, source=person.id)
                entries[("person", normalise(phrase), person.id)] = entry
        return Tables(entries, people, dict(self._executive), set(self._state_codes), set(self._org_codes))

    # --- one reader per file -----------------------------------------------------------------------------

    def _country_row(self, row: Row) -> None:
        self._place_row(row, _STATE_KINDS, self._state_codes)

    def _org_row(self, row: Row) -> None:
        self._place_row(row, _ORG_KINDS, self._org_codes)

    def _place_row(self, row: Row, kinds: dict[str, str], codes: set[str]) -> None:
        code = row.code(0, allow_delete=True)
        kind_word, phrase = row.fields[1], row.fields[2]
        if kind_word == "executive":
            if code == "-":
                raise row.error("an executive row needs a code")
            self._executive[code] = row.role(phrase)
            codes.add(code)
            return
        if kind_word not in kinds:
            raise row.error(f"kind must be one of {', '.join([*kinds, 'executive'])}, not {kind_word!r}")
        kind = kinds[kind_word]
        if code == "-":
            self._delete(kind, phrase)
            return
        codes.add(code)
        sector = row.sector(3) or ("GOV" if kind_word == "capital" else None)
        self._put(Entry(cast(EntryKind, kind), phrase, code=code, sector=sector, source=row.source), code)

    def _role_row(self, row: Row) -> None:
        phrase, roles_field = row.fields[0], row.fields[1]
        roles = () if roles_field == "-" else tuple(row.role(r.strip()) for r in roles_field.split(","))
        code = row.code(3) if row.fields[3] else None
        entry = Entry("role", phrase, code=code, sector=row.sector(2), roles=roles, gender=row.gender(4),
                      source=row.source)
        self._put(entry, "")

    def _pronoun_row(self, row: Row) -> None:
        if row.fields[1] not in _REFERENTS:
            raise row.error(f"referent must be one of {', '.join(_REFERENTS)}, not {row.fields[1]!r}")
        self._put(Entry("pronoun", row.fields[0], referent=row.fields[1], source=row.source), "")

    def _ignore_row(self, row: Row) -> None:
        self._put(Entry("ignore", row.fields[0], source=row.source), "")

    def _person_row(self, row: Row) -> None:
        pid, name, aliases = row.fields[0], row.fields[1], row.fields[2]
        rows = self._people.get(pid)
        if rows is None or rows.directory != self._directory:
            if not name:
                raise row.error(f"the first row of person {pid!r} needs a name (column 2)")
            rows = self._people[pid] = _PersonRows(self._directory)
        rows.name = rows.name or name
        rows.aliases.extend(a.strip() for a in aliases.split("|") if a.strip() and a.strip() not in rows.aliases)
        rows.gender = rows.gender or row.gender(8)
        start = row.date(6, required=True)
        end = row.date(7, required=False)
        assert start is not None  # required=True
        if end is not None and end <= start:
            raise row.error(f"end {end} is not after start {start}")
        role = row.role(row.fields[5]) if row.fields[5] else None
        if role is None:
            raise row.error("column 6: a role key is required")
        rows.terms.append(Term(row.code(3), row.sector(4), role, start, end, row.source))

    # --- helpers -----------------------------------------------------------------------------------------

    def _put(self, entry: Entry, code: str) -> None:
        if not normalise(entry.phrase):
            raise ConfigError(f"{entry.source}: empty phrase")
        self._entries[(entry.kind, normalise(entry.phrase), code)] = entry

    def _delete(self, kind: str, phrase: str) -> None:
        key = normalise(phrase)
        for entry_key in [k for k in self._entries if k[0] == kind and k[1] == key]:
            del self._entries[entry_key]

    @staticmethod
    def _person(pid: str, rows: _PersonRows, known: set[str]) -> Person:
        for term in rows.terms:
            if term.code not in known:
                raise ConfigError(f"{term.source}: unknown actor code {term.code!r} (not a state or organisation)")
        terms = tuple(sorted(rows.terms, key=lambda term: term.start))
        return Person(pid, rows.name, tuple(rows.aliases), rows.gender, terms)
