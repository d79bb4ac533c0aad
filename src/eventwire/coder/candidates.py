"""Candidates: the actor pairs of a sentence that the parse connects, and each actor alone.

Reads: the spaCy Doc, one sentence, the actor mentions in it. Writes: `Candidate`s (source, target or none,
and the anchor: the token where the two mentions' dependency paths meet, which is the predicate whose
negation, mood and reported-speech frame the coder checks).

Limits, so that a paragraph naming 200 actors costs linear time: at most MAX_ACTORS distinct actors per
sentence (those nearest the sentence's root), pairs at most MAX_PATH dependency edges apart, and at most
MAX_CANDIDATES pairs per sentence, nearest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.records import ActorMention

MAX_ACTORS = 8
MAX_PATH = 8
MAX_CANDIDATES = 24


@dataclass(frozen=True)
class Candidate:
    source: ActorMention
    target: ActorMention | None
    anchor: Token  # where the pair's paths meet (the source's governing predicate for a lone actor)
    path: int  # dependency edges between the two mentions' heads (0 for a lone actor)
    path_tokens: tuple[Token, ...] = ()  # the tokens above each head up to the anchor (the anchor too, unless
    #                                      it is one of the heads): the predicates whose mood the coder checks
    source_role: str = "SELF"  # the arc by which the source's chain enters the anchor (SELF: it is the anchor)
    target_role: str = ""  # the same for the target ("" for a lone actor)


def identity(m: ActorMention) -> tuple[str | None, ...]:
    """Mentions of one actor in one sentence ("Trump ... he") are one participant, not a pair."""
    a = m.actor
    return (a.code, a.sector, a.person) if a.code or a.person else (None, None, m.text.lower())


def distinct_parties(a: ActorMention, b: ActorMention) -> bool:
    """Two sides of one state can be a dyad (a candidate and the police: USAPTY, USACOP; two named rivals), but
    a person and their own state or office ("Lin ... Taiwan", "Kishida ... Japan") are one party."""
    x, y = a.actor, b.actor
    if x.code != y.code:
        return True
    if (x.sector is None and x.person is None) or (y.sector is None and y.person is None):
        return False
    if x.sector == y.sector:
        return x.person is not None and y.person is not None and x.person != y.person
    return True


def _ancestors(tok: Token) -> list[Token]:
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and len(chain) < 64:
        chain.append(chain[-1].head)
    return chain


def _head(doc: Doc, m: ActorMention) -> Token | None:
    span: Span | None = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.root if span is not None else None


def _predicate(tok: Token) -> Token:
    """The nearest verb at or above `tok` (a lone actor's predicate); the root when there is none."""
    for t in _ancestors(tok):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
    return tok


def _representatives(doc: Doc, mentions: list[ActorMention]) -> list[tuple[ActorMention, Token]]:
    """One mention per actor (the first that is not a pronoun, else the first), nearest the root first."""
    chosen: dict[tuple[str | None, ...], tuple[ActorMention, Token]] = {}
    for m in mentions:
        head = _head(doc, m)
        if head is None:
            continue
        key = identity(m)
        if key not in chosen or (chosen[key][0].via == "pronoun" and m.via != "pronoun"):
            chosen[key] = (m, head)
    ranked = sorted(chosen.values(), key=lambda mh: (len(_ancestors(mh[1])), mh[0].start))
    return sorted(ranked[:MAX_ACTORS], key=lambda mh: mh[0].start)


def _meet(a: Token, b: Token) -> tuple[Token, int, tuple[Token, ...]] | None:
    up_a = _ancestors(a)
    depth_a = {t.i: n for n, t in enumerate(up_a)}
    up_b = _ancestors(b)
    for n, t in enumerate(up_b):
        if t.i in depth_a:
            return t, depth_a[t.i] + n, (*up_a[1 : depth_a[t.i] + 1], *up_b[1:n])
    return None


def _role(tok: Token, anchor: Token) -> str:
    """The dependency label of the last token on `tok`'s chain below `anchor` (SELF when `tok` is it)."""
    prev = None
    for t in _ancestors(tok):
        if t.i == anchor.i:
            return prev.dep_ if prev is not None else "SELF"
        prev = t
    return "NONE"


def _up_to(tok: Token, top: Token) -> tuple[Token, ...]:
    chain = _ancestors(tok)
    return tuple(chain[1 : next((n for n, t in enumerate(chain) if t.i == top.i), 0) + 1])


def candidates(doc: Doc, mentions: list[ActorMention]) -> list[Candidate]:
    """Ordered pairs (both directions) and lone actors, for one sentence's mentions."""
    reps = _representatives(doc, mentions)
    pairs: list[Candidate] = []
    for i, (ma, ha) in enumerate(reps):
        for mb, hb in reps[i + 1 :]:
            if ma.start < mb.end and mb.start < ma.end:
                continue  # nested spans: "the Chinese embassy in Tokyo" is one participant's phrase
            if not distinct_parties(ma, mb):
                continue
            met = _meet(ha, hb)
            if met is None or met[1] > MAX_PATH:
                continue
            ra, rb = _role(ha, met[0]), _role(hb, met[0])
            pairs.append(Candidate(ma, mb, *met, source_role=ra, target_role=rb))
            pairs.append(Candidate(mb, ma, *met, source_role=rb, target_role=ra))
    pairs.sort(key=lambda c: (c.path, c.source.start))
    alone = []
    for m, h in reps:
        pred = _predicate(h)
        alone.append(Candidate(m, None, pred, 0, _up_to(h, pred), source_role=_role(h, pred)))
    return pairs[:MAX_CANDIDATES] + alone
