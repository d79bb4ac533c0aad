"""What every `eventwire` command shares: the consoles, the one-line failure, and the option types.

The commands live in cli_ingest, cli_store, cli_read, cli_analysis, cli_train and cli_web as plain functions;
eventwire.cli registers them all on the Typer app in one place. None of these modules imports eventwire.cli.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import duckdb
import typer
from rich.console import Console

from eventwire.errors import EventwireError
from eventwire.settings import default_db

R = TypeVar("R")

# Piped output is read in files and pagers, not an 80-column terminal.
console = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

# the one database default of every door (settings.default_db), read when the command runs
DbOpt = Annotated[Path, typer.Option("--db", default_factory=default_db, help="DuckDB file.",
                                     show_default="$EVENTWIRE_DB, else ./eventwire.duckdb")]
PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders (walked recursively).", exists=False)]
ActorDirOpt = Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor dictionary folder(s).")]


JsonOpt = Annotated[bool, typer.Option("--json", help="JSON instead of a table (a list: one record a line), "
                                                    "the records GET /api/... answers with.")]


def print_json(value: Any) -> None:
    """A read's records as JSON: one line each for a list, one line for a single record."""
    import json

    from eventwire.reads import as_dict

    for record in value if isinstance(value, list) else [value]:
        print(json.dumps(as_dict(record), ensure_ascii=False))


def ask(db: Path, read: Callable[[duckdb.DuckDBPyConnection], R]) -> R:
    """One read on a read-only connection to `db`; an eventwire error ends the command with its one-line reason."""
    from eventwire.store import db as store

    try:
        with store.connect(db, read_only=True) as con:
            return read(con)
    except EventwireError as exc:
        fail(str(exc))


def fail(msg: str) -> NoReturn:
    """One line on stderr naming what is wrong, and exit status 2."""
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
