"""Exports: one entry every door calls (`eventwire export`, `Database.export`, `GET /api/export`).

Formats: jsonl (articles, event mentions with their merged event, quotes: docs/export.md), csv and parquet
(event mentions), gdelt and gdelt-mentions (GDELT 2.0 event and mention tables), polecat (POLECAT-style rows).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import duckdb

from eventwire.errors import BadRequest

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "gdelt-mentions", "polecat")
TEXT_FORMATS = tuple(f for f in FORMATS if f != "parquet")


def export(con: duckdb.DuckDBPyConnection, format: str, out: TextIO | Path) -> int:
    """Write the store in `format` to a text stream or (parquet, and any format) a file; the records written."""
    if format not in FORMATS:
        raise BadRequest("format", f"{format!r}: choose {', '.join(FORMATS)}")
    if format == "parquet":
        if not isinstance(out, Path):
            raise BadRequest("format", "parquet is written to a file, not a stream")
        from eventwire.exports.jsonl import write_parquet

        return write_parquet(con, out)
    write = _writers()[format]
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as fh:
            return write(con, fh)
    return write(con, out)


def _writers() -> dict[str, Callable[[duckdb.DuckDBPyConnection, TextIO], int]]:
    from eventwire.exports import gdelt, jsonl, polecat

    return {"jsonl": jsonl.write_jsonl, "csv": jsonl.write_csv, "gdelt": gdelt.write_events,
            "gdelt-mentions": gdelt.write_mentions, "polecat": polecat.write}
