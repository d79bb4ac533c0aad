"""The `eventwire` command: a thin adapter over eventwire.service and the store's queries."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from eventwire.errors import EventwireError
from eventwire.exports import jsonl as exports
from eventwire.settings import Settings, default_db
from eventwire.stages.load import iter_files
from eventwire.store import db as store
from eventwire.store import queries

if TYPE_CHECKING:  # the ingest path loads spaCy and the engine: only a command that ingests imports it
    from eventwire import service

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Political event data from raw news captures: who did what to whom, with evidence.")
# Piped output is read in files and pagers, not an 80-column terminal.
console = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB file (default ./eventwire.duckdb or $EVENTWIRE_DB).")]
PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively).", exists=False)]
ActorDirOpt = Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor dictionary folder(s).")]


def _fail(msg: str) -> None:
    err.print(f"[red]error:[/red] {msg}")
    raise typer.Exit(2)


EngineOpt = Annotated[str, typer.Option("--engine", help="local (this machine) or dask (a dask.distributed cluster).")]
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, help="Processes coding documents (local) or local "
                                                                   "Dask workers; 1 codes in this process.")]
SchedulerOpt = Annotated[str | None, typer.Option("--scheduler", help="Dask scheduler address, tcp://HOST:8786; "
                                                                      "without it --engine dask starts a local "
                                                                      "cluster.")]
PartsOpt = Annotated[Path | None, typer.Option("--parts", help="Folder for Dask's Parquet partitions (shared by "
                                                               "workers and this machine); default DB.parts.")]
BatchOpt = Annotated[int | None, typer.Option("--batch", min=1, help="Documents per batch and transaction.")]
ThresholdOpt = Annotated[float | None, typer.Option("--threshold", min=0.0, max=1.0,
                                                   help="Event model: least calibrated probability to code "
                                                        "an event (default 0.5).")]
CoderModelOpt = Annotated[str | None, typer.Option("--coder-model", envvar="EVENTWIRE_CODER_MODEL",
                                                   help="Event model folder (eventwire train --out); 'none' "
                                                        "codes with the lexicon rules alone.")]
ParseAllOpt = Annotated[bool, typer.Option("--parse-all", help="Parse every paragraph, also those with no actor "
                                                               "phrase, quotation or place name.")]


@dataclass
class IngestArgs:
    paths: list[Path]
    db: Path
    actors: list[Path] | None = None
    engine: str = "local"
    workers: int = 1
    scheduler: str | None = None
    parts: Path | None = None
    batch: int | None = None
    parse_all: bool = False
    threshold: float | None = None
    coder_model: str | None = None


def _do_ingest(a: IngestArgs) -> service.IngestSummary:
    missing = [p for p in a.paths if not p.exists()]
    if missing:
        _fail(", ".join(f"{p}: no such file or folder" for p in missing))
    if a.engine not in ("local", "dask"):
        _fail(f"--engine {a.engine!r}: use local or dask")
    total = sum(1 for _ in iter_files(a.paths))  # counted, not kept: the files stream through the ingest
    coder = {k: v for k, v in (("coder_threshold", a.threshold), ("coder_model", a.coder_model)) if v is not None}
    settings = Settings(db=a.db, actor_dirs=tuple(a.actors or ()), parse_all=a.parse_all,
                        **({"batch_docs": a.batch} if a.batch else {}), **coder)  # type: ignore[arg-type]
    from eventwire import service
    from eventwire.engine.driver import EngineOptions

    opts = EngineOptions(engine=a.engine, workers=a.workers, scheduler=a.scheduler, parts_dir=a.parts)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} docs/s"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("ingesting", total=total, rate="-")

        def tick(path: str, outcome: str) -> None:
            bar.advance(task)
            speed = bar.tasks[task].speed
            bar.update(task, rate=f"{speed:.1f}" if speed else "-")

        summary = service.ingest(a.paths, a.db, settings, progress=tick, files=iter_files(a.paths), engine=opts)
    _print_summary(summary, a.db)
    return summary


def _print_summary(summary: service.IngestSummary, db: Path) -> None:
    for f in summary.failures:
        err.print(f"[yellow]skipped[/yellow] {escape(f.path)}: {escape(f.reason)} \\[{f.code}]", highlight=False)
    by_code = Counter(f.code for f in summary.failures)
    reasons = f" ({', '.join(f'{n} {c}' for c, n in by_code.most_common())})" if by_code else ""
    rate = summary.stored / summary.seconds if summary.seconds else 0.0
    console.print(
        f"{summary.files} files: {summary.stored} stored, {summary.unchanged} unchanged, "
        f"{summary.duplicates} duplicates, {len(summary.failures)} failed{reasons}; "
        f"{summary.events} events, {summary.quotes} quotes in {summary.seconds:.1f}s "
        f"({rate:.1f} articles/s) -> {db}", highlight=False, markup=False)


@app.command()
def ingest(paths: PathsArg, db: DbOpt = default_db(), actors: ActorDirOpt = None, engine: EngineOpt = "local",
           workers: WorkersOpt = 1, scheduler: SchedulerOpt = None, parts: PartsOpt = None,
           batch: BatchOpt = None, parse_all: ParseAllOpt = False, threshold: ThresholdOpt = None,
           coder_model: CoderModelOpt = None) -> None:
    """Read captures (plain text or HTML) and store articles, events and quotes; re-running resumes."""
    try:
        summary = _do_ingest(IngestArgs(paths, db, actors, engine, workers, scheduler, parts, batch, parse_all,
                                        threshold, coder_model))
    except EventwireError as exc:
        _fail(str(exc))
    _exit_if_nothing_stored(summary)


def _exit_if_nothing_stored(summary: service.IngestSummary) -> None:
    """Every file failed and nothing was stored or already there: a script must see that, not exit 0."""
    if summary.failures and not (summary.stored or summary.unchanged or summary.duplicates):
        err.print(f"[red]error:[/red] nothing stored: all {len(summary.failures)} files failed")
        raise typer.Exit(1)


@app.command()
def run(paths: PathsArg, db: DbOpt = default_db(), actors: ActorDirOpt = None,
        limit: Annotated[int, typer.Option(min=1, help="Events to show.")] = 25, workers: WorkersOpt = 1) -> None:
    """Ingest, then show the events found: the whole job in one step."""
    try:
        _do_ingest(IngestArgs(paths, db, actors, workers=workers))
        from eventwire import cli_read, reads

        with store.connect(db, read_only=True) as con:
            cli_read.print_events(reads.events(con, queries.EventFilter(limit=limit)))
    except EventwireError as exc:
        _fail(str(exc))


@app.command()
def show(doc: Annotated[str, typer.Argument(help="Document id (prefix) or file name.")],
         db: DbOpt = default_db()) -> None:
    """Print an article's clean text with its events and quotes marked."""
    try:
        with store.connect(db, read_only=True) as con:
            arts = queries.articles(con, doc)
            if not arts:
                _fail(f"{doc}: no stored article has this id or file name")
            exact = [a for a in arts if doc in (a["doc_id"], a["file_name"])]
            if len(arts) > 1 and not exact:
                _fail(f"{doc}: {len(arts)} articles start with this; give more of it: "
                      + ", ".join(a["file_name"] for a in arts[:10]))
            art = (exact or arts)[0]
            evs = queries.events(con, queries.EventFilter(doc=art["doc_id"]))
            qs = queries.quotes(con, art["doc_id"])
    except EventwireError as exc:
        _fail(str(exc))
    console.print(f"[bold]{art['title'] or '(no title)'}[/bold]  {art['outlet'] or ''}  {art['published'] or ''}")
    text = Text(art["text"])
    for q in qs:
        text.stylize("italic cyan", q["start_char"], q["end_char"])
    for e in evs:
        text.stylize("bold", e["evidence_start"], e["evidence_end"])
    console.print(text)
    for e in evs:
        src, tgt = e["source"] + (e["source_sector"] or ""), (e["target"] or "-") + (e["target_sector"] or "")
        console.print(f"  [green]event[/green] {src} {e['type']} {tgt} "
                      f"({e['date'] or 'no date'}) @{e['evidence_start']}-{e['evidence_end']}", highlight=False)
    for q in qs:
        console.print(f"  [cyan]quote[/cyan] {q['speaker'] or '?'} ({q['speaker_code'] or '?'}): "
                      f"\u201c{q['text'][:80]}\u201d", highlight=False)


