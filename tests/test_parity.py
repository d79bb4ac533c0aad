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
from eventwire.reads import as_dict
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
    with TestClient(create_app(seeds_db)) as client:
        http = {a["code"]: (a["as_source"], a["as_target"]) for a in client.get("/api/actors").json()["items"]}
        total = client.get("/api/events", params={"limit": 1}).json()["total"]
    assert sum(s for s, _ in http.values()) == total
    with eventwire.open(seeds_db) as ew:
        python = {a.code: (a.as_source, a.as_target) for a in ew.actors()}
    res = runner.invoke(app, ["actors", "--db", str(seeds_db), "--limit", "1000", "--json"])
    assert res.exit_code == 0, res.output
    cli = {a["code"]: (a["as_source"], a["as_target"]) for a in map(json.loads, res.output.splitlines())}
    assert http == python == cli


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


def _one_line(output: str) -> Any:
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    return lines[0] if len(lines) == 1 and not isinstance(lines[0], list) else lines


READS: list[tuple[list[str], str, dict[str, Any], Any]] = [  # CLI arguments, HTTP path and query, Python call
    (["actors", "--limit", "1000"], "/api/actors", {"limit": 1000}, lambda ew: ew.actors()),
    (["timeline", "NATO", "CHN", "--both"], "/api/timeline", {"source": "NATO", "target": "CHN", "both": True},
     lambda ew: ew.timeline("NATO", "CHN", both=True)),
    (["timeline", "JPN", "NATO", "--period", "week"], "/api/timeline",
     {"source": "JPN", "target": "NATO", "period": "week"}, lambda ew: ew.timeline("JPN", "NATO", "week")),
    (["network"], "/api/network", {"limit": 500}, lambda ew: ew.network()),
    (["stories"], "/api/stories", {"limit": 500}, lambda ew: ew.stories()),
    (["show", "002"], "/api/articles/002", {}, lambda ew: ew.document("002")),
    (["failures"], "/api/failures", {}, lambda ew: ew.failures()),
    (["quotes", "--speaker", "CHN"], "/api/quotes", {"speaker": "CHN", "limit": 500},
     lambda ew: ew.quotes(speaker="CHN")),
    (["articles"], "/api/articles", {"limit": 500}, lambda ew: ew.articles()),
]


@pytest.mark.parametrize(("cli", "path", "query", "python"), READS, ids=lambda x: x[0] if isinstance(x, list)
                         else None)
def test_every_other_read_agrees_at_every_door(seeds_db: Path, cli: list[str], path: str, query: dict[str, Any],
                                                python: Any) -> None:
    """Actors, timelines, the network, stories, an article and the failures: the same records from each door."""
    res = runner.invoke(app, [*cli, "--db", str(seeds_db), "--json"])
    assert res.exit_code == 0, res.output
    with TestClient(create_app(seeds_db)) as client:
        body = client.get(path, params=query).json()
    http = body["items"] if isinstance(body, dict) and set(body) >= {"items"} and "text" not in body else body
    with eventwire.open(seeds_db) as ew:
        found = python(ew)
    py = [as_dict(x) for x in found] if isinstance(found, list) else as_dict(found)
    cli_records = _one_line(res.output) if isinstance(py, dict) else [json.loads(x) for x in res.output.splitlines()]
    assert cli_records == http == py


def test_explain_is_the_same_at_every_door(seeds_db: Path) -> None:
    told = max(eventwire.events(seeds_db), key=lambda e: e.num_mentions)
    assert told.num_mentions > 1
    prefix = told.event_id[:8]
    res = runner.invoke(app, ["explain", prefix, "--db", str(seeds_db), "--json"])
    assert res.exit_code == 0, res.output
    with TestClient(create_app(seeds_db)) as client:
        http = client.get(f"/api/explain/{prefix}").json()
        assert client.get(f"/api/events/{told.event_id}").json() == http
        assert client.get("/api/explain/ev-").status_code == 422  # a prefix of every id: the candidates listed
        assert client.get("/api/explain/ev-nope").status_code == 404
    python = as_dict(eventwire.explain(prefix, seeds_db))
    assert json.loads(res.output) == http == python
    assert http["event"]["event_id"] == told.event_id and len(http["mentions"]) == told.num_mentions
    assert all(m["merge_reason"] for m in http["mentions"])
