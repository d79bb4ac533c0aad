"""Read queries for merged events, story threads, dyads and actors (the views of analysis.sql).

Values from users reach SQL only as parameters.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from eventwire.store.db import StoreError

PERIODS = ("day", "week", "month")
NOT_MERGED = "this database has no merged events yet; run `eventwire ingest` on it once (any path) to merge"


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    try:
        return con.execute(sql, params or []).df()
    except duckdb.CatalogException as exc:
        raise StoreError(NOT_MERGED) from exc


def timeline(con: duckdb.DuckDBPyConnection, a: str, b: str, both: bool = False,
             period: str = "month") -> pd.DataFrame:
    """Merged events of dyad A->B (and B->A with `both`) per period: counts by quad class, mean Goldstein."""
    if period not in PERIODS:
        raise ValueError(f"period {period!r}: choose one of {', '.join(PERIODS)}")
    cond = "(source = ? AND target = ?)" + (" OR (source = ? AND target = ?)" if both else "")
    params: list[Any] = [a.upper(), b.upper()] + ([b.upper(), a.upper()] if both else [])
    # every period from the first to the last, empty ones as zeros: a real time axis, not one bar per event
    return _frame(con, f"""
        WITH t AS (
            SELECT CAST(date_trunc('{period}', date) AS DATE) AS period, count(*) AS events,
                   count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
                   count(*) FILTER (WHERE quad_class = 2) AS material_coop,
                   count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
                   count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
                   round(avg(goldstein), 2) AS mean_goldstein, CAST(sum(num_mentions) AS BIGINT) AS mentions
            FROM events WHERE ({cond}) AND date IS NOT NULL GROUP BY 1),
        axis AS (SELECT CAST(unnest(generate_series(CAST(min(period) AS TIMESTAMP), CAST(max(period) AS TIMESTAMP),
                                                    INTERVAL 1 {period})) AS DATE) AS period FROM t)
        SELECT axis.period, coalesce(t.events, 0) AS events, coalesce(t.verbal_coop, 0) AS verbal_coop,
               coalesce(t.material_coop, 0) AS material_coop, coalesce(t.verbal_conflict, 0) AS verbal_conflict,
               coalesce(t.material_conflict, 0) AS material_conflict, t.mean_goldstein,
               coalesce(t.mentions, 0) AS mentions
        FROM axis LEFT JOIN t USING (period) ORDER BY 1""", params)


def top_actors(con: duckdb.DuckDBPyConnection, limit: int = 20) -> pd.DataFrame:
    """Most active source actors by merged events, with their most frequent target."""
    return _frame(con, """
        WITH pairs AS (SELECT source, target, count(*) AS n FROM events GROUP BY ALL),
        tot AS (SELECT source, CAST(sum(n) AS BIGINT) AS events, count(DISTINCT target) AS targets
                FROM pairs GROUP BY source),
        ranked AS (SELECT source, target || ' (' || n || ')' AS toward,
                          row_number() OVER (PARTITION BY source ORDER BY n DESC, target) AS rk
                   FROM pairs WHERE target IS NOT NULL),
        top AS (SELECT source, toward FROM ranked WHERE rk = 1),
        recv AS (SELECT target AS source, count(*) AS received FROM events WHERE target IS NOT NULL GROUP BY 1)
        SELECT t.source AS actor, t.events, coalesce(r.received, 0) AS received, t.targets, top.toward
        FROM tot t LEFT JOIN top USING (source) LEFT JOIN recv r USING (source)
        ORDER BY t.events DESC, t.source LIMIT ?""", [limit])


def dyads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Directed actor pairs: merged events, mentions and mean Goldstein (the actor network's edges)."""
    return _frame(con, """
        SELECT source, target, count(*) AS events, CAST(sum(num_mentions) AS BIGINT) AS mentions,
               round(avg(goldstein), 3) AS mean_goldstein
        FROM events WHERE target IS NOT NULL GROUP BY source, target ORDER BY events DESC, source, target""")


def event(con: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """The merged event with exactly this id."""
    rows = _frame(con, "SELECT * FROM events WHERE event_id = ?", [event_id])
    return None if rows.empty else rows.iloc[0].to_dict()


def event_ids(con: duckdb.DuckDBPyConnection, prefix: str) -> list[str]:
    """Merged event ids that are, or start with, `prefix` (LIKE's wildcards in it are taken literally)."""
    rows = con.execute("SELECT event_id FROM events WHERE starts_with(event_id, ?) ORDER BY event_id",
                       [prefix]).fetchall()
    return [str(r[0]) for r in rows]


def event_mentions(con: duckdb.DuckDBPyConnection, event_id: str) -> pd.DataFrame:
    return _frame(con, """
        SELECT doc_id, idx, file_name, outlet, story_id, date, event_date, date_inferred, date_basis, cameo,
               merge_reason, evidence
        FROM mentions WHERE event_id = ? ORDER BY date IS NULL, date, doc_id, idx""", [event_id])


def stories(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _frame(con, "SELECT * FROM stories ORDER BY first_date NULLS LAST, story_id")

