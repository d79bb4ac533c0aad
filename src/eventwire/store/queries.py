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


class NoStories(ValueError):
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


def _story_rel(con: duckdb.DuckDBPyConnection, f: EventFilter) -> str | None:
    return story_relation(con) if f.story is not None else None


def events(con: duckdb.DuckDBPyConnection, f: EventFilter = EventFilter(), order: str = "file",
           article_fields: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Events matching `f`, ordered by an ORDERS key; `article_fields` adds article columns (the API's outlet)."""
    if order not in ORDERS or not set(article_fields) <= ARTICLE_FIELDS:
        raise ValueError(f"unknown order {order!r} or article fields {article_fields!r}")
    where, params = where_clause(f, _story_rel(con, f))
    cols = ", ".join("a.file_name" if c == "file_name" else f"e.{c}" for c in EVENT_COLUMNS)
    cols += "".join(f", a.{c}" for c in article_fields)
    sql = f"SELECT {cols} FROM event_mentions e JOIN articles a USING (doc_id){where} ORDER BY {ORDERS[order]}"
    if f.limit:
        sql += " LIMIT ?"
        params.append(f.limit)
    if f.offset:
        sql += " OFFSET ?"
        params.append(f.offset)
    return _dicts(con.execute(sql, params))


ARTICLE_FIELDS = frozenset({"title", "outlet", "published"})
ORDERS = {"file": "a.file_name, e.idx", "date": "e.date DESC NULLS LAST, a.file_name, e.idx",
          "goldstein": "e.goldstein, a.file_name, e.idx"}


def articles(con: duckdb.DuckDBPyConnection, doc: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT doc_id, file_name, title, outlet, author, published, dateline, language, text, "
           "published_basis, author_basis FROM articles")
    params: list[Any] = []
    if doc:
        sql += " WHERE starts_with(doc_id, ?) OR starts_with(file_name, ?)"  # as the event filter's `doc`
        params = [doc, doc]
    return _dicts(con.execute(sql + " ORDER BY file_name", params))


def quotes(con: duckdb.DuckDBPyConnection, doc: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT q.doc_id, q.idx, a.file_name, q.sentence, q.start_char, q.end_char, q.text, q.speaker, "
           "q.speaker_code, q.speaker_sector, q.speaker_person, q.kind FROM quotes q JOIN articles a USING (doc_id)")
    params: list[Any] = []
    if doc:
        sql += " WHERE starts_with(q.doc_id, ?) OR starts_with(a.file_name, ?)"
        params = [doc, doc]
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


def event(con: duckdb.DuckDBPyConnection, doc_id: str, idx: int) -> dict[str, Any] | None:
    cols = ", ".join("a.file_name" if c == "file_name" else f"e.{c}" for c in EVENT_COLUMNS)
    rows = _dicts(con.execute(f"SELECT {cols}, a.title, a.outlet, a.published FROM event_mentions e "
                              "JOIN articles a USING (doc_id) WHERE e.doc_id = ? AND e.idx = ?", [doc_id, idx]))
    return rows[0] if rows else None


def linked_mentions(con: duckdb.DuckDBPyConnection, doc_id: str, idx: int) -> list[dict[str, Any]] | None:
    """Every report of the same merged event, once a `mentions` relation with an event_id exists; else None."""
    cols = _relation_columns(con, "mentions")
    if not {"doc_id", "idx", "event_id"} <= cols:
        return None
    return _dicts(con.execute(
        "SELECT e.doc_id, e.idx, a.file_name, a.title, a.outlet, e.date, e.evidence FROM mentions m "
        "JOIN event_mentions e USING (doc_id, idx) JOIN articles a USING (doc_id) WHERE m.event_id IN "
        "(SELECT event_id FROM mentions WHERE doc_id = ? AND idx = ?) ORDER BY a.published, e.doc_id, e.idx",
        [doc_id, idx]))


def has_relation(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(_relation_columns(con, name))


def _relation_columns(con: duckdb.DuckDBPyConnection, name: str) -> set[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
                       "AND table_name = ?", [name]).fetchall()
    return {str(r[0]) for r in rows}


def article(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    rows = _dicts(con.execute("SELECT doc_id, file_name, title, outlet, author, published, dateline, language, "
                              "text, published_basis, author_basis FROM articles WHERE doc_id = ?", [doc_id]))
    return rows[0] if rows else None


def article_page(con: duckdb.DuckDBPyConnection, outlet: str | None, limit: int,
                 offset: int) -> tuple[int, list[dict[str, Any]]]:
    where, params = (" WHERE lower(a.outlet) = lower(?)", [outlet]) if outlet else ("", [])
    total = con.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()
    rows = _dicts(con.execute(
        "SELECT a.doc_id, a.file_name, a.title, a.outlet, a.author, a.published, a.dateline, a.language, "
        "(SELECT count(*) FROM event_mentions e WHERE e.doc_id = a.doc_id) AS events "
        f"FROM articles a{where} ORDER BY a.published DESC NULLS LAST, a.file_name LIMIT ? OFFSET ?",
        [*params, limit, offset]))
    return (int(total[0]) if total else 0), rows


def quote_page(con: duckdb.DuckDBPyConnection, doc_id: str | None, speaker: str | None, limit: int,
               offset: int) -> tuple[int, list[dict[str, Any]]]:
    conds, params = [], []
    if doc_id:
        conds.append("q.doc_id = ?")
        params.append(doc_id)
    if speaker:
        conds.append("q.speaker_code = ?")
        params.append(speaker.upper())
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    total = con.execute(f"SELECT count(*) FROM quotes q{where}", params).fetchone()
    rows = _dicts(con.execute(
        "SELECT q.doc_id, q.idx, a.file_name, q.sentence, q.start_char, q.end_char, q.text, q.speaker, "
        f"q.speaker_code, q.speaker_sector, q.speaker_person FROM quotes q JOIN articles a USING (doc_id){where} "
        "ORDER BY a.file_name, q.idx LIMIT ? OFFSET ?", [*params, limit, offset]))
    return (int(total[0]) if total else 0), rows


def actors(con: duckdb.DuckDBPyConnection, limit: int) -> list[dict[str, Any]]:
    """Actor codes by how many merged events they take part in, as source and as target (as `eventwire actors`
    counts them)."""
    return _dicts(con.execute(
        "SELECT code, sum(s)::BIGINT AS as_source, sum(t)::BIGINT AS as_target, (sum(s) + sum(t))::BIGINT AS events "
        "FROM (SELECT source AS code, 1 AS s, 0 AS t FROM events UNION ALL "
        "SELECT target, 0, 1 FROM events WHERE target IS NOT NULL) GROUP BY code "
        "ORDER BY events DESC, code LIMIT ?", [limit]))


def stories(con: duckdb.DuckDBPyConnection, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]] | None:
    """Rows of the `stories` relation once story threads exist; None before."""
    if not _relation_columns(con, "stories"):
        return None
    total = con.execute("SELECT count(*) FROM stories").fetchone()
    rows = _dicts(con.execute("SELECT * FROM stories ORDER BY ALL LIMIT ? OFFSET ?", [limit, offset]))
    return (int(total[0]) if total else 0), rows


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
