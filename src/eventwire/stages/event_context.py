"""After the coders: what a sentence says about its events beyond each pair (stage `events`, last steps).

Reads: the spaCy Doc, the sentences, the coded mentions and the events of both coders. Writes: more events (a
state sharing a sector phrase's head shares its events) and `Event.modality` ("todo" for what is expected,
scheduled or planned, whatever the model's modality head read).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from eventwire.records import ActorMention, Event, Sentence
from eventwire.stages.event_syntax import IRREALIS, planned, trigger_token


def with_co_sources(doc: Doc, events: list[Event], mentions: list[ActorMention]) -> list[Event]:
    """"US and British activists staged a protest": the bare state that shares the sector phrase's head
    ("US", coded USAOPP by the actor stage) does what the phrase's actors do, so each event of "British
    activists" is also the Americans'."""
    heads: dict[ActorMention, Token] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            heads[m] = span.root
    out = list(events)
    seen = {(e.sentence, e.source.actor.code, e.type, e.target.actor.code if e.target else None) for e in events}
    for e in events:
        head = heads.get(e.source)
        if head is None:
            continue
        for m, tok in heads.items():
            hop = tok.head if tok.dep_ == "conj" else tok
            if m.sentence != e.sentence or m.actor.code == e.source.actor.code or hop.dep_ not in (
                    "amod", "compound", "nmod") or hop.head.i != head.i or not m.actor.sector:
                continue
            key = (e.sentence, m.actor.code, e.type, e.target.actor.code if e.target else None)
            if key not in seen and (e.target is None or m.actor.code != e.target.actor.code):
                seen.add(key)
                out.append(replace(e, source=m))
    return out


def mark_planned(doc: Doc, sentences: list[Sentence], events: list[Event]) -> None:
    """An event to come says so on its row (`modality` "todo"): "the PM is expected to meet Stoltenberg", "is
    planning on attending a summit", "will visit", whatever the model's modality head read."""
    for e in events:
        s = sentences[e.sentence]
        tok = trigger_token(doc.char_span(s.start, s.end, alignment_mode="expand"), e.trigger)
        if tok is None:
            continue
        governs = tok.lemma_.lower() in IRREALIS and any(
            c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "on" and any(g.dep_ == "pcomp" for g in c.children))
            for c in tok.children)
        if planned(tok) or governs:
            e.modality = "todo"
