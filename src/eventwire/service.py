"""Service functions: what the CLI, the Python API and (later) the HTTP API call. They return data, not text."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from eventwire.errors import InputRejected
from eventwire.merge.update import pending as merge_pending
from eventwire.merge.update import update as merge_update
from eventwire.pipeline import Resources, process
from eventwire.records import Article
from eventwire.settings import Settings
from eventwire.stages import load
from eventwire.store import db as store


@dataclass
class Failure:
    path: str
    code: str
    reason: str


@dataclass
class IngestSummary:
    files: int = 0
    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    events: int = 0
    quotes: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)


Progress = Callable[[str, str], None]  # (path, outcome)


def ingest(paths: Sequence[str | Path], db: Path, settings: Settings | None = None,
           progress: Progress | None = None, files: Iterable[Path] | None = None) -> IngestSummary:
    """Store every readable document under `paths`; re-running with the same files changes nothing."""
    settings = settings or Settings(db=db)
    res = Resources(settings)
    summary = IngestSummary()
    t0 = time.perf_counter()
    con = store.connect(db)
    try:
        for path in files if files is not None else load.iter_files(paths):
            outcome = _ingest_one(con, path, res, summary)
            if progress:
                progress(str(path), outcome)
        if summary.stored or merge_pending(con):
            # only the new articles and mentions are threaded and merged (docs/analysis.md)
            merge_update(con)
    finally:
        con.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _ingest_one(con: duckdb.DuckDBPyConnection, path: Path, res: Resources, summary: IngestSummary) -> str:
    summary.files += 1
    sha: str | None = None
    try:
        raw = load.read_document(path, res.settings.max_bytes)
        sha = raw.sha256
        if store.known_source(con, raw.path, sha):
            summary.unchanged += 1
            return "unchanged"
        first = store.first_source(con, sha)
        if first is not None:
            store.record_duplicate(con, raw.path, raw.file_name, sha, first)
            summary.duplicates += 1
            return "duplicate"
        art = process(Article(raw=raw), res)
        store.save_article(con, art)
    except InputRejected as exc:
        summary.failures.append(Failure(str(path), exc.code, exc.reason))
        store.record_failure(con, str(path), sha, exc.code, exc.reason)
        return "failed"
    except (ValueError, RuntimeError, MemoryError, RecursionError, UnicodeError) as exc:
        # a bug or a pathological page in one document must not stop the batch
        reason = f"{type(exc).__name__}: {exc}"[:500]
        summary.failures.append(Failure(str(path), "internal", reason))
        store.record_failure(con, str(path), sha, "internal", reason)
        return "failed"
    summary.stored += 1
    summary.events += len(art.events)
    summary.quotes += len(art.quotes)
    return "stored"
