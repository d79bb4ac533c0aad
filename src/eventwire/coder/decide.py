"""The learned event decision: score every candidate of every sentence, keep those the model calls events.

Reads: the spaCy Doc, sentences, actor mentions, the events the lexicon rules already coded, the EventModel,
the lexicon (for finer CAMEO codes and modes) and the threshold. Writes: `Event`s with `confidence` (the
calibrated probability of the row's type), `modality` and `coder` ("model"); the rule events get the model's
confidence for their own type too.

What is never coded, as with the rules: a hypothetical predicate, a pair inside a statement that someone other
than the source made (a claim reported about others is the speaker's, not theirs), and a pair whose source does
not act at the predicate (`acts`). A negated predicate is no event either, except that refusing cooperation is
one: "said he would not provide support to Israel" is REJECT, as the PLOVER codebook has it. A sentence that
does not read as English (`reads_as_english`) gets no candidates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from eventwire.actors.parties import identity
from eventwire.coder.candidates import Candidate, candidates
from eventwire.coder.features import LABEL_NONE
from eventwire.coder.labels import YIELD, YIELD_TYPES, targetless_types, type_defaults
from eventwire.coder.model import EventModel, Scores, Span
from eventwire.lexicon import Lexicon, quad_class
from eventwire.records import ActorMention, Event, Sentence
from eventwire.stages.event_syntax import (
    FORCE,
    MentionIndex,
    did_not_happen,
    infinitive,
    is_negated,
    np_mentions,
    planned,
    subject_tokens,
)

SOURCE_ROLES = frozenset({"nsubj", "csubj", "agent", "SELF"})
MAX_EVENTS = 3  # learned events kept per sentence, most confident first
RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# negated, these are refusals (PLOVER REJECT: "refuse to meet", "would not provide support", "declined to help")
COOPERATIVE = frozenset({"AGREE", "SUPPORT", "CONSULT", "COOPERATE", "AID", YIELD})
REJECT, THREATEN, AGREE, CONCEDE = "REJECT", "THREATEN", "AGREE", "CONCEDE"
MATERIAL_COOPERATION = frozenset({"AID", "COOPERATE", "CONSULT", "SUPPORT"})  # future ones are AGREE (PLOVER)
MIN_STOP_SHARE = 0.15  # a sentence of 12+ words with fewer English function words is not English prose
MIN_SHORT_SHARE = 0.1  # ... of 6-11 words ("Russian and Chinese troops held joint drills." has one in seven)
# English function words that other languages' text is full of too ("in", "a" in German, Spanish, Italian)
_SHARED_STOPS = frozenset({"in", "a", "am", "so", "me", "per", "via", "also"})
_NO, _REFUSED, _HAPPENED = "no", "refused", "happened"
_QUANTITIES = frozenset({"thousand", "hundred", "dozen", "million", "score", "group", "crowd", "number", "some",
                         "many", "most", "all", "members", "member", "band", "handful"})
_WORD = re.compile(r"[^\W\d_]+")


def reads_as_english(text: str) -> bool:
    """The model was fitted on English news: a sentence in another language, or a table row or list of names
    with no function words, is not given to it (it would still find "events" there)."""
    words = _WORD.findall(text.lower())
    if len(words) < 6:
        return True
    if len(words) < 12:  # a short sentence: one unmistakably English function word is enough
        return sum(w in STOP_WORDS and w not in _SHARED_STOPS for w in words) / len(words) >= MIN_SHORT_SHARE
    return sum(w in STOP_WORDS for w in words) / len(words) >= MIN_STOP_SHARE


@dataclass(frozen=True)
class LearnedCoder:
    model: EventModel
    lex: Lexicon
    threshold: float

    def code(self, doc: Doc, sentences: list[Sentence], mentions: list[ActorMention],
             rules: list[Event]) -> list[Event]:
        """The rule events with their confidence set and the model's own events, in sentence order."""
        by_sent: dict[int, list[ActorMention]] = defaultdict(list)
        for m in mentions:
            by_sent[m.sentence].append(m)
        rule_by_sent: dict[int, list[Event]] = defaultdict(list)
        for e in rules:
            rule_by_sent[e.sentence].append(e)
        index = MentionIndex(doc, mentions)
        jobs: list[tuple[Sentence, list[Candidate]]] = []
        refused: list[list[bool]] = []  # per job, per candidate: its predicate is negated
        for sent in sentences:
            kept: list[tuple[Candidate, str]] = []
            if by_sent.get(sent.index) and reads_as_english(sent.text):
                scored = [(c, self._standing(c, index)) for c in candidates(doc, by_sent[sent.index])]
                kept = [(c, st) for c, st in scored if st != _NO]
            if kept or rule_by_sent[sent.index]:
                jobs.append((sent, [c for c, _st in kept]))
                refused.append([st == _REFUSED for _c, st in kept])
        pairs = [[*((c.source, c.target) for c in cands), *((e.source, e.target) for e in rule_by_sent[s.index])]
                 for s, cands in jobs]
        spans = [[_relative(s, a, b) for a, b in ps] for (s, _c), ps in zip(jobs, pairs, strict=True)]
        scores = self.model.score([s.text for s, _c in jobs], spans)
        out: list[Event] = []
        for (sent, cands), sc, negated in zip(jobs, scores, refused, strict=True):
            done = [self._confident(e, p) for e, p in zip(rule_by_sent[sent.index], sc[len(cands):], strict=True)]
            out.extend(done)
            out.extend(self._decide(sent, cands, sc[: len(cands)], done, negated))
        return out

    def _label(self, type_: str) -> int:
        return self.model.labels.index(YIELD if type_ in YIELD_TYPES else type_)

    def _confident(self, e: Event, sc: Scores) -> Event:
        return replace(e, confidence=round(float(sc.labels[self._label(e.type)]), 4),
                       modality=self.model.modalities[int(sc.modality.argmax())],
                       mode=e.mode or self.model.mode(sc, e.type))

    def _standing(self, c: Candidate, index: MentionIndex) -> str:
        """_NO for a source that does not act, a hypothetical predicate between the pair or someone else's
        claim; _REFUSED for a negated predicate between them ("said he would not give permission to Russia":
        the pair meets at "said", but what is said is a denial); else _HAPPENED."""
        if not acts(c) or _reported_by_other(c, index, self.lex.speech) or _others_deed(c, index):
            return _NO
        standing = _HAPPENED
        for tok in c.path_tokens:
            if tok.pos_ not in ("VERB", "AUX", "NOUN"):
                continue
            if did_not_happen(tok, self.lex.speech):
                return _NO
            if is_negated(tok):
                pats = self.lex.verbs.get(tok.lemma_.lower(), [])
                if pats and not any(p.type in COOPERATIVE or p.type in YIELD_TYPES for p in pats):
                    return _NO  # "declined to threaten Moscow": a hostile act not taken is no event
                standing = _REFUSED
        return standing

    def _decide(self, sent: Sentence, cands: list[Candidate], scores: list[Scores], done: list[Event],
                refused: list[bool]) -> list[Event]:
        none = self.model.labels.index(LABEL_NONE)
        proposals = []
        for c, sc, negated in zip(cands, scores, refused, strict=True):
            p = sc.labels.copy()
            p[none] = -1.0
            best = int(p.argmax())
            if p[best] < self.threshold or sc.labels[none] >= p[best]:
                continue
            label = self.model.labels[best]
            if negated and label != REJECT:  # the model may have read the refusal itself
                if label not in COOPERATIVE:
                    continue  # "did not attack": nothing happened
                label = REJECT
            label = _as_intended(c, label)
            if c.target is None and label not in targetless_types():
                continue
            proposals.append((float(p[best]), c, label, sc))
        proposals.sort(key=lambda x: -x[0])
        # the rules decided their predicates' participants; code pairs they coded stay theirs
        covered = {frozenset((e.source.actor.code, e.target.actor.code if e.target else None)) for e in done}
        rule_anchors = {e.trigger for e in done}
        acting = {e.source.actor.code for e in done if e.target is not None}
        out: list[Event] = []
        for conf, c, label, sc in proposals:
            key = frozenset((c.source.actor.code, c.target.actor.code if c.target else None))
            if len(out) >= MAX_EVENTS or c.anchor.text in rule_anchors:
                continue
            if key in covered and not _reciprocal_twin(c, label, out):
                continue
            if c.target is None and c.source.actor.code in acting:
                continue
            covered.add(key)
            if c.target is not None:
                acting.add(c.source.actor.code)
            out.append(self._event(sent, c, label, conf, sc))
        return out

    def _event(self, sent: Sentence, c: Candidate, label: str, conf: float, sc: Scores) -> Event:
        type_, cameo, mode = self._codes(label, c.anchor)
        mode = mode or self.model.mode(sc, type_)
        return Event(sentence=sent.index, source=c.source, target=c.target, type=type_, mode=mode, cameo=cameo,
                     goldstein=self.lex.goldstein_of(cameo), quad_class=quad_class(cameo), trigger=c.anchor.text,
                     confidence=round(conf, 4), modality=self.model.modalities[int(sc.modality.argmax())],
                     coder="model")

    def _codes(self, label: str, anchor: Token) -> tuple[str, str, str | None]:
        """Type, CAMEO code and mode: the anchor's own lexicon pattern when it agrees with the model (finer code,
        and what splits YIELD into CONCEDE or RETREAT), else the type's default code."""
        wanted = YIELD_TYPES if label == YIELD else {label}
        for pat in self.lex.verbs.get(anchor.lemma_.lower(), []):
            if pat.type in wanted:
                return pat.type, pat.cameo, pat.mode
        type_ = "CONCEDE" if label == YIELD else label
        return type_, type_defaults()[type_].cameo, None


