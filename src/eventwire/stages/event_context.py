"""After the coders: what a sentence says about its events beyond each pair (stage `events`, last steps).

Reads: the spaCy Doc, the sentences, the coded mentions and the events of both coders. Writes: more events (a
state sharing a sector phrase's head shares its events), fewer (a summary bullet restating a sentence of the body
is one report, not two) and `Event.modality` ("todo" for what is expected, scheduled or planned, whatever the
model's modality head read).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from eventwire.records import ActorMention, Event, Sentence
from eventwire.stages.event_syntax import IRREALIS, planned, trigger_token
from eventwire.stages.gate import CALENDAR


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


RESTATED = 0.8  # share of a sentence's words another sentence holds for it to be a restatement of that one


def without_restatements(sentences: list[Sentence], events: list[Event]) -> list[Event]:
    """A page's summary ("• Tokyo has imposed sanctions on Moscow.") restates sentences of its body ("Tokyo,
    along with its G7 partners, has imposed sanctions on Moscow and ..."): the same actors doing the same thing in
    a sentence whose words the fuller one holds is one report of it, so only the fuller sentence's event stays
    (of two alike, the later: a summary comes before the body it sums up)."""
    words = {i: set(re.findall(r"\w{3,}", sentences[i].text.lower())) for i in {e.sentence for e in events}}
    by_key: dict[tuple[str, str, str | None], list[Event]] = {}
    for e in events:
        by_key.setdefault(_key(e), []).append(e)
    dropped: set[int] = set()
    for group in by_key.values():
        for e in group:
            mine = words[e.sentence]
            if mine and any(_restates(mine, words[o.sentence]) and o.sentence != e.sentence
                            and (len(words[o.sentence]) > len(mine) or o.sentence > e.sentence)
                            and id(o) not in dropped for o in group):
                dropped.add(id(e))
    return [e for e in events if id(e) not in dropped]


# Words that date a telling: a sentence naming a time the other does not tells another moment.
_WHEN = frozenset(w.lower() for w in CALENDAR - {"I"}) | {"today", "yesterday", "tomorrow", "week", "month", "year"}


def _restates(mine: set[str], other: set[str]) -> bool:
    missing = mine - other
    return len(mine) - len(missing) >= RESTATED * len(mine) and not any(w in _WHEN or w.isdigit() for w in missing)


def _key(e: Event) -> tuple[str, str, str | None]:
    return e.source.actor.full_code, e.type, e.target.actor.full_code if e.target else None
