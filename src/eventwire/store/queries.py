"""Read queries over the store. Every value from a user reaches SQL as a parameter, never as SQL text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from eventwire.errors import EventwireError
from eventwire.store.db import StoreError

EVENT_COLUMNS = (
    "doc_id", "idx", "file_name", "sentence", "source", "source_sector", "source_person", "source_text",
    "source_start", "source_end", "target", "target_sector", "target_person", "target_text", "target_start",
    "target_end", "type", "mode", "cameo", "goldstein", "quad_class", "trigger", "date", "date_text",
    "date_basis", "evidence", "evidence_start", "evidence_end", "place_name", "place_full_name", "place_country",
    "place_fips", "place_adm1", "place_lat", "place_lon", "place_feature_id", "place_level", "place_text",
    "place_method", "confidence", "modality", "coder",
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
    offset: int | None = None
    quad_class: int | None = None
    outlet: str | None = None  # articles.outlet, case-insensitive
    text: str | None = None  # substring of the evidence sentence, case-insensitive
    story: str | None = None  # story id; needs story threads in the database (see story_relation)
    event: str | None = None  # merged event id: its mentions


# Where story membership may live once story threads exist, most specific first. Names are ours, never a user's.
_STORY_RELATIONS = ("story_events", "story_mentions", "mentions", "event_mentions")


def story_relation(con: duckdb.DuckDBPyConnection) -> str | None:
    """The table or view that maps (doc_id, idx) to a story_id, or None while there are no story threads."""
    rows = con.execute("SELECT table_name, list(column_name) FROM information_schema.columns "
                       "WHERE table_schema = 'main' GROUP BY table_name").fetchall()
    cols = {str(name): set(c) for name, c in rows}
    for rel in _STORY_RELATIONS:
        if {"doc_id", "idx", "story_id"} <= cols.get(rel, set()):
            return rel
    return None


class NoStories(EventwireError, ValueError):
    """A story filter on a database without story threads."""


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_CODE = "(e.{side} = ? OR e.{side} || coalesce(e.{side}_sector, '') = ?)"


def where_clause(f: EventFilter, story_rel: str | None = None) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    if f.quad_class is not None:
        conds.append("e.quad_class = ?")
        params.append(f.quad_class)
    if f.outlet:
        conds.append("lower(a.outlet) = lower(?)")
        params.append(f.outlet)
    if f.text:
        conds.append("e.evidence ILIKE ? ESCAPE '\\'")
        params.append(_like(f.text))
    if f.story is not None:
        if story_rel is None:
            raise NoStories("this database has no story threads yet, so there is nothing to filter by story")
        conds.append(f"EXISTS (SELECT 1 FROM {story_rel} s WHERE s.doc_id = e.doc_id AND s.idx = e.idx "
                     "AND CAST(s.story_id AS VARCHAR) = ?)")
        params.append(f.story)
    # an actor code matches by itself (CHN: every Chinese actor) or with its sector as printed (CHNGOV)
    if f.actor:
        conds.append(f"({_CODE.format(side='source')} OR {_CODE.format(side='target')})")
        params += [f.actor.upper()] * 4
    for side, val in (("source", f.source), ("target", f.target)):
        if val:
            conds.append(_CODE.format(side=side))
            params += [val.upper()] * 2
    if f.type:
        conds.append("e.type = ?")
        params.append(f.type.upper())
    if f.since:
        conds.append("e.date >= ?")
        params.append(f.since)
    if f.until:
        conds.append("e.date <= ?")
        params.append(f.until)
    if f.event:
        conds.append("EXISTS (SELECT 1 FROM event_links k WHERE k.doc_id = e.doc_id AND k.idx = e.idx "
                     "AND k.event_id = ?)")
        params.append(f.event)
    if f.doc:  # a document id or file name, or the start of one ("002" for 002_1258921a65343e6e.txt)
        conds.append("(starts_with(e.doc_id, ?) OR starts_with(a.file_name, ?))")
        params += [f.doc, f.doc]
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    out = {}
    for table in ("documents", "sources", "articles", "event_mentions", "quotes", "failures"):
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        out[table] = int(row[0]) if row else 0
    return out


NOT_MERGED = "this database has no merged events yet; run `eventwire ingest` on it once (any path) to merge"


def require_merged(con: duckdb.DuckDBPyConnection) -> None:
    """A store written before merging existed, opened read-only, has no `events` view to read."""
    if not has_relation(con, "events"):
        raise StoreError(NOT_MERGED)


def has_relation(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(_relation_columns(con, name))


def _relation_columns(con: duckdb.DuckDBPyConnection, name: str) -> set[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
                       "AND table_name = ?", [name]).fetchall()
    return {str(r[0]) for r in rows}


def known_code(con: duckdb.DuckDBPyConnection, code: str) -> bool:
    """Whether any stored event has this actor code (a top-level code, or one with its sector: CHNGOV)."""
    row = con.execute("SELECT 1 FROM event_mentions WHERE ? IN (source, target, source || coalesce(source_sector, "
                      "''), target || coalesce(target_sector, '')) LIMIT 1", [code.upper()]).fetchone()
    return row is not None


def codes_like(con: duckdb.DuckDBPyConnection, code: str, limit: int = 5) -> list[str]:
    """Stored top-level codes that share the given code's first two letters, for a hint."""
    rows = con.execute("SELECT DISTINCT c FROM (SELECT source AS c FROM event_mentions UNION "
                       "SELECT target FROM event_mentions) WHERE c LIKE ? ORDER BY c LIMIT ?",
                       [code.upper()[:2] + "%", limit]).fetchall()
    return [str(r[0]) for r in rows if r[0]]
