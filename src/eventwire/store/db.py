"""DuckDB storage: opening the file (with the schema, and waiting out another writer's lock).

Writes go through store.batch: one transaction per batch of documents, so a failure or a kill leaves every
committed document whole and no partial one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from eventwire.errors import EventwireError
from eventwire.records import Article
from eventwire.store.batch import commit_batch
from eventwire.store.results import BatchResult, Outcome
from eventwire.store.rows import TableRows


class StoreError(EventwireError):
    pass


def connect(path: Path | str, read_only: bool = False, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the store; while another process holds DuckDB's file lock, retry for up to `wait` seconds."""
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such database; run `eventwire ingest PATH --db {path}` first")
    deadline = time.monotonic() + wait
    pause = 0.02
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as exc:
            locked = "lock" in str(exc).lower()
            if locked and time.monotonic() + pause > deadline:
                raise StoreError(f"{path}: the database is held by another process (an ingest, or a program "
                                 f"with it open for writing) for longer than {wait:g} s; try again when it "
                                 f"is done. DuckDB said: {exc}") from exc
            if not locked:
                raise StoreError(f"{path}: cannot open database: {exc}") from exc
            time.sleep(pause)  # another process is writing a batch: they last well under a second
            pause = min(pause * 2, 0.25)
    if not read_only:
        _ensure_schema(con)
    return con


@contextmanager
def briefly(path: Path | str, wait: float) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection held only for one step, so readers and other ingests get the file in between."""
    con = connect(path, wait=wait)
    try:
        yield con
    finally:
        con.close()


def _schema_version() -> str:
    ddl = "".join((resources.files("eventwire") / "store" / f).read_text(encoding="utf-8")
                  for f in ("schema.sql", "analysis.sql"))
    return hashlib.sha256(ddl.encode("utf-8")).hexdigest()[:16]


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Run the DDL once per schema version (it costs ~25 ms, and the ingest opens the file per batch)."""
    version = _schema_version()
    try:
        row = con.execute("SELECT value FROM eventwire_meta WHERE key = 'schema'").fetchone()
    except duckdb.CatalogException:
        row = None
    if row is not None and row[0] == version:
        return
    for ddl in ("schema.sql", "analysis.sql"):  # analysis.sql: merged events, stories and public views
        con.execute((resources.files("eventwire") / "store" / ddl).read_text(encoding="utf-8"))
    _add_later_columns(con)
    con.execute("CREATE TABLE IF NOT EXISTS eventwire_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
    con.execute("INSERT OR REPLACE INTO eventwire_meta VALUES ('schema', ?)", [version])


_LATER_COLUMNS = (("place_name", "VARCHAR"), ("place_full_name", "VARCHAR"), ("place_country", "VARCHAR"),
                  ("place_fips", "VARCHAR"), ("place_adm1", "VARCHAR"), ("place_lat", "DOUBLE"),
                  ("place_lon", "DOUBLE"), ("place_feature_id", "BIGINT"), ("place_level", "VARCHAR"),
                  ("place_text", "VARCHAR"), ("place_method", "VARCHAR"),
                  ("confidence", "DOUBLE"), ("modality", "VARCHAR"), ("coder", "VARCHAR"))


def _add_later_columns(con: duckdb.DuckDBPyConnection) -> None:
    """A database written before the `places` stage, the event model or metadata provenance lacks their
    columns; appended, rows keep their order."""
    for name, kind in _LATER_COLUMNS:
        con.execute(f"ALTER TABLE event_mentions ADD COLUMN IF NOT EXISTS {name} {kind}")
    for name in ("published_basis", "author_basis"):
        con.execute(f"ALTER TABLE articles ADD COLUMN IF NOT EXISTS {name} VARCHAR")
    con.execute("ALTER TABLE quotes ADD COLUMN IF NOT EXISTS kind VARCHAR")
    con.execute("ALTER TABLE actor_mentions ALTER COLUMN code DROP NOT NULL")  # open recognition: uncoded


def save_article(con: duckdb.DuckDBPyConnection, art: Article) -> None:
    """Everything about one document, or nothing: the one-document case of store.batch.commit_batch."""
    rows = TableRows()
    rows.add(art, _now())
    outcome = Outcome(path=art.raw.path, status="stored", sha256=art.raw.sha256, doc_id=art.raw.doc_id)
    commit_batch(con, BatchResult(art.raw.sha256, [outcome], rows.to_arrow()))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
