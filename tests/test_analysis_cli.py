"""The analysis commands on the ingested seeds: timeline, actors, network, explain, stories."""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

import eventwire
from eventwire.cli import app
from eventwire.cli_analysis import sparkline
from eventwire.store import db as store

runner = CliRunner()


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_timeline_table_sparkline_and_charts(seeds_db: Path, tmp_path: Path) -> None:
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    out = _ok("timeline", "NATO", "CHN", "--both", "--db", str(seeds_db), "--png", str(png), "--svg", str(svg))
    assert "2023-01" in out and "mean Goldstein" in out and "events  " in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in svg.read_bytes()[:2000]
    day = _ok("timeline", "NATO", "JPN", "--period", "day", "--db", str(seeds_db))
    assert "2023-01-31" in day


def test_timeline_rejects_unknown_period(seeds_db: Path) -> None:
    result = runner.invoke(app, ["timeline", "NATO", "CHN", "--period", "year", "--db", str(seeds_db)])
    assert result.exit_code == 2 and "--period" in result.output


def test_actors_lists_most_active(seeds_db: Path) -> None:
    out = _ok("actors", "--db", str(seeds_db))
    assert out.index("NATO") < out.index("CHN")


def test_network_exports_and_draws(seeds_db: Path, tmp_path: Path) -> None:
    gml, gexf, png = tmp_path / "g.graphml", tmp_path / "g.gexf", tmp_path / "g.png"
    _ok("network", "--db", str(seeds_db), "--graphml", str(gml), "--gexf", str(gexf), "--png", str(png))
    graph = nx.read_graphml(gml)
    assert graph.has_edge("NATO", "CHN") and graph["NATO"]["CHN"]["goldstein"] < 0
    assert graph["NATO"]["CHN"]["weight"] >= 1 and gexf.stat().st_size > 0 and png.stat().st_size > 0


def test_explain_shows_mentions_and_reasons(seeds_db: Path) -> None:
    with store.connect(seeds_db, read_only=True) as con:
        event_id = con.execute("SELECT event_id FROM events WHERE source='NATO' AND target='JPN' AND type='CONSULT' "
                               "AND num_articles = 2 AND date = DATE '2023-01-31'").fetchall()[0][0]
    out = _ok("explain", event_id[:10], "--db", str(seeds_db))
    assert event_id in out and "002_" in out and "004_" in out
    assert "inferred" in out and "why: undated-story" in out and "why: founded" in out
    bad = runner.invoke(app, ["explain", "ev-nope", "--db", str(seeds_db)])
    assert bad.exit_code == 2


def test_stories_command(seeds_db: Path) -> None:
    out = _ok("stories", "--db", str(seeds_db))
    assert "3 story threads" in out


def test_sparkline() -> None:
    assert sparkline([0, 1, 2]) == "▁▅█"
    assert sparkline([]) == "" and sparkline([0, 0]) == "▁▁"


def test_timeline_axis_has_every_month(seeds_db: Path) -> None:
    with eventwire.open(seeds_db) as ew:
        t = ew.timeline("NATO", "CHN", both=True)
    periods = [p.start for p in t.periods]
    assert len(periods) > 1 and any(p.events == 0 for p in t.periods)
    assert all((b.year * 12 + b.month) - (a.year * 12 + a.month) == 1 for a, b in itertools.pairwise(periods))
