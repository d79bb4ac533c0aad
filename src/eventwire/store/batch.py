"""Write a batch of processed documents in one transaction: all of them, or none.

Reads: a BatchResult (Arrow rows and one Outcome per file). Writes: every table of schema.sql.
A document already stored from another path becomes a duplicate here, at commit time, so two batches (or two
ingest processes) holding the same content can never store it twice. Rewriting a document deletes its rows
first, so loading the same batch again changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import PurePath

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from eventwire.store.results import BatchResult, Outcome
from eventwire.store.rows import DOC_TABLES, SHARED_TABLES

# event_links hang on event mentions: merge.events.update() re-links the rewritten documents' mentions; doc_terms
# count the actors too: merge.stories.update() counts them again.
_DELETE_FROM = (*DOC_TABLES, "event_links", "doc_terms")


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Everything in the block, or nothing (any exception, a KeyboardInterrupt too, rolls back)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def commit_batch(con: duckdb.DuckDBPyConnection, batch: BatchResult) -> list[Outcome]:
    """Store the batch; returns its outcomes, with documents found already stored turned into duplicates."""
    with transaction(con):
        outcomes, known = _mark_duplicates(con, batch.outcomes)
        stored = [o for o in outcomes if o.status == "stored"]
        _delete_rows(con, [o.doc_id for o in stored if o.sha256 in known])
        _insert_tables(con, batch.tables, pa.table({"doc_id": pa.array([o.doc_id for o in stored], pa.string())}))
        _record_others(con, outcomes)
    return outcomes


def _mark_duplicates(con: duckdb.DuckDBPyConnection, outcomes: list[Outcome]) -> tuple[list[Outcome], set[str]]:
    """A content stored under another path (earlier, or earlier in this batch) is recorded as a copy.
    Also returns the hashes of the batch's contents already in the database."""
    shas = [o.sha256 for o in outcomes if o.status == "stored"]
    first: dict[str, str] = {}
    if shas:
        rows = con.execute("SELECT sha256, path FROM documents WHERE sha256 = ANY(?)", [shas]).fetchall()
        first = {sha: path for sha, path in rows}
    known = set(first)
    out = []
    for o in outcomes:
        if o.status == "stored" and o.sha256 is not None:
            owner = first.setdefault(o.sha256, o.path)
            if owner != o.path:
                o = Outcome(path=o.path, status="duplicate", sha256=o.sha256, doc_id=o.doc_id, duplicate_of=owner)
        out.append(o)
    return out, known


def _delete_rows(con: duckdb.DuckDBPyConnection, doc_ids: list[str | None]) -> None:
    """Remove the rows of documents about to be stored again (a reloaded partition, a rerun). Only those: each
    DELETE scans its whole table, so deleting for new documents slowed a backfill's commits with every batch."""
    if not doc_ids:
        return
    with registered(con, "_ew_ids", pa.table({"doc_id": pa.array(doc_ids, pa.string())})):
        for table in _DELETE_FROM:
            con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM _ew_ids)")


def _insert_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table], ids: pa.Table) -> None:
    keep = ids.column("doc_id").combine_chunks()
    for table in (*DOC_TABLES, *SHARED_TABLES):
        data = tables.get(table)
        if data is None or data.num_rows == 0:
            continue
        if table == "sources":
            data = data.filter(pc.is_in(data.column("sha256"), value_set=_shas(tables, keep)))
        elif table in DOC_TABLES:
            data = data.filter(pc.is_in(data.column("doc_id"), value_set=keep))
        insert_arrow(con, table, data, "INSERT OR REPLACE" if table in SHARED_TABLES else "INSERT")


def insert_arrow(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table, verb: str = "INSERT") -> None:
    """Bulk insert through Arrow (executemany costs a round trip per row); names come from schema.sql."""
    with registered(con, "_ew_batch", data):
        con.execute(f"{verb} INTO {table} SELECT * FROM _ew_batch")


@contextlib.contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, data: pa.Table) -> Iterator[None]:
    """`data` readable as the table `name` inside the block."""
    con.register(name, data)
    try:
        yield
    finally:
        # in a transaction that already failed this raises too, and would hide the error that matters
        with contextlib.suppress(duckdb.Error):
            con.unregister(name)


def _shas(tables: dict[str, pa.Table], keep: pa.Array) -> pa.Array:
    docs = tables["documents"]
    return docs.filter(pc.is_in(docs.column("doc_id"), value_set=keep)).column("sha256").combine_chunks()


def _record_others(con: duckdb.DuckDBPyConnection, outcomes: Sequence[Outcome]) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for o in outcomes:
        if o.status == "stored":
            con.execute("DELETE FROM failures WHERE path = ?", [o.path])
        elif o.status == "duplicate":
            con.execute("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)",
                        [o.path, PurePath(o.path).name, o.sha256, o.duplicate_of, now])
        elif o.status == "failed":
            con.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?)",
                        [o.path, o.sha256, o.code, o.reason, now])
