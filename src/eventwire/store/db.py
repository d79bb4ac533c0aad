"""DuckDB storage: one transaction per document, so a failure leaves every other document as it was.

Reads: Article records. Writes: the tables of schema.sql.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from eventwire.errors import EventwireError
from eventwire.records import ActorMention, Article, Event, Place, Quote, Toponym


class StoreError(EventwireError):
    pass


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such database; run `eventwire ingest PATH --db {path}` first")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open database: {exc}") from exc
    if not read_only:
        for ddl in ("schema.sql", "analysis.sql"):  # analysis.sql: merged events, stories and public views
            con.execute((resources.files("eventwire") / "store" / ddl).read_text(encoding="utf-8"))
        _add_place_columns(con)
    return con


_PLACE_COLUMNS = (("place_name", "VARCHAR"), ("place_full_name", "VARCHAR"), ("place_country", "VARCHAR"),
                  ("place_fips", "VARCHAR"), ("place_adm1", "VARCHAR"), ("place_lat", "DOUBLE"),
                  ("place_lon", "DOUBLE"), ("place_feature_id", "BIGINT"), ("place_level", "VARCHAR"),
                  ("place_text", "VARCHAR"), ("place_method", "VARCHAR"))


def _add_place_columns(con: duckdb.DuckDBPyConnection) -> None:
    """A database written before the `places` stage lacks the place columns; appended, rows keep their order."""
    for name, kind in _PLACE_COLUMNS:
        con.execute(f"ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS {name} {kind}")


def known_source(con: duckdb.DuckDBPyConnection, path: str, sha256: str) -> bool:
    row = con.execute("SELECT sha256 FROM sources WHERE path = ?", [path]).fetchone()
    return row is not None and row[0] == sha256


def first_source(con: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    row = con.execute("SELECT path FROM documents WHERE sha256 = ?", [sha256]).fetchone()
    return None if row is None else str(row[0])


def record_duplicate(con: duckdb.DuckDBPyConnection, path: str, file_name: str, sha256: str, first: str) -> None:
    con.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)",
                [path, file_name, sha256, first, _now()])


def record_failure(con: duckdb.DuckDBPyConnection, path: str, sha256: str | None, code: str, reason: str) -> None:
    con.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?)", [path, sha256, code, reason, _now()])


def save_article(con: duckdb.DuckDBPyConnection, art: Article) -> None:
    """Everything about one document, or nothing: a failure rolls the whole document back."""
    con.execute("BEGIN TRANSACTION")
    try:
        _delete_doc(con, art.raw.doc_id)
        _insert_article(con, art)
        con.execute("DELETE FROM failures WHERE path = ?", [art.raw.path])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _delete_doc(con: duckdb.DuckDBPyConnection, doc_id: str) -> None:
    # event_links go with their mentions: merge.events.update() re-merges the document's new mentions
    for table in ("sentences", "actor_mentions", "event_mentions", "quotes", "places", "articles", "event_links"):
        con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
    con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])


def _insert_article(con: duckdb.DuckDBPyConnection, art: Article) -> None:
    raw, dec, ex = art.raw, art.decoded, art.extracted
    assert dec is not None and ex is not None, "save_article needs a decoded, extracted article"
    doc = raw.doc_id
    con.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [raw.sha256, doc, raw.file_name, raw.path, len(raw.data), dec.format, dec.encoding, raw.data,
                 _now()])
    con.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, NULL, ?)", [raw.path, raw.file_name, raw.sha256,
                                                                             _now()])
    con.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc, raw.file_name, ex.title, ex.outlet, ex.author, ex.published, ex.dateline, ex.language,
                 ex.text, ex.removed_lines])
    _many(con, "sentences", [(doc, s.index, s.start, s.end, s.text) for s in art.sentences])
    _many(con, "actor_mentions", [(doc, i, *_mention_row(m)) for i, m in enumerate(art.mentions)])
    _many(con, "event_mentions", [_event_row(doc, i, e, art) for i, e in enumerate(art.events)])
    _many(con, "quotes", [_quote_row(doc, i, q) for i, q in enumerate(art.quotes)])
    _many(con, "places", [_toponym_row(doc, i, t) for i, t in enumerate(art.places)])
    actors = {(m.actor.full_code + "/" + (m.actor.person or "")): m for m in art.mentions}
    _many(con, "actor_codes", [(k, m.actor.code, m.actor.sector, m.actor.person, m.actor.actor_id)
                          for k, m in actors.items()], replace=True)


def _many(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[Any, ...]], replace: bool = False) -> None:
    """Bulk insert through Arrow: DuckDB's executemany costs a round trip per row (10 ms a document)."""
    if not rows:
        return
    names = _columns(con, table)
    batch = pa.table({name: list(col) for name, col in zip(names, zip(*rows, strict=True), strict=True)})
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    con.register("_eventwire_batch", batch)
    try:
        con.execute(f"{verb} INTO {table} SELECT * FROM _eventwire_batch")
    finally:
        con.unregister("_eventwire_batch")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                       "ORDER BY ordinal_position", [table]).fetchall()
    return [r[0] for r in rows]


def _mention_row(m: ActorMention) -> tuple[Any, ...]:
    return (m.sentence, m.start, m.end, m.text, m.actor.code, m.actor.sector, m.actor.person, m.actor.actor_id,
            m.via)


def _event_row(doc: str, i: int, e: Event, art: Article) -> tuple[Any, ...]:
    s = art.sentences[e.sentence]
    t = e.target
    return (doc, i, e.sentence, e.source.actor.code, e.source.actor.sector, e.source.actor.person, e.source.text,
            e.source.start, e.source.end,
            t.actor.code if t else None, t.actor.sector if t else None, t.actor.person if t else None,
            t.text if t else None, t.start if t else None, t.end if t else None,
            e.type, e.mode, e.cameo, e.goldstein, e.quad_class, e.trigger, e.date, e.date_text, e.date_basis,
            s.text, s.start, s.end, *_place_cols(e.place), e.place_text, e.place_method)


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
    return (doc, i, q.sentence, q.start, q.end, q.text, q.speaker, a.code if a else None,
            a.sector if a else None, a.person if a else None)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
