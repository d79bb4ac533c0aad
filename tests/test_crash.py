"""SIGKILL the ingest at random points, again and again: after each kill the database opens and holds no
partial document; a final re-run ends with exactly the rows of an uninterrupted run. Real processes, real
DuckDB. The kill points are chosen by progress, not by the clock: the ingest (tests/progress_ingest.py)
prints a line per committed document and is killed after a number of them drawn from a seeded generator
(EVENTWIRE_KILL_SEED), so a failure can be replayed and a slow machine kills at the same points."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import COPIES
from dbrows import table_rows
from eventwire import service
from eventwire.store import db as store

pytestmark = pytest.mark.slow  # SIGKILL loops, clusters, fuzzing, browsers: `pytest -m slow`

KILLS = 20
BIG = 20  # copies of the five seeds for the kill loop: 100 documents
SEED = int(os.environ.get("EVENTWIRE_KILL_SEED", "20261125"))
HELPER = Path(__file__).with_name("progress_ingest.py")

# Every row of a document's tables must hang on a stored document, and every stored document must have its
# article and sentences: a partial document breaks one of these.
ORPHANS = [
    "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.doc_id = d.doc_id)",
    "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = a.doc_id)",
    "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.doc_id = a.doc_id)",
    *[f"SELECT count(*) FROM {t} x WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.doc_id = x.doc_id)"
      for t in ("sentences", "actor_mentions", "event_mentions", "quotes", "places")],
    "SELECT count(*) FROM event_mentions m WHERE NOT EXISTS "
    "(SELECT 1 FROM sentences s WHERE s.doc_id = m.doc_id AND s.idx = m.sentence)",
    "SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = s.sha256)",
]


def _check_whole(db: Path) -> int:
    """Open the killed run's database (read-write: DuckDB replays its log) and count stored documents."""
    con = store.connect(db, wait=10)
    try:
        for sql in ORPHANS:
            assert con.execute(sql).fetchone() == (0,), f"partial document after a kill: {sql}"
        docs = con.execute("SELECT count(*) FROM documents").fetchone()
        per_doc = con.execute("SELECT count(DISTINCT doc_id) FROM sentences").fetchone()
    finally:
        con.close()
    assert docs == per_doc
    return int(docs[0]) if docs else 0


def _ingest_and_kill(corpus: Path, db: Path, after: int) -> bool:
    """Start an ingest, SIGKILL it once it has committed `after` more documents (0: at once, in its start-up);
    False if it finished first."""
    proc = subprocess.Popen([sys.executable, str(HELPER), str(corpus), str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    seen = 0
    try:
        while seen < after:
            line = proc.stdout.readline()
            if not line:  # the ingest ended: everything was stored before the kill point
                proc.wait()
                return False
            seen += line.strip() == "stored"
        os.kill(proc.pid, signal.SIGKILL)  # mid-way through coding or committing the next document
        proc.wait()
        return True
    finally:
        proc.stdout.close()


def test_twenty_sigkills_then_rerun_equals_uninterrupted(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(BIG):  # 100 documents: room for twenty kills at 0-8 documents each
        for f in sorted(seeds_dir.glob("*.txt")):
            (corpus / f"{i}_{f.name}").write_bytes(f.read_bytes() + f"\n\nCopy {i} of this page.\n".encode())
    service.ingest([corpus], tmp_path / "reference.duckdb")
    reference = table_rows(tmp_path / "reference.duckdb")
    db = tmp_path / "killed.duckdb"
    rng = random.Random(SEED)
    stored: list[int] = []
    kills = 0
    while kills < KILLS:
        # a kill lands in the start-up (0) or after 1-8 more committed documents, while the next is coded
        # or committed; once everything is stored the run ends by itself
        if not _ingest_and_kill(corpus, db, rng.randint(0, 8)):
            break
        kills += 1
        if db.exists():
            stored.append(_check_whole(db))
    assert stored == sorted(stored), f"a kill lost stored documents: {stored}"
    assert kills >= KILLS // 2 and stored and stored[0] < 5 * BIG and stored[-1] > 0, \
        f"the kills did not land mid-corpus: {kills} kills, {stored}"
    final = service.ingest([corpus], db)
    assert final.unchanged == stored[-1], "finished documents are not coded again"
    assert final.stored + final.unchanged == 5 * BIG and not final.failures
    assert table_rows(db) == reference
    print(f"{kills} kills; documents stored after each: {stored}")


def test_a_kill_during_the_final_merge_is_finished_by_the_rerun(tmp_path: Path, corpus: Path,
                                                                 reference: dict) -> None:
    """Everything stored but not merged (the merge was killed): the next run merges, codes nothing."""
    db = tmp_path / "unmerged.duckdb"
    service.ingest([corpus], db)
    with duckdb.connect(str(db)) as con:  # the state a kill before the merge's commit leaves
        for table in ("event_links", "merged_events", "story_docs", "story_threads"):
            con.execute(f"DELETE FROM {table}")
    rerun = service.ingest([corpus], db)
    assert (rerun.stored, rerun.unchanged) == (0, 5 * COPIES)
    assert table_rows(db) == reference
