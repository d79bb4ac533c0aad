from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
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
