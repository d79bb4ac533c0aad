"""Service functions: what the CLI, the Python API and (later) the HTTP API call. They return data, not text."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.engine import driver
from eventwire.engine.driver import EngineOptions
from eventwire.merge.update import pending as merge_pending
from eventwire.merge.update import update as merge_update
from eventwire.settings import Settings
from eventwire.stages import load
from eventwire.store import db as store
from eventwire.store.results import Outcome


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
    words: int = 0  # clean-text words of the stored articles
    recovered: int = 0  # documents loaded from partitions an interrupted run had left
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)


Progress = Callable[[str, str], None]  # (path, outcome)


def ingest(paths: Sequence[str | Path], db: Path, settings: Settings | None = None,
           progress: Progress | None = None, files: Iterable[Path] | None = None,
           engine: EngineOptions | None = None) -> IngestSummary:
    """Store every readable document under `paths`; re-running with the same files changes nothing.

    `engine` picks where documents are coded (this process, N local processes, or Dask); the results and the
    database are the same whichever runs them. Merging and story threads run after, over everything stored.
    """
    if isinstance(paths, str | Path):  # one path, not a sequence of its letters ("." and "/" are folders)
        paths = [paths]
    db = Path(db)
    settings = settings or Settings(db=db)
    summary = IngestSummary()
    t0 = time.perf_counter()

    def on_outcome(o: Outcome) -> None:
        _count(summary, o)
        if progress:
            progress(o.path, o.status)

    stream = files if files is not None else load.iter_files(paths)
    summary.recovered = driver.run(stream, db, settings, engine or EngineOptions(), on_outcome)
    with store.briefly(db, settings.lock_timeout) as con:
        if summary.stored or merge_pending(con):
            # only the new articles and mentions are threaded and merged (docs/analysis.md)
            merge_update(con)
    summary.seconds = time.perf_counter() - t0
    return summary


def _count(summary: IngestSummary, o: Outcome) -> None:
    summary.files += 1
    if o.status == "stored":
        summary.stored += 1
        summary.events += o.events
        summary.quotes += o.quotes
        summary.words += o.words
    elif o.status == "unchanged":
        summary.unchanged += 1
    elif o.status == "duplicate":
        summary.duplicates += 1
    else:
        summary.failures.append(Failure(o.path, o.code, o.reason))
