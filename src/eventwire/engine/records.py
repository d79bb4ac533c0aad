"""Records the engine passes between the driver, the runners and the store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pyarrow as pa

from eventwire.records import RawDocument


@dataclass
class Outcome:
    """What became of one input file: stored, failed (with code and reason), unchanged or duplicate."""

    path: str
    status: str
    sha256: str | None = None
    doc_id: str | None = None
    code: str = ""
    reason: str = ""
    duplicate_of: str | None = None
    events: int = 0
    quotes: int = 0
    words: int = 0


@dataclass
class BatchResult:
    """A batch's rows (Arrow tables named as in schema.sql) and one Outcome per document in it."""

    key: str
    outcomes: list[Outcome]
    tables: dict[str, pa.Table] = field(default_factory=dict)


def batch_key(docs: list[RawDocument]) -> str:
    """A batch is named by the hashes of its documents, so a retried task writes the same partition."""
    h = hashlib.sha256()
    for sha in sorted(d.sha256 for d in docs):
        h.update(sha.encode("ascii"))
    return h.hexdigest()[:24]
