"""How the engine names a batch (its Outcome and BatchResult records are the store's: store.results)."""

from __future__ import annotations

import hashlib

from eventwire.records import RawDocument


def batch_key(docs: list[RawDocument]) -> str:
    """A batch is named by the hashes of its documents, so a retried task writes the same partition."""
    h = hashlib.sha256()
    for sha in sorted(d.sha256 for d in docs):
        h.update(sha.encode("ascii"))
    return h.hexdigest()[:24]
