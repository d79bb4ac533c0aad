"""CLI commands for merged events, story threads and dyad analysis (registered on eventwire.cli.app)."""

from __future__ import annotations
