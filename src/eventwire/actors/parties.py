"""Who is one party and who are two: the test that the lexicon rules (stages.events) and the learned coder's
candidates (coder.candidates) share, so both code the same dyads.

Reads: `ActorMention`s. Writes: nothing (pure functions).
"""

from __future__ import annotations

from eventwire.records import ActorMention


def identity(m: ActorMention) -> tuple[str | None, ...]:
    """Mentions of one actor in one sentence ("Trump ... he") are one participant, not a pair."""
    a = m.actor
    return (a.code, a.sector, a.person, _group(m)) if a.code or a.person else (None, None, m.text.lower(), None)


def _group(m: ActorMention) -> str | None:
    """An openly recognised group's head word: "Democrats" and "the GOP" are both USAPTY, and two sides."""
    if m.via != "open" or m.actor.person is not None or not m.text.split():
        return None
    return m.text.split()[-1].lower().rstrip("s")


def distinct_parties(a: ActorMention, b: ActorMention) -> bool:
    """Two sides of one state can be a dyad (a candidate and the police: USAPTY, USACOP; two named rivals), but
    a person and their own state or office ("Lin ... Taiwan", "Kishida ... Japan") are one party."""
    x, y = a.actor, b.actor
    if x.code != y.code:
        return True
    if (x.sector is None and x.person is None) or (y.sector is None and y.person is None):
        return False
    if x.sector == y.sector:
        if x.person is None and y.person is None:
            ga, gb = _group(a), _group(b)
            return ga is not None and gb is not None and ga != gb
        return x.person is not None and y.person is not None and x.person != y.person
    return True
