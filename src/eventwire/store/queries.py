"""Read queries over the store. Every value from a user reaches SQL as a parameter, never as SQL text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

EVENT_COLUMNS = (
    "doc_id", "idx", "file_name", "sentence", "source", "source_sector", "source_person", "source_text",
    "source_start", "source_end", "target", "target_sector", "target_person", "target_text", "target_start",
    "target_end", "type", "mode", "cameo", "goldstein", "quad_class", "trigger", "date", "date_text",
    "date_basis", "evidence", "evidence_start", "evidence_end",
)


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None  # either side
    source: str | None = None
    target: str | None = None
    type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    doc: str | None = None
    limit: int | None = None


def _where(f: EventFilter) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    if f.actor:
        conds.append("(e.source = ? OR e.target = ?)")
        params += [f.actor.upper(), f.actor.upper()]
    for col, val in (("source", f.source), ("target", f.target), ("type", f.type)):
        if val:
            conds.append(f"e.{col} = ?")
            params.append(val.upper())
    if f.since:
        conds.append("e.date >= ?")
        params.append(f.since)
    if f.until:
        conds.append("e.date <= ?")
        params.append(f.until)
    if f.doc:
        conds.append("(e.doc_id LIKE ? OR a.file_name = ?)")
        params += [f.doc + "%", f.doc]
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def events(con: duckdb.DuckDBPyConnection, f: EventFilter = EventFilter()) -> list[dict[str, Any]]:
    where, params = _where(f)
    cols = ", ".join("a.file_name" if c == "file_name" else f"e.{c}" for c in EVENT_COLUMNS)
    sql = f"SELECT {cols} FROM event_mentions e JOIN articles a USING (doc_id){where} ORDER BY a.file_name, e.idx"
    if f.limit:
        sql += " LIMIT ?"
        params.append(f.limit)
    return _dicts(con.execute(sql, params))


def articles(con: duckdb.DuckDBPyConnection, doc: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT doc_id, file_name, title, outlet, author, published, dateline, language, text "
           "FROM articles")
    params: list[Any] = []
    if doc:
        sql += " WHERE doc_id LIKE ? OR file_name = ?"
        params = [doc + "%", doc]
    return _dicts(con.execute(sql + " ORDER BY file_name", params))


def quotes(con: duckdb.DuckDBPyConnection, doc: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT q.doc_id, q.idx, a.file_name, q.sentence, q.start_char, q.end_char, q.text, q.speaker, "
           "q.speaker_code, q.speaker_sector, q.speaker_person FROM quotes q JOIN articles a USING (doc_id)")
    params: list[Any] = []
    if doc:
        sql += " WHERE q.doc_id LIKE ? OR a.file_name = ?"
        params = [doc + "%", doc]
    return _dicts(con.execute(sql + " ORDER BY a.file_name, q.idx", params))


def failures(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _dicts(con.execute("SELECT path, code, reason, failed_at FROM failures ORDER BY path"))


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    out = {}
    for table in ("documents", "sources", "articles", "event_mentions", "quotes", "failures"):
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        out[table] = int(row[0]) if row else 0
    return out


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
