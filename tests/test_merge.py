"""Event merging: the seeds (real spaCy, real DuckDB) and hand-made bad input (synthetic rows)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

import synthetic
from eventwire.merge import events, stories
from eventwire.merge import update as merge
from eventwire.store import db as store

JAN31 = dt.date(2023, 1, 31)


def _files(con: duckdb.DuckDBPyConnection, event_id: str) -> set[str]:
    rows = con.execute("SELECT DISTINCT left(file_name, 3) FROM mentions WHERE event_id = ?", [event_id]).fetchall()
    return {r[0] for r in rows}


def test_seed_meeting_is_one_event_with_two_articles(seeds_db: Path) -> None:
    with store.connect(seeds_db, read_only=True) as con:
        rows = con.execute("SELECT event_id, num_articles, num_sources, num_mentions, date FROM events WHERE "
                           "source = 'NATO' AND target = 'JPN' AND type = 'CONSULT' AND date = ?", [JAN31]).fetchall()
        assert len(rows) == 1
        event_id, articles, sources, n, date = rows[0]
        assert (articles, sources, n, date) == (2, 2, 2, JAN31)
        assert _files(con, event_id) == {"002", "004"}


def test_undated_seed_takes_dates_from_merged_event(seeds_db: Path) -> None:
    with store.connect(seeds_db, read_only=True) as con:
        rows = con.execute("SELECT m.date, m.event_date, m.date_inferred, e.num_articles FROM mentions m "
                           "JOIN events e USING (event_id) WHERE m.file_name LIKE '002%'").fetchall()
        assert rows and all(r[0] is None for r in rows)  # the text could not fix a date
        merged = [r for r in rows if r[3] > 1]
        assert len(merged) >= 6 and all(r[1] == JAN31 and r[2] for r in merged)
        # events told by 002 alone stay undated: no date is guessed without a merged report
        assert all(r[1] is None and not r[2] for r in rows if r[3] == 1)
        # dated mentions keep their own date, never marked inferred
        dated = con.execute("SELECT count(*) FROM mentions WHERE date IS NOT NULL AND date_inferred").fetchall()
        assert dated[0][0] == 0


def test_every_mention_belongs_to_exactly_one_event(seeds_db: Path) -> None:
    with store.connect(seeds_db, read_only=True) as con:
        n_mentions = con.execute("SELECT count(*) FROM event_mentions").fetchall()[0][0]
        n_links = con.execute("SELECT count(DISTINCT (doc_id, idx)) FROM event_links").fetchall()[0][0]
        total = con.execute("SELECT sum(num_mentions) FROM events").fetchall()[0][0]
        assert n_mentions == n_links == total


def test_other_years_never_merge(seeds_db: Path) -> None:
    with store.connect(seeds_db, read_only=True) as con:
        spans = con.execute("SELECT event_id, min(event_date), max(event_date) FROM mentions GROUP BY 1").fetchall()
        assert all(hi is None or (hi - lo).days <= 1 for _, lo, hi in spans)


def test_rerun_is_deterministic_and_idempotent(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    shutil.copy(seeds_db, db)
    with store.connect(db) as con:
        before = con.execute("SELECT * FROM event_links ORDER BY doc_id, idx").fetchall()
        assert events.update(con) == 0  # nothing new to merge
        con.execute("DELETE FROM event_links")
        con.execute("DELETE FROM merged_events")
        merge.update(con)
        after = con.execute("SELECT * FROM event_links ORDER BY doc_id, idx").fetchall()
    assert after == before


def test_reingested_document_keeps_events_without_duplicates(seeds_db: Path, seeds_dir: Path,
                                                             tmp_path: Path) -> None:
    from eventwire.pipeline import Resources, process
    from eventwire.records import Article
    from eventwire.settings import Settings
    from eventwire.stages import load

    db = tmp_path / "copy.duckdb"
    shutil.copy(seeds_db, db)
    path = next(seeds_dir.glob("004_*"))
    with store.connect(db) as con:
        before = con.execute("SELECT count(*), sum(num_mentions) FROM events").fetchall()[0]
        meeting = con.execute("SELECT event_id FROM events WHERE source='NATO' AND target='JPN' "
                              "AND type='CONSULT' AND date = ?", [JAN31]).fetchall()
        # the same document stored again (a rerun of the pipeline): its mentions are replaced and re-merged
        art = process(Article(raw=load.read_document(path, Settings(db=db).max_bytes)), Resources(Settings(db=db)))
        store.save_article(con, art)
        merge.update(con)
        after = con.execute("SELECT count(*), sum(num_mentions) FROM events").fetchall()[0]
        again = con.execute("SELECT event_id, num_articles FROM events WHERE source='NATO' AND target='JPN' "
                            "AND type='CONSULT' AND date = ?", [JAN31]).fetchall()
    assert after == before
    assert len(again) == 1 and again[0][1] == 2
    assert len(meeting) == 1


@pytest.fixture
def empty(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = store.connect(tmp_path / "bad.duckdb")
    yield con
    con.close()


def _m(doc: str, idx: int, date: dt.date | None, target: str | None = "JPN", ev: str = "talks in Tokyo") -> dict:
    return synthetic.mention_row(doc, idx, "USA", target, "CONSULT", date, f"USA met {target} for {ev}")


def test_conflicting_dates_take_the_most_reported_one(empty: duckdb.DuckDBPyConnection) -> None:
    d1, d2 = dt.date(2024, 3, 1), dt.date(2024, 3, 2)
    for i, d in enumerate((d1, d2, d2)):
        synthetic.add_article(empty, f"doc{i}", d, f"outlet{i}", [_m(f"doc{i}", 0, d)])
    stories.update(empty)
    events.update(empty)
    rows = empty.execute("SELECT date, date_conflict, num_mentions, num_sources FROM events").fetchall()
    assert rows == [(d2, True, 3, 3)]


def test_far_apart_dates_stay_separate_events(empty: duckdb.DuckDBPyConnection) -> None:
    for i, d in enumerate((dt.date(2024, 3, 1), dt.date(2024, 3, 9))):
        synthetic.add_article(empty, f"doc{i}", d, "same outlet", [_m(f"doc{i}", 0, d)])
    merge.update(empty)
    assert empty.execute("SELECT count(*) FROM events").fetchall()[0][0] == 2


def test_unknown_target_merges_only_with_unknown_target(empty: duckdb.DuckDBPyConnection) -> None:
    d = dt.date(2024, 3, 1)
    synthetic.add_article(empty, "a", d, "x", [_m("a", 0, d, target=None), _m("a", 1, d)])
    synthetic.add_article(empty, "b", d, "y", [_m("b", 0, d, target=None)])
    merge.update(empty)
    rows = empty.execute("SELECT target, num_mentions FROM events ORDER BY target NULLS FIRST").fetchall()
    assert rows == [(None, 2), ("JPN", 1)]


def test_undated_article_in_another_story_is_not_dated(empty: duckdb.DuckDBPyConnection) -> None:
    d = dt.date(2024, 3, 1)
    synthetic.add_article(empty, "a", d, "x", [_m("a", 0, d)], text="volcano eruption lava ash " * 20)
    synthetic.add_article(empty, "b", None, "y", [_m("b", 0, None)], text="football final goal penalty " * 20)
    merge.update(empty)
    rows = empty.execute("SELECT doc_id, event_date, date_inferred FROM mentions ORDER BY doc_id").fetchall()
    assert rows == [("a", d, False), ("b", None, False)]


def test_incremental_update_touches_only_new_mentions(empty: duckdb.DuckDBPyConnection) -> None:
    synthetic.generate(empty, 500, seed=3)
    assert events.update(empty) == 500
    links = empty.execute("SELECT * FROM event_links ORDER BY doc_id, idx").fetchall()
    synthetic.generate(empty, 50, seed=4, prefix="new")
    assert events.update(empty) == 50
    old = empty.execute("SELECT * FROM event_links WHERE doc_id LIKE 'syn%' ORDER BY doc_id, idx").fetchall()
    assert old == links
    n = empty.execute("SELECT count(*), sum(num_mentions) FROM events").fetchall()[0]
    assert n[1] == 550 and n[0] < 550


def test_merging_in_chunks_gives_the_events_of_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A backfill is merged CHUNK mentions at a time; each chunk reads back the events the ones before it wrote."""
    def merged(name: str) -> tuple[list[tuple[object, ...]], ...]:
        with store.connect(tmp_path / name) as con:
            truth = synthetic.generate(con, 600, seed=5)
            undated = sorted(truth)[::7]  # some reports without a date: they merge through their story
            con.executemany("UPDATE event_mentions SET date = NULL WHERE doc_id = ? AND idx = ?", undated)
            assert events.update(con) == 600
            return tuple(con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                         for t in ("merged_events", "event_links"))

    whole = merged("whole.duckdb")
    monkeypatch.setattr(events, "CHUNK", 5)
    chunked = merged("chunked.duckdb")
    assert chunked == whole
    assert len(whole[0]) < 400  # events do span chunks: 600 reports of fewer events


def _partition(db: Path) -> set[frozenset[tuple[object, ...]]]:
    with store.connect(db, read_only=True) as con:
        rows = con.execute("SELECT event_id, doc_id, idx, event_date, date_inferred FROM mentions").fetchall()
    groups: dict[str, set[tuple[object, ...]]] = {}
    for event_id, *rest in rows:
        groups.setdefault(event_id, set()).add(tuple(rest))
    return {frozenset(g) for g in groups.values()}


def test_one_file_at_a_time_gives_the_same_events(seeds_db: Path, seeds_dir: Path, tmp_path: Path) -> None:
    from eventwire import service

    db = tmp_path / "daily.duckdb"
    for prefix in ("004", "002", "000", "003", "001"):  # 003 first sits in 000's thread, then moves to 001's
        service.ingest([next(seeds_dir.glob(f"{prefix}_*"))], db)
    assert _partition(db) == _partition(seeds_db)
