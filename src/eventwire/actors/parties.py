"""Who is one party and who are two: the test that the lexicon rules (stages.events) and the learned coder's
candidates (coder.candidates) share, so both code the same dyads.

Reads: `ActorMention`s. Writes: nothing (pure functions).
"""

from __future__ import annotations

from eventwire.records import ActorMention


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
