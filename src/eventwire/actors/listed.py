"""Listed people written otherwise than the dictionary writes them (open recognition's first question).

Reads: the actor dictionary (people.tsv), a PERSON phrase and the publication date. Writes: the listed
person's ActorRef, in the office held on the day, or None.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Span

from eventwire.actors.dictionary import ActorDictionary
from eventwire.actors.model import Person
from eventwire.records import ActorRef

_INITIAL = re.compile(r"^[A-Z]\.$")


def listed_person(dictionary: ActorDictionary, span: Span, when: dt.date | None) -> ActorRef | None:
    """"John F. Kerry" (middle initials) or "President Bush" (a title and a surname that fit one listed
    office holder on the day)."""
    return _with_initials(dictionary, span, when) or _titled_surname(dictionary, span, when)


def _with_initials(dictionary: ActorDictionary, span: Span, when: dt.date | None) -> ActorRef | None:
    """A dictionary person written with middle initials ("John F. Kerry" is people.tsv's John Kerry)."""
    name = [t for t in span if t.ent_type_ == "PERSON"]
    words = [t.text for t in name if not _INITIAL.match(t.text)]
    if len(words) == len(name) or len(words) < 2:
        return None  # nothing stripped: the dictionary matcher has already had this name
    ids = {e.person_id for e in dictionary.lookup(" ".join(words)) if e.kind == "person" and e.person_id}
    if len(ids) != 1:
        return None
    return dictionary.actor_for(dictionary.person(ids.pop()), when)


def _titled_surname(dictionary: ActorDictionary, span: Span, when: dt.date | None) -> ActorRef | None:
    """A title and a surname that fit one listed person in that office on the publication date: "President
    Bush" in 2008 is George W. Bush. A bare surname is never enough (many people share it)."""
    name = [t for t in span if t.ent_type_ == "PERSON"]
    titles = [t for t in span if t.ent_type_ != "PERSON"]
    if when is None or len(name) != 1 or not titles:
        return None
    phrases = [" ".join(t.text for t in titles), *(t.text for t in titles)]
    roles = {r for p in phrases for e in dictionary.lookup(p) if e.kind == "role" for r in e.roles}
    found = [p for p in _by_surname(dictionary).get(name[0].text, ()) if dictionary.roles_at(p, when) & roles]
    return dictionary.actor_for(found[0], when) if len(found) == 1 else None


@lru_cache(maxsize=4)
def _by_surname(dictionary: ActorDictionary) -> dict[str, tuple[Person, ...]]:
    out: dict[str, list[Person]] = {}
    for person in dictionary.people():
        out.setdefault(person.name.split()[-1], []).append(person)
    return {k: tuple(v) for k, v in out.items()}
