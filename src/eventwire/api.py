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

from eventwire.store import db as store


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
        params = [x for v in params for x in (v if isinstance(v, tuple) else (v,))]
        sql = f"SELECT * FROM {view}" + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order}"
        rel = self.con.sql(sql, params=params)
        return rel.df() if as_frame else rel

    def events(self, actor: str | None = None, source: str | None = None, target: str | None = None,
               type: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
               as_frame: bool = False) -> duckdb.DuckDBPyRelation | pd.DataFrame:
        """Merged events (view `events`), filtered like `eventwire events`."""
        up = (lambda v: v.upper() if v else None)  # noqa: E731 - codes are stored upper-case
        conds = [("(source = ? OR target = ?)", (up(actor), up(actor)) if actor else None),
                 ("source = ?", up(source)), ("target = ?", up(target)), ("type = ?", up(type)),
                 ("date >= ?", since), ("date <= ?", until)]
        return self._select("events", conds, "date NULLS LAST, event_id", as_frame)

    def mentions(self, event_id: str | None = None, doc: str | None = None,
                 as_frame: bool = False) -> duckdb.DuckDBPyRelation | pd.DataFrame:
        """Event mentions (view `mentions`): one per coded sentence, with its merged event and story."""
        conds = [("event_id = ?", event_id),
                 ("(doc_id LIKE ? OR file_name LIKE ?)", (doc + "%", doc + "%") if doc else None)]
        return self._select("mentions", conds, "file_name, idx", as_frame)

    def stories(self, as_frame: bool = False) -> duckdb.DuckDBPyRelation | pd.DataFrame:
        return self._select("stories", [], "first_date NULLS LAST, story_id", as_frame)

    def actors(self, as_frame: bool = False) -> duckdb.DuckDBPyRelation | pd.DataFrame:
        return self._select("actors", [], "as_source + as_target DESC, actor_key", as_frame)


def open_db(path: str | Path = "eventwire.duckdb", read_only: bool = True) -> Database:
    return Database(path, read_only=read_only)
