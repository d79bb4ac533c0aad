"""CLI commands over what is stored: `show`, `export`, `sql`, `failures` (registered by eventwire.cli)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import duckdb
import typer
from rich.table import Table
from rich.text import Text

from eventwire import exports, reads
from eventwire.cli_common import DbOpt, JsonOpt, ask, console, err, fail, print_json
from eventwire.errors import EventwireError
from eventwire.store import db as store


def show(doc: Annotated[str, typer.Argument(help="Document id (prefix) or file name.")],
         db: DbOpt, as_json: JsonOpt = False) -> None:
    """Print an article's clean text with its events and quotes marked."""
    d = ask(db, lambda con: reads.document(con, doc))
    if as_json:
        return print_json(d)
    art = d.article
    console.print(f"[bold]{art.title or '(no title)'}[/bold]  {art.outlet or ''}  {art.published or ''}")
    text = Text(d.text)
    for q in d.quotes:
        text.stylize("italic cyan", q.start, q.end)
    for e in d.mentions:
        text.stylize("bold", e.evidence_start, e.evidence_end)
    console.print(text)
    for e in d.mentions:
        src, tgt = e.source + (e.source_sector or ""), (e.target or "-") + (e.target_sector or "")
        console.print(f"  [green]event[/green] {src} {e.type} {tgt} ({e.date or 'no date'}) "
                      f"@{e.evidence_start}-{e.evidence_end} in {e.event_id or 'no merged event yet'}",
                      highlight=False)
    for q in d.quotes:
        console.print(f"  [cyan]quote[/cyan] {q.speaker or '?'} ({q.speaker_code or '?'}): "
                      f"\u201c{q.text[:80]}\u201d", highlight=False)


def export(db: DbOpt,
           format: Annotated[str, typer.Option("--format", help=" | ".join(exports.FORMATS))] = "jsonl",
           output: Annotated[Path | None, typer.Option("-o", "--output", help="File (default stdout).")] = None
           ) -> None:
    """Export stored records (jsonl: articles, event mentions, quotes; csv/parquet: event mentions; gdelt,
    gdelt-mentions, polecat: docs/export.md)."""
    if format == "parquet" and output is None:
        fail("--format parquet needs -o FILE")
    n = ask(db, lambda con: exports.export(con, format, output if output is not None else sys.stdout))
    err.print(f"{n} records written to {output or 'stdout'}")


def sql(query: Annotated[str, typer.Argument(help="One SELECT (or WITH / DESCRIBE / SHOW) statement.")],
        db: DbOpt,
        csv: Annotated[bool, typer.Option("--csv", help="Write CSV to stdout instead of a table.")] = False,
        limit: Annotated[int, typer.Option(min=1, help="At most this many rows in the table.")] = 100) -> None:
    """Run SQL over the stored tables and views, read-only: the connection cannot write."""
    try:
        with store.connect(db, read_only=True) as con:
            cur = con.execute(query)
            names = [d[0] for d in cur.description or []]
            rows = cur.fetchall() if csv else cur.fetchmany(limit + 1)
    except duckdb.Error as exc:
        fail(f"SQL: {str(exc).splitlines()[0]}")
    except EventwireError as exc:
        fail(str(exc))
    if csv:
        import csv as csvlib

        writer = csvlib.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
        return
    table = Table(*names)
    for row in rows[:limit]:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)
    more = " shown (more with --limit or --csv)" if len(rows) > limit else ""
    console.print(f"{min(len(rows), limit)} rows{more}")


def failures(db: DbOpt, as_json: JsonOpt = False) -> None:
    """List the inputs that were rejected, with the reason."""
    rows = ask(db, lambda con: reads.failures(con))
    if as_json:
        return print_json(rows)
    for r in rows:
        console.print(f"{r.path}: {r.reason} [{r.code}]", highlight=False, markup=False)
    console.print(f"{len(rows)} failures")
