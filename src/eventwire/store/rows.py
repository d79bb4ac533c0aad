"""Article records -> table rows -> Arrow tables, with no database at hand.

Reads: Article records (after every stage). Writes: pyarrow Tables named and ordered as in schema.sql.
Workers (local processes or Dask workers) build these; only the process that owns the DuckDB file writes
them, in one transaction per batch (store.batch), or after a round trip through Parquet (engine.parts).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any

import duckdb
import pyarrow as pa

from eventwire.records import ActorMention, Article, Event, Place, Quote, Toponym

# Tables whose rows belong to one document (deleted and rewritten together, keyed by doc_id).
DOC_TABLES = ("documents", "articles", "sentences", "actor_mentions", "event_mentions", "quotes", "places")
# Tables written with INSERT OR REPLACE: several documents may name the same row.
SHARED_TABLES = ("sources", "actor_codes")


@lru_cache(maxsize=1)
def _schema_columns() -> dict[str, tuple[str, ...]]:
    """Column names per table, read from schema.sql in an in-memory database, so they never drift from it."""
    con = duckdb.connect(":memory:")
    try:
        con.execute((resources.files("eventwire") / "store" / "schema.sql").read_text(encoding="utf-8"))
        rows = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                           "ORDER BY table_name, ordinal_position").fetchall()
    finally:
        con.close()
    out: dict[str, list[str]] = defaultdict(list)
    for table, column in rows:
        out[table].append(column)
    return {t: tuple(c) for t, c in out.items()}


def columns(table: str) -> tuple[str, ...]:
    return _schema_columns()[table]


class TableRows:
    """Rows gathered over a batch of articles, turned into Arrow tables once at the end."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[Any, ...]]] = defaultdict(list)

    def add(self, art: Article, now: dt.datetime) -> None:
        for table, rows in article_rows(art, now).items():
            self.rows[table].extend(rows)

    def to_arrow(self) -> dict[str, pa.Table]:
        return {table: to_table(table, rows) for table, rows in self.rows.items() if rows}


def to_table(table: str, rows: list[tuple[Any, ...]]) -> pa.Table:
    names = columns(table)
    return pa.table({name: list(col) for name, col in zip(names, zip(*rows, strict=True), strict=True)})


def article_rows(art: Article, now: dt.datetime) -> dict[str, list[tuple[Any, ...]]]:
    """Every row one stored document contributes, per table."""
    raw, dec, ex = art.raw, art.decoded, art.extracted
    assert dec is not None and ex is not None, "rows need a decoded, extracted article"
    doc = raw.doc_id
    actors = {(m.actor.full_code + "/" + (m.actor.person or "")): m for m in art.mentions if m.actor.code}
    return {
        "documents": [(raw.sha256, doc, raw.file_name, raw.path, len(raw.data), dec.format, dec.encoding, raw.data,
                       now)],
        "sources": [(raw.path, raw.file_name, raw.sha256, None, now)],
        "articles": [(doc, raw.file_name, ex.title, ex.outlet, ex.author, ex.published, ex.dateline, ex.language,
                      ex.text, ex.removed_lines, ex.published_basis, ex.author_basis)],
        "sentences": [(doc, s.index, s.start, s.end, s.text) for s in art.sentences],
        "actor_mentions": [(doc, i, *_mention_row(m)) for i, m in enumerate(art.mentions)],
        "event_mentions": [_event_row(doc, i, e, art) for i, e in enumerate(art.events)],
        "quotes": [_quote_row(doc, i, q) for i, q in enumerate(art.quotes)],
        "places": [_toponym_row(doc, i, t) for i, t in enumerate(art.places)],
        "actor_codes": [(k, m.actor.code, m.actor.sector, m.actor.person, m.actor.actor_id)
                        for k, m in actors.items()],
    }


def _mention_row(m: ActorMention) -> tuple[Any, ...]:
    return (m.sentence, m.start, m.end, m.text, m.actor.code or None, m.actor.sector, m.actor.person, m.actor.actor_id,
            m.via)


def _event_row(doc: str, i: int, e: Event, art: Article) -> tuple[Any, ...]:
    s = art.sentences[e.sentence]
    t = e.target
    return (doc, i, e.sentence, e.source.actor.code, e.source.actor.sector, e.source.actor.person, e.source.text,
            e.source.start, e.source.end,
            t.actor.code if t else None, t.actor.sector if t else None, t.actor.person if t else None,
            t.text if t else None, t.start if t else None, t.end if t else None,
            e.type, e.mode, e.cameo, e.goldstein, e.quad_class, e.trigger, e.date, e.date_text, e.date_basis,
            s.text, s.start, s.end, *_place_cols(e.place), e.place_text, e.place_method, e.confidence, e.modality,
            e.coder)


def _place_cols(p: Place | None) -> tuple[Any, ...]:
    if p is None:
        return (None,) * 9
    return (p.name, p.full_name, p.iso3, p.fips, p.adm1, p.lat, p.lon, p.geonameid, p.level)


def _toponym_row(doc: str, i: int, t: Toponym) -> tuple[Any, ...]:
    p = t.place
    return (doc, i, t.start, t.end, t.text, t.source, p.name if p else None, p.iso3 if p else None,
            p.level if p else None, p.geonameid if p else None, p.lat if p else None, p.lon if p else None)


def _quote_row(doc: str, i: int, q: Quote) -> tuple[Any, ...]:
    a = q.speaker_actor
    return (doc, i, q.sentence, q.start, q.end, q.text, q.speaker, (a.code or None) if a else None,
            a.sector if a else None, a.person if a else None, q.kind)
