"""Every stored row of a database, minus the clocks, to compare two runs row for row."""

from __future__ import annotations

from pathlib import Path

import duckdb

TABLES = ("documents", "sources", "articles", "sentences", "actor_mentions", "event_mentions", "quotes", "places",
          "actor_codes", "failures", "merged_events", "event_links", "story_docs")
_CLOCKS = {"ingested_at", "seen_at", "failed_at"}


def table_rows(db: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in TABLES:
            cols = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                              "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
            keep = ", ".join(f'"{c}"' for c in cols if c not in _CLOCKS)
            out[table] = sorted(repr(r) for r in con.execute(f"SELECT {keep} FROM {table}").fetchall())
        return out
    finally:
        con.close()


def counts(rows: dict[str, list[str]]) -> dict[str, int]:
    return {t: len(v) for t, v in rows.items()}
