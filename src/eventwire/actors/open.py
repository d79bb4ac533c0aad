"""Open actor recognition: phrases that name an actor although no dictionary entry resolved them.

Reads: the spaCy Doc (its PERSON, ORG and NORP entities and noun chunks), the mentions the dictionary
resolver produced, the dictionary (agent words of roles.tsv) and the agent words of agents.tsv. Writes: more
`ActorMention`s (via "open"), each with the best code the text supports:

1. a short form of a person already coded in the document ("Stein" after "Jill Stein"): that person's ref;
2. else a state or organisation the phrase is tied to (a demonym in it, "of Hungary", an apposition, a
   possessive, "the mayor of Nablus" through the gazetteer): its code;
3. else the document's home country, for a phrase with an agent word ("Green Party candidate Jill Stein",
   "Nassau County police", "the Senate") or a person's full name ("Howard Dean"), when one state clearly
   dominates the document's coded mentions;
4. else a null code (ActorRef.code == ""), the text kept: the mention is stored but codes no event.

The sector comes from the rightmost agent word of the phrase. "he"/"she" left unresolved by the dictionary
resolver take the most recent open person of that or the previous sentence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from eventwire.actors.dictionary import ActorDictionary
from eventwire.actors.listed import listed_person
from eventwire.records import ActorMention, ActorRef
from eventwire.stages.nlp import entities_in

LABELS = frozenset({"PERSON", "ORG", "NORP"})
HOME_SHARE = 0.6  # the home country holds at least this share of the document's state-coded mentions
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
_HOLDING = frozenset({"held", "controlled", "run", "occupied", "led", "backed", "allied"})
# a place name's state (ISO alpha-3), preferring places in the states given (alpha-3): "Florida" is Cuba's
# town or the US state, and "Florida Rep." settles it
PlaceCountry = Callable[[str, tuple[str, ...]], str | None]


@lru_cache(maxsize=8)
def agent_words(extra: tuple[Path, ...] = ()) -> dict[str, str]:
    """word -> sector, from the bundled agents.tsv and any `agents.tsv` in the extra actor folders."""
    return {word: sector for word, (sector, _) in _agent_rows(extra).items()}


@lru_cache(maxsize=8)
def agent_states(extra: tuple[Path, ...] = ()) -> dict[str, tuple[str, ...]]:
    """word -> the states whose title it is ("sen.": USA, PHL), from agents.tsv's `states`, most usual first."""
    return {word: tuple(states.split()) for word, (_, states) in _agent_rows(extra).items() if states}


