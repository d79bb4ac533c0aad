"""Finding dictionary phrases in a spaCy Doc: one PhraseMatcher over every phrase, built once per vocabulary.

Matching is case-insensitive (``attr="LOWER"``) so headlines and all-caps lines match, then each hit is checked
against the capitalisation written in the data file: acronyms must be upper case ("US" is not "us", "WHO" is
not "Who"), capitalised words must be capitalised ("Turkey" is not "turkey"). Overlapping hits are resolved by
length (the longest wins: "Taiwan Strait" over "Taiwan"), then by kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from eventwire.actors.dictionary import ActorDictionary
from eventwire.actors.model import Entry

# Which meaning wins when several kinds share the same span ("Luxembourg": the state's name, not its capital).
_PRIORITY = {"ignore": 0, "person": 1, "org": 2, "name": 3, "role": 4, "capital": 5, "demonym": 6,
             "anaphor": 7, "pronoun": 8}
NAME_LIKE = frozenset({"name", "capital", "demonym"})
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "madam"})


@dataclass(frozen=True)
class Part:
    """A matched piece of an actor mention: token span [start, end) and what it is."""

    start: int
    end: int
    kind: str  # an Entry kind, or "ner_person" (a PERSON entity) / "name_run" (capitalised words after a role)
    entries: tuple[Entry, ...] = ()

    @property
    def entry(self) -> Entry | None:
        return self.entries[0] if self.entries else None


class DictionaryMatcher:
    def __init__(self, dictionary: ActorDictionary, vocab: Vocab) -> None:
        # A blank English pipeline has the same tokenizer rules as the English models, so patterns split
        # exactly like article text ("Secretary-General" -> Secretary - General).
        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        assert isinstance(tokenizer, Tokenizer)
        self._vocab = vocab
        self._entries = dictionary.phrases()
        self._words: dict[str, tuple[str, ...]] = {}
        self._matcher = PhraseMatcher(vocab, attr="LOWER")
        forms: dict[str, set[str]] = defaultdict(set)
        for key, entries in self._entries.items():
            for entry in entries:
                forms[key].add(entry.phrase)
                if "'" in entry.phrase:
                    forms[key].add(entry.phrase.replace("'", "’"))  # news text uses typographic apostrophes
        flat = [(key, form) for key, group in forms.items() for form in sorted(group)]
        patterns: dict[str, list[Doc]] = defaultdict(list)
        for (key, form), pattern in zip(flat, tokenizer.pipe(form for _, form in flat), strict=True):
            patterns[key].append(pattern)
            self._words[form] = tuple(tok.text for tok in pattern)
        for key, docs in patterns.items():
            self._matcher.add(key, docs)

    def parts(self, doc: Doc) -> list[Part]:
        """Non-overlapping dictionary parts, sorted by position; ``ignore`` phrases block but are dropped."""
        candidates: list[Part] = []
        for match_id, start, end in self._matcher(doc):
            span = doc[start:end]
            entries = [e for e in self._entries[self._vocab.strings[match_id]] if self._case_ok(e.phrase, span)]
            if not entries:
                continue
            kind = min((e.kind for e in entries), key=_PRIORITY.__getitem__)
            candidates.append(Part(start, end, kind, tuple(e for e in entries if e.kind == kind)))
        return [part for part in _longest_first(candidates, len(doc)) if part.kind != "ignore"]

    def _case_ok(self, phrase: str, span: Span) -> bool:
        words = self._words.get(phrase) or (phrase,)
        if len(words) != len(span):
            return _word_case_ok(words[0], span[0].text)
        return all(_word_case_ok(word, tok.text) for word, tok in zip(words, span, strict=True))


def _word_case_ok(word: str, text: str) -> bool:
    letters = sum(1 for c in word if c.isalpha())
    if letters >= 2 and word.isupper():
        # Acronyms: "US" never matches "us"; long ones may be written as names ("Nato", "Opec").
        return text.isupper() or (letters >= 4 and text.istitle())
    if word[:1].isupper():
        return text[:1].isupper()
    return True


def _longest_first(candidates: list[Part], size: int) -> list[Part]:
    taken = bytearray(size)
    chosen: list[Part] = []
    for part in sorted(candidates, key=lambda p: (p.start - p.end, _PRIORITY[p.kind], p.start)):
        if any(taken[part.start:part.end]):
            continue
        taken[part.start:part.end] = b"\x01" * (part.end - part.start)
        chosen.append(part)
    return sorted(chosen, key=lambda p: p.start)


def add_person_entities(doc: Doc, parts: list[Part], skip: Callable[[int], bool]) -> list[Part]:
    """Add spaCy PERSON entities that the dictionary does not know, as ``ner_person`` parts.

    Role words inside an entity stay roles (the name is what follows them); a state or city name inside a
    longer personal name is part of the name ("Wellington Koo", "Michael Jordan"). Entities starting at a
    token for which ``skip`` is true are ignored (title-case headlines, where NER takes "Condemns China" for
    a name).
    """
    owner: dict[int, Part] = {i: part for part in parts for i in range(part.start, part.end)}
    dropped: set[Part] = set()
    added: list[Part] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON" or skip(ent.start):
            continue
        inside = {owner[i] for i in range(ent.start, ent.end) if i in owner}
        if any(p.start < ent.start or p.end > ent.end for p in inside):
            continue
        known = [p for p in inside if p.kind == "person"]
        if known and not _other_given_name(doc, known[0], ent, owner):
            continue
        dropped.update(known)  # "Jay Carney" is not Mark Carney: the entity is someone else
        for part in inside:
            if part.kind in NAME_LIKE and _next_to_name(doc, part, ent, owner):
                dropped.add(part)
        free = [i for i in range(ent.start, ent.end) if i not in owner or owner[i] in dropped]
        run = _last_run(free)
        if run and any(doc[i].is_alpha for i in range(*run)):
            added.append(Part(run[0], run[1], "ner_person"))
    kept = [p for p in parts if p not in dropped]
    return sorted(kept + added, key=lambda p: p.start)


def _other_given_name(doc: Doc, part: Part, ent: Span, owner: dict[int, Part]) -> bool:
    """A dictionary family name preceded, inside one PERSON entity, by a given name that is not its own."""
    if part.end - part.start != 1:
        return False
    before = [doc[i] for i in range(ent.start, part.start) if i not in owner]
    return any(tok.pos_ == "PROPN" and tok.is_alpha and tok.lower_ not in _HONORIFICS for tok in before)


def _next_to_name(doc: Doc, part: Part, ent: Span, owner: dict[int, Part]) -> bool:
    neighbours = [i for i in (part.start - 1, part.end) if ent.start <= i < ent.end]
    return any(i not in owner and doc[i].pos_ == "PROPN" for i in neighbours)


def _last_run(indices: list[int]) -> tuple[int, int] | None:
    if not indices:
        return None
    end = indices[-1] + 1
    start = indices[-1]
    while start - 1 in indices:
        start -= 1
    return start, end
