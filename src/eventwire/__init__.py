"""eventwire: political event data from raw news captures.

    >>> import eventwire
    >>> summary = eventwire.ingest(["../shared/seeds"], db="seeds.duckdb")
    >>> rows = eventwire.events("seeds.duckdb", actor="CHN")

Imports are deferred so that using one stage does not load spaCy, DuckDB and the dictionaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwire.api import Database
    from eventwire.service import IngestSummary

__all__ = ["events", "ingest", "open"]
__version__ = "0.1.0"


def ingest(paths: str | Path | Sequence[str | Path], db: str | Path = "eventwire.duckdb") -> IngestSummary:
    """Ingest files or folders into the DuckDB file `db`. `paths`: one path or a list of them (a string is one
    path, never its letters). A path that does not exist raises FileNotFoundError naming it, as the CLI
    refuses it (exit 2), before anything is read."""
    from eventwire.service import ingest as _ingest

    items = [paths] if isinstance(paths, str | Path) else list(paths)
    missing = [str(p) for p in items if not Path(p).exists()]
    if missing:
        raise FileNotFoundError(", ".join(f"{p}: no such file or folder" for p in missing))
    return _ingest(items, Path(db))


def events(db: str | Path = "eventwire.duckdb", **filters: Any) -> list[dict[str, Any]]:
    """Stored events as dicts; filters as in `eventwire events` (actor, source, target, type, since, until)."""
    from eventwire.store import db as _store
    from eventwire.store import queries as _queries

    with _store.connect(Path(db), read_only=True) as con:
        return _queries.events(con, _queries.EventFilter(**filters))


def open(db: str | Path = "eventwire.duckdb", read_only: bool = True) -> Database:
    """A stored database: `.events()`, `.mentions()`, `.stories()`, `.actors()` (DuckDB relations or frames)."""
    from eventwire.api import open_db

    return open_db(db, read_only=read_only)
