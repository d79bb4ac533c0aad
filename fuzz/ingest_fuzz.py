"""Fuzz target: bytes -> what `eventwire ingest` does to one file, minus the database.

    load.decode -> clean (HTML or text) -> nlp -> actors -> events -> dates -> places -> quotes

Any exception other than InputRejected is a crash. Only eventwire's own modules are instrumented for
coverage (spaCy, trafilatura and lxml are large and not what is under test).

    .venv/bin/python fuzz/ingest_fuzz.py CORPUS_DIR -max_total_time=600 -max_len=8192 -timeout=30

tests/test_fuzz.py runs it for a bounded time in CI on a corpus cut from the seed captures.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["eventwire"]):
    from eventwire.errors import InputRejected
    from eventwire.pipeline import Resources, process
    from eventwire.records import Article, RawDocument
    from eventwire.settings import Settings
    from eventwire.stages.quotes import lies_in

# the pipeline itself never opens the database; the path only fills the settings
_RES = Resources(Settings(db=Path(tempfile.gettempdir()) / "eventwire-fuzz-unused.duckdb"))


def test_one_input(data: bytes) -> None:
    raw = RawDocument(path="fuzz.txt", file_name="fuzz.txt", data=data, sha256=hashlib.sha256(data).hexdigest())
    art = process(Article(raw=raw), _RES)
    # evidence offsets must point into the clean text the article stores
    assert art.extracted is not None
    text = art.extracted.text
    for m in art.mentions:
        assert text[m.start : m.end] == m.text, (m, text)
    for q in art.quotes:
        assert lies_in(q, text), (q, text)


def _guarded(data: bytes) -> None:
    with contextlib.suppress(InputRejected):  # a refusal with a code and reason: the outcome for most bytes
        test_one_input(data)


def main() -> None:
    # warm the shared resources once, outside the timed inputs (the model takes seconds to load)
    _guarded(b"China criticised NATO on Monday.")
    atheris.Setup(sys.argv, _guarded)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
