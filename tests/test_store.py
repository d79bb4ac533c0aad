"""Ingest into a real DuckDB file: idempotent, copies recorded as duplicates, failures isolated."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from eventwire import reads, service
from eventwire.pipeline import STAGES, Stage, check_order
from eventwire.store import batch, queries
from eventwire.store import db as store


def _counts(db: Path) -> dict[str, int]:
    with store.connect(db, read_only=True) as con:
        return queries.counts(con)


def _snapshot(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        sql = "SELECT doc_id, idx, source, type, target, date FROM event_mentions ORDER BY 1, 2"
        return con.execute(sql).fetchall()


def test_reingest_changes_nothing(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "s.duckdb"
    first = service.ingest([seeds_dir], db)
    before, rows = _counts(db), _snapshot(db)
    again = service.ingest([seeds_dir], db)
    assert first.stored == 5 and again.stored == 0 and again.unchanged == 5
    assert _counts(db) == before and _snapshot(db) == rows


def test_copy_under_other_name_is_duplicate(tmp_path: Path, seeds_dir: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    shutil.copy(seed, folder / "a.txt")
    shutil.copy(seed, folder / "b.txt")
    db = tmp_path / "d.duckdb"
    summary = service.ingest([folder], db)
    assert (summary.stored, summary.duplicates) == (1, 1)
    with store.connect(db, read_only=True) as con:
        dup = con.execute("SELECT duplicate_of FROM sources WHERE file_name = 'b.txt'").fetchone()
        assert dup is not None and dup[0].endswith("a.txt")
        assert queries.counts(con)["articles"] == 1


def test_bad_files_reported_and_batch_goes_on(tmp_path: Path, seeds_dir: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 100)
    (folder / "menu.html").write_text("<html><head><title>x</title></head><body><nav><a href='/'>Home</a>"
                                      "</nav></body></html>")
    db = tmp_path / "f.duckdb"
    summary = service.ingest([folder], db)
    reasons = {Path(f.path).name: f.code for f in summary.failures}
    assert summary.stored == 1
    assert reasons == {"empty.txt": "empty", "blob.bin": "binary", "menu.html": "no_article"}
    with store.connect(db, read_only=True) as con:
        assert {Path(r.path).name: r.code for r in reads.failures(con)} == reasons


def test_failure_mid_document_rolls_back(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "t.duckdb"
    service.ingest([sorted(seeds_dir.glob("*.txt"))[0]], db)
    before = _counts(db)

    real_insert = batch.insert_arrow

    def broken(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table, verb: str) -> None:
        if table == "event_mentions":  # after documents, articles, sentences and mentions were inserted
            raise OSError("disk full (simulated)")
        real_insert(con, table, data, verb)

    monkeypatch.setattr(batch, "insert_arrow", broken)
    with pytest.raises(store.StoreError, match="disk full"):
        service.ingest([sorted(seeds_dir.glob("*.txt"))[1]], db)
    after = _counts(db)
    assert {k: after[k] for k in ("documents", "articles", "event_mentions")} == \
        {k: before[k] for k in ("documents", "articles", "event_mentions")}


def test_stage_order_is_checked() -> None:
    check_order(STAGES)
    with pytest.raises(RuntimeError, match="reads"):
        check_order((Stage("events", ("mentions",), ("events",), lambda a, r: None),))
