"""Turning chunks, pronouns and short names into actors, in text order.

The resolver walks the document once and keeps what it has read so far: the people mentioned (with the
sentence, whether they were a subject, and the words of their names), the organisations by recency, and the
coordinated pairs ("Stoltenberg and Kishida"). Later mentions resolve against that memory: "Lin" is the most
recent person named Lin, "the PM" the most recent head of government, "the alliance" the most recent
alliance, "he" the previous sentence's subject, "they" the most recent pair.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from eventwire.actors.chunks import Chunk, PronounItem
from eventwire.actors.dictionary import ActorDictionary
from eventwire.actors.docview import SUBJECT_DEPS, DocView
from eventwire.actors.model import Entry, Person
from eventwire.records import ActorMention, ActorRef

Resolved = list[tuple[ActorRef, str]]  # (actor, via) for one span
# Offices whose unknown holder is never given a state from context: "President X" is some local president.
_HEAD_ROLES = frozenset({"head_of_state", "head_of_government", "president", "vice_president", "leader"})


@dataclass(frozen=True)
class PersonRecord:
    ref: ActorRef | None  # None: a named person who is not an actor (an author): blocks pronouns
    name: str | None
    gender: str | None
    roles: frozenset[str]
    words: frozenset[str]  # single words of the name, for later short mentions ("Lin")
    sentence: int  # position in DocView.sentences
    token: int
    subject: bool
    main_subject: bool


@dataclass(frozen=True)
class PairRecord:
    refs: tuple[ActorRef, ActorRef]
    sentence: int
    token: int
    subject: bool
    persons: bool


@dataclass(frozen=True)
class _Group:
    """The first actor emitted for one span, kept to spot coordination ("X and Y")."""

    start: int
    end: int
    ref: ActorRef
    sentence: int
    person: bool


def name_words(*names: str) -> frozenset[str]:
    """First and last words of each name: "Lin Chia-lung" -> Lin, "Jens Stoltenberg" -> Jens, Stoltenberg."""
    words: set[str] = set()
    for name in names:
        parts = name.split()
        for word in {parts[0], parts[-1]} if parts else set():
            if len(word) > 1 and word.isalpha() and word[0].isupper():
                words.add(word)
    return frozenset(words)


class Resolver:
    def __init__(self, view: DocView, dictionary: ActorDictionary, when: dt.date | None) -> None:
        self.view = view
        self.dictionary = dictionary
        self.when = when
        self.mentions: list[ActorMention] = []
        self._persons: list[PersonRecord] = []
        self._by_word: dict[str, PersonRecord] = {}  # most recent person per name word
        self._seen_ids: dict[str, int] = {}  # dictionary person id -> last token
        self._org_last: dict[str, int] = {}  # organisation code -> last token
        self._institutions: list[tuple[ActorRef, int]] = []  # "China's foreign ministry", with its sentence
        self._pairs: list[PairRecord] = []
        self._groups: list[_Group] = []

    def run(self, chunks: list[Chunk], pronouns: list[PronounItem], short: list[int]) -> list[ActorMention]:
        items: list[tuple[int, int, Chunk | PronounItem | int]] = [(c.start, 0, c) for c in chunks]
        items += [(p.start, 1, p) for p in pronouns]
        items += [(t, 2, t) for t in short]
        for _, _, item in sorted(items, key=lambda x: (x[0], x[1])):
            if isinstance(item, Chunk):
                self._on_chunk(item)
            elif isinstance(item, PronounItem):
                self._on_pronoun(item)
            else:
                self._on_short(item)
        return self.mentions

    # --- chunks -------------------------------------------------------------------------------------------

    def _on_chunk(self, chunk: Chunk) -> None:
        if chunk.person is not None:
            resolved = self._person_chunk(chunk)
        elif chunk.roles:
            resolved = self._role_chunk(chunk)
        else:
            resolved = self._mod_chunk(chunk)
        for ref, via in resolved:
            self._emit(chunk.start, chunk.end, ref, via)
        if resolved:
            ref = resolved[0][0]
            self._note_group(chunk.start, chunk.end, ref, ref.person is not None or bool(chunk.role_keys))
            if chunk.roles and self.dictionary.is_state(ref.code):
                self._institutions.append((ref, self.view.sent_of[chunk.start]))

    def _person_chunk(self, chunk: Chunk) -> Resolved:
        code, sector = self._chunk_actor(chunk)
        part = chunk.person
        assert part is not None
        first, last = self.view.chars(part.start, part.end)
        text = self.view.text[first:last]
        if part.kind == "person":
            person = self._pick_person(part.entries, code)
            known = self._known(text) if part.end - part.start == 1 else None
            if known is not None and (person is None or known.ref is None or known.ref.actor_id != person.id):
                person = None  # "Carney" after "Jay Carney": the document's own Carney, not the dictionary's
            if person is not None:
                ref = self.dictionary.actor_for(person, self.when, prefer_code=code)
                self._remember_person(person, ref, chunk.start, chunk.end)
                return [(ref, "dictionary")]
        known = self._known(text)
        if known is not None and (code is None or (known.ref is not None and known.ref.code == code)):
            self._again(known, chunk.start, chunk.end)
            return [(known.ref, "coref")] if known.ref is not None else []
        if code is None and chunk.roles and not set(chunk.role_keys) & _HEAD_ROLES:
            # "Ministry spokesman X" after "China's foreign ministry"; never "President X" (a local president)
            code = self._code_from_context(sector, self.view.sent_of[chunk.start])
        gender = _role_gender(chunk)
        if code is None:
            self._remember(None, text, chunk.start, chunk.end, gender, frozenset(chunk.role_keys))
            return []
        ref = ActorRef(code, sector, text, None)
        self._remember(ref, text, chunk.start, chunk.end, gender, frozenset(chunk.role_keys))
        return [(ref, "role")]

    def _role_chunk(self, chunk: Chunk) -> Resolved:
        code, sector = self._chunk_actor(chunk)
        keys = chunk.role_keys
        last = self.view.doc[chunk.roles[-1].end - 1]
        plural = last.tag_ in ("NNS", "NNPS")
        if code is None:
            if any(c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN") for c in last.children):
                return []  # "the North's leader": someone's leader we cannot code, not the last leader named
            record = self._recent_holder(keys, _role_gender(chunk)) if keys and not plural else None
            if record is None or record.ref is None:
                return []  # "the government", "the ministry" with nothing to attach to
            self._again(record, chunk.start, chunk.end)
            return [(record.ref, "coref")]
        holder = None if plural or not keys else self.dictionary.who_held(code, keys, self.when, sector)
        if holder is not None:
            ref = self.dictionary.actor_for(holder, self.when, prefer_code=code)
            self._remember_person(holder, ref, chunk.start, chunk.end)
            return [(ref, "role")]
        ref = ActorRef(code, sector)
        if keys and not plural:  # an office holder we cannot name: still what "he" or "the PM" may mean
            roles = frozenset(self.dictionary.expand_roles(code, keys))
            self._remember(ref, None, chunk.start, chunk.end, _role_gender(chunk), roles)
        capital = chunk.mod is not None and chunk.mod.kind == "capital"
        return [(ref, "role" if keys else "metonym" if capital else "dictionary")]

    def _mod_chunk(self, chunk: Chunk) -> Resolved:
        mod = chunk.mod
        assert mod is not None and mod.entry is not None and mod.entry.code is not None
        code = mod.entry.code
        if mod.kind == "anaphor":
            found = self._anaphor_code(mod.entries)
            return [(ActorRef(found), "coref")] if found else []
        if mod.kind == "demonym":
            role = chunk.shared_role
            if role is None or role.entry is None:
                return []  # "Chinese" alone: a language, a cuisine, people; not coded
            sector = None if self.dictionary.is_org(code) else role.entry.sector
            return [(ActorRef(code, sector), "dictionary")]
        if mod.kind == "capital":
            return [(ActorRef(code, "GOV"), "metonym")]
        return [(ActorRef(code, mod.entry.sector if mod.kind == "org" else None), "dictionary")]

    def _chunk_actor(self, chunk: Chunk) -> tuple[str | None, str | None]:
        """The code and sector a chunk's state/organisation and role words give, before any person."""
        role_sector = next((p.entry.sector for p in chunk.roles if p.entry and p.entry.sector), None)
        mod = chunk.mod
        if mod is None or mod.entry is None:
            code = next((p.entry.code for p in chunk.roles if p.entry and p.entry.code), None)
            return code, role_sector
        code = self._anaphor_code(mod.entries) if mod.kind == "anaphor" else mod.entry.code
        if code is None:
            return None, None
        if self.dictionary.is_org(code):
            return code, mod.entry.sector if mod.kind == "org" else None  # organisations have no sectors
        if mod.kind == "capital":
            return code, role_sector or "GOV"
        return code, role_sector

    # --- pronouns and short names --------------------------------------------------------------------------

    def _on_pronoun(self, item: PronounItem) -> None:
        if self.view.in_quote(item.start):
            return  # "he" inside a quotation is the speaker's referent, not the writer's
        tok = self.view.doc[item.start]
        if item.referent in ("m", "f"):
            record = self._antecedent(item.start, item.referent)
            if record is None or record.ref is None:
                return
            self._emit(item.start, item.end, record.ref, "pronoun")
            self._again(record, item.start, item.end)
            self._note_group(item.start, item.end, record.ref, True)
            return
        if item.end - item.start == 1 and tok.lower_ == "both" and tok.dep_ not in SUBJECT_DEPS:
            return  # "Stoltenberg and Kishida both expressed": a floating quantifier, not a new mention
        pair = self._pair_for(item)
        if pair is None:
            return
        for ref in pair.refs:
            self._emit(item.start, item.end, ref, "pronoun")
        subject, _ = self.view.subject_flags(item.start, item.end)
        self._pairs.append(replace(pair, sentence=self.view.sent_of[item.start], token=item.start,
                                   subject=subject))

    def _on_short(self, token: int) -> None:
        record = self._by_word.get(self.view.doc[token].text)
        if record is None:
            return
        self._again(record, token, token + 1)
        if record.ref is not None:
            self._emit(token, token + 1, record.ref, "coref")
            self._note_group(token, token + 1, record.ref, True)

    def _antecedent(self, token: int, gender: str) -> PersonRecord | None:
        """Same-sentence subject, else the previous sentence's subject, else the most recent person."""
        sentence = self.view.sent_of[token]
        fits = [r for r in self._persons if r.token < token and r.gender in (None, gender)]
        same = [r for r in fits if r.sentence == sentence and r.subject]
        if same:
            main = [r for r in same if r.main_subject]
            return (main or same)[-1]
        previous = [r for r in fits if r.sentence == sentence - 1 and r.subject]
        if previous:
            main = [r for r in previous if r.main_subject]
            return (main or previous)[0]
        return fits[-1] if fits else None

    def _pair_for(self, item: PronounItem) -> PairRecord | None:
        sentence = self.view.sent_of[item.start]
        people_only = item.referent == "pair_person"
        window = 3 if people_only else 1
        near = [p for p in self._pairs
                if p.token < item.start and sentence - p.sentence <= window and (p.persons or not people_only)]
        if near:
            subjects = [p for p in near if p.subject]
            return (subjects or near)[-1]
        if not people_only:
            return None
        recent: dict[tuple[str, str | None], ActorRef] = {}
        for record in reversed(self._persons):
            if record.ref is not None and sentence - record.sentence <= window and len(recent) < 2:
                recent.setdefault((record.ref.code, record.ref.person), record.ref)
        if len(recent) < 2:
            return None
        first, second = reversed(list(recent.values()))
        return PairRecord((first, second), sentence, item.start, False, True)

    # --- memory -------------------------------------------------------------------------------------------

    def _remember_person(self, person: Person, ref: ActorRef, start: int, end: int) -> None:
        self._seen_ids[person.id] = start
        roles = self.dictionary.roles_at(person, self.when)
        self._remember(ref, person.name, start, end, person.gender, roles, name_words(person.name, *person.aliases))

    def _remember(self, ref: ActorRef | None, name: str | None, start: int, end: int, gender: str | None,
                  roles: frozenset[str], words: frozenset[str] | None = None) -> None:
        subject, main = self.view.subject_flags(start, end)
        words = name_words(name) if words is None and name else words or frozenset()
        record = PersonRecord(ref, name, gender, roles, words, self.view.sent_of[start], start, subject, main)
        self._add(record)

    def _again(self, record: PersonRecord, start: int, end: int) -> None:
        subject, main = self.view.subject_flags(start, end)
        self._add(replace(record, sentence=self.view.sent_of[start], token=start, subject=subject,
                          main_subject=main))

    def _add(self, record: PersonRecord) -> None:
        self._persons.append(record)
        for word in record.words:
            self._by_word[word] = record

    def _known(self, text: str) -> PersonRecord | None:
        """The most recent person this name refers to: same full name, or one word of their name."""
        folded, single = text.casefold(), " " not in text
        for record in reversed(self._persons):
            same_name = record.name is not None and record.name.casefold() == folded
            if same_name or (single and text in record.words):
                return record
        return None

    def _pick_person(self, entries: tuple[Entry, ...], code: str | None) -> Person | None:
        """The one person a dictionary name means here; None when it stays ambiguous."""
        people = list(dict.fromkeys(self.dictionary.person(e.person_id) for e in entries if e.person_id))
        if code is not None:
            people = [p for p in people if p.has_code(code)] or people
        if len(people) <= 1:
            return people[0] if people else None
        seen = [p for p in people if p.id in self._seen_ids]
        if seen:
            return max(seen, key=lambda p: self._seen_ids[p.id])
        current = [p for p in people if self.when is not None and p.terms_at(self.when)]
        return current[0] if len(current) == 1 else None

    def _recent_holder(self, keys: tuple[str, ...], gender: str | None) -> PersonRecord | None:
        """The most recent person holding one of ``keys`` ("the PM"), of the role word's gender if it has one."""
        for record in reversed(self._persons):
            if record.ref is None or (gender and record.gender and record.gender != gender):
                continue
            if record.roles & set(self.dictionary.expand_roles(record.ref.code, keys)):
                return record
        return None

    def _anaphor_code(self, entries: tuple[Entry, ...]) -> str | None:
        mentioned = [e.code for e in entries if e.code in self._org_last]
        return max(mentioned, key=lambda code: self._org_last[code]) if mentioned else None

    def _code_from_context(self, sector: str | None, sentence: int) -> str | None:
        """The state of a recently named institution of the same sector (this or the two previous sentences)."""
        for ref, where in reversed(self._institutions):
            if sentence - where > 2:
                return None
            if ref.sector == sector:
                return ref.code
        return None

    # --- output -------------------------------------------------------------------------------------------

    def _emit(self, start: int, end: int, ref: ActorRef, via: str) -> None:
        first, last = self.view.chars(start, end)
        mention = ActorMention(first, last, self.view.text[first:last], ref, self.view.sentence_index(start), via)
        self.mentions.append(mention)
        if self.dictionary.is_org(ref.code):
            self._org_last[ref.code] = start

    def _note_group(self, start: int, end: int, ref: ActorRef, person: bool) -> None:
        """Record a coordinated pair when this span follows the previous one after "and"."""
        group = _Group(start, end, ref, self.view.sent_of[start], person)
        prev = self._groups[-1] if self._groups else None
        if prev is not None and prev.sentence == group.sentence and self._between(prev, group) in ("and", ", and"):
            before = self._groups[-2] if len(self._groups) > 1 else None
            listed = before is not None and before.sentence == group.sentence and self._between(before, prev) == ","
            if not listed:  # "South Korea, Australia and New Zealand" is a list, not a pair
                subject, _ = self.view.subject_flags(prev.start, prev.end)
                self._pairs.append(PairRecord((prev.ref, ref), group.sentence, start, subject,
                                              prev.person and person))
        self._groups.append(group)

    def _between(self, a: _Group, b: _Group) -> str:
        _, a_end = self.view.chars(a.start, a.end)
        b_start, _ = self.view.chars(b.start, b.end)
        return self.view.text[a_end:b_start].strip().lower() if b_start >= a_end else ""


def _role_gender(chunk: Chunk) -> str | None:
    return next((p.entry.gender for p in reversed(chunk.roles) if p.entry and p.entry.gender), None)
