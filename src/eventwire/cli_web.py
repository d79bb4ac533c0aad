"""CLI command `serve`: the HTTP API and web page (registered on eventwire.cli.app)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from eventwire.cli_common import DbOpt, err, fail
from eventwire.store import db as store


def serve(db: DbOpt,
          host: Annotated[str, typer.Option(help="Address to listen on; keep the default unless you mean it.")]
          = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
          write_token: Annotated[str | None, typer.Option(
              "--write-token", envvar="EVENTWIRE_WRITE_TOKEN",
              help="Accept uploads (POST /api/ingest) from requests bearing this token (16+ characters).")] = None
          ) -> None:
    """Serve the HTTP API (/api, schema at /openapi.json) and the analyst page (/) over the database."""
    import uvicorn

    from eventwire.web import create_app

    if write_token is not None and len(write_token) < 16:
        fail("--write-token must be at least 16 characters; e.g. `python -c 'import secrets; "
              "print(secrets.token_urlsafe())'`")
    _ensure_db(db, writable=write_token is not None)
    if not _is_loopback(host):
        err.print(f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach it can read the data"
                  + (" and, with the token, write" if write_token else ""), highlight=False)
    err.print(f"eventwire: http://{host}:{port}/  (API schema at /openapi.json; "
              f"{'uploads accepted with the token' if write_token else 'read-only'})", highlight=False)
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if _is_loopback(host) else None
    uvicorn.run(create_app(db, write_token, allowed_hosts=hosts), host=host, port=port, log_level="info",
                server_header=False)


def _ensure_db(db: Path, writable: bool) -> None:
    if db.exists():
        return
    if not writable:
        fail(f"{db}: no such database; run `eventwire ingest PATH --db {db}` first")
    store.connect(db).close()  # an empty store, to be filled by uploads


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
