"""CLI commands `ingest` and `run`: thin adapters over eventwire.service (registered by eventwire.cli)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from eventwire.cli_common import (
    ActorDirOpt,
    BatchOpt,
    CoderModelOpt,
    DbOpt,
    EngineOpt,
    ParseAllOpt,
    PartsOpt,
    PathsArg,
    SchedulerOpt,
    ThresholdOpt,
    WorkersOpt,
    ask,
    console,
    err,
    fail,
)
from eventwire.errors import EventwireError
from eventwire.settings import Settings
from eventwire.stages.load import iter_files
from eventwire.store import queries

if TYPE_CHECKING:  # the ingest path loads spaCy and the engine: only a command that ingests imports it
    from eventwire import service


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
        fail(", ".join(f"{p}: no such file or folder" for p in missing))
    if a.engine not in ("local", "dask"):
        fail(f"--engine {a.engine!r}: use local or dask")
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
        f"{summary.events} event mentions, {summary.quotes} quotes in {summary.seconds:.1f}s "
        f"({rate:.1f} articles/s) -> {db}", highlight=False, markup=False)


def ingest(paths: PathsArg, db: DbOpt, actors: ActorDirOpt = None, engine: EngineOpt = "local",
           workers: WorkersOpt = 1, scheduler: SchedulerOpt = None, parts: PartsOpt = None,
           batch: BatchOpt = None, parse_all: ParseAllOpt = False, threshold: ThresholdOpt = None,
           coder_model: CoderModelOpt = None) -> None:
    """Read captures (plain text or HTML) and store articles, events and quotes; re-running resumes."""
    try:
        summary = _do_ingest(IngestArgs(paths, db, actors, engine, workers, scheduler, parts, batch, parse_all,
                                        threshold, coder_model))
    except EventwireError as exc:
        fail(str(exc))
    _exit_if_nothing_stored(summary)


def _exit_if_nothing_stored(summary: service.IngestSummary) -> None:
    """Every file failed and nothing was stored or already there: a script must see that, not exit 0."""
    if summary.failures and not (summary.stored or summary.unchanged or summary.duplicates):
        err.print(f"[red]error:[/red] nothing stored: all {len(summary.failures)} files failed")
        raise typer.Exit(1)


def run(paths: PathsArg, db: DbOpt, actors: ActorDirOpt = None,
        limit: Annotated[int, typer.Option(min=1, help="Events to show.")] = 25, workers: WorkersOpt = 1) -> None:
    """Ingest, then show the events found: the whole job in one step."""
    try:
        _do_ingest(IngestArgs(paths, db, actors, workers=workers))
        from eventwire import cli_read, reads

        cli_read.print_events(ask(db, lambda con: reads.events(con, queries.EventFilter(limit=limit))))
    except EventwireError as exc:
        fail(str(exc))
