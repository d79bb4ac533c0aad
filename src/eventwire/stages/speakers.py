"""Who a quotation's speaker is, when the text names them by pronoun, role or surname.

Reads: the spaCy Doc (entities, parse), the article's actor mentions. Used by stages.quotes.

- A surname or title-and-surname ("Graham", "Mr. McKinley") is the fullest PERSON name the article gives that
  ends with it ("Lindsey Graham").
- "he"/"she" is the nearest earlier speaker or person the article named: first the latest named
  speaker in the same or the previous two paragraphs (news style keeps one speaker through a passage), else
  the latest person that was the subject of a clause, else the latest person at all. "Ms."/"Mr." and the
  pronouns used right after a name, where the text gives them, keep "she" off a man and "he" off a woman.
- "who" is the noun the relative clause hangs on ("Flynn, who said").
- A role with a definite article ("the governor", "the spokesman") is the latest person the article wrote
  beside that role word ("Gov. Chris Christie", "spokesman Lu Kang", "Smith, a spokesman"), if any.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.records import ActorMention
from eventwire.stages.event_syntax import MentionIndex

PARAGRAPHS_BACK = 2  # how far back a named speaker stays the referent of "he said"
ROLE_WINDOW = 4  # tokens between a role word and the name it describes ("spokesman for the ministry, Lu Kang")
_MALE, _FEMALE = frozenset({"he", "him", "his", "himself"}), frozenset({"she", "her", "hers", "herself"})
_TITLES = {"mr": "m", "mr.": "m", "ms": "f", "ms.": "f", "mrs": "f", "mrs.": "f", "miss": "f"}
# Short forms a byline or a title uses for a role the text later names in full.
_ROLE_FORMS = {"gov": "governor", "gov.": "governor", "sen": "senator", "sen.": "senator", "rep": "representative",
               "rep.": "representative", "gen": "general", "gen.": "general", "pres": "president",
               "spokeswoman": "spokesperson", "spokesman": "spokesperson"}


@dataclass(frozen=True)
class Person:
    start: int  # first token
    end: int
    name: str  # the fullest form the article gives
    gender: str | None  # "m", "f" or None where the text does not say
    subject: bool  # the subject of a clause
    paragraph: int


class Speakers:
    """The article's people, in text order, for resolving who "he", "the spokesman" and "Graham" are."""

    def __init__(self, doc: Doc, index: MentionIndex) -> None:
        self._doc, self._index = doc, index
        ents = [e for e in doc.ents if e.label_ == "PERSON" and any(t.is_alpha for t in e)]
        full: dict[str, str] = {}
        for e in ents:  # "Lindsey Graham" is the full form of "Graham" and of "Mr. Graham"
            words = _name_words(e)
            if words and len(words) > 1 and len(words) > len(full.get(words[-1].lower(), "").split()):
                full[words[-1].lower()] = " ".join(words)
        self._full = full
        paragraphs = _paragraph_starts(doc.text)
        self.people = [Person(e.start, e.end, self.full_name(e), _gender(e), e.root.dep_ in ("nsubj", "nsubjpass"),
                              bisect.bisect_right(paragraphs, e.start_char) - 1) for e in ents]
        self._paragraphs = paragraphs
        self.spoke: list[tuple[int, str, ActorMention | None]] = []  # (token, speaker, actor) of named speakers

    def full_name(self, span: Span) -> str:
        words = _name_words(span)
        if not words:
            return span.text
        return self._full.get(words[-1].lower(), " ".join(words)) if len(words) <= 2 else " ".join(words)

    def heard(self, tok: Token, speaker: str, actor: ActorMention | None) -> None:
        """A named speaker of a quotation at `tok`: the first referent of a later "he said"."""
        self.spoke.append((tok.i, speaker, actor))

    def resolve(self, tok: Token) -> tuple[str, ActorMention | None] | None:
        """The person a pronoun, role or surname subject stands for, with their actor mention if they have one."""
        low = tok.lower_
        if low in ("who", "that") and tok.head.dep_ == "relcl":
            return self.named(tok.head.head)
        if low in _MALE | _FEMALE:  # "they" is mostly a group the article never names as one
            return self._antecedent(tok, "m" if low in _MALE else "f")
        if tok.pos_ == "NOUN" and any(c.lower_ == "the" for c in tok.children):
            return self._role_holder(tok)
        return None

    def named(self, tok: Token) -> tuple[str, ActorMention | None] | None:
        """A subject that is itself a name: its full form, and the mention of the person it names."""
        ent = next((e for e in self._doc.ents if e.start <= tok.i < e.end and e.label_ == "PERSON"), None) \
            if tok.ent_type_ == "PERSON" else None
        if ent is None:  # a surname NER missed this time ("Graham asked")
            full = self._full.get(tok.lower_) if tok.pos_ == "PROPN" else None
            return (full, None) if full else None
        return self.full_name(ent), self._mention_of(ent)

    def _antecedent(self, tok: Token, gender: str | None) -> tuple[str, ActorMention | None] | None:
        para = bisect.bisect_right(self._paragraphs, tok.idx) - 1
        earlier = [p for p in self.people if p.end <= tok.i and _agrees(p.gender, gender)]
        recent_speakers = [s for s in self.spoke if s[0] < tok.i and self._para_of(s[0]) >= para - PARAGRAPHS_BACK
                           and _agrees(self._gender_of(s[1]), gender)]
        # a person who is the subject of the passage just before outranks an earlier speaker
        subjects = [p for p in earlier if p.subject and p.paragraph >= para - 1]
        if subjects and (not recent_speakers or subjects[-1].start > recent_speakers[-1][0]):
            return subjects[-1].name, self._mention_of(self._doc[subjects[-1].start : subjects[-1].end])
        if recent_speakers:
            return recent_speakers[-1][1], recent_speakers[-1][2]
        for pool in ([p for p in earlier if p.subject], earlier):
            if pool:
                return pool[-1].name, self._mention_of(self._doc[pool[-1].start : pool[-1].end])
        return None

    def _role_holder(self, tok: Token) -> tuple[str, ActorMention | None] | None:
        role = _ROLE_FORMS.get(tok.lower_, tok.lemma_.lower())
        for p in reversed([p for p in self.people if p.end <= tok.i]):
            lo, hi = max(0, p.start - ROLE_WINDOW), min(len(self._doc), p.end + ROLE_WINDOW)
            sent = self._doc[p.start].sent
            near = {_ROLE_FORMS.get(t.lower_, t.lemma_.lower()) for t in self._doc[lo:hi] if t.sent == sent}
            if role in near:
                return p.name, self._mention_of(self._doc[p.start : p.end])
        return None

    def _mention_of(self, span: Span) -> ActorMention | None:
        found = [m for t in span for m in self._index.at(t) if m.actor.code]
        return found[0] if found else None

    def _para_of(self, i: int) -> int:
        return bisect.bisect_right(self._paragraphs, self._doc[i].idx) - 1

    def _gender_of(self, name: str) -> str | None:
        genders = {p.gender for p in self.people if p.name == name} - {None}
        return genders.pop() if len(genders) == 1 else None


