"""Database access for the web process: short read-only connections, one writer at a time.

DuckDB lets one process write a file, and in one process a file cannot be open read-only and read-write at
once. So each request opens its own read-only connection and closes it (about 15 ms), which leaves the file
free between requests for an `eventwire ingest` in another process; an upload over HTTP waits for the
readers of this process to finish, and readers wait for it. A file locked by another process's writer is
reported as 503 "busy", never forced.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from eventwire.store import db as store


class Busy(Exception):
    """The database is being written (here or by another process); the client should retry."""


class ReadWriteLock:
    """Many readers or one writer. Writers are preferred so a stream of reads cannot starve an upload."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0

    @contextmanager
    def read(self, timeout: float) -> Iterator[None]:
        with self._cond:
            ok = self._cond.wait_for(lambda: not self._writing and not self._waiting_writers, timeout)
            if not ok:
                raise Busy("an upload is being ingested; retry in a few seconds")
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self, timeout: float) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            try:
                ok = self._cond.wait_for(lambda: not self._writing and not self._readers, timeout)
            finally:
                self._waiting_writers -= 1
            if not ok:
                self._cond.notify_all()
                raise Busy("another upload is being ingested; retry later")
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class Database:
    def __init__(self, path: Path, read_timeout: float = 30.0, write_timeout: float = 5.0) -> None:
        self.path = path
        self.lock = ReadWriteLock()
        self.read_timeout = read_timeout
        self.write_timeout = write_timeout

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.lock.read(self.read_timeout):
            try:
                con = store.connect(self.path, read_only=True)
            except store.StoreError as exc:
                if "lock" in str(exc).lower():
                    raise Busy("the database is being written by another process; retry shortly") from exc
                raise
            try:
                yield con
            finally:
                con.close()

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Exclusive use of the file within this process (the ingest opens its own connection)."""
        with self.lock.write(self.write_timeout):
            yield