def _agent_rows(extra: tuple[Path, ...]) -> dict[str, tuple[str, str]]:
    paths = [Path(str(resources.files("eventwire") / "data" / "actors" / "agents.tsv"))]
    paths += [d / "agents.tsv" for d in extra if (d / "agents.tsv").is_file()]
    out: dict[str, tuple[str, str]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = [p.strip() for p in line.split("\t")]
            if line.startswith("#") or len(parts) < 2 or parts[0] == "word":
                continue
            out[parts[0].lower()] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


@dataclass
class _Open:
    doc: Doc
    dictionary: ActorDictionary
    agents: dict[str, str]
    states: dict[str, tuple[str, ...]]  # agent words that are a few states' titles
    taken: list[bool]  # tokens inside an existing mention
    coded: dict[int, ActorRef]  # token -> the ref of a mention covering it
    home: str | None
    place_country: PlaceCountry  # a place name's state (gazetteer), for "the mayor of Nablus"
    when: dt.date | None = None  # the publication date: which office a dictionary person held


def home_country(mentions: list[ActorMention], dictionary: ActorDictionary) -> str | None:
    """The state that dominates the document: among all its state-coded mentions, or among those that name
    someone of it (a person or a sector: "President Obama", "the Senate"), since a country a story is about
    is named bare far more often than the people whose story it is."""
    # a capital standing for its government says little about whose story it is ("leaving for Beijing")
    named = [m for m in mentions if m.via not in ("pronoun", "metonym") and dictionary.is_state(m.actor.code)]
    for pool in named, [m for m in named if m.actor.sector or m.actor.person]:
        counts = Counter(m.actor.code for m in pool)
        if counts:
            code, n = counts.most_common(1)[0]
            someone = any(m.actor.sector or m.actor.person for m in pool if m.actor.code == code)
            if n / sum(counts.values()) >= HOME_SHARE and (n > 1 or someone):
                return code  # one bare name ("a UK-based group") is too little to say whose story it is
    return None


def open_mentions(doc: Doc, sent_index: list[int], mentions: list[ActorMention], dictionary: ActorDictionary,
                  extra: tuple[Path, ...], in_quote: Callable[[int], bool],
                  place_country: PlaceCountry = lambda name, near: None,
                  when: dt.date | None = None) -> list[ActorMention]:
    """The open mentions of `doc`; `sent_index[token]` is the token's Sentence.index; a pronoun inside a
    quotation (`in_quote(token)`) is the speaker's referent and is left alone."""
    taken = [False] * len(doc)
    coded: dict[int, ActorRef] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        for tok in span or ():
            taken[tok.i] = True
            coded.setdefault(tok.i, m.actor)
    ctx = _Open(doc, dictionary, agent_words(extra), agent_states(extra), taken, coded,
                home_country(mentions, dictionary), place_country, when)
    out: list[ActorMention] = []
    people: dict[str, ActorRef] = {}  # a coded open person's name words -> ref
    last_person: tuple[int, ActorRef] | None = None
    phrases = _phrases(ctx)
    for n, span in enumerate(phrases):
        ref = _code(ctx, span, people)
        if ref.person is not None:
            if ref.code:
                for word in span.root.text, span.text.split()[-1], ref.person:
                    people.setdefault(word, ref)
            last_person = (sent_index[span.start], ref)
        for tok in span:
            taken[tok.i] = True
        out.append(ActorMention(span.start_char, span.end_char, span.text, ref, sent_index[span.start], "open"))
        if last_person is not None and last_person[1].code:
            stop = phrases[n + 1].start if n + 1 < len(phrases) else len(doc)
            out.extend(_pronouns(ctx, doc[span.end : stop], last_person, sent_index, in_quote))
    return out + _surnames(ctx, people, sent_index)


def _surnames(ctx: _Open, people: dict[str, ActorRef], sent_index: list[int]) -> list[ActorMention]:
    """A known open person's surname the entity recogniser did not tag this time ("... Warren told Stumpf")."""
    out = []
    for tok in ctx.doc:
        ref = people.get(tok.text)
        if ref is None or ctx.taken[tok.i] or tok.pos_ != "PROPN" or tok.ent_type_ not in ("", "PERSON"):
            continue
        if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children) or tok.dep_ == "compound":
            continue  # part of a longer name: "Jack Stumpf", "Stumpf Industries"
        ctx.taken[tok.i] = True
        out.append(ActorMention(tok.idx, tok.idx + len(tok.text), tok.text, ref, sent_index[tok.i], "open"))
    return out


def _phrases(ctx: _Open) -> list[Span]:
    """Entities and agent noun chunks no mention covers, widened leftwards over their title words."""
    found: list[Span] = []
    for ent in ctx.doc.ents:
        if ent.label_ not in LABELS or any(ctx.taken[t.i] for t in ent):
            continue
        if ent.label_ == "NORP" and ent.root.tag_ not in ("NNS", "NNPS") and not _agent(ctx, ent):
            continue  # "Chinese" alone is a language, a cuisine, an adjective; "Palestinians" are actors
        if _ignored(ctx, ent):
            continue  # ignore.tsv: "The Japan Times", "Nikkei Asia" are never actors
        found.append(_with_titles(ctx, ent))
    for chunk in ctx.doc.noun_chunks:
        if _head_agent(ctx, chunk) and not any(ctx.taken[t.i] for t in chunk) and chunk.root.pos_ != "PRON" and \
                not any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in chunk.root.children):
            found.append(chunk)  # "the company's chief executive, Mary Jones": the person is the mention
    found.sort(key=lambda s: (s.start, -len(s)))
    out: list[Span] = []
    for span in found:
        if not out or span.start >= out[-1].end:
            out.append(span)
    return out


def _ignored(ctx: _Open, ent: Span) -> bool:
    toks = list(ent)
    for i in range(len(toks)):
        for j in range(i + 1, min(i + 4, len(toks)) + 1):
            if any(e.kind == "ignore" for e in ctx.dictionary.lookup(ent[i:j].text)):
                return True
    return False