def acts(c: Candidate) -> bool:
    """The source is the one acting at the anchor: its subject (or a passive's "by" agent), the anchor itself
    ("talks between A and B" meets at A), the first of two conjoined actors or a noun's possessor ("Russia's
    attack on Ukraine"). In the training pairs 95% of sources enter the anchor so; an actor met in an
    oblique ("avocados grown in Mexico", "officials from Finland were included") is not acting. Neither
    side may hang from the anchor as an apposition ("Michael Haltzel, former adviser to Vice President Biden"
    describes Haltzel), and a lone actor needs a predicate other than its own name and must not reach it
    through a preposition."""
    role = c.source_role
    if "appos" in (role, c.target_role) or (c.target is None and role == "SELF"):
        return False  # "X, an adviser to Y": a description of X, no act; a lone name without a predicate
    if c.target is None and any(t.pos_ == "ADP" and not _quantity(t.head) for t in c.path_tokens):
        return False  # "workers in France went on strike": the workers act, France is where
    if role in SOURCE_ROLES:
        return True
    if role == "conj" and c.target_role == "SELF":
        return True  # "A and B agreed": B -> A, the reverse of a reciprocal pair
    return role == "poss" and c.anchor.pos_ == "NOUN"


def _as_intended(c: Candidate, label: str) -> str:
    """What is wanted, planned or announced is not done; the PLOVER codebook's conventions: force to come is a
    threat ("will attack", "plans to impose sanctions": THREATEN, as the lexicon rules code it), an announced
    withdrawal or release a verbal concession ("would free 150 prisoners": CONCEDE), a meeting, support, aid or
    cooperation to come an agreement ("will meet", "wants to help Israel": AGREE)."""
    future = any(planned(t) for t in (*c.path_tokens, c.anchor) if t.pos_ in ("VERB", "AUX"))
    if label in FORCE and future:
        return THREATEN
    if label == YIELD and future:
        return CONCEDE
    if label in MATERIAL_COOPERATION and future:
        return AGREE
    return label


