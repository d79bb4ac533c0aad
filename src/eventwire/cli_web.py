"""CLI command `serve`: the HTTP API and web page (registered on eventwire.cli.app)."""

from __future__ import annotations
