"""Database access for the web process: short read-only connections, one writer at a time.

DuckDB lets one process write a file, and in one process a file cannot be open read-only and read-write at
once. So each request opens its own read-only connection and closes it (about 15 ms), which leaves the file
free between requests for an `eventwire ingest` in another process; an upload over HTTP waits for the
readers of this process to finish, and readers wait for it. A file locked by another process's writer is
never forced: the reader retries with a short backoff, because an ingest holds the file only for one batch
(a few hundred ms) or its final merge (seconds), and answers 503 "busy" only past its read timeout.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from eventwire.store import db as store

# Backoff while another process writes: first retry soon (a batch commit is short), then no faster than
# 5 tries a second so a long merge does not keep a request thread spinning on the lock.
FIRST_DELAY = 0.02
MAX_DELAY = 0.2


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
        deadline = time.monotonic() + self.read_timeout
        with self.lock.read(self.read_timeout):
            con = self._open_read_only(deadline)
            try:
                yield con
            finally:
                con.close()

    def _open_read_only(self, deadline: float) -> duckdb.DuckDBPyConnection:
        """Open read-only, retrying while another process holds the write lock, until `deadline`."""
        delay = FIRST_DELAY
        while True:
            try:
                return store.connect(self.path, read_only=True)
            except store.StoreError as exc:
                if not _write_locked(exc):
                    raise
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Busy(f"the database has been locked by another process's writer for over "
                               f"{self.read_timeout:g} s (an ingest in progress?); retry shortly") from exc
                time.sleep(min(delay, left))
                delay = min(delay * 2, MAX_DELAY)

    @contextmanager
    def writer(self) -> Iterator[None]:
        """Exclusive use of the file within this process (the ingest opens its own connection)."""
        with self.lock.write(self.write_timeout):
            yield


def _write_locked(exc: store.StoreError) -> bool:
    # DuckDB's own message, not ours: a path with "lock" in its name must not pass for a held lock
    reason = str(exc.__cause__ or exc).lower()
    return "conflicting lock" in reason or "could not set lock" in reason
