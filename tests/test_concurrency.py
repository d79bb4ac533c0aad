"""One database, several processes: the web app keeps answering while an ingest writes (and sees whole
documents only); two ingests at once serialise batch by batch and end with the rows of one; an ingest that
cannot get the file in time says so. Real processes, real DuckDB."""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap
import warnings
from collections import Counter
from pathlib import Path

import pytest

from conftest import COPIES
from dbrows import table_rows

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette deprecates httpx for its TestClient
    from fastapi.testclient import TestClient

from eventwire import service
from eventwire.settings import Settings
from eventwire.store import db as store
from eventwire.web import create_app

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore:Using `httpx`:UserWarning")]


def _ingest(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", str(db),
                             "--batch", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _events_per_doc(client: TestClient) -> tuple[int, Counter[str]]:
    arts = client.get("/api/articles", params={"limit": 500})
    events = client.get("/api/mentions", params={"limit": 500})
    assert arts.status_code == 200, arts.text
    assert events.status_code == 200, events.text
    return arts.json()["total"], Counter(e["doc_id"] for e in events.json()["items"])


def test_serve_answers_while_an_ingest_writes(tmp_path: Path, corpus: Path, reference: dict) -> None:
    db = tmp_path / "live.duckdb"
    store.connect(db).close()  # the schema exists before the first batch, as after any earlier ingest
    proc = _ingest(corpus, db)
    snapshots: list[tuple[int, Counter[str]]] = []
    with TestClient(create_app(db)) as client:
        while proc.poll() is None:
            snapshots.append(_events_per_doc(client))  # a lock error would be a 503 here, and fail
        out = proc.communicate()[0]
        assert proc.returncode == 0, out
        final_total, final = _events_per_doc(client)
    assert final_total == 5 * COPIES
    growing = [n for n, _ in snapshots]
    assert len(set(growing)) > 2, f"the reads did not overlap the writes: {growing}"
    for _, seen in snapshots:  # every document a reader saw had all its events already
        assert all(seen[doc] == final[doc] for doc in seen), (seen, final)
    assert table_rows(db) == reference


def test_two_ingests_at_once_end_as_one(tmp_path: Path, corpus: Path, reference: dict) -> None:
    db = tmp_path / "two.duckdb"
    first, second = _ingest(corpus, db), _ingest(corpus, db)
    outs = [p.communicate(timeout=300)[0] for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outs
    rows = table_rows(db)
    assert {t: v for t, v in rows.items() if t != "event_links"} == \
        {t: v for t, v in reference.items() if t != "event_links"}
    # every report is linked to the same event; only the TF-IDF similarity quoted in a link's reason depends on
    # which reports were merged together, and two interleaved ingests merge in other groups
    assert _links(rows) == _links(reference)


def _links(rows: dict[str, list[str]]) -> list[tuple[object, ...]]:
    # doc_id, idx, event_id, date, date_inferred: not the reason
    return sorted(eval(r, {"datetime": datetime})[:5] for r in rows["event_links"])


HOLDER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])
    print("held", flush=True)
    sys.stdin.read()
""")


def test_an_ingest_that_cannot_get_the_file_says_why(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "held.duckdb"
    store.connect(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(store.StoreError, match="held by another process"):
            service.ingest([seeds_dir], db, Settings(db=db, lock_timeout=0.5))
    finally:
        holder.communicate("", timeout=10)
    assert table_rows(db)["documents"] == []
    assert service.ingest([seeds_dir], db).stored == 5, "once the file is free the same command works"
