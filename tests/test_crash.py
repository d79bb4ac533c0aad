"""SIGKILL the ingest at random points, again and again: after each kill the database opens and holds no
partial document; a final re-run ends with exactly the rows of an uninterrupted run. Real processes, real
DuckDB. The kill times come from a seeded generator (EVENTWIRE_KILL_SEED), so a failure can be replayed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from conftest import COPIES
from dbrows import table_rows
from eventwire import service
from eventwire.store import db as store

KILLS = 20
BIG = 20  # copies of the five seeds for the kill loop: 100 documents
SEED = int(os.environ.get("EVENTWIRE_KILL_SEED", "20261125"))

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


def _ingest_and_kill(corpus: Path, db: Path, after: float) -> bool:
    """Start an ingest, SIGKILL it `after` seconds later; False if it finished first."""
    cmd = [sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", str(db), "--batch", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=after)
        return False
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def test_twenty_sigkills_then_rerun_equals_uninterrupted(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(BIG):  # ~10 s of coding: long enough for kills to land mid-corpus, not only in start-up
        for f in sorted(seeds_dir.glob("*.txt")):
            (corpus / f"{i}_{f.name}").write_bytes(f.read_bytes() + f"\n\nCopy {i} of this page.\n".encode())
    service.ingest([corpus], tmp_path / "reference.duckdb")
    reference = table_rows(tmp_path / "reference.duckdb")
    db = tmp_path / "killed.duckdb"
    rng = random.Random(SEED)
    stored: list[int] = []
    kills = 0
    while kills < KILLS:
        # start-up (imports, the model) takes ~3 s, then ~10 documents a second, then the merge: a kill may
        # land in any of them, and once all is stored, in the skipping and merging of a re-run
        if _ingest_and_kill(corpus, db, rng.uniform(1.0, 6.0)):
            kills += 1
        if db.exists():
            stored.append(_check_whole(db))
    assert stored == sorted(stored), f"a kill lost stored documents: {stored}"
    assert 0 < stored[0] < 5 * BIG, f"the first kills did not land mid-corpus: {stored}"
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
