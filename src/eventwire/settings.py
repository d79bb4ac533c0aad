"""Every setting eventwire reads, with its default and why. `tests/test_docs.py` checks each is documented."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# name -> (default, meaning). The README's settings table is checked against this.
SETTINGS: dict[str, tuple[object, str]] = {
    "db": ("eventwire.duckdb", "DuckDB file every command reads and writes (EVENTWIRE_DB overrides)."),
    "max_bytes": (
        16 * 1024 * 1024,
        "Largest input file accepted; bigger files are rejected with a reason, not parsed "
        "(a 20 MB page costs minutes of parsing and is almost never one article).",
    ),
    "max_text_chars": (
        400_000,
        "Longest clean article text parsed with spaCy; longer texts are cut at a paragraph "
        "boundary so one pathological page cannot exhaust memory.",
    ),
    "actor_dirs": ((), "Extra folders of actor TSV files that extend or override the bundled dictionary."),
    "story_window_days": (
        7,
        "A date expression resolving up to this many days before publication may set the story date "
        "that undated events in the article take.",
    ),
    "batch_docs": (
        32,
        "Documents per batch: the unit a worker codes and the store commits in one transaction (a kill loses "
        "at most the batches in flight; re-running finishes them).",
    ),
    "batch_bytes": (
        256 * 1024,
        "A batch is closed early once its files hold this many bytes, so long pages make small batches.",
    ),
    "parse_all": (
        False,
        "Parse every paragraph; by default one with no actor phrase, quotation or place name only gets sentence "
        "boundaries (it can hold no event, quote or place).",
    ),
    "coder_threshold": (
        0.5,
        "Least calibrated probability the event model must give a candidate's best type for it to become an "
        "event (the type must also beat 'no event'); rows keep their `confidence`, so a stricter cut can be "
        "made when reading.",
    ),
    "coder_model": (
        "",
        "Folder of a fitted event model (`eventwire train --out`); empty means the bundled one "
        "(data/models/plover-minilm). `none` turns the learned coder off: only the lexicon rules code.",
    ),
    "lock_timeout": (
        60.0,
        "Seconds an ingest waits for the database while another process (an ingest, a reader) holds it.",
    ),
}


@dataclass(frozen=True)
class Settings:
    db: Path = Path(str(SETTINGS["db"][0]))
    max_bytes: int = int(SETTINGS["max_bytes"][0])  # type: ignore[call-overload]
    max_text_chars: int = int(SETTINGS["max_text_chars"][0])  # type: ignore[call-overload]
    actor_dirs: tuple[Path, ...] = field(default_factory=tuple)
    story_window_days: int = int(SETTINGS["story_window_days"][0])  # type: ignore[call-overload]
    batch_docs: int = int(SETTINGS["batch_docs"][0])  # type: ignore[call-overload]
    batch_bytes: int = int(SETTINGS["batch_bytes"][0])  # type: ignore[call-overload]
    lock_timeout: float = float(SETTINGS["lock_timeout"][0])  # type: ignore[arg-type]
    parse_all: bool = bool(SETTINGS["parse_all"][0])
    coder_threshold: float = float(SETTINGS["coder_threshold"][0])  # type: ignore[arg-type]
    coder_model: str = str(SETTINGS["coder_model"][0])


def default_db() -> Path:
    return Path(os.environ.get("EVENTWIRE_DB", str(SETTINGS["db"][0])))
