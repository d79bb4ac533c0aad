"""The whole job on the seeds through the real CLI, scored with the shared scorer against the floors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SHARED
from eventwire.cli import app

runner = CliRunner()

# Floors only go up. Measured values are in the closing notes; floors sit at or below them.
FLOORS = {"text_f1": 0.97, "events_f1": 0.60, "quotes_f1": 0.75, "title": 5, "published": 5, "outlet": 3,
          "event_dates": 8}


@pytest.fixture(scope="module")
def export_file(seeds_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "seeds.jsonl"
    res = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(seeds_db), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_export_contract(export_file: Path) -> None:
    recs = [json.loads(line) for line in export_file.read_text().splitlines()]
    kinds = {r["kind"] for r in recs}
    assert kinds == {"article", "event", "quote"}
    texts = {r["doc_id"]: r["text"] for r in recs if r["kind"] == "article"}
    for r in recs:
        assert r["file"].endswith(".txt")
        if r["kind"] == "event":
            text = texts[r["doc_id"]]
            assert text[r["evidence_start"]:r["evidence_end"]] == r["evidence"]
            assert (r["source_text"] and r["source_text"] in r["evidence"]) or r["source_text"] in text
            assert r["quad_class"] in (1, 2, 3, 4) and -10 <= r["goldstein"] <= 10
        if r["kind"] == "quote":
            assert texts[r["doc_id"]][r["start"]:r["end"]] == r["text"]


def test_seeds_score_above_floors(export_file: Path) -> None:
    scorer = SHARED / "tools" / "score.py"
    out = subprocess.run([sys.executable, str(scorer), str(SHARED / "gold" / "seeds.jsonl"), str(export_file),
                          "--json"], capture_output=True, text=True, check=True)
    score = json.loads(out.stdout)
    meta = {k: int(v.split("/")[0]) for k, v in score["metadata"].items()}
    got = {"text_f1": score["text"]["f1"], "events_f1": score["events"]["f1"], "quotes_f1": score["quotes"]["f1"],
           "title": meta["title"], "published": meta["published"], "outlet": meta["outlet"],
           "event_dates": int(score["event_dates"].split("/")[0])}
    low = {k: (got[k], v) for k, v in FLOORS.items() if got[k] < v}
    assert not low, f"below floor (got, floor): {low}; full score {score}"


def test_cli_events_filters(seeds_db: Path) -> None:
    res = runner.invoke(app, ["events", "--db", str(seeds_db), "--dyad", "CHN-NATO"])
    assert res.exit_code == 0, res.output
    assert "ACCUSE" in res.output
    res = runner.invoke(app, ["events", "--db", str(seeds_db), "--dyad", "CHNNATO"])
    assert res.exit_code == 2 and "SOURCE-TARGET" in res.output


def test_cli_show_marks_events(seeds_db: Path) -> None:
    res = runner.invoke(app, ["show", "000_e4f56be4154d802e.txt", "--db", str(seeds_db)])
    assert res.exit_code == 0, res.output
    assert "China opposes Japan-NATO accord" in res.output and "event" in res.output


def test_cli_missing_db_is_clear(tmp_path: Path) -> None:
    res = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "no such database" in res.output