def _with_titles(ctx: _Open, ent: Span) -> Span:
    """"Green Party presidential candidate Jill Stein": the name's own modifiers, up to another mention."""
    start = ent.start
    while start > 0:
        tok = ctx.doc[start - 1]
        if ctx.taken[tok.i] or tok.dep_ not in _TITLE_DEPS or not (ent.start <= tok.head.i < ent.end or
                                                                  start <= tok.head.i < ent.end):
            break
        start -= 1
    span = ctx.doc[start : ent.end]
    span.label_ = ent.label_
    return span


def _agent(ctx: _Open, span: Span) -> str | None:
    """The sector of the rightmost agent word (a two-word agent such as "white house" first)."""
    for i in range(len(span) - 1, -1, -1):
        sector = _word_sector(ctx, span, i)
        if sector is not None:
            return sector
    return None


def _head_agent(ctx: _Open, chunk: Span) -> str | None:
    """The sector of a noun chunk that names an actor: its head is an agent word ("the Palestinian mayor"), or
    an agent word modifies it next to a state's demonym, a place or a "-held" ("an Afghan army base", "Syrian
    government missiles", "the Kirkuk council decision", "a rebel-held area": the army's, the government's,
    the council's, the rebels'). "An association agreement" and "the West Bank city" (a place's name is no
    agent word) are no actors."""
    head = _word_sector(ctx, chunk, chunk.root.i - chunk.start)
    if head is not None:
        return head
    if not any(_demonym(ctx, t) or t.ent_type_ == "GPE" or _held(t) for t in chunk):
        return None
    for i in range(chunk.root.i - chunk.start - 1, -1, -1):
        if chunk[i].ent_type_ not in ("GPE", "LOC", "FAC"):
            sector = _word_sector(ctx, chunk, i)
            if sector is not None:
                return sector
    return None


def _held(tok: Token) -> bool:
    """"rebel-held", "government-controlled": the place is named for the actor holding it."""
    return tok.lower_ in _HOLDING and tok.i > 0 and tok.nbor(-1).text in ("-", "‐")


def _demonym(ctx: _Open, tok: Token) -> str | None:
    forms = (tok.text, tok.text[:-1]) if tok.tag_ in ("NNS", "NNPS") and tok.text.endswith("s") else (tok.text,)
    found = [e.code for f in forms for e in ctx.dictionary.lookup(f) if e.kind == "demonym" and e.code]
    return found[0] if found and tok.is_title else None


def _word_sector(ctx: _Open, span: Span, i: int) -> str | None:
    pair = f"{span[i - 1].lower_} {span[i].lower_}" if i else ""
    for key in (pair, span[i].lower_, span[i].lemma_.lower()):
        if key and key in ctx.agents:
            return ctx.agents[key]
        role = [e for e in ctx.dictionary.lookup(key) if e.kind == "role" and e.sector] if key else []
        if role:
            return role[0].sector
    return None


def _code(ctx: _Open, span: Span, people: dict[str, ActorRef]) -> ActorRef:
    sector = _agent(ctx, span)
    head = span.root.head
    if sector is None and span.root.dep_ == "appos":  # "the party's candidate, X": the apposed title's sector
        sector = _agent(ctx, ctx.doc[head.left_edge.i : head.i + 1])
    known = people.get(span.text) if len(span) == 1 or span.label_ == "PERSON" else None
    if known is not None and (sector is None or known.sector == sector):
        return known  # "Holloway" after "candidate Maria Holloway", whatever NER calls the short form
    person = span.text if span.label_ == "PERSON" else None
    listed = listed_person(ctx.dictionary, span, ctx.when) if person is not None else None
    if listed is not None:
        return listed
    if person is not None and _writer_bio(ctx, span):
        return ActorRef("", "MED", person)
    tied = _tied_code(ctx, span)
    if tied is not None:
        return ActorRef(tied, None if ctx.dictionary.is_org(tied) else sector, person)
    if _foreign_owner(ctx, span):
        return ActorRef("", sector, person)  # "the North's leader": its owner is no one we can code
    titled = _title_states(ctx, span)
    if titled and ctx.home not in titled:
        return ActorRef(titled[0], sector, person)  # "Rep. Adam Schiff" in a story about Russia
    if ctx.home is not None and (sector is not None or _full_name(span)):
        return ActorRef(ctx.home, sector, person)
    if titled:
        return ActorRef(titled[0], sector, person)
    if span.label_ == "NORP":
        codes = ctx.dictionary.codes_for(span.text)
        if codes:
            return ActorRef(codes[0], None, None)
    return ActorRef("", sector, person)


