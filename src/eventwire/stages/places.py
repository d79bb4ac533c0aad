"""Stage `places`: find place mentions, resolve them offline, and give each event the place it happened.

Reads: the spaCy Doc (GPE/LOC/FAC entities), Article.sentences, Article.mentions, Article.events,
Extracted.dateline. Writes: Article.places (every toponym), Event.place, Event.place_text, Event.place_method,
and Event.target for a targetless event abroad.

An event's place is a location in its own clause ("met in Tokyo": an "in"/"at" object hanging from the
trigger or the verb that governs it); failing that, the article's dateline; failing that, none. A place
mentioned elsewhere in the sentence is not taken: "China, which borders Russia, said" happened in neither.

A protest or a mobilisation with no recipient that happens in another state's territory is directed at that
state, as CAMEO coders (PETRARCH) code it: "US activists staged a protest in Beijing" is USA PROTEST CHN,
"Russia is conducting military exercises in Alaska" RUS MOBILIZE USA. The place becomes the target
(via "place"), its text and span as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from eventwire.places.gazetteer import Gazetteer
from eventwire.places.resolve import resolve
from eventwire.records import ActorMention, ActorRef, Event, Sentence, Toponym
from eventwire.stages.event_syntax import trigger_token
from eventwire.stages.nlp import entity_at

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE = frozenset({"in", "at"})
_JOURNEYS = frozenset({"visit", "trip", "tour", "journey", "travel"})  # "a visit to Tokyo": where it happened
_CARRIERS = frozenset({"dobj", "npadvmod", "advmod"})  # words the parser hangs a verb's "in X" on
_CLIMB = 2  # how many governing words above the trigger still belong to its clause
# "TOKYO –" / "WASHINGTON, D.C. (Reuters) —" opening the text: the inline dateline
_INLINE_DATELINE = re.compile(r"^\s*([A-Z][A-Z.'’ -]{2,40}?)(?:,[^\n–—]{0,30})?\s*(?:\([^)\n]{1,30}\)\s*)?[–—-]\s")


def find_toponyms(doc: Doc, dateline: str | None) -> list[Toponym]:
    """Place mentions with exact offsets into the Doc's text; a dateline above the text has none."""
    text = doc.text
    out: list[Toponym] = []
    m = _INLINE_DATELINE.match(text)
    if m:
        out.append(Toponym(m.start(1), m.end(1), m.group(1), "dateline"))
    elif dateline and dateline_name(dateline):
        out.append(Toponym(None, None, dateline_name(dateline), "dateline"))
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS and not (m and ent.start_char < m.end(1)):
            out.append(Toponym(ent.start_char, ent.end_char, ent.text, "entity"))
    return out


def dateline_name(dateline: str) -> str:
    """"BEIJING", "TOKYO –", "WASHINGTON, D.C. (AP) -" -> the place name before any comma, bracket or dash."""
    return re.split(r"[,(–—]| - ", dateline, maxsplit=1)[0].strip(" -.")


def resolve_toponyms(gaz: Gazetteer, toponyms: list[Toponym], mentions: Iterable[ActorMention]) -> list[Toponym]:
    """Resolve with the document as context: its actors' countries, the countries it names, the dateline."""
    ctx = {gaz.iso3_to_iso2[m.actor.code] for m in mentions if m.actor.code in gaz.iso3_to_iso2}
    first = [resolve(gaz, t.text, ctx) for t in toponyms]
    ctx |= {p.country for p, t in zip(first, toponyms, strict=True)
            if p is not None and (p.level == "country" or t.source == "dateline")}
    return [Toponym(t.start, t.end, t.text, t.source, resolve(gaz, t.text, ctx)) for t in toponyms]


def place_events(doc: Doc, sentences: list[Sentence], events: list[Event], toponyms: list[Toponym],
                 targetless: frozenset[str] = frozenset()) -> None:
    """Each event's place; `targetless`: the types complete without a recipient (PROTEST, MOBILIZE)."""
    at = {t.start: t for t in toponyms if t.start is not None and t.place is not None}
    dateline = next((t for t in toponyms if t.source == "dateline" and t.place is not None), None)
    for e in events:
        s = sentences[e.sentence]
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        found = _clause_place(span, e.trigger, at) if span is not None else None
        if found is not None:
            e.place, e.place_text, e.place_method = found.place, found.text, "clause"
            _host_as_target(e, found, targetless)
        elif dateline is not None:
            e.place, e.place_text, e.place_method = dateline.place, dateline.text, "dateline"


def _host_as_target(e: Event, found: Toponym, targetless: frozenset[str]) -> None:
    place = found.place
    if e.target is not None or e.type not in targetless or place is None or found.start is None or \
            found.end is None or not place.iso3 or place.iso3 == e.source.actor.code:
        return
    e.target = ActorMention(found.start, found.end, found.text, ActorRef(place.iso3), e.sentence, "place")


def _clause_place(span: Span, trigger: str, at: dict[int, Toponym]) -> Toponym | None:
    tok = trigger_token(span, trigger)
    if tok is None:
        return None
    for head in [tok, *list(tok.ancestors)[:_CLIMB]]:
        found = _locative(head, at)
        # "reached the agreement in Tokyo": the parser hangs the place on the object
        # "pushed South Korea the day before in Seoul": on the object or an adverbial of time
        for obj in (c for c in head.children if c.dep_ in _CARRIERS) if found is None else ():
            found = _locative(obj, at)
        if found is not None:
            return found
    return None


def _locative(head: Token, at: dict[int, Toponym]) -> Toponym | None:
    """A place object of "in"/"at" under `head`, or of "to" when `head` is a visit; "during a visit to X"
    counts for the verb it qualifies."""
    if head.lemma_.lower() in _JOURNEYS:  # "visited Japan"
        visited = next(filter(None, (_entity_at(c, at) for c in head.children if c.dep_ == "dobj")), None)
        if visited is not None:
            return visited
    for prep in (c for c in head.children if c.dep_ == "prep"):
        if prep.lower_ in _LOCATIVE or (prep.lower_ == "to" and head.lemma_.lower() in _JOURNEYS):
            found = _place_object(prep, at)
        elif prep.lower_ in ("during", "on") and any(o.lemma_.lower() in _JOURNEYS for o in prep.children):
            found = next(filter(None, (_locative(o, at) for o in prep.children if o.dep_ == "pobj")), None)
        else:
            found = None
        if found is not None:
            return found
    return None


def _place_object(prep: Token, at: dict[int, Toponym]) -> Toponym | None:
    return next(filter(None, (_entity_at(o, at) for o in prep.children if o.dep_ == "pobj")), None)


def _entity_at(tok: Token, at: dict[int, Toponym]) -> Toponym | None:
    """The resolved toponym `tok` heads, if it is a place entity."""
    if tok.ent_type_ not in PLACE_LABELS:
        return None
    ent = entity_at(tok)
    return at.get(ent.start_char) if ent is not None else None
