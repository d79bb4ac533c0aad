"""What a worker does with a batch of documents: the pipeline, then rows. No database, no shared state.

Reads: RawDocument records (bytes and hash, read by the driver). Writes: a BatchResult, the Arrow rows of the
stored documents plus one Outcome per document. The same function runs in-process (`--workers 1`), in local
worker processes (`--workers N`) and as a Dask task (`--engine dask`); the spaCy model and the dictionaries
are loaded once per process by `resources_for`, never shipped with a task.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from eventwire.engine.records import batch_key
from eventwire.errors import InputRejected
from eventwire.pipeline import Resources, process
from eventwire.records import Article, RawDocument
from eventwire.settings import Settings
from eventwire.stages import nlp
from eventwire.store.results import BatchResult, Outcome
from eventwire.store.rows import TableRows

# A bug or a pathological page in one document must not stop the batch; these are recorded as "internal".
DOCUMENT_ERRORS = (ValueError, RuntimeError, MemoryError, RecursionError, UnicodeError, IndexError, KeyError,
                   TypeError, AttributeError, AssertionError, OverflowError, LookupError)
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4)
def resources_for(settings: Settings) -> Resources:
    """Dictionaries, lexicon, gazetteer and the spaCy model, loaded once per process and kept."""
    res = Resources(settings)
    _ = res.actors, res.lexicon, res.gazetteer
    nlp.load_model()
    return res


def run_batch(docs: list[RawDocument], settings: Settings) -> BatchResult:
    """Every stage over each document; a document that fails is an Outcome, never an exception."""
    res = resources_for(settings)
    rows = TableRows()
    outcomes: list[Outcome] = []
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for raw in docs:
        outcomes.append(_run_one(raw, res, rows, now))
    return BatchResult(batch_key(docs), outcomes, rows.to_arrow())


def _run_one(raw: RawDocument, res: Resources, rows: TableRows, now: dt.datetime) -> Outcome:
    try:
        art = process(Article(raw=raw), res)
    except InputRejected as exc:
        return _failed(raw, exc.code, exc.reason)
    except DOCUMENT_ERRORS as exc:
        return _failed(raw, "internal", f"{type(exc).__name__}: {exc}"[:500])
    rows.add(art, now)
    assert art.extracted is not None
    return Outcome(path=raw.path, status="stored", sha256=raw.sha256, doc_id=raw.doc_id, events=len(art.events),
                   quotes=len(art.quotes), words=len(_WORD.findall(art.extracted.text)))


def _failed(raw: RawDocument, code: str, reason: str) -> Outcome:
    return Outcome(path=raw.path, status="failed", sha256=raw.sha256, doc_id=raw.doc_id, code=code, reason=reason)
