"""Reads of events at their two levels: the mentions (reports) and the merged events they were put in.

Two levels, named the same at every door:

- **mentions**: reports, one per coded sentence (table `event_mentions`), each with the merged event it was
  put in (`event_id`);
- **events**: merged events, one real-world event told by one or more mentions (view `events`).

One filter (`EventFilter`) and one WHERE builder (`store.queries`) serve both: a mention matches the filter, and
an event matches when one of its mentions does and its own (merged) date lies in `since`..`until`.
Reads: the store (read-only). Writes: nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

import duckdb

from eventwire.errors import BadRequest, NotFound
from eventwire.lexicon import PLOVER_TYPES
from eventwire.store import queries
from eventwire.store.queries import EventFilter

LEVELS = ("mentions", "events")


@dataclass(frozen=True)
class Mention:
    """One report of an event: the sentence, its actors' spans, the codes, date and place, and its event."""

    doc_id: str
    idx: int
    file_name: str
    event_id: str | None
    sentence: int
    source: str
    source_sector: str | None
    source_person: str | None
    source_text: str | None
    source_start: int | None
    source_end: int | None
    target: str | None
    target_sector: str | None
    target_person: str | None
    target_text: str | None
    target_start: int | None
    target_end: int | None
    type: str
    mode: str | None
    cameo: str
    goldstein: float
    quad_class: int
    trigger: str | None
    date: dt.date | None
    date_text: str | None
    date_basis: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    place_name: str | None
    place_full_name: str | None
    place_country: str | None
    place_fips: str | None
    place_adm1: str | None
    place_lat: float | None
    place_lon: float | None
    place_feature_id: int | None
    place_level: str | None
    place_text: str | None
    place_method: str | None
    confidence: float | None
    modality: str | None
    coder: str | None
    title: str | None
    outlet: str | None
    published: dt.date | None
    event_date: dt.date | None  # its own date, else its merged event's
    date_inferred: bool  # event_date was taken from the merged event's other mentions
    merge_reason: str | None  # 'founded', or the rule and scores that merged it


@dataclass(frozen=True)
class Event:
    """A merged event: the dyad, type and codes of its mentions, its date, and how widely it was reported."""

    event_id: str
    source: str
    target: str | None
    type: str
    cameo: str
    quad_class: int
    goldstein: float
    date: dt.date | None
    date_conflict: bool
    num_mentions: int
    num_sources: int
    num_articles: int
    first_mention: str
    evidence: str


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    total: int  # all matches, not only this page
    limit: int | None
    offset: int
    items: list[T]


MENTION_ORDERS = {"date": "e.date DESC NULLS LAST, a.file_name, e.idx", "file": "a.file_name, e.idx",
                  "goldstein": "e.goldstein, a.file_name, e.idx"}
EVENT_ORDERS = {"date": "v.date DESC NULLS LAST, v.event_id", "mentions": "v.num_mentions DESC, v.event_id",
                "goldstein": "v.goldstein, v.event_id"}


def check(f: EventFilter) -> None:
    """Refuse what can only be a mistake with the accepted values, instead of answering "0 events"."""
    if f.type and f.type.upper() not in PLOVER_TYPES:
        raise BadRequest("type", f"{f.type!r} is not a PLOVER event type; choose one of "
                         f"{', '.join(sorted(PLOVER_TYPES))}")
    check_page(f.limit, f.offset or 0)
    if f.since and f.until and f.since > f.until:
        raise BadRequest("since", f"since ({f.since}) is after until ({f.until})")


def check_page(limit: int | None, offset: int = 0) -> None:
    """A page of any read: at least one row, and no negative offset."""
    if limit is not None and limit < 1:
        raise BadRequest("limit", f"{limit} rows: give a number of 1 or more")
    if offset < 0:
        raise BadRequest("offset", f"{offset}: give 0 or more")


def mentions(con: duckdb.DuckDBPyConnection, f: EventFilter = EventFilter(), order: str = "date") -> Page[Mention]:
    sql, params = mention_sql(f, order, con)
    total = _count(con, sql, params)
    rows = _page(con, sql, params, f)
    return Page(total, f.limit, f.offset or 0, [_record(Mention, r) for r in rows])


def events(con: duckdb.DuckDBPyConnection, f: EventFilter = EventFilter(), order: str = "date") -> Page[Event]:
    sql, params = event_sql(f, order, con)
    total = _count(con, sql, params)
    rows = _page(con, sql, params, f)
    return Page(total, f.limit, f.offset or 0, [_record(Event, r) for r in rows])


