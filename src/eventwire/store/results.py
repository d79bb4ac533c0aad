"""What the store is given to write: each input's outcome and a batch's rows (Arrow tables named as in
schema.sql). The engine's runners produce them; the store, which knows nothing of how they were produced,
commits them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa


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
