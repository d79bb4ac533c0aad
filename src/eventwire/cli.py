"""The `eventwire` command: every command registered here, in one place, on one Typer app.

The commands are plain functions in the cli_* modules (thin adapters over eventwire.service, eventwire.reads and
the store); none of them imports this module, and importing them registers nothing. Heavy imports (spaCy, the
engine, pandas for charts) happen inside the commands that need them, so `eventwire --help` stays fast.
"""

from __future__ import annotations

import typer

from eventwire import cli_analysis, cli_ingest, cli_read, cli_store, cli_train, cli_web

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Political event data from raw news captures: who did what to whom, with evidence.")

COMMANDS = (
    cli_ingest.ingest, cli_ingest.run,
    cli_read.events, cli_read.mentions, cli_read.quotes, cli_read.articles,
    cli_store.show, cli_store.export, cli_store.sql, cli_store.failures,
    cli_analysis.explain, cli_analysis.stories, cli_analysis.timeline, cli_analysis.actors, cli_analysis.network,
    cli_web.serve, cli_train.train,
)
for command in COMMANDS:
    app.command()(command)
