"""The driver: the one process that reads the input files and owns the database.

Reads: file paths (a stream: nothing holds the whole corpus). Writes: one transaction per batch, through
store.batch, reported as Outcomes. Files already stored under the same path with the same content are skipped
before any work, which is what makes a re-run after a crash finish only the rest. The database file is opened
only for each short step (check a batch, commit a batch), so `eventwire serve` and other ingests get it in
between.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from eventwire.engine import parts
from eventwire.engine.runners import Runner, make_runner
from eventwire.errors import InputRejected
from eventwire.records import RawDocument
from eventwire.settings import Settings
from eventwire.stages import load
from eventwire.store import db as store
from eventwire.store.batch import commit_batch
from eventwire.store.results import BatchResult, Outcome

OnOutcome = Callable[[Outcome], None]


@dataclass(frozen=True)
class EngineOptions:
    engine: str = "local"  # local | dask
    workers: int = 1
    scheduler: str | None = None  # tcp://HOST:8786; None starts a Dask LocalCluster
    parts_dir: Path | None = None  # Parquet partitions (Dask); default: beside the database


def parts_dir_for(db: Path, opts: EngineOptions) -> Path:
    return opts.parts_dir or db.with_name(db.name + ".parts")


def run(files: Iterable[Path], db: Path, settings: Settings, opts: EngineOptions, on_outcome: OnOutcome) -> int:
    """Ingest every file. Returns how many documents came from partitions a killed run had left unloaded:
    they are loaded first, so the files they came from are then skipped as unchanged, not coded again."""
    recovered = _load_leftovers(db, settings, parts_dir_for(db, opts))
    _run_files(files, db, settings, opts, on_outcome)
    return recovered


def _load_leftovers(db: Path, settings: Settings, folder: Path) -> int:
    n = 0
    for key in parts.leftovers(folder):
        outcomes: list[Outcome] = []
        _commit(db, settings, parts.read(folder, key), outcomes.append)
        parts.remove(folder, key)
        n += sum(o.status == "stored" for o in outcomes)
    return n


def _run_files(files: Iterable[Path], db: Path, settings: Settings, opts: EngineOptions,
               on_outcome: OnOutcome) -> None:
    folder = parts_dir_for(db, opts)
    runner = make_runner(settings, opts.engine, opts.workers, opts.scheduler, str(folder))
    try:
        for docs, early in _small_tail(_batches(files, settings), runner.capacity if opts.workers > 1 else 0):
            # wait for a free slot with the file closed; then one short opening commits what is finished and
            # checks the next chunk (each opening costs ~25 ms, and readers get the file in between)
            ready = list(runner.results(block=runner.in_flight() >= runner.capacity))
            with store.briefly(db, settings.lock_timeout) as con:
                done = [o for batch in ready for o in _commit_on(con, db, batch)]
                todo = _skip_known(con, docs, early)
                if any(o.status != "unchanged" for o in early):
                    _commit_on(con, db, BatchResult("", early))
            _report(runner, ready, done + early, on_outcome)
            if todo:
                runner.submit(todo)
        while runner.in_flight():
            ready = list(runner.results(block=True))
            with store.briefly(db, settings.lock_timeout) as con:
                done = [o for batch in ready for o in _commit_on(con, db, batch)]
            _report(runner, ready, done, on_outcome)
    finally:
        runner.close()


def _report(runner: Runner, committed: list[BatchResult], outcomes: list[Outcome], on_outcome: OnOutcome) -> None:
    for batch in committed:
        runner.committed(batch.key)
    for o in outcomes:
        on_outcome(o)


def _batches(files: Iterable[Path], settings: Settings) -> Iterator[tuple[list[RawDocument], list[Outcome]]]:
    """Read files into batches of at most batch_docs documents and about batch_bytes bytes (long pages make
    small batches, so no worker is left with one huge batch at the end), with an Outcome per file refused."""
    docs: list[RawDocument] = []
    early: list[Outcome] = []
    size = 0
    for path in files:
        try:
            raw = load.read_document(path, settings.max_bytes)
        except InputRejected as exc:
            early.append(Outcome(path=str(path), status="failed", code=exc.code, reason=exc.reason))
        else:
            docs.append(raw)
            size += len(raw.data)
        if len(docs) + len(early) >= settings.batch_docs or size >= settings.batch_bytes:
            yield docs, early
            docs, early, size = [], [], 0
    if docs or early:
        yield docs, early


Batch = tuple[list[RawDocument], list[Outcome]]


def _small_tail(batches: Iterator[Batch], ahead: int) -> Iterator[Batch]:
    """Hold `ahead` batches back; when the files run out, cut those last ones in half. With several workers,
    the run ends when the slowest finishes its last batch while the others wait: smaller last batches shorten
    that wait (on two cores, half a batch is about a second)."""
    held: list[Batch] = []
    for batch in batches:
        held.append(batch)
        if len(held) > ahead:
            yield held.pop(0)
    for docs, early in held:
        if ahead and len(docs) > 1:
            half = (len(docs) + 1) // 2
            yield docs[:half], early
            yield docs[half:], []
        else:
            yield docs, early


def _skip_known(con: duckdb.DuckDBPyConnection, docs: list[RawDocument], early: list[Outcome]) -> list[RawDocument]:
    if not docs:
        return []
    paths = [d.path for d in docs]
    known = dict(con.execute("SELECT path, sha256 FROM sources WHERE path = ANY(?)", [paths]).fetchall())
    first = dict(con.execute("SELECT sha256, path FROM documents WHERE sha256 = ANY(?)",
                             [[d.sha256 for d in docs]]).fetchall())
    todo: list[RawDocument] = []
    for d in docs:
        if known.get(d.path) == d.sha256 or any(t.path == d.path for t in todo):  # the same file given twice
            early.append(Outcome(path=d.path, status="unchanged", sha256=d.sha256, doc_id=d.doc_id))
            continue
        first.setdefault(d.sha256, d.path)  # a second copy within this chunk is a duplicate of the first
        if first[d.sha256] != d.path:
            early.append(Outcome(path=d.path, status="duplicate", sha256=d.sha256, doc_id=d.doc_id,
                                 duplicate_of=first[d.sha256]))
        else:
            todo.append(d)
    return todo


def _commit(db: Path, settings: Settings, batch: BatchResult, on_outcome: OnOutcome) -> None:
    with store.briefly(db, settings.lock_timeout) as con:
        outcomes = _commit_on(con, db, batch)
    for o in outcomes:
        on_outcome(o)


def _commit_on(con: duckdb.DuckDBPyConnection, db: Path, batch: BatchResult) -> list[Outcome]:
    # a batch insert gains nothing from DuckDB's thread pool, and its threads would take cores from the workers
    con.execute("SET threads = 1")
    try:
        return commit_batch(con, batch)
    except (duckdb.Error, OSError) as exc:
        # a storage failure is not the documents' fault: stop, with nothing of the batch written
        raise store.StoreError(f"{db}: could not store a batch of {len(batch.outcomes)} documents: {exc}") from exc
