"""The CLI answers a bad number, an unknown code or an ambiguous id with one line naming what it accepts, and
says when it shows part of a result or stored nothing (issue 18's snags, each tried as a user would)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner()


@pytest.mark.parametrize("args", [["events", "--limit", "-1"], ["actors", "--limit", "-1"], ["events", "--limit", "0"]])
def test_bad_limits_are_one_line_errors(seeds_db: Path, args: list[str]) -> None:
    res = runner.invoke(app, [*args, "--db", str(seeds_db)])
    assert res.exit_code == 2 and "Traceback" not in res.output and "--limit" in res.output


def test_run_rejects_a_negative_limit(tmp_path: Path) -> None:
    res = runner.invoke(app, ["run", str(tmp_path), "--limit", "-1", "--db", str(tmp_path / "x.duckdb")])
    assert res.exit_code == 2 and "--limit" in res.output


def test_unknown_type_names_the_accepted_ones(seeds_db: Path) -> None:
    res = runner.invoke(app, ["events", "--type", "FOO", "--db", str(seeds_db)])
    assert res.exit_code == 2 and "not a PLOVER event type" in res.output and "CONSULT" in res.output


@pytest.mark.parametrize("args", [["events", "--actor", "XXX"], ["timeline", "XXX", "YYY"]])
def test_unknown_actor_code_is_said(seeds_db: Path, args: list[str]) -> None:
    res = runner.invoke(app, [*args, "--db", str(seeds_db)])
    assert res.exit_code == 2 and "no actor has this code" in res.output


def test_code_with_sector_finds_what_the_table_prints(seeds_db: Path) -> None:
    with duckdb.connect(str(seeds_db), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM event_mentions WHERE source = 'CHN' AND source_sector = 'GOV'"
                        ).fetchone()
    assert n is not None and n[0] > 0
    res = runner.invoke(app, ["mentions", "--source", "CHNGOV", "--db", str(seeds_db)])
    assert res.exit_code == 0 and f"{n[0]} mentions" in res.output


def test_limited_listing_says_how_many_there_are(seeds_db: Path) -> None:
    with duckdb.connect(str(seeds_db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM events").fetchone()
    assert row is not None
    res = runner.invoke(app, ["events", "--limit", "3", "--db", str(seeds_db)])
    assert res.exit_code == 0 and f"3 of {row[0]} events shown" in res.output


def test_ambiguous_event_prefix_lists_the_matches(seeds_db: Path) -> None:
    res = runner.invoke(app, ["explain", "ev-", "--db", str(seeds_db)])
    assert res.exit_code == 2 and "merged events start with this" in res.output


def test_ingest_where_every_file_failed_exits_non_zero(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 50)
    res = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "b.duckdb")])
    assert res.exit_code == 1 and "nothing stored" in res.output


def test_sql_reads_and_cannot_write(seeds_db: Path) -> None:
    res = runner.invoke(app, ["sql", "SELECT count(*) AS n FROM articles", "--db", str(seeds_db), "--csv"])
    assert res.exit_code == 0 and res.output.splitlines() == ["n", "5"]
    res = runner.invoke(app, ["sql", "DELETE FROM articles", "--db", str(seeds_db)])
    assert res.exit_code == 2 and "SQL:" in res.output and "read-only" in res.output.lower()
    res = runner.invoke(app, ["sql", "SELECT nonsense FROM nowhere", "--db", str(seeds_db)])
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_help_does_not_load_the_pipeline() -> None:
    """`eventwire --help` used to import spaCy, the engine and the models (4.7 s); only ingesting needs them."""
    import subprocess
    import sys

    code = ("import sys; import eventwire.cli; "
            "print(sorted(m for m in ('spacy', 'eventwire.pipeline') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_merged_goldstein_is_its_cameo_codes(seeds_db: Path) -> None:
    from eventwire.lexicon import default_lexicon

    lex = default_lexicon()
    with duckdb.connect(str(seeds_db), read_only=True) as con:
        rows = con.execute("SELECT cameo, goldstein FROM events").fetchall()
    assert rows and all(g == lex.goldstein_of(c) for c, g in rows)


def test_show_prints_codes_as_the_tables_do_and_refuses_an_ambiguous_prefix(seeds_db: Path) -> None:
    res = runner.invoke(app, ["show", "002", "--db", str(seeds_db)])
    assert res.exit_code == 0 and "JPNGOV" in res.output
    res = runner.invoke(app, ["show", "00", "--db", str(seeds_db)])
    assert res.exit_code == 2 and "articles start with this" in res.output


def test_network_lists_its_dyads(seeds_db: Path) -> None:
    res = runner.invoke(app, ["network", "--db", str(seeds_db), "--top", "3"])
    assert res.exit_code == 0 and "source" in res.output and "(the 3 busiest shown)" in res.output
