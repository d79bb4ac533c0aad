"""Stage `events`: sentences + actor mentions -> coded events (who did what to whom).

Reads: the spaCy Doc, Article.sentences, Article.mentions, the lexicon (data/verbs.tsv, data/cues.tsv).
Writes: Article.events (without dates: the `dates` stage fills them).

Three rules, in order, per sentence:
1. lexicon predicates ("condemned", "expressed concern about", "called on") with their subject as source;
2. reported speech: a statement whose complement criticises or threatens another actor is the speaker's
   ACCUSE / THREATEN event; a statement that the speaker's own side will cooperate is AGREE;
3. negated and hypothetical predicates, and claims the speaker reports about others, are not coded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.actors.parties import distinct_parties
from eventwire.lexicon import Lexicon, VerbPattern, quad_class
from eventwire.records import ActorMention, ActorRef, Event, Sentence
from eventwire.stages.event_syntax import (
    FORCE,
    IRREALIS,
    STATEMENT_NOUNS,
    TARGET_PREPS,
    MentionIndex,
    complement,
    did_not_happen,
    first_person,
    has_future,
    irrealis_governor,
    is_negated,
    np_mentions,
    prep_objects,
    statement_issuers,
    subject_tokens,
)
from eventwire.stages.nlp import entity_at

_OBJECT_PREPS = frozenset({"on", "against", "with", "to", "toward", "towards", "upon"})
_RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE"})
_TARGETLESS = frozenset({"MOBILIZE", "PROTEST"})
PlaceCodes = Callable[[str], tuple[str, ...]]


@dataclass
class _Ctx:
    doc: Doc
    index: MentionIndex
    lex: Lexicon
    places: PlaceCodes
    statement_at: dict[int, list[ActorMention]] = field(default_factory=dict)  # "the statement" -> issuers


def code_events(doc: Doc, sentences: list[Sentence], mentions: list[ActorMention], lex: Lexicon,
                places: PlaceCodes = lambda name: ()) -> list[Event]:
    """`places` maps a place name to the state codes it belongs to ("Tokyo" -> JPN): the host of a visit."""
    index = MentionIndex(doc, mentions)
    ctx = _Ctx(doc, index, lex, places, statement_issuers(doc, index, STATEMENT_NOUNS))
    events: list[Event] = []
    for sent in sentences:
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if span is None:
            continue
        found = _lexicon_events(span, sent, ctx) + _speech_events(span, sent, ctx)
        events.extend(_dedupe(found))
    return events


def _lexicon_events(span: Span, sent: Sentence, ctx: _Ctx) -> list[Event]:
    out: list[Event] = []
    for tok in span:
        pats = ctx.lex.verbs.get(tok.lemma_.lower())
        if not pats or tok.pos_ not in ("VERB", "NOUN") or is_negated(tok) or did_not_happen(tok, ctx.lex.speech):
            continue
        if tok.pos_ == "NOUN" and tok.lemma_.lower() not in ("visit", "talk", "talks", "trip"):
            continue
        if complement(tok) and _is_predicate(tok.head, ctx):
            continue  # "urged China to stop", "threatened to impose": the governing verb is the event
        pat = _match(tok, pats, ctx)
        if pat is None:
            continue
        sources = _sources(tok, ctx)
        if not sources or not _speaker_owns(tok, sources, ctx):
            continue
        targets = _targets(tok, pat, ctx, sent.index)
        if pat.target == "from":  # "received weapons from the government": the giver acts on the receiver
            objects = [c for c in tok.children if c.dep_ == "dobj"]
            heads = prep_objects(tok, frozenset({"from"})) + [
                p for o in objects for p in prep_objects(o, frozenset({"from"}))]
            sources, targets = [m for h in heads for m in np_mentions(h, ctx.index)], sources
            if not sources:
                continue
        wish = irrealis_governor(tok, IRREALIS)
        if wish is not None:
            # "wants to attack" threatens, "plans to visit" promises (PLOVER); a wish for others is no event
            for_others = any(c.dep_ in ("dobj", "dative") for c in wish.children) or any(
                c.dep_ == "nsubj" for c in tok.children)
            if for_others or pat.type not in FORCE | _RECIPROCAL:
                continue
            pat = _THREATEN if pat.type in FORCE else _INTENT
        elif pat.type in FORCE and has_future(tok):
            pat = _THREATEN  # "will attack" is a threat of force, not an attack that happened
        elif pat.type == "RETREAT" and has_future(tok):
            pat = _PROMISED_RETREAT  # "would free 150 prisoners": an announced release (PLOVER: CONCEDE)
        out.extend(_emit(sent, sources, targets, pat, tok.text, ctx.lex))
    return out


def _is_predicate(tok: Token, ctx: _Ctx) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in ctx.lex.verbs or lemma in ctx.lex.speech


def _match(tok: Token, pats: list[VerbPattern], ctx: _Ctx) -> VerbPattern | None:
    # a passive's subject is its object: "Evidence against Russia was presented by the US"
    dobj = [c for c in tok.children if c.dep_ in ("dobj", "attr", "nsubjpass")]
    preps = {c.lower_ for c in tok.children if c.dep_ in ("prep", "prt", "agent")}
    # "received assurances from X": the parser may hang the from-phrase on the object
    object_preps = {c.lower_ for d in dobj for c in d.children if c.dep_ == "prep"}
    for p in pats:
        if p.prep and p.prep not in preps and not (p.target == "from" and p.prep in object_preps):
            continue
        if p.objects and not any(d.lemma_.lower() in p.objects for d in _with_conj(dobj)):
            continue
        if p.actor_object and not any(np_mentions(d, ctx.index) for d in dobj):
            continue
        return p
    return None


def _with_conj(toks: list[Token]) -> list[Token]:
    return [t for d in toks for t in (d, *d.conjuncts)]


def _sources(verb: Token, ctx: _Ctx, visiting: frozenset[int] = frozenset()) -> list[ActorMention]:
    # `visiting`: speech verbs already asked for their speaker; "They told Japan, saying ..." has two whose
    # subject is "they", each pointing at the other
    if verb.i in visiting:
        return []
    visiting = visiting | {verb.i}
    if verb.pos_ == "NOUN":
        return _noun_sources(verb, ctx)
    subj, passive = subject_tokens(verb)
    out: list[ActorMention] = []
    for s in subj:
        if first_person(s):
            out.extend(_speaker_of(verb, ctx, visiting))
        elif s.lower_ in ("it", "they") and not ctx.index.at(s):
            # "China said it would retaliate": a state or organisation speaking of itself
            out.extend(m for m in _speaker_of(verb, ctx, visiting) if m.actor.person is None)
        elif s.i in ctx.statement_at:
            out.extend(ctx.statement_at[s.i])
        else:
            found = np_mentions(s, ctx.index, max_depth=1)
            # "Hundreds of UN troops", "some of the protesters": the group is the one acting
            out.extend(found or [m for o in prep_objects(s, frozenset({"of"})) for m in np_mentions(o, ctx.index, 1)])
    if passive and not subj:
        return []
    return out


def _noun_sources(noun: Token, ctx: _Ctx) -> list[ActorMention]:
    """A nominal event's agent: its possessor ("Stoltenberg's visit"), else the subject of the clause it
    frames ("During a visit to Tokyo, Stoltenberg said")."""
    poss = [m for c in noun.children if c.dep_ in ("poss", "compound") for m in ctx.index.at(c)]
    if poss:
        return poss
    if noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
        return _sources(noun.head.head, ctx)
    return []


def _speaker_of(tok: Token, ctx: _Ctx, visiting: frozenset[int] = frozenset()) -> list[ActorMention]:
    """First-person pronouns inside reported speech are the speaker: walk up to the speech verb."""
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.lemma_.lower() in ctx.lex.speech:
            subj, _passive = subject_tokens(cur)
            if subj and not first_person(subj[0]):
                return _sources(cur, ctx, visiting)
    # a quotation opening the sentence often hangs off nothing: take the sentence's speech verb
    for t in tok.sent:
        if t.lemma_.lower() in ctx.lex.speech and t.i != tok.i:
            subj, _passive = subject_tokens(t)
            if subj and not first_person(subj[0]):
                return _sources(t, ctx, visiting)
    return []


def _speaker_owns(tok: Token, sources: list[ActorMention], ctx: _Ctx) -> bool:
    """Reported speech is the speaker's event: a predicate inside a statement is coded only when its
    subject is the speaker's own side (or a first-person pronoun)."""
    cur = tok
    while cur.head.i != cur.i:
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in ctx.lex.speech:
            speakers = {m.actor.code for m in _sources(cur.head, ctx)}
            return not speakers or bool(speakers & {m.actor.code for m in sources})
        cur = cur.head
    return True


