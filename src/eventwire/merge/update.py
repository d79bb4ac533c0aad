"""The one entry point ingest calls: story threads first (merging reads them), then the new mentions."""

from __future__ import annotations

import duckdb

from eventwire.merge import events, stories


def pending(con: duckdb.DuckDBPyConnection) -> bool:
    """Articles without a thread or mentions without an event (new ones, or a store older than merging)."""
    row = con.execute("""
        SELECT EXISTS (SELECT 1 FROM articles a WHERE NOT EXISTS
                           (SELECT 1 FROM story_docs s WHERE s.doc_id = a.doc_id))
            OR EXISTS (SELECT 1 FROM event_mentions m WHERE NOT EXISTS
                           (SELECT 1 FROM event_links l WHERE l.doc_id = m.doc_id AND l.idx = m.idx))""").fetchall()
    return bool(row[0][0])


def update(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Returns (story threads written, mentions newly linked to events)."""
    return stories.update(con), events.update(con)
