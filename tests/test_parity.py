"""One read path behind every door: the CLI, the HTTP API and the Python API answer the same question with the
same rows, at both levels (merged events and their mentions), on the seeds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import eventwire
from eventwire.cli import app
from eventwire.web.app import create_app

runner = CliRunner()
FILTERS: list[dict[str, str]] = [{}, {"source": "CHN"}, {"actor": "NATO", "type": "ACCUSE"}, {"doc": "002"},
                                 {"source": "CHNGOV"}, {"since": "2023-06-01", "until": "2025-12-31"}]
KEYS = {"events": ("event_id", "date", "num_mentions", "goldstein"),
        "mentions": ("doc_id", "idx", "event_id", "date", "type")}


def _rows(records: list[dict[str, Any]], level: str) -> list[tuple[Any, ...]]:
    def norm(v: Any) -> Any:
        if v is None or (not isinstance(v, str) and pd.isna(v)):  # None, NaN and NaT are one "no value"
            return None
        return v.date().isoformat() if isinstance(v, pd.Timestamp) else v
    return sorted(tuple(norm(r[k]) for k in KEYS[level]) for r in records)


def _cli(db: Path, level: str, f: dict[str, str]) -> list[tuple[Any, ...]]:
    args = [level, "--db", str(db), "--json", *(x for k, v in f.items() for x in (f"--{k}", v))]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return _rows([json.loads(line) for line in res.output.splitlines() if line.strip()], level)


def _http(client: TestClient, level: str, f: dict[str, str]) -> list[tuple[Any, ...]]:
    body = client.get(f"/api/{level}", params={**f, "limit": 500}).json()
    assert body["total"] == len(body["items"])
    return _rows(body["items"], level)


def _python(db: Path, level: str, f: dict[str, str]) -> list[tuple[Any, ...]]:
    import datetime as dt

    kwargs: dict[str, Any] = {k: dt.date.fromisoformat(v) if k in ("since", "until") else v for k, v in f.items()}
    with eventwire.open(db) as ew:
        frame = getattr(ew, level)(as_frame=True, **kwargs)
    return _rows(frame.to_dict("records"), level)


@pytest.mark.parametrize("level", ["events", "mentions"])
@pytest.mark.parametrize("f", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "all")
def test_every_door_gives_the_same_rows(seeds_db: Path, level: str, f: dict[str, str]) -> None:
    with TestClient(create_app(seeds_db)) as client:
        http = _http(client, level, f)
    assert _cli(seeds_db, level, f) == http == _python(seeds_db, level, f)
    if not f:
        assert http, "the seeds have events"


def test_levels_differ_and_link(seeds_db: Path) -> None:
    """Mentions outnumber merged events, every mention names its event, and the top-level API agrees."""
    events, mentions = eventwire.events(seeds_db), eventwire.mentions(seeds_db)
    assert len(mentions) > len(events) > 0
    assert {m.event_id for m in mentions} == {e.event_id for e in events}
    one = events[0]
    assert len(eventwire.mentions(seeds_db, event=one.event_id)) == one.num_mentions


def test_actor_counts_agree_with_merged_events(seeds_db: Path) -> None:
    from eventwire.store import analysis
    from eventwire.store import db as store

    with TestClient(create_app(seeds_db)) as client:
        http = {a["code"]: (a["as_source"], a["as_target"]) for a in client.get("/api/actors").json()["items"]}
        total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert sum(s for s, _ in http.values()) == total
    with store.connect(seeds_db, read_only=True) as con:  # what `eventwire actors` prints
        cli = analysis.top_actors(con, 100)
    for row in cli.itertuples(index=False):
        assert http[row.actor] == (row.events, row.received), row


def test_export_is_the_same_at_every_door(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.jsonl"
    res = runner.invoke(app, ["export", "--db", str(seeds_db), "-o", str(out)])
    assert res.exit_code == 0, res.output
    with eventwire.open(seeds_db) as ew:
        n = ew.export(tmp_path / "py.jsonl")
    with TestClient(create_app(seeds_db)) as client:
        http = client.get("/api/export", params={"format": "jsonl"}).text
    assert out.read_text() == (tmp_path / "py.jsonl").read_text() == http
    assert n == len(http.splitlines()) > 0
    with TestClient(create_app(seeds_db)) as client:
        assert client.get("/api/export", params={"format": "nope"}).status_code == 422