def mention(con: duckdb.DuckDBPyConnection, doc_id: str, idx: int) -> Mention:
    """One mention by its document id and index; errors.NotFound when there is none."""
    sql, params = mention_sql(EventFilter(doc=doc_id), "file", con)
    found = records(Mention, con.execute(f"SELECT * FROM ({sql}) WHERE doc_id = ? AND idx = ?",
                                         [*params, doc_id, idx]))
    if not found:
        raise NotFound("event mention", f"{doc_id}/{idx}")
    return found[0]


def mention_sql(f: EventFilter, order: str = "date",
                con: duckdb.DuckDBPyConnection | None = None) -> tuple[str, list[Any]]:
    """The mentions matching `f`, ordered, without limit: also what the Python API returns as a relation."""
    check(f)
    if order not in MENTION_ORDERS:
        raise BadRequest("order", f"{order!r}: choose one of {', '.join(MENTION_ORDERS)}")
    where, params = queries.where_clause(f, _stories(con, f))
    cols = ", ".join("a.file_name" if c == "file_name" else f"e.{c}" for c in queries.EVENT_COLUMNS)
    # a store written before merging existed has no event links: its mentions belong to no event yet
    links = "event_links" if con is None or queries.has_relation(con, "event_links") else \
        "(SELECT NULL::VARCHAR AS doc_id, NULL::INTEGER AS idx, NULL::VARCHAR AS event_id, NULL::DATE AS date, " \
        "NULL::BOOLEAN AS date_inferred, NULL::VARCHAR AS reason WHERE false)"
    sql = (f"SELECT {cols}, a.title, a.outlet, a.published, l.event_id, coalesce(e.date, l.date) AS event_date, "
           "coalesce(l.date_inferred, false) AS date_inferred, l.reason AS merge_reason FROM event_mentions e "
           f"JOIN articles a USING (doc_id) LEFT JOIN {links} l USING (doc_id, idx){where} "
           f"ORDER BY {MENTION_ORDERS[order]}")
    return sql, params


def event_sql(f: EventFilter, order: str = "date",
              con: duckdb.DuckDBPyConnection | None = None) -> tuple[str, list[Any]]:
    """The merged events one of whose mentions matches `f` and whose own date is in range, ordered."""
    check(f)
    if con is not None:
        queries.require_merged(con)
    if order not in EVENT_ORDERS:
        raise BadRequest("order", f"{order!r}: choose one of {', '.join(EVENT_ORDERS)}")
    by_mention = dataclasses.replace(f, since=None, until=None, limit=None, offset=None)
    where, params = queries.where_clause(by_mention, _stories(con, f))
    conds = [f"v.event_id IN (SELECT l.event_id FROM event_links l JOIN event_mentions e USING (doc_id, idx) "
             f"JOIN articles a USING (doc_id){where})"]
    for cond, value in (("v.date >= ?", f.since), ("v.date <= ?", f.until)):
        if value is not None:
            conds.append(cond)
            params.append(value)
    return f"SELECT v.* FROM events v WHERE {' AND '.join(conds)} ORDER BY {EVENT_ORDERS[order]}", params


def _stories(con: duckdb.DuckDBPyConnection | None, f: EventFilter) -> str | None:
    """Where story membership lives, looked up only for a story filter (NoStories without threads)."""
    return queries.story_relation(con) if con is not None and f.story is not None else None


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> int:
    row = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
    return int(row[0]) if row else 0


def _page(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], f: EventFilter) -> list[dict[str, Any]]:
    cur = con.execute(f"{sql} LIMIT ? OFFSET ?", [*params, f.limit if f.limit is not None else 2**62, f.offset or 0])
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _record(kind: type[T], row: dict[str, Any]) -> T:
    return kind(**{fl.name: row[fl.name] for fl in fields(kind)})  # type: ignore[arg-type]


def records(kind: type[T], cur: duckdb.DuckDBPyConnection) -> list[T]:
    """The rows of an executed query as records of `kind`, by column name."""
    names = [d[0] for d in cur.description or []]
    return [_record(kind, dict(zip(names, row, strict=True))) for row in cur.fetchall()]


def as_dict(record: Any) -> dict[str, Any]:
    """A record (or one holding records) for JSON: dates as ISO strings, at any depth."""
    return _jsonable(dataclasses.asdict(record))


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    return v.isoformat() if isinstance(v, dt.date) else v
