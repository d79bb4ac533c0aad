"""Counts over merged events: a dyad's timeline, the actor network's dyads, and the actors by activity.

Every count is of merged events (one real-world event however many reports told it) that match an EventFilter as
eventwire.reads.events matches them, so a timeline, a network and an actor list agree with `events` for the same
filter. Reads: the store (read-only). Writes: nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from eventwire.errors import BadRequest
from eventwire.reads.events import check_page, event_sql, records
from eventwire.store.queries import EventFilter

PERIODS = ("month", "week", "day")


@dataclass(frozen=True)
class Period:
    """Merged events of one period by quad class; `mean_goldstein` is None for an empty period."""

    period: str  # YYYY-MM for a month, the first day (YYYY-MM-DD) for a week or a day
    start: dt.date
    events: int
    q1: int  # verbal cooperation
    q2: int  # material cooperation
    q3: int  # verbal conflict
    q4: int  # material conflict
    mean_goldstein: float | None
    mentions: int  # the reports of those events


@dataclass(frozen=True)
class Timeline:
    """Every period from the first dated event to the last, empty ones too (a real time axis)."""

    source: str | None
    target: str | None
    period: str
    both: bool  # B->A counted as well as A->B
    periods: list[Period]
    undated: int  # matching events without a date, not on the axis


@dataclass(frozen=True)
class Dyad:
    source: str
    target: str
    events: int  # merged events
    mentions: int
    mean_goldstein: float


@dataclass(frozen=True)
class Network:
    nodes: list[str]
    edges: list[Dyad]  # the busiest first
    total: int  # all dyads, not only the edges listed


@dataclass(frozen=True)
class Actor:
    """An actor code by the merged events it takes part in, and the target it acts on most."""

    code: str
    events: int  # as source or target
    as_source: int
    as_target: int
    targets: int  # distinct targets it acted on
    top_target: str | None
    top_target_events: int


def matching(con: duckdb.DuckDBPyConnection, f: EventFilter, both: bool = False) -> tuple[str, list[Any]]:
    """The merged events matching `f`; with `both`, those of the reversed dyad too (f.source and f.target)."""
    sql, params = event_sql(f, "date", con)
    if not both:
        return sql, params
    if not (f.source and f.target):
        raise BadRequest("both", "counting both directions needs a source and a target")
    back, back_params = event_sql(dataclasses.replace(f, source=f.target, target=f.source), "date", con)
    return (f"SELECT v.* FROM events v WHERE v.event_id IN (SELECT event_id FROM ({sql}) "
            f"UNION SELECT event_id FROM ({back}))"), [*params, *back_params]


def timeline(con: duckdb.DuckDBPyConnection, f: EventFilter, period: str = "month", both: bool = False) -> Timeline:
    """Merged events per period, by quad class, with the mean Goldstein score and the mentions behind them."""
    if period not in PERIODS:
        raise BadRequest("period", f"{period!r}: choose one of {', '.join(PERIODS)}")
    sql, params = matching(con, f, both)
    label = "%Y-%m" if period == "month" else "%Y-%m-%d"
    cur = con.execute(f"""
        WITH v AS ({sql}),
        t AS (SELECT CAST(date_trunc('{period}', date) AS DATE) AS start, count(*) AS events,
                     {", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS q{q}" for q in (1, 2, 3, 4))},
                     round(avg(goldstein), 2) AS mean_goldstein, CAST(sum(num_mentions) AS BIGINT) AS mentions
              FROM v WHERE date IS NOT NULL GROUP BY 1),
        axis AS (SELECT CAST(unnest(generate_series(CAST(min(start) AS TIMESTAMP), CAST(max(start) AS TIMESTAMP),
                                                    INTERVAL 1 {period})) AS DATE) AS start FROM t)
        SELECT strftime(axis.start, '{label}') AS period, axis.start, coalesce(events, 0) AS events,
               coalesce(q1, 0) AS q1, coalesce(q2, 0) AS q2, coalesce(q3, 0) AS q3, coalesce(q4, 0) AS q4,
               mean_goldstein, coalesce(mentions, 0) AS mentions
        FROM axis LEFT JOIN t USING (start) ORDER BY axis.start""", params)
    periods = records(Period, cur)
    row = con.execute(f"SELECT count(*) FROM ({sql}) WHERE date IS NULL", params).fetchone()
    return Timeline(f.source, f.target, period, both, periods, int(row[0]) if row else 0)


def network(con: duckdb.DuckDBPyConnection, f: EventFilter = EventFilter(), limit: int | None = None) -> Network:
    """Directed dyads of the matching merged events, the busiest first; `limit` keeps the busiest edges."""
    check_page(limit)
    sql, params = matching(con, f)
    dyads = f"""SELECT source, target, count(*) AS events, CAST(sum(num_mentions) AS BIGINT) AS mentions,
                       round(avg(goldstein), 2) AS mean_goldstein FROM ({sql}) v WHERE target IS NOT NULL
                GROUP BY ALL"""
    row = con.execute(f"SELECT count(*) FROM ({dyads})", params).fetchone()
    edges = records(Dyad, con.execute(f"{dyads} ORDER BY events DESC, source, target LIMIT ?",
                                      [*params, limit if limit is not None else 2**62]))
    nodes = sorted({e.source for e in edges} | {e.target for e in edges})
    return Network(nodes, edges, int(row[0]) if row else 0)


def actors(con: duckdb.DuckDBPyConnection, f: EventFilter = EventFilter(), limit: int | None = None) -> list[Actor]:
    """Actor codes by the matching merged events they take part in, the busiest first."""
    check_page(limit)
    sql, params = matching(con, f)
    return records(Actor, con.execute(f"""
        WITH v AS ({sql}),
        sides AS (SELECT source AS code, 1 AS s, 0 AS t FROM v UNION ALL
                  SELECT target, 0, 1 FROM v WHERE target IS NOT NULL),
        totals AS (SELECT code, CAST(sum(s) + sum(t) AS BIGINT) AS events, CAST(sum(s) AS BIGINT) AS as_source,
                          CAST(sum(t) AS BIGINT) AS as_target FROM sides GROUP BY code),
        pairs AS (SELECT source AS code, target, count(*) AS n FROM v WHERE target IS NOT NULL GROUP BY ALL),
        top AS (SELECT code, count(*) AS targets, arg_max(target, n * 1e6 - rank) AS top_target, max(n) AS top_n
                FROM (SELECT *, row_number() OVER (PARTITION BY code ORDER BY target) AS rank FROM pairs)
                GROUP BY code)
        SELECT code, events, as_source, as_target, coalesce(targets, 0) AS targets, top_target,
               coalesce(top_n, 0) AS top_target_events
        FROM totals LEFT JOIN top USING (code) ORDER BY events DESC, code LIMIT ?""",
        [*params, limit if limit is not None else 2**62]))