def _targets(verb: Token, pat: VerbPattern, ctx: _Ctx, sentence: int) -> list[ActorMention]:
    heads: list[Token] = []
    if pat.target == "comp":
        heads = [s for c in verb.children if c.dep_ == "ccomp" for s in subject_tokens(c)[0]]
        heads += prep_objects(verb, frozenset({"of", "about", "against"}))
    elif pat.target == "with":
        heads = prep_objects(verb, frozenset({"with"}))
    elif pat.target == "obj":
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        # the object may itself name the act ("imposed sanctions on X", "launched strikes against X")
        heads = objects + prep_objects(verb, TARGET_PREPS)
        heads += [p for o in objects for p in prep_objects(o, _OBJECT_PREPS)]
        if verb.pos_ == "NOUN":
            heads += prep_objects(verb, frozenset({"to", "with"}))
    if pat.type == "CONSULT":
        return _with_places(heads, ctx, sentence)
    if subject_tokens(verb)[1]:
        heads += [c for c in verb.children if c.dep_ == "nsubjpass"]
    if pat.type == "REQUEST" and pat.target == "obj":
        # a request is made of the one asked: "urged Iran to halt", not "urges retaliation on Russia"
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
        heads = objects + prep_objects(verb, TARGET_PREPS | {"from"})
        heads += [p for o in objects for p in prep_objects(o, frozenset({"from"}))]  # "an apology from Japan"
        return [m for h in heads for m in np_mentions(h, ctx.index, max_depth=0)]
    out: list[ActorMention] = []
    for h in heads:
        out.extend(np_mentions(h, ctx.index))
    return out