@app.command()
def export(db: DbOpt = default_db(),
           format: Annotated[str, typer.Option(
               "--format", help="jsonl | csv | parquet | gdelt | gdelt-mentions | polecat")] = "jsonl",
           output: Annotated[Path | None, typer.Option("-o", "--output", help="File (default stdout).")] = None
           ) -> None:
    """Export stored records (jsonl: articles, events, quotes; csv/parquet: events)."""
    writers = _standard_writers()
    if format not in ("jsonl", "csv", "parquet", *writers):
        _fail(f"--format {format!r}: choose jsonl, csv, parquet, gdelt, gdelt-mentions or polecat")
    if format == "parquet" and output is None:
        _fail("--format parquet needs -o FILE")
    try:
        with store.connect(db, read_only=True) as con:
            if format == "parquet":
                assert output is not None
                n = exports.write_parquet(con, output)
            else:
                write = writers.get(format) or (exports.write_jsonl if format == "jsonl" else exports.write_csv)
                if output is None:
                    n = write(con, sys.stdout)
                else:
                    with output.open("w", encoding="utf-8", newline="") as fh:
                        n = write(con, fh)
    except EventwireError as exc:
        _fail(str(exc))
    err.print(f"{n} records written to {output or 'stdout'}")


def _standard_writers() -> dict[str, Callable[[duckdb.DuckDBPyConnection, TextIO], int]]:
    from eventwire.exports import gdelt, polecat

    return {"gdelt": gdelt.write_events, "gdelt-mentions": gdelt.write_mentions, "polecat": polecat.write}


@app.command()
def sql(query: Annotated[str, typer.Argument(help="One SELECT (or WITH / DESCRIBE / SHOW) statement.")],
        db: DbOpt = default_db(),
        csv: Annotated[bool, typer.Option("--csv", help="Write CSV to stdout instead of a table.")] = False,
        limit: Annotated[int, typer.Option(min=1, help="At most this many rows in the table.")] = 100) -> None:
    """Run SQL over the stored tables and views, read-only: the connection cannot write."""
    try:
        with store.connect(db, read_only=True) as con:
            cur = con.execute(query)
            names = [d[0] for d in cur.description or []]
            rows = cur.fetchall() if csv else cur.fetchmany(limit + 1)
    except duckdb.Error as exc:
        _fail(f"SQL: {str(exc).splitlines()[0]}")
    except EventwireError as exc:
        _fail(str(exc))
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


@app.command()
def failures(db: DbOpt = default_db()) -> None:
    """List the inputs that were rejected, with the reason."""
    try:
        with store.connect(db, read_only=True) as con:
            rows = queries.failures(con)
    except EventwireError as exc:
        _fail(str(exc))
    for r in rows:
        console.print(f"{r['path']}: {r['reason']} [{r['code']}]", highlight=False, markup=False)
    console.print(f"{len(rows)} failures")


# Commands of other areas register themselves on `app` when imported.
from eventwire import cli_analysis, cli_read, cli_train, cli_web  # noqa: E402, F401
