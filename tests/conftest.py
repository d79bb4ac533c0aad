from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# helpers the tests share with the benchmarks (synthetic stores) live beside the benchmarks, not in the package
sys.path.insert(0, str(ROOT / "benchmarks"))
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not found: the shared seeds sit beside the repository")
    return SEEDS


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The seeds ingested once for the whole session (real spaCy, real DuckDB)."""
    from eventwire import service

    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    summary = service.ingest([seeds_dir], db)
    assert summary.stored == 5, summary.failures
    return db


COPIES = 4  # the five seeds, four times over with a marker line each: 20 distinct documents


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for i in range(COPIES):
        for f in sorted(seeds_dir.glob("*.txt")):
            (folder / f"{i}_{f.name}").write_bytes(f.read_bytes() + f"\n\nCopy {i} of this page.\n".encode())
    return folder


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> dict[str, list[str]]:
    """`corpus` ingested in this process, one document after another, uninterrupted: every faulted, parallel
    or concurrent run must end with exactly these rows."""
    from dbrows import table_rows
    from eventwire import service

    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    summary = service.ingest([corpus], db)
    assert summary.stored == 5 * COPIES and not summary.failures
    return table_rows(db)
