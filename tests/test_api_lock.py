"""Readers wait out another process's write lock on the DuckDB file: real DuckDB, a real second process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette deprecates httpx for its TestClient
    from fastapi.testclient import TestClient

from eventwire.store import db as store
from eventwire.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`:UserWarning")

# The writer opens the file read-write (taking DuckDB's exclusive lock), writes, says so, holds it, closes.
WRITER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("CREATE TABLE IF NOT EXISTS lock_probe (x INTEGER)")
    con.execute("INSERT INTO lock_probe VALUES (1)")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
""")


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    db = tmp_path / "locked.duckdb"
    store.connect(db).close()  # the schema, no rows: the lock is what is under test, not the data
    return db


@contextmanager
def held_lock(db: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    with subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(seconds)], stdout=subprocess.PIPE,
                          text=True) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
            yield proc
        finally:
            proc.kill()  # already gone unless the test failed early


def test_reader_waits_for_a_short_write_lock(empty_db: Path) -> None:
    with TestClient(create_app(empty_db)) as c, held_lock(empty_db, 1.0):
        start = time.monotonic()
        r = c.get("/api/mentions")
        waited = time.monotonic() - start
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 0
    assert 0.8 < waited < 10, waited  # the answer came only once the writer had let go


def test_every_read_route_waits_for_the_lock(empty_db: Path) -> None:
    with TestClient(create_app(empty_db)) as c:
        for url in ("/api/health", "/api/articles", "/api/quotes", "/api/actors", "/api/network", "/api/timeline"):
            with held_lock(empty_db, 0.3):
                r = c.get(url)
            assert r.status_code == 200, (url, r.text)


def test_a_lock_held_past_the_read_timeout_is_a_clean_503(empty_db: Path) -> None:
    with TestClient(create_app(empty_db, read_timeout=0.5)) as c, held_lock(empty_db, 5.0):
        start = time.monotonic()
        r = c.get("/api/mentions")
        waited = time.monotonic() - start
    assert r.status_code == 503, r.text
    body = r.json()
    assert body["status"] == 503 and "locked by another process" in body["error"]
    assert r.headers["Retry-After"] == "5"
    assert 0.4 < waited < 3, waited
    assert "IO Error" not in r.text and str(empty_db) not in r.text  # DuckDB's message, with the path, stays here


def test_reads_after_the_lock_are_unaffected(empty_db: Path) -> None:
    with TestClient(create_app(empty_db, read_timeout=0.3)) as c:
        with held_lock(empty_db, 2.0):
            assert c.get("/api/mentions").status_code == 503
        start = time.monotonic()
        assert c.get("/api/mentions").status_code == 200
        assert time.monotonic() - start < 1  # no backoff left over from the refused request


def test_a_path_naming_lock_is_not_taken_for_a_held_lock(tmp_path: Path) -> None:
    # the retry is for DuckDB's lock error only; a missing file is answered at once, not after read_timeout
    with TestClient(create_app(tmp_path / "blocked-lock.duckdb", read_timeout=5)) as c:
        start = time.monotonic()
        r = c.get("/api/mentions")
    assert r.status_code == 503 and "no such database" in r.json()["error"]
    assert time.monotonic() - start < 2
