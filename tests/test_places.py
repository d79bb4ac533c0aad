"""Stage `places`: toponyms, offline resolution, the event's own place, and the place in every export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.exports import gdelt
from eventwire.places.gazetteer import gazetteer
from eventwire.places.resolve import resolve
from eventwire.stages import nlp
from eventwire.stages.places import dateline_name, find_toponyms
from eventwire.store import db as store

runner = CliRunner()


def _places(seeds_db: Path, doc_prefix: str) -> list[tuple[str, str, str | None, str | None, str]]:
    with store.connect(seeds_db, read_only=True) as con:
        return con.execute(
            "SELECT e.source, e.type, e.target, e.place_name, e.place_method FROM event_mentions e "
            "JOIN articles a USING (doc_id) WHERE a.file_name LIKE ? ORDER BY e.idx", [doc_prefix + "%"]).fetchall()


def test_seed_events_are_placed(seeds_db: Path) -> None:
    s000 = _places(seeds_db, "000_")
    assert ("JPN", "AGREE", "NATO", "Tokyo", "clause") in s000  # "reached the agreement in Tokyo"
    assert all(p == ("Beijing", "dateline") for s, *_, p0, m in s000 if s == "CHN" for p in [(p0, m)])
    s002 = _places(seeds_db, "002_")
    assert ("NATO", "REQUEST", "KOR", "Seoul", "clause") in s002  # "pushed South Korea ... in Seoul"
    assert ("NATO", "CONSULT", "JPN", "Tokyo", "dateline") in s002
    s004 = _places(seeds_db, "004_")
    assert ("NATO", "CONSULT", "JPN", "Tokyo", "clause") in s004  # "During a visit to Tokyo"
    # no clause place and no dateline: unknown, never guessed
    assert all(m == "none" and p is None for s, *_, p, m in _places(seeds_db, "001_"))


def test_place_columns_in_every_export(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    assert runner.invoke(app, ["export", "--db", str(seeds_db), "--format", "jsonl", "-o", str(out)]).exit_code == 0
    evs = [r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if r["kind"] == "event"]
    seoul = next(r for r in evs if r["place_name"] == "Seoul")
    assert seoul["place_country"] == "KOR" and seoul["place_level"] == "city" and seoul["place_method"] == "clause"
    assert seoul["place_feature_id"] == 1835848 and abs(seoul["place_lat"] - 37.57) < 0.1
    csv_out = tmp_path / "x.csv"
    assert runner.invoke(app, ["export", "--db", str(seeds_db), "--format", "csv", "-o", str(csv_out)]).exit_code == 0
    assert "place_method" in csv_out.read_text(encoding="utf-8").splitlines()[0]


def test_gdelt_action_geo(seeds_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.tsv"
    assert runner.invoke(app, ["export", "--db", str(seeds_db), "--format", "gdelt", "-o", str(out)]).exit_code == 0
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    col = {name: i for i, name in enumerate(gdelt.EVENT_COLUMNS)}
    geo = {tuple(r[col[f"ActionGeo_{c}"]] for c in ("Type", "FullName", "CountryCode", "ADM1Code", "FeatureID"))
           for r in rows}
    assert ("4", "Tokyo, Japan", "JA", "JA40", "1850147") in geo  # FIPS country code, as GDELT writes it
    assert ("4", "Seoul, South Korea", "KS", "KS11", "1835848") in geo
    assert all(r[col["ActionGeo_Type"]] in "01345" for r in rows)


def test_action_geo_types() -> None:
    us_city = {"level": "city", "iso3": "USA", "fips": "US", "adm1": "CA", "full": "Los Angeles, California, "
               "United States", "lat": 34.05, "lon": -118.24, "fid": 5368361}
    assert gdelt.action_geo(us_city)[:4] == [3, us_city["full"], "US", "USCA"]
    country = {**us_city, "level": "country", "iso3": "SYR", "fips": "SY", "adm1": None, "full": "Syria"}
    assert gdelt.action_geo(country) == [1, "Syria", "SY", "SY", "", f"{34.05:.4f}", f"{-118.24:.4f}", "SY"]
    assert gdelt.action_geo(None)[0] == "0"


def test_resolution_uses_context() -> None:
    gaz = gazetteer()
    assert resolve(gaz, "Paris").country == "FR"  # type: ignore[union-attr]
    assert resolve(gaz, "Washington").country == "US"  # type: ignore[union-attr]
    assert resolve(gaz, "Kiev").name == "Kyiv"  # type: ignore[union-attr]  # alternatenames
    assert resolve(gaz, "U.S.").level == "country"  # type: ignore[union-attr]
    assert resolve(gaz, "New York").level == "city"  # type: ignore[union-attr]  # the city, not the state
    assert resolve(gaz, "Asia") is None  # a continent is no place to pin an event to
    assert resolve(gaz, "Nowhereville") is None
    birmingham_us = resolve(gaz, "Birmingham", {"US"})
    assert birmingham_us is not None and birmingham_us.country == "US"
    assert resolve(gaz, "Birmingham").country == "GB"  # type: ignore[union-attr]


@pytest.mark.parametrize(("line", "name"), [("BEIJING", "BEIJING"), ("TOKYO –", "TOKYO"),
                                            ("WASHINGTON, D.C. (AP) -", "WASHINGTON")])
def test_dateline_name(line: str, name: str) -> None:
    assert dateline_name(line) == name


def test_inline_dateline_has_offsets() -> None:
    doc = nlp.parse("SEOUL – South Korea protested on Monday.")
    tops = find_toponyms(doc, None)
    assert tops[0].source == "dateline" and (tops[0].start, tops[0].end, tops[0].text) == (0, 5, "SEOUL")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["Tokyo", "in", "Paris", "TOKYO –", "the", "met", "South Korea", "\n\n", " ",
                                 "Ishiba", "é", "“", "New York", ",", "-"]), max_size=25),
       st.one_of(st.none(), st.text(max_size=20)))
def test_toponym_spans_are_exact(words: list[str], dateline: str | None) -> None:
    text = " ".join(words)
    for t in find_toponyms(nlp.parse(text), dateline):
        if t.start is not None and t.end is not None:
            assert text[t.start : t.end] == t.text
        else:
            assert t.source == "dateline"


@pytest.mark.filterwarnings("ignore:Using `httpx`:UserWarning")
def test_api_and_page_carry_places(seeds_db: Path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        from fastapi.testclient import TestClient
    from eventwire.web import create_app

    with TestClient(create_app(seeds_db)) as c:
        items = c.get("/api/mentions", params={"limit": 500}).json()["items"]
        assert any(e["place_name"] == "Tokyo" and e["place_lon"] > 139 for e in items)
        html, js = c.get("/").text, c.get("/static/app.js").text
    # the map is drawn locally: an SVG of the event places, no tiles, no outside address
    assert 'id="view-map"' in html and "function drawMap" in js
    assert "https://" not in js and "fetch(" in js and js.count("fetch(") == 1  # only getJSON's, to our API


def test_a_protest_abroad_is_directed_at_the_host_state_and_one_at_home_has_no_target() -> None:
    import datetime as dt

    from eventwire.pipeline import Resources, process_text
    from eventwire.settings import Settings

    res = Resources(Settings())
    day = dt.date(2008, 8, 6)
    art = process_text("British activists staged a protest in Beijing on Wednesday.", res, published=day)
    protest = next(e for e in art.events if e.type == "PROTEST")
    assert protest.target is not None and protest.target.actor.code == "CHN"
    assert art.extracted is not None
    assert art.extracted.text[protest.target.start : protest.target.end] == "Beijing" and protest.target.via == "place"
    home = process_text("Chinese activists staged a protest in Beijing on Wednesday.", res, published=day)
    assert all(e.target is None for e in home.events if e.type == "PROTEST")
