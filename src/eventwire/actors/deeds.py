"""Acts that stand for their actor: "North Korea's nuclear test ... Obama condemned Friday's test".

Reads: the spaCy Doc and the document's actor mentions so far. Writes: more `ActorMention`s (via "deed"),
each the object of a verb whose head noun names an act the document earlier gave an owner ("North Korea's
latest nuclear test", "Russia's invasion"), coded as that owner. A reader takes "condemned the test" as
condemning North Korea; without this the event has no target and is lost.

Only an object that owns no actor of its own counts (a date as possessor is fine: "Friday's test"), only after
the owned phrase, and only when one actor owned that act: "China's test ... Japan's test ... the test" is
left alone. Agent nouns (people, bodies) are never acts.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Token

from eventwire.records import ActorMention, ActorRef
from eventwire.stages.event_syntax import MentionIndex

_OBJECTS = frozenset({"dobj", "nsubjpass"})
_AMBIGUOUS = ActorRef("")  # an act two actors owned


def deed_mentions(doc: Doc, index: MentionIndex, sent_index: list[int],
                  agents: Collection[str]) -> list[ActorMention]:
    """Objects naming an owned act, coded as its owner; `index`: the document's mentions so far; `agents`:
    agent words, which name actors, not acts."""
    owners: dict[str, ActorRef] = {}
    out: list[ActorMention] = []
    for tok in doc:
        if tok.pos_ != "NOUN" or index.at(tok) or tok.lemma_.lower() in agents:
            continue
        lemma = tok.lemma_.lower()
        owner = _owner(tok, index)
        if owner is not None:
            owners[lemma] = owner if owners.get(lemma, owner) == owner else _AMBIGUOUS
            continue
        ref = owners.get(lemma)
        if ref is None or not ref.code or tok.dep_ not in _OBJECTS or any(index.at(t) for t in tok.subtree):
            continue
        span = doc[tok.left_edge.i : tok.i + 1]
        out.append(ActorMention(span.start_char, span.end_char, span.text, ref, sent_index[tok.i], "deed"))
    return out


def _owner(tok: Token, index: MentionIndex) -> ActorRef | None:
    """The actor that owns the act: "North Korea's test", "Trump's remarks" (a possessor)."""
    for c in tok.children:
        found = index.at(c) if c.dep_ == "poss" else []
        if found and found[0].actor.code:
            a = found[0].actor
            return ActorRef(a.code, a.sector, a.person)
    return None