def _agrees(person: str | None, pronoun: str | None) -> bool:
    return person is None or pronoun is None or person == pronoun


def _name_words(span: Span) -> list[str]:
    """A name's words without titles and possessives: "Mr. Obama's" -> ["Obama"]."""
    words = [t.text for t in span if t.is_alpha or "-" in t.text or (t.text.endswith(".") and len(t.text) == 2)]
    while words and words[0].lower().rstrip(".") in ("mr", "ms", "mrs", "dr", "miss", "sen", "rep", "gov", "gen"):
        words = words[1:]
    return words


def _gender(ent: Span) -> str | None:
    """What the text says of a person's gender: a title before the name, or the next third-person pronoun in
    the same sentence when no other person stands between."""
    before = ent.doc[ent.start - 1].lower_ if ent.start else ""
    if ent[0].lower_ in _TITLES or before in _TITLES:
        return _TITLES.get(ent[0].lower_) or _TITLES[before]
    for t in ent.doc[ent.end : ent.sent.end]:
        if t.ent_type_ == "PERSON":
            return None
        if t.lower_ in _MALE:
            return "m"
        if t.lower_ in _FEMALE:
            return "f"
    return None


def _paragraph_starts(text: str) -> list[int]:
    starts, at = [0], text.find("\n\n")
    while at >= 0:
        starts.append(at + 2)
        at = text.find("\n\n", at + 2)
    return starts
