"""Parquet partitions: where a Dask task leaves its batch, for the driver to load into DuckDB.

Writes: PARTS/<batch key>/<table>.parquet and outcomes.json, made in a temporary folder and renamed into place,
so a partition is either complete or absent. The key is the hash of the batch's document hashes: a retried or
duplicated task writes the same partition again, and a partition left by a killed run is loaded by the next.
Reads: those folders back into BatchResults.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pyarrow.parquet as pq

from eventwire.store.results import BatchResult, Outcome

OUTCOMES = "outcomes.json"


def write(parts: Path, batch: BatchResult) -> Path:
    """Write the partition atomically; if a complete one with this key exists (a retry), keep it."""
    final = parts / batch.key
    if (final / OUTCOMES).exists():
        return final
    tmp = parts / f".tmp-{batch.key}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    try:
        for table, data in batch.tables.items():
            pq.write_table(data, tmp / f"{table}.parquet")
        # outcomes last: a folder is complete exactly when it has them
        (tmp / OUTCOMES).write_text(json.dumps([asdict(o) for o in batch.outcomes]), encoding="utf-8")
        _fsync_dir(tmp)
        os.rename(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if (final / OUTCOMES).exists():  # another attempt at the same batch won the rename
            return final
        raise
    return final


def read(parts: Path, key: str) -> BatchResult:
    folder = parts / key
    outcomes = [Outcome(**o) for o in json.loads((folder / OUTCOMES).read_text(encoding="utf-8"))]
    tables = {f.stem: pq.read_table(f) for f in sorted(folder.glob("*.parquet"))}
    return BatchResult(key, outcomes, tables)


def remove(parts: Path, key: str) -> None:
    shutil.rmtree(parts / key, ignore_errors=True)


def leftovers(parts: Path) -> Iterator[str]:
    """Keys of complete partitions a killed run wrote but never loaded; half-written temporaries are dropped."""
    if not parts.is_dir():
        return
    for folder in sorted(parts.iterdir()):
        if folder.name.startswith(".tmp-"):
            shutil.rmtree(folder, ignore_errors=True)
        elif (folder / OUTCOMES).exists():
            yield folder.name


def _fsync_dir(folder: Path) -> None:
    for f in folder.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
