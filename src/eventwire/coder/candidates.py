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

from eventwire.actors.parties import distinct_parties, identity
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


def _meet(a: Token, b: Token) -> tuple[Token, int, tuple[Token, ...], str, str] | None:
    """Where the two heads' chains meet, the edges between them, the tokens on the way, and the arc by which
    each chain enters the meeting token (SELF for the meeting token itself)."""
    up_a = _ancestors(a)
    depth_a = {t.i: n for n, t in enumerate(up_a)}
    up_b = _ancestors(b)
    for n, t in enumerate(up_b):
        if t.i in depth_a:
            da = depth_a[t.i]
            return t, da + n, (*up_a[1 : da + 1], *up_b[1:n]), _entry(up_a, da), _entry(up_b, n)
    return None


def _entry(chain: list[Token], depth: int) -> str:
    return chain[depth - 1].dep_ if depth else "SELF"


def _up_to(tok: Token, top: Token) -> tuple[tuple[Token, ...], str]:
    """The tokens above `tok` up to `top`, and the arc by which the chain enters `top`."""
    chain = _ancestors(tok)
    depth = next((n for n, t in enumerate(chain) if t.i == top.i), 0)
    return tuple(chain[1 : depth + 1]), _entry(chain, depth)


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
            anchor, path, toks, ra, rb = met
            pairs.append(Candidate(ma, mb, anchor, path, toks, source_role=ra, target_role=rb))
            pairs.append(Candidate(mb, ma, anchor, path, toks, source_role=rb, target_role=ra))
    pairs.sort(key=lambda c: (c.path, c.source.start))
    alone = []
    for m, h in reps:
        pred = _predicate(h)
        toks, role = _up_to(h, pred)
        alone.append(Candidate(m, None, pred, 0, toks, source_role=role))
    return pairs[:MAX_CANDIDATES] + alone