def _with_places(heads: list[Token], ctx: _Ctx, sentence: int) -> list[ActorMention]:
    """A visit's host may be named by a place ("a visit to Tokyo"): the place's state is the target."""
    out: list[ActorMention] = []
    for h in heads:
        found = np_mentions(h, ctx.index)
        if not found and h.ent_type_ in ("GPE", "LOC"):
            span = entity_at(h)
            if span is not None:
                found = [ActorMention(span.start_char, span.end_char, span.text, ActorRef(code), sentence,
                                      via="place")
                         for code in ctx.places(span.text)[:1]]
        out.extend(found)
    return out


def _emit(sent: Sentence, sources: list[ActorMention], targets: list[ActorMention], pat: VerbPattern,
          trigger: str, lex: Lexicon) -> list[Event]:
    # two sides of one state are a dyad ("Axelrod called on Dean", USA -> USA), a person and their own state not
    pairs = [(s, t) for s in sources for t in targets if distinct_parties(s, t)]
    if not targets and pat.type in _RECIPROCAL:
        pairs = [(s, t) for s in sources for t in sources if s is not t and distinct_parties(s, t)]
    out = [_event(sent, s, t, pat, trigger, lex) for s, t in pairs]
    if not targets and pat.type in _TARGETLESS:
        out = [_event(sent, s, None, pat, trigger, lex) for s in sources]
    return out


def _event(sent: Sentence, src: ActorMention, tgt: ActorMention | None, pat: VerbPattern,
           trigger: str, lex: Lexicon) -> Event:
    return Event(sentence=sent.index, source=src, target=tgt, type=pat.type, mode=pat.mode, cameo=pat.cameo,
                 goldstein=lex.goldstein_of(pat.cameo), quad_class=quad_class(pat.cameo),
                 trigger=trigger)


def _speech_events(span: Span, sent: Sentence, ctx: _Ctx) -> list[Event]:
    out: list[Event] = []
    for tok in span:
        if tok.lemma_.lower() not in ctx.lex.speech or tok.pos_ != "VERB" or is_negated(tok):
            continue
        comps = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis")]
        if not comps:
            continue
        sources = _sources(tok, ctx)
        if not sources:
            continue
        addressed = [m for c in tok.children if c.dep_ in ("dobj", "dative") for m in np_mentions(c, ctx.index)]
        for comp in comps:
            demand = _demand(comp, sources, addressed, sent, ctx)
            out.extend(demand or _code_statement(comp, sources, sent, ctx))
    return out


