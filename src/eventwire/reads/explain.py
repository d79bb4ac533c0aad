"""Why a merged event is what it is: the event, and each of its mentions with its own date, the date it was given
and the rule (with scores) that merged it. Reads: the store (read-only). Writes: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from eventwire.errors import one_of
from eventwire.reads.events import Event, Mention, events, mentions
from eventwire.store import queries
from eventwire.store.queries import EventFilter


@dataclass(frozen=True)
class Explanation:
    event: Event
    mentions: list[Mention]  # the earliest dated first; each with `merge_reason`, `date_inferred`, `event_date`


def event_id(con: duckdb.DuckDBPyConnection, key: str) -> str:
    """The merged event id `key` is, or uniquely starts; errors.NotFound / errors.Ambiguous (listing) else."""
    queries.require_merged(con)
    rows = con.execute("SELECT event_id FROM events WHERE starts_with(event_id, ?) ORDER BY event_id",
                       [key]).fetchall()
    return one_of("merged event", key, [str(r[0]) for r in rows])


def explain(con: duckdb.DuckDBPyConnection, key: str) -> Explanation:
    """The merged event `key` names (its id or a unique prefix) and every mention of it, with why it was merged."""
    found = event_id(con, key)
    event = events(con, EventFilter(event=found)).items[0]
    told = sorted(mentions(con, EventFilter(event=found), "file").items,
                  key=lambda m: (m.date is None, m.date, m.doc_id, m.idx))
    return Explanation(event, told)
