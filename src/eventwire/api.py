"""Python API over a stored database: the reads of eventwire.reads, as the CLI and the HTTP API make them.

    >>> import eventwire
    >>> with eventwire.open("seeds.duckdb") as ew:
    ...     ew.events(actor="NATO").df()          # a DuckDB relation; .df() gives a pandas frame
    ...     ew.explain(event_id).mentions      # typed records (eventwire.reads)
    ...     ew.stories(as_frame=True)

`events()` and `mentions()` return DuckDB relations over the same SQL as `eventwire events` / `mentions`, so they
can be filtered further in SQL or Python; every other read returns the typed records of eventwire.reads (a pandas
frame of them with `as_frame=True` where the read is a list).
"""

from __future__ import annotations

import dataclasses
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

    def explain(self, event_id: str) -> reads.Explanation:
        """A merged event (its id or a unique prefix) and its mentions with why each was merged."""
        return reads.explain(self.con, event_id)

    def timeline(self, source: str, target: str, period: str = "month", both: bool = False,
                 since: dt.date | None = None, until: dt.date | None = None) -> reads.Timeline:
        return reads.timeline(self.con, EventFilter(source=source, target=target, since=since, until=until),
                              period, both)

    def network(self, limit: int | None = None) -> reads.Network:
        return reads.network(self.con, EventFilter(), limit)

    def actors(self, limit: int | None = None, as_frame: bool = False) -> list[reads.Actor] | pd.DataFrame:
        """Actor codes by merged events, as `eventwire actors` and `GET /api/actors` count them."""
        return _frame(reads.actors(self.con, EventFilter(), limit), as_frame)

    def stories(self, as_frame: bool = False) -> list[reads.Story] | pd.DataFrame:
        return _frame(reads.stories(self.con).items, as_frame)

    def articles(self, outlet: str | None = None, as_frame: bool = False) -> list[reads.Article] | pd.DataFrame:
        return _frame(reads.articles(self.con, outlet).items, as_frame)

    def document(self, doc: str) -> reads.Document:
        """An article (its id or file name, or a unique start of one) with its text, mentions and quotes."""
        return reads.document(self.con, doc)

    def quotes(self, doc: str | None = None, speaker: str | None = None,
               as_frame: bool = False) -> list[reads.Quote] | pd.DataFrame:
        return _frame(reads.quotes(self.con, doc, speaker).items, as_frame)

    def failures(self, as_frame: bool = False) -> list[reads.Failure] | pd.DataFrame:
        return _frame(reads.failures(self.con), as_frame)


def _frame(items: list[reads.T], as_frame: bool) -> list[reads.T] | pd.DataFrame:
    if not as_frame:
        return items
    return pd.DataFrame([dataclasses.asdict(x) for x in items])  # type: ignore[call-overload]


def open_db(path: str | Path | None = None, read_only: bool = True) -> Database:
    from eventwire.settings import default_db

    return Database(path if path is not None else default_db(), read_only=read_only)
