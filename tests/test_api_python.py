"""eventwire.open(): relations and frames over the public views."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import eventwire


def test_open_events_mentions_stories_actors(seeds_db: Path) -> None:
    with eventwire.open(seeds_db) as ew:
        nato = ew.events(actor="nato", since=dt.date(2023, 1, 1), until=dt.date(2023, 12, 31))
        df = nato.df()
        assert len(df) > 0 and set(df["source"]) | set(df["target"]) >= {"NATO"}
        assert {"event_id", "num_mentions", "num_sources", "num_articles", "date_conflict"} <= set(df.columns)
        frame = ew.events(type="consult", as_frame=True)
        assert isinstance(frame, pd.DataFrame) and set(frame["type"]) == {"CONSULT"}
        event_id = frame[frame["num_articles"] == 2]["event_id"].iloc[0]
        mentions = ew.mentions(event_id=event_id).df()
        assert len(mentions) == 2 and mentions["date_inferred"].sum() == 1
        assert len(ew.mentions(doc="002", as_frame=True)) > 0
        assert len(ew.stories(as_frame=True)) == 3
        actors = ew.actors(as_frame=True)
        assert "NATO" in set(actors["code"]) and {"as_source", "as_target"} <= set(actors.columns)
        assert ew.sql("SELECT count(*) AS n FROM events").fetchall()[0][0] == len(ew.events().df())


def test_views_are_plain_sql(seeds_db: Path) -> None:
    import duckdb

    con = duckdb.connect(str(seeds_db), read_only=True)
    try:
        for view in ("events", "mentions", "actors", "stories"):
            assert con.execute(f"SELECT count(*) FROM {view}").fetchall()[0][0] > 0
    finally:
        con.close()


def test_ingest_takes_a_bare_path_as_one_path_and_refuses_a_missing_one(tmp_path: Path, seeds_dir: Path) -> None:
    import pytest

    db = tmp_path / "one.duckdb"
    summary = eventwire.ingest(str(seeds_dir), db=db)  # a string: one folder, not its letters
    assert summary.files == len(list(seeds_dir.iterdir())) and summary.stored == summary.files
    with pytest.raises(FileNotFoundError, match="does-not-exist: no such file or folder"):
        eventwire.ingest(["does-not-exist"], db=tmp_path / "none.duckdb")
    assert not (tmp_path / "none.duckdb").exists()


def test_python_reads_page_and_refuse_bad_values(seeds_db: Path) -> None:
    import pytest

    from eventwire.errors import BadRequest

    with eventwire.open(seeds_db) as ew:
        everything = ew.events(as_frame=True)
        page = ew.events(limit=5, offset=2, as_frame=True)
        assert list(page["event_id"]) == list(everything["event_id"])[2:7]
        assert len(ew.mentions(limit=3).df()) == 3
        with pytest.raises(BadRequest, match="limit"):
            ew.events(limit=-1)
        with pytest.raises(BadRequest, match="PLOVER"):
            ew.mentions(type="FOO")


def test_every_door_honours_eventwire_db(seeds_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import app

    monkeypatch.setenv("EVENTWIRE_DB", str(seeds_db))
    n = len(eventwire.events())
    assert n > 0
    with eventwire.open() as ew:
        assert len(ew.events().df()) == n
    res = CliRunner().invoke(app, ["events", "--json"])
    assert res.exit_code == 0 and len(res.output.splitlines()) == n