def _demand(comp: Token, sources: list[ActorMention], addressed: list[ActorMention], sent: Sentence,
            ctx: _Ctx) -> list[Event]:
    """"'You should resign,' Warren told Stumpf": telling someone what they should or must do is a demand
    (PLOVER REQUEST) of the one told."""
    you = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "you" for c in comp.children)
    obliged = any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in comp.children)
    if not (addressed and you and obliged) or is_negated(comp):
        return []
    return _emit(sent, sources, addressed, _DEMAND, comp.text, ctx.lex)


_ACCUSE = VerbPattern("(statement)", frozenset(), False, None, "ACCUSE", "disapprove", "111", "comp")
_THREATEN = VerbPattern("(statement)", frozenset(), False, None, "THREATEN", None, "130", "comp")
_ALLEGE = VerbPattern("(statement)", frozenset(), False, None, "ACCUSE", "allege", "112", "comp")
_INTENT = VerbPattern("(statement)", frozenset(), False, None, "AGREE", None, "030", "obj")
_PROMISED_RETREAT = VerbPattern("(statement)", frozenset(), False, None, "CONCEDE", None, "080", "obj")
_DEMAND = VerbPattern("(statement)", frozenset(), False, None, "REQUEST", None, "100", "obj")
_OBLIGATION = frozenset({"should", "must"})


def _code_statement(comp: Token, sources: list[ActorMention], sent: Sentence, ctx: _Ctx) -> list[Event]:
    if is_negated(comp):
        return []
    codes = {m.actor.code for m in sources}
    subj = [m for s in subject_tokens(comp)[0] for m in np_mentions(s, ctx.index)]
    if comp.lemma_.lower() in ctx.lex.verbs:
        # "The US said ISIL had attacked Iraq": saying another side used force is an allegation against it;
        # any other lexicon predicate in the complement is coded on its own
        force = {p.type for p in ctx.lex.verbs[comp.lemma_.lower()]} & FORCE
        others = [m for m in subj if m.actor.code not in codes]
        if force and others and not {m.actor.code for m in subj} & codes:
            return _emit(sent, sources, others, _ALLEGE, comp.text, ctx.lex)
        return []
    lemmas = [t.lemma_.lower() for t in comp.subtree]
    if comp.lemma_.lower() in ctx.lex.intent and has_future(comp) and {m.actor.code for m in subj} & codes:
        heads = [c for c in comp.children if c.dep_ == "dobj"] + prep_objects(comp, TARGET_PREPS)
        targets = [m for h in heads for m in np_mentions(h, ctx.index)]
        targets += [m for t in comp.subtree if t.dep_ == "pobj" for m in ctx.index.at(t)]
        return _emit(sent, sources, targets, _INTENT, comp.text, ctx.lex)
    if any(lem in ctx.lex.threat for lem in lemmas):
        pat = _THREATEN
    elif any(lem in ctx.lex.criticism for lem in lemmas):
        pat = _ACCUSE
    else:
        return []
    targets = subj + _cue_targets(comp, ctx)
    if not targets:
        # parses of long quoted lists are often broken; the complement's possessors are then the best guide
        targets = [m for t in comp.subtree if t.dep_ == "poss" for m in ctx.index.at(t)]
    return _emit(sent, sources, targets, pat, comp.text, ctx.lex)


def _cue_targets(comp: Token, ctx: _Ctx) -> list[ActorMention]:
    """The actor whose conduct a cue word describes: a verb's subject ("China is bullying"), a noun's
    possessor ("Japan's history of aggression", "NATO's expansion ..., interference")."""
    cues = ctx.lex.criticism | ctx.lex.threat
    out: list[ActorMention] = []
    for tok in comp.subtree:
        if tok.lemma_.lower() not in cues:
            continue
        if tok.pos_ == "VERB":
            out.extend(m for s in subject_tokens(tok)[0] for m in np_mentions(s, ctx.index, max_depth=1))
            continue
        cur = tok
        for _ in range(4):
            found = [m for c in cur.children if c.dep_ in ("poss", "compound", "amod") for m in ctx.index.at(c)]
            found += ctx.index.at(cur)
            if found:
                out.extend(found)
                break
            if cur.i == comp.i or cur.head.i == cur.i:
                break
            cur = cur.head
    return out


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for e in events:
        key = (e.source.actor.code, e.type, e.target.actor.code if e.target else "")
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out