def _writer_bio(ctx: _Open, span: Span) -> bool:
    """"Andrew Thornebrooke is a reporter covering China": the line about the article's writer, who is no
    party to what the article reports (a media agent as the copula's complement)."""
    root = span.root
    if root.dep_ != "nsubj" or root.head.lemma_ != "be":
        return False
    return any(c.dep_ == "attr" and _agent(ctx, c.doc[c.left_edge.i : c.i + 1]) == "MED" for c in root.head.children)


def _foreign_owner(ctx: _Open, span: Span) -> bool:
    """An agent phrase owned by a proper noun that no mention codes ("the North's leader", "Hamas's chief"); a
    named person keeps the home country whoever employs them ("NBC's Matt Lauer")."""
    return span.label_ != "PERSON" and any(
        c.dep_ == "poss" and c.pos_ == "PROPN" and c.i not in ctx.coded and c.ent_type_ != "PERSON"
        for c in span.root.children)


def _full_name(span: Span) -> bool:
    """A PERSON of two or more capitalised words ("Howard Dean"): in a document about one country, the
    people it names without a tie are that country's, as a reader assumes; a lone surname is too thin."""
    return span.label_ == "PERSON" and sum(1 for t in span if t.is_title and t.is_alpha) >= 2


def _tied_code(ctx: _Open, span: Span) -> str | None:
    """A demonym inside the phrase, or a coded mention or place tied to its head by "of", "from" (where
    people come from: "dissidents from Myanmar"), apposition or a possessive. (No token of the phrase is
    inside a mention: `_phrases` keeps only free spans.)"""
    for tok in span:
        demonym = _demonym(ctx, tok)
        if demonym:
            return demonym  # "two Brazilian men", "Palestinians": a demonym is an actor's state
    inner = _inner_place(ctx, span)
    if inner is not None:
        return inner
    root = span.root
    near = [c for c in root.children if c.dep_ in ("appos", "poss")]
    near += [g for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "from") for g in c.children]
    if root.dep_ == "appos":
        near.append(root.head)
    for tok in near:
        ref = ctx.coded.get(tok.i)
        if ref is not None and ref.code:
            return ref.code
        if tok.ent_type_ in ("GPE", "LOC") and tok.dep_ == "pobj":
            found = ctx.place_country(tok.text, _near(ctx, span))
        elif tok.dep_ == "pobj":  # "the mayor of the West Bank city of Nablus": the place the object names
            found = _inner_place(ctx, ctx.doc[tok.left_edge.i : tok.right_edge.i + 1])
        else:
            found = None
        if found:
            return found
    return None


def _inner_place(ctx: _Open, span: Span) -> str | None:
    """A place that modifies the phrase's head: "Florida Rep. Debbie Wasserman Schultz", "the California
    congressman", "Beijing police"; the whole entity is looked up ("Nassau County" is no Nassau)."""
    for ent in entities_in(span):  # the phrase's own entities, not every one of the document
        if ent.label_ == "GPE" and span.root not in ent:
            found = ctx.place_country(ent.text, _near(ctx, span))
            if found:
                return found
    return None


def _near(ctx: _Open, span: Span) -> tuple[str, ...]:
    """The states a place in this phrase is most likely in: the document's home, the phrase's title's."""
    return tuple(s for s in (ctx.home, *_title_states(ctx, span)) if s)


def _title_states(ctx: _Open, span: Span) -> tuple[str, ...]:
    """The states whose title the phrase carries ("Sen.", "congressman": agents.tsv's states column)."""
    for tok in span:
        states = ctx.states.get(tok.lower_) or ctx.states.get(tok.lemma_.lower())
        if states:
            return states
    return ()


def _pronouns(ctx: _Open, gap: Span, last: tuple[int, ActorRef], sent_index: list[int],
              in_quote: Callable[[int], bool]) -> list[ActorMention]:
    """Unresolved personal pronouns before the next phrase, in the open person's or the next sentence."""
    sentence, ref = last
    out = []
    for tok in gap:
        if sent_index[tok.i] > sentence + 1:
            break
        if tok.lower_ in _PRONOUNS and not ctx.taken[tok.i] and not in_quote(tok.i):
            ctx.taken[tok.i] = True
            out.append(ActorMention(tok.idx, tok.idx + len(tok.text), tok.text, ref, sent_index[tok.i], "pronoun"))
    return out
