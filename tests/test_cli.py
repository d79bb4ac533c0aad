"""The CLI on bad inputs: one clear line per bad file naming it and the reason; the batch goes on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner()


def _batch(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], folder / "sub" / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 50)
    (folder / "legacy.txt").write_bytes(
        ("Le ministre des affaires étrangères a déclaré mardi que la France soutenait l'accord signé à Genève.\n\n"
         "Selon lui, les négociations reprendront à la fin du mois avec les représentants des deux pays.\n")
        .encode("cp1252"))
    (folder / "nodate.txt").write_text(
        "Officials met on Tuesday.\n\nThe United States urged Iran on Tuesday to halt uranium enrichment, "
        "a spokesman for the State Department said in a statement to reporters.\n")
    return folder


def test_bad_inputs_named_with_reason(tmp_path: Path, seeds_dir: Path) -> None:
    folder, db = _batch(tmp_path, seeds_dir), tmp_path / "b.duckdb"
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert any("empty.txt" in ln and "empty" in ln for ln in lines)
    assert any("photo.jpg" in ln and "binary" in ln for ln in lines)
    assert "3 stored" in res.output and "2 failed" in res.output
    res = runner.invoke(app, ["failures", "--db", str(db)])
    assert "empty.txt" in res.output and "photo.jpg" in res.output


def test_text_without_date_keeps_dates_null(tmp_path: Path, seeds_dir: Path) -> None:
    folder, db, out = _batch(tmp_path, seeds_dir), tmp_path / "n.duckdb", tmp_path / "n.jsonl"
    runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    res = runner.invoke(app, ["export", "--db", str(db), "-o", str(out)])
    assert res.exit_code == 0, res.output
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    art = next(r for r in recs if r["kind"] == "article" and r["file"] == "nodate.txt")
    assert art["published"] is None
    events = [r for r in recs if r["kind"] == "event" and r["file"] == "nodate.txt"]
    assert events and all(e["date"] is None for e in events), "a relative date without publication date is null"


def test_export_formats(tmp_path: Path, seeds_db: Path) -> None:
    import duckdb

    csv_out, pq_out = tmp_path / "e.csv", tmp_path / "e.parquet"
    assert runner.invoke(app, ["export", "--db", str(seeds_db), "--format", "csv", "-o", str(csv_out)]).exit_code == 0
    res = runner.invoke(app, ["export", "--db", str(seeds_db), "--format", "parquet", "-o", str(pq_out)])
    assert res.exit_code == 0
    n_csv = len(csv_out.read_text().splitlines()) - 1
    n_pq = duckdb.connect().execute("SELECT count(*) FROM read_parquet(?)", [str(pq_out)]).fetchone()
    assert n_pq is not None and n_csv == n_pq[0] > 0
    bad = runner.invoke(app, ["export", "--db", str(seeds_db), "--format", "xml"])
    assert bad.exit_code == 2 and "choose jsonl" in bad.output
