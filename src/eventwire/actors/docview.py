"""Per-document facts the actor stage needs again and again: sentence of each token, headline lines, quotes,
and the syntactic tests that tell an actor from a place."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from eventwire.records import Sentence

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Prepositions after which a capital is where something happens, not who acts ("in Tokyo", "from Seoul").
LOCATIVE_PREPS = frozenset({
    "in", "at", "to", "from", "near", "into", "inside", "outside", "around", "across", "via", "toward",
    "towards", "through", "throughout", "within", "beyond", "onto", "past",
})
# Entity labels for names of things: a state's name inside one ("Bank of Japan") is not the state.
_THING_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})
_QUOTE_MARKS = re.compile(r"[“”\"]|\n\s*\n")
_DATELINE_END = ("-", "–", "—", "(", ",", ":")


class DocView:
    def __init__(self, doc: Doc, sentences: list[Sentence]) -> None:
        self.doc = doc
        self.text = doc.text
        self.sentences = sentences or _fallback_sentences(doc)
        starts = [s.start for s in self.sentences]
        self.sent_of = [max(0, bisect.bisect_right(starts, tok.idx) - 1) for tok in doc]
        self.headline = self._headlines()
        self._quotes = _quote_spans(self.text)

    # --- positions --------------------------------------------------------------------------------------

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of the token span [start, end)."""
        last = self.doc[end - 1]
        return self.doc[start].idx, last.idx + len(last.text)

    def sentence_index(self, token: int) -> int:
        """The ``Sentence.index`` a token belongs to (as given by the sentence stage)."""
        return self.sentences[self.sent_of[token]].index

    def is_headline(self, token: int) -> bool:
        return self.headline[self.sent_of[token]]

    def in_quote(self, token: int) -> bool:
        position = bisect.bisect_right(self._quotes, self.doc[token].idx)
        return position % 2 == 1  # the list alternates opening and closing offsets

    # --- syntax -----------------------------------------------------------------------------------------

    def head_of(self, start: int, end: int) -> Token:
        """The token of the span whose syntactic head lies outside it (the span's head)."""
        for tok in self.doc[start:end]:
            if tok.head.i < start or tok.head.i >= end or tok.head.i == tok.i:
                return tok
        return self.doc[end - 1]

    def subject_flags(self, start: int, end: int) -> tuple[bool, bool]:
        """(is a subject, is the main clause's subject), looking through coordination and apposition."""
        tok = self.head_of(start, end)
        for _ in range(3):
            if tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
                tok = tok.head
        if tok.dep_ not in SUBJECT_DEPS:
            return False, False
        return True, tok.head.dep_ == "ROOT"

    def is_place(self, start: int, end: int) -> bool:
        """A capital used as a location: object of a locative preposition, a modifier of a common noun
        ("the Tokyo office"), or a dateline ("BEIJING" opening a line)."""
        if self.is_dateline(start, end):
            return True
        tok = self.head_of(start, end)
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head  # "in New York, Vienna and Geneva"
        if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS:
            return True
        return tok.dep_ in ("compound", "nmod", "amod") and tok.head.pos_ == "NOUN" and tok.head.i > tok.i

    def is_dateline(self, start: int, end: int) -> bool:
        first_char, last_char = self.chars(start, end)
        words = self.text[first_char:last_char]
        if not words.isupper() or len(words) < 3:
            return False
        line_start = first_char == 0 or self.text[first_char - 1] == "\n"
        rest = self.text[last_char:last_char + 3].lstrip(" ")
        return line_start and (not rest or rest[0] == "\n" or rest.startswith(_DATELINE_END))

    def inside_thing_name(self, start: int, end: int, covered: list[bool]) -> bool:
        """A state name that is only part of an organisation's or work's name ("Korea Electric Power")."""
        tok = self.doc[start]
        if tok.ent_iob_ == "O" or tok.ent_type_ not in _THING_LABELS or self.is_headline(start):
            return False
        ent_start, ent_end = start, end
        while ent_start > 0 and self.doc[ent_start].ent_iob_ == "I":
            ent_start -= 1
        while ent_end < len(self.doc) and self.doc[ent_end].ent_iob_ == "I":
            ent_end += 1
        extra = [t for t in self.doc[ent_start:ent_end] if not covered[t.i] and t.is_alpha]
        return any(t.lower_ not in _SMALL_WORDS for t in extra)

    # --- helpers ----------------------------------------------------------------------------------------

    def _headlines(self) -> list[bool]:
        """Title-case lines: their parse and entity labels are unreliable, so some tests are skipped there."""
        counts = [[0, 0] for _ in self.sentences]
        for tok in self.doc:
            if tok.is_alpha and tok.lower_ not in _SMALL_WORDS:
                counts[self.sent_of[tok.i]][0] += 1
                counts[self.sent_of[tok.i]][1] += tok.text[0].isupper()
        return [total >= 3 and upper >= 0.75 * total for total, upper in counts]


def _fallback_sentences(doc: Doc) -> list[Sentence]:
    if doc.has_annotation("SENT_START"):
        return [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    return [Sentence(0, 0, len(doc.text), doc.text)]


def _quote_spans(text: str) -> list[int]:
    """Alternating opening/closing character offsets of quoted passages (reset at paragraph breaks)."""
    offsets: list[int] = []
    for match in _QUOTE_MARKS.finditer(text):
        mark, opened = match.group(), len(offsets) % 2 == 1
        if not opened:
            if mark in ("“", '"'):
                offsets.append(match.start())
        elif mark in ("”", '"') or not mark.strip():
            offsets.append(match.end())
    return offsets
