"""Python API over a stored database: merged events, mentions, story threads and actors.

    >>> import eventwire
    >>> with eventwire.open("seeds.duckdb") as ew:
    ...     ew.events(actor="NATO").df()          # a DuckDB relation; .df() gives a pandas frame
    ...     ew.stories(as_frame=True)

Every method returns a DuckDB relation over the documented views (events, mentions, stories, actors) so it
can be filtered further in SQL or Python, or a pandas frame with `as_frame=True`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pandas as pd

from eventwire import reads
from eventwire.store import db as store
from eventwire.store.queries import EventFilter


class Database:
    def __init__(self, path: str | Path, read_only: bool = True) -> None:
        self.path = Path(path)
        self.con = store.connect(self.path, read_only=read_only)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def sql(self, query: str, params: list[Any] | None = None) -> duckdb.DuckDBPyRelation:
        return self.con.sql(query, params=params)

    def _select(self, view: str, conds: list[tuple[str, Any]], order: str,
                as_frame: bool) -> duckdb.DuckDBPyRelation | pd.DataFrame:
        where = [c for c, v in conds if v is not None]
        params = [v for c, v in conds if v is not None]
        sql = f"SELECT * FROM {view}" + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order}"
        return self._relation(sql, params, as_frame)

    def _relation(self, sql: str, params: list[Any], as_frame: bool, limit: int | None = None,
                  offset: int = 0) -> duckdb.DuckDBPyRelation | pd.DataFrame:
        if limit is not None or offset:
            reads.check(EventFilter(limit=limit, offset=offset))
            sql, params = f"{sql} LIMIT ? OFFSET ?", [*params, limit if limit is not None else 2**62, offset]
        rel = self.con.sql(sql, params=params)
        return rel.df() if as_frame else rel

    def events(self, actor: str | None = None, source: str | None = None, target: str | None = None,
               type: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
               doc: str | None = None, story: str | None = None, as_frame: bool = False,
               order: str = "date", limit: int | None = None,
               offset: int = 0) -> duckdb.DuckDBPyRelation | pd.DataFrame:
        """Merged events, filtered as `eventwire events` and `GET /api/events` filter them (eventwire.reads)."""
        f = EventFilter(actor=actor, source=source, target=target, type=type, since=since, until=until, doc=doc,
                        story=story)
        return self._relation(*reads.event_sql(f, order, self.con), as_frame, limit, offset)

    def mentions(self, event_id: str | None = None, doc: str | None = None, actor: str | None = None,
                 source: str | None = None, target: str | None = None, type: str | None = None,
                 since: dt.date | None = None, until: dt.date | None = None, as_frame: bool = False,
                 order: str = "file", limit: int | None = None,
                 offset: int = 0) -> duckdb.DuckDBPyRelation | pd.DataFrame:
        """Event mentions (one per coded sentence, with its merged `event_id`), filtered as `eventwire mentions`
        and `GET /api/mentions` filter them."""
        f = EventFilter(event=event_id, doc=doc, actor=actor, source=source, target=target, type=type,
                        since=since, until=until)
        return self._relation(*reads.mention_sql(f, order, self.con), as_frame, limit, offset)

    def export(self, path: str | Path, format: str = "jsonl") -> int:
        """Write the store to `path` as `eventwire export --format FORMAT -o PATH` does; the records written."""
        from eventwire import exports

        return exports.export(self.con, format, Path(path))

    def stories(self, as_frame: bool = False) -> duckdb.DuckDBPyRelation | pd.DataFrame:
        return self._select("stories", [], "first_date NULLS LAST, story_id", as_frame)

    def actors(self, as_frame: bool = False) -> duckdb.DuckDBPyRelation | pd.DataFrame:
        return self._select("actors", [], "as_source + as_target DESC, actor_key", as_frame)


def open_db(path: str | Path | None = None, read_only: bool = True) -> Database:
    from eventwire.settings import default_db

    return Database(path if path is not None else default_db(), read_only=read_only)
