"""CLI commands `events` (merged events) and `mentions` (their reports): thin adapters over eventwire.reads,
registered on eventwire.cli.app. The same filters and the same words as `GET /api/events`, `GET /api/mentions`
and `eventwire.open(db).events()` / `.mentions()`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.table import Table

from eventwire import reads
from eventwire.cli_common import DbOpt, ask, console, fail, print_json
from eventwire.errors import BadRequest
from eventwire.reads import T
from eventwire.store import queries

Actor = Annotated[str | None, typer.Option(help="Actor code on either side, e.g. CHN (or CHNGOV with its sector).")]
Source = Annotated[str | None, typer.Option(help="Source actor code.")]
Target = Annotated[str | None, typer.Option(help="Target actor code.")]
Dyad = Annotated[str | None, typer.Option(help="SOURCE-TARGET, e.g. CHN-NATO.")]
Type = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ACCUSE.")]
Day = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])]
Doc = Annotated[str | None, typer.Option(help="Document id prefix or file name.")]
Limit = Annotated[int | None, typer.Option(min=1, help="At most this many rows.")]
Json = Annotated[bool, typer.Option("--json", help="One JSON record a line instead of a table.")]


def _filter(actor: str | None, source: str | None, target: str | None, dyad: str | None, type: str | None,
            since: dt.datetime | None, until: dt.datetime | None, doc: str | None,
            limit: int | None) -> queries.EventFilter:
    if dyad:
        if "-" not in dyad:
            fail(f"--dyad {dyad!r}: expected SOURCE-TARGET, e.g. CHN-NATO")
        source, target = dyad.split("-", 1)
    return queries.EventFilter(actor=actor, source=source, target=target, type=type,
                               since=since.date() if since else None, until=until.date() if until else None,
                               doc=doc, limit=limit)


def _read(read: Callable[[duckdb.DuckDBPyConnection, queries.EventFilter], reads.Page[T]], db: Path,
          f: queries.EventFilter, as_json: bool) -> reads.Page[T] | None:
    """One level's page, or None once it was printed as JSON lines; unknown codes and bad values end in fail()."""

    def ask_level(con: duckdb.DuckDBPyConnection) -> reads.Page[T]:
        require_codes(con, {"--actor": f.actor, "--source": f.source, "--target": f.target})
        return read(con, f)

    page = ask(db, ask_level)
    if not as_json:
        return page
    for record in page.items:
        print(json.dumps(reads.as_dict(record), ensure_ascii=False))
    return None


def events(db: DbOpt, actor: Actor = None, source: Source = None, target: Target = None,
           dyad: Dyad = None, type: Type = None, since: Day = None, until: Day = None, doc: Doc = None,
           limit: Limit = None, as_json: Json = False) -> None:
    """Merged events (one real-world event, however many reports told it), newest first, with their ids for
    `eventwire explain`."""
    page = _read(reads.events, db, _filter(actor, source, target, dyad, type, since, until, doc, limit), as_json)
    if page is not None:
        print_events(page)


def mentions(db: DbOpt, actor: Actor = None, source: Source = None, target: Target = None,
             dyad: Dyad = None, type: Type = None, since: Day = None, until: Day = None, doc: Doc = None,
             limit: Limit = None, as_json: Json = False) -> None:
    """Event mentions: every report (a coded sentence) with its evidence and the merged event it is in."""
    page = _read(reads.mentions, db, _filter(actor, source, target, dyad, type, since, until, doc, limit),
                 as_json)
    if page is None:
        return
    table = _table(("mention", 11), ("date", 10), ("source", 7), ("type", 9), ("target", 7), ("gold.", 5),
                   ("event", 10))
    for m in page.items:
        table.add_row(f"{m.doc_id[:8]}:{m.idx}", str(m.date or ""), m.source + (m.source_sector or ""), m.type,
                      (m.target or "") + (m.target_sector or ""), f"{m.goldstein:+.1f}", m.event_id or "",
                      m.evidence)
    console.print(table)
    console.print(_shown(page, "mentions"))


def print_events(page: reads.Page[reads.Event]) -> None:
    table = _table(("event", 10), ("date", 10), ("source", 7), ("type", 9), ("target", 7), ("gold.", 5),
                   ("reports", 7))
    for e in page.items:
        table.add_row(e.event_id, str(e.date or ""), e.source, e.type, e.target or "", f"{e.goldstein:+.1f}",
                      str(e.num_mentions), e.evidence)
    console.print(table)
    console.print(_shown(page, "events"))


def _table(*columns: tuple[str, int]) -> Table:
    table = Table(show_lines=False, expand=False)
    for col, width in columns:
        table.add_column(col, no_wrap=True, min_width=width)
    table.add_column("evidence", no_wrap=True, overflow="ellipsis", max_width=90, ratio=1)
    return table


def _shown(page: reads.Page[T], word: str) -> str:
    if len(page.items) == page.total:
        return f"{page.total} {word}"
    return f"{len(page.items)} of {page.total} {word} shown"


def require_codes(con: duckdb.DuckDBPyConnection, given: dict[str, str | None]) -> None:
    """An actor code the database has never seen is a typo or a code from elsewhere: say so, not "0 events"."""
    for option, code in given.items():
        if code and not queries.known_code(con, code):
            near = queries.codes_like(con, code)
            hint = f"; close: {', '.join(near)}" if near else "; `eventwire actors` lists those it has"
            raise BadRequest(option, f"{code!r}: no actor has this code in this database{hint}")


def quotes(db: DbOpt, doc: Doc = None,
           speaker: Annotated[str | None, typer.Option(help="Speaker's actor code, e.g. CHN or CHNGOV.")] = None,
           limit: Limit = None, as_json: Json = False) -> None:
    """Quotes with their speakers, in file order (the records of GET /api/quotes)."""
    page = ask(db, lambda con: reads.quotes(con, doc, speaker, limit))
    if as_json:
        return print_json(page.items)
    table = Table("quote", "kind", "speaker", "actor", "text", show_lines=False)
    for q in page.items:
        table.add_row(f"{q.doc_id[:8]}:{q.idx}", q.kind or "", q.speaker or "?",
                      (q.speaker_code or "") + (q.speaker_sector or ""), q.text)
    console.print(table)
    console.print(_shown(page, "quotes"))


def articles(db: DbOpt,
             outlet: Annotated[str | None, typer.Option(help="Outlet name (case-insensitive).")] = None,
             limit: Limit = None, as_json: Json = False) -> None:
    """Stored articles, the newest first, with where their date and author were read (GET /api/articles)."""
    page = ask(db, lambda con: reads.articles(con, outlet, limit))
    if as_json:
        return print_json(page.items)
    table = Table("file", "published", "basis", "outlet", "author", "mentions", "quotes", "title")
    for a in page.items:
        table.add_row(a.file_name, str(a.published or ""), a.published_basis or "", a.outlet or "", a.author or "",
                      str(a.mentions), str(a.quotes), a.title or "")
    console.print(table)
    console.print(_shown(page, "articles"))
