"""eventwire: political event data from raw news captures.

    >>> import eventwire
    >>> summary = eventwire.ingest(["../shared/seeds"], db="seeds.duckdb")
    >>> merged = eventwire.events("seeds.duckdb", actor="CHN")     # merged events, typed records
    >>> reports = eventwire.mentions("seeds.duckdb", actor="CHN")  # the reports they were merged from
    >>> why = eventwire.explain(merged[0].event_id, "seeds.duckdb")  # the event, its mentions, why merged
    >>> ew = eventwire.open("seeds.duckdb")  # every other read: ew.timeline(), .actors(), .quotes(), ...

Imports are deferred so that using one stage does not load spaCy, DuckDB and the dictionaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwire.api import Database
    from eventwire.reads import Event, Explanation, Mention
    from eventwire.service import IngestSummary

__all__ = ["events", "explain", "ingest", "mentions", "open"]
__version__ = "0.1.0"


def ingest(paths: str | Path | Sequence[str | Path], db: str | Path | None = None) -> IngestSummary:
    """Ingest files or folders into the DuckDB file `db`. `paths`: one path or a list of them (a string is one
    path, never its letters). A path that does not exist raises FileNotFoundError naming it, as the CLI
    refuses it (exit 2), before anything is read."""
    from eventwire.service import ingest as _ingest

    items = [paths] if isinstance(paths, str | Path) else list(paths)
    missing = [str(p) for p in items if not Path(p).exists()]
    if missing:
        raise FileNotFoundError(", ".join(f"{p}: no such file or folder" for p in missing))
    return _ingest(items, _db(db))


def events(db: str | Path | None = None, **filters: Any) -> list[Event]:
    """Merged events as typed records (eventwire.reads.Event); filters as in `eventwire events`: actor, source,
    target, type, since, until, doc, story, limit, offset."""
    return _read("events", db, filters)


def mentions(db: str | Path | None = None, **filters: Any) -> list[Mention]:
    """Event mentions (reports, one per coded sentence) as typed records (eventwire.reads.Mention); filters as
    in `eventwire mentions`, and `event` for one merged event's mentions."""
    return _read("mentions", db, filters)


def explain(event_id: str, db: str | Path | None = None) -> Explanation:
    """A merged event (its id or a unique prefix) and its mentions, each with why it was merged, as
    `eventwire explain` prints it; eventwire.errors.NotFound / Ambiguous (listing the ids) otherwise."""
    from eventwire import reads
    from eventwire.store import db as _store

    with _store.connect(_db(db), read_only=True) as con:
        return reads.explain(con, event_id)


def _read(level: str, db: str | Path | None, filters: dict[str, Any]) -> Any:
    from eventwire import reads
    from eventwire.store import db as _store
    from eventwire.store.queries import EventFilter

    with _store.connect(_db(db), read_only=True) as con:
        read = reads.events if level == "events" else reads.mentions
        return read(con, EventFilter(**filters)).items


def open(db: str | Path | None = None, read_only: bool = True) -> Database:
    """A stored database: `.events()`, `.mentions()`, `.stories()`, `.actors()` (DuckDB relations or frames)."""
    from eventwire.api import open_db

    return open_db(_db(db), read_only=read_only)


def _db(db: str | Path | None) -> Path:
    """The database asked for, else the one default every door uses: $EVENTWIRE_DB, else ./eventwire.duckdb."""
    from eventwire.settings import default_db

    return Path(db) if db is not None else default_db()
