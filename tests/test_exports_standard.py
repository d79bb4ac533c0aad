"""GDELT Events / Mentions and POLECAT-style exports, and the jsonl fields added by merging."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.exports import gdelt, polecat
from eventwire.exports import jsonl as exports
from eventwire.store import db as store

runner = CliRunner()
SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "gdelt" / "gdelt_events2_sample_20170701.csv"


def _export(db: Path, fmt: str, tmp_path: Path) -> list[list[str]]:
    out = tmp_path / f"x.{fmt}"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]


def test_gdelt_events_layout(seeds_db: Path, tmp_path: Path) -> None:
    rows = _export(seeds_db, "gdelt", tmp_path)
    with store.connect(seeds_db, read_only=True) as con:
        n_events = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    assert len(rows) == n_events and all(len(r) == 61 for r in rows)
    col = {name: i for i, name in enumerate(gdelt.EVENT_COLUMNS)}
    assert len({r[0] for r in rows}) == len(rows)  # GLOBALEVENTID unique
    meeting = [r for r in rows if r[col["Actor1Code"]] == "NATO" and r[col["EventCode"]] == "042"
               and r[col["SQLDATE"]] == "20230131"]
    assert meeting and meeting[0][col["NumArticles"]] == "2" and meeting[0][col["NumSources"]] == "2"
    assert meeting[0][col["EventRootCode"]] == "04" and meeting[0][col["QuadClass"]] == "1"
    assert all(r[col["Actor1Geo_Type"]] == "0" and r[col["SOURCEURL"]].endswith(".txt") for r in rows)


def test_gdelt_columns_match_the_reference_sample() -> None:
    if not SAMPLE.exists():
        return
    with SAMPLE.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert tuple(h for h in header if h != "CAMEOCodeDescription") == gdelt.EVENT_COLUMNS


def test_gdelt_mentions_layout(seeds_db: Path, tmp_path: Path) -> None:
    rows = _export(seeds_db, "gdelt-mentions", tmp_path)
    events = {r[0] for r in _export(seeds_db, "gdelt", tmp_path)}
    with store.connect(seeds_db, read_only=True) as con:
        n_mentions = con.execute("SELECT count(*) FROM event_mentions").fetchall()[0][0]
    assert len(rows) == n_mentions and all(len(r) == 16 for r in rows)
    assert {r[0] for r in rows} == events
    assert all(int(r[6]) >= 1 and 0 < int(r[11]) <= 100 for r in rows)


def test_polecat_layout(seeds_db: Path, tmp_path: Path) -> None:
    rows = _export(seeds_db, "polecat", tmp_path)
    assert tuple(rows[0]) == polecat.COLUMNS and all(len(r) == len(polecat.COLUMNS) for r in rows)
    col = {name: i for i, name in enumerate(polecat.COLUMNS)}
    assert {r[col["Quad Code"]] for r in rows[1:]} <= set(polecat.QUADS.values())
    assert any(r[col["Date Inferred"]] == "True" for r in rows[1:])


def test_jsonl_gains_story_event_id_and_date_inferred(seeds_db: Path) -> None:
    buf = io.StringIO()
    with store.connect(seeds_db, read_only=True) as con:
        exports.write_jsonl(con, buf)
    recs = [json.loads(line) for line in buf.getvalue().splitlines()]
    arts = [r for r in recs if r["kind"] == "article"]
    evs = [r for r in recs if r["kind"] == "event"]
    assert all(a["story"].startswith("st-") and "text" in a for a in arts)
    assert all(e["event_id"].startswith("ev-") and "evidence" in e and "date_basis" in e for e in evs)
    inferred = [e for e in evs if e["date_inferred"]]
    assert all(e["date_basis"] == "none" and e["date"] for e in inferred)
    assert {e["date"] for e in inferred if e["file"].startswith("002")} == {"2023-01-31"}


def test_store_older_than_merging_is_merged_on_next_ingest(seeds_db: Path, tmp_path: Path) -> None:
    import shutil

    from eventwire import service

    db = tmp_path / "old.duckdb"
    shutil.copy(seeds_db, db)
    with store.connect(db) as con:
        for table in ("event_links", "merged_events", "story_docs", "story_threads"):
            con.execute(f"DELETE FROM {table}")
    empty = tmp_path / "none"
    empty.mkdir()
    service.ingest([empty], db)  # nothing new to store, but the store is merged
    with store.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM stories").fetchall()[0][0] == 3
        assert con.execute("SELECT count(*) FROM mentions WHERE event_id IS NULL").fetchall()[0][0] == 0