def _quantity(tok: Token) -> bool:
    """"thousands of Ukrainians", "a group of Afghans": the people the number counts are the actors."""
    return tok.like_num or tok.pos_ == "NUM" or tok.lemma_.lower() in _QUANTITIES


def _relative(sent: Sentence, a: ActorMention, b: ActorMention | None) -> tuple[Span | None, Span | None]:
    def rel(m: ActorMention | None) -> Span | None:
        return None if m is None else (max(m.start - sent.start, 0), min(m.end - sent.start, len(sent.text)))
    return rel(a), rel(b)


def _reciprocal_twin(c: Candidate, label: str, out: list[Event]) -> bool:
    """The reverse of a kept reciprocal event is kept too ("A and B agreed" is A->B and B->A)."""
    return label in RECIPROCAL and any(
        e.type == label and e.target is not None and c.target is not None and identity(e.source) ==
        identity(c.target) and identity(e.target) == identity(c.source) for e in out)


def _others_deed(c: Candidate, index: MentionIndex) -> bool:
    """The target is the object of a verb someone else does: "would not give permission to Russia to help
    Israel" - Israel is helped by Russia, and Obama's refusal is towards Russia, not Israel."""
    if c.target is None:
        return False
    span = c.anchor.doc.char_span(c.target.start, c.target.end, alignment_mode="expand")
    tok = span.root if span is not None else c.anchor
    while tok.i != c.anchor.i and tok.head.i != tok.i:
        tok = tok.head
        if tok.i != c.anchor.i and tok.pos_ == "VERB":
            heads = _given_to(tok) or subject_tokens(tok)[0]
            doers = {identity(m) for s in heads for m in np_mentions(s, index)}
            if doers and identity(c.source) not in doers and identity(c.target) not in doers:
                return True
    return False


def _given_to(verb: Token) -> list[Token]:
    """"give permission to Russia to help Israel": the one an infinitive's governor gives it to does it."""
    if verb.dep_ not in ("advcl", "xcomp") or not infinitive(verb):
        return []
    gov = verb.head
    return [g for c in gov.children if c.dep_ in ("dative", "prep") and c.lower_ == "to" for g in c.children
            if g.dep_ == "pobj"]


def _reported_by_other(c: Candidate, index: MentionIndex, speech: frozenset[str]) -> bool:
    """The pair sits inside a statement, introduced by its speech verb ("X said that ..."), whose speaker is not
    the source. A trailing attribution ("..., officials said") reports the event as news and does not count."""
    cur = c.anchor
    while cur.head.i != cur.i:
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in speech and cur.head.i < cur.i:
            speakers = {identity(m) for s in subject_tokens(cur.head)[0] for m in np_mentions(s, index)}
            return bool(speakers) and identity(c.source) not in speakers
        cur = cur.head
    return False
