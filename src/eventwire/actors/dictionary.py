"""The actor dictionary: states, organisations, office holders, role words and pronouns, with time validity.

Load it once (``ActorDictionary.load()``) and share it: every lookup table is built at load time. The data lives
in ``eventwire/data/actors/*.tsv`` (format in the README there); directories given to ``load`` extend and
override the bundled files.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from eventwire.actors.loading import Loader, Tables, bundled_dir
from eventwire.actors.model import Entry, Person, Term
from eventwire.actors.tsv import normalise
from eventwire.records import ActorRef

FORMER = "ELI"  # sector for a person mentioned after their last office ended (ontology: former officials)


class ActorDictionary:
    def __init__(self, tables: Tables) -> None:
        phrases: dict[str, list[Entry]] = defaultdict(list)
        for (_kind, key, _code), entry in tables.entries.items():
            phrases[key].append(entry)
        self._phrases = {key: tuple(entries) for key, entries in phrases.items()}
        self._people = dict(tables.people)
        self._executive = dict(tables.executive)
        self._state_codes = frozenset(tables.state_codes)
        self._org_codes = frozenset(tables.org_codes)
        offices: dict[tuple[str, str], list[tuple[Term, Person]]] = defaultdict(list)
        for person in self._people.values():
            for term in person.terms:
                offices[(term.code, term.role)].append((term, person))
        self._offices = dict(offices)

    @classmethod
    def load(cls, extra_dirs: Sequence[Path] = ()) -> ActorDictionary:
        """The bundled dictionary, extended by ``extra_dirs`` in order (files with the bundled names)."""
        loader = Loader()
        loader.add_pycountry()
        loader.add_directory(bundled_dir(), required=True)
        for directory in extra_dirs:
            loader.add_directory(Path(directory), required=False)
        return cls(loader.finish())

    # --- phrases ---------------------------------------------------------------------------------------------

    def phrases(self) -> Mapping[str, tuple[Entry, ...]]:
        """Every phrase key (lowercased, see ``tsv.normalise``) with its entries, for building matchers."""
        return self._phrases

    def lookup(self, phrase: str) -> tuple[Entry, ...]:
        """All entries for a phrase, any capitalisation: ``lookup("the Kremlin")`` is empty, ``"Kremlin"`` not."""
        return self._phrases.get(normalise(phrase), ())

    def codes_for(self, phrase: str) -> tuple[str, ...]:
        """Actor codes a state or organisation name, demonym or capital stands for."""
        kinds = ("name", "org", "demonym", "capital")
        return tuple(dict.fromkeys(e.code for e in self.lookup(phrase) if e.kind in kinds and e.code))

    def anaphor_codes(self, phrase: str) -> tuple[str, ...]:
        """Organisations that ``the <phrase>`` may refer back to ("alliance" -> NATO, CSTO)."""
        return tuple(e.code for e in self.lookup(phrase) if e.kind == "anaphor" and e.code)

    def is_org(self, code: str) -> bool:
        return code in self._org_codes and code not in self._state_codes

    def is_state(self, code: str) -> bool:
        return code in self._state_codes

    # --- people and offices -----------------------------------------------------------------------------------

    def person(self, person_id: str) -> Person:
        return self._people[person_id]

    def people(self) -> Iterable[Person]:
        return self._people.values()

    def persons_named(self, name: str) -> tuple[Person, ...]:
        """People whose canonical name or an alias is ``name`` (any capitalisation)."""
        return tuple(self._people[e.person_id] for e in self.lookup(name) if e.kind == "person" and e.person_id)

    def executive_role(self, code: str) -> str:
        """The office a bare "leader"/"chief" of ``code`` means."""
        default = "secretary_general" if self.is_org(code) else "head_of_state"
        return self._executive.get(code, default)

    def expand_roles(self, code: str, roles: Iterable[str]) -> tuple[str, ...]:
        """Role keys with the generic ``leader`` replaced by ``code``'s executive office."""
        return tuple(dict.fromkeys(self.executive_role(code) if r == "leader" else r for r in roles))

    def holders(self, code: str, role: str, when: dt.date, sector: str | None = None) -> tuple[Person, ...]:
        """Everyone holding ``role`` for ``code`` on ``when`` (several for shared posts such as spokespeople);
        with ``sector``, only terms in that sector ("Pentagon spokesman": MIL, not the White House's)."""
        found = (person for term, person in self._offices.get((code, role), ())
                 if term.covers(when) and (sector is None or term.sector == sector))
        return tuple(dict.fromkeys(found))

    def who_held(self, code: str, role: str | Sequence[str], when: dt.date | None,
                 sector: str | None = None) -> Person | None:
        """The single holder of the first of ``role`` that ``code`` has a holder for on ``when``.

        None when ``when`` is None (never guess a person without a date), when nobody held it, or when the
        post was shared on that day (a role word alone cannot say which of them is meant).
        """
        if when is None:
            return None
        for key in self.expand_roles(code, [role] if isinstance(role, str) else role):
            found = self.holders(code, key, when, sector)
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def term_for(self, person: Person, when: dt.date | None, prefer_code: str | None = None) -> Term | None:
        """The term that describes ``person`` on ``when``; None if ``when`` is after all of them or before."""
        terms = [t for t in person.terms if t.code == prefer_code] or list(person.terms)
        if when is None:
            return max(terms, key=_prominence)  # undated text: the office they are best known for
        current = [t for t in terms if t.covers(when)]
        return current[0] if current else None

    def roles_at(self, person: Person, when: dt.date | None) -> frozenset[str]:
        if when is None:
            term = self.term_for(person, None)
            return frozenset({term.role} if term else ())
        return frozenset(term.role for term in person.terms_at(when))

    def actor_for(self, person: Person, when: dt.date | None, prefer_code: str | None = None) -> ActorRef:
        """The actor a person stands for on ``when``: their office's code and sector.

        After their last office a state official is coded as a former official (sector ELI); before their
        first, only by code.
        """
        term = self.term_for(person, when, prefer_code)
        if term is not None:
            return ActorRef(term.code, term.sector, person.name, person.id)
        terms = [t for t in person.terms if t.code == prefer_code] or list(person.terms)
        assert when is not None  # term_for only fails with a date
        past = [t for t in terms if t.end is not None and t.end <= when]
        if past:
            last = max(past, key=lambda t: t.end or t.start)
            sector = FORMER if self.is_state(last.code) else None
            return ActorRef(last.code, sector, person.name, person.id)
        first = min(terms, key=lambda t: t.start)
        return ActorRef(first.code, None, person.name, person.id)

    def stats(self) -> dict[str, int]:
        """Counts for reports: phrases by kind, people and terms."""
        counts: dict[str, int] = defaultdict(int)
        for entries in self._phrases.values():
            for entry in entries:
                counts[entry.kind] += 1
        counts["people"] = len(self._people)
        counts["terms"] = sum(len(p.terms) for p in self._people.values())
        return dict(counts)


def _prominence(term: Term) -> tuple[int, dt.date]:
    """Longest-held first (open terms count to today), then the most recent."""
    return ((term.end or dt.date.today()) - term.start).days, term.start
