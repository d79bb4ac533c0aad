"""The HTTP API against the seeds in a real DuckDB, through FastAPI's TestClient."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

with warnings.catch_warnings():
    # Starlette deprecates httpx for its TestClient (a UserWarning); httpx is the client we ship with
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient

from eventwire.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`:UserWarning")


@pytest.fixture(scope="module")
def client(seeds_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seeds_db)) as c:
        yield c


def test_events_filter_by_dyad_and_paging(client: TestClient) -> None:
    r = client.get("/api/mentions", params={"dyad": "CHN-NATO"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(body["items"]) >= 1
    assert all(e["source"] == "CHN" and e["target"] == "NATO" for e in body["items"])
    everything = client.get("/api/mentions", params={"limit": 500}).json()
    first = client.get("/api/mentions", params={"limit": 10, "offset": 0}).json()
    second = client.get("/api/mentions", params={"limit": 10, "offset": 10}).json()
    assert first["total"] == second["total"] == everything["total"] == len(everything["items"]) > 20
    keys = [(e["doc_id"], e["idx"]) for e in first["items"] + second["items"]]
    assert len(set(keys)) == 20 and keys == [(e["doc_id"], e["idx"]) for e in everything["items"][:20]]


@pytest.mark.parametrize(("params", "check"), [
    ({"actor": "chn"}, lambda e: "CHN" in (e["source"], e["target"])),
    ({"source": "NATO", "target": "CHN"}, lambda e: (e["source"], e["target"]) == ("NATO", "CHN")),
    ({"type": "accuse"}, lambda e: e["type"] == "ACCUSE"),
    ({"quad_class": 1}, lambda e: e["quad_class"] == 1),
    ({"since": "2025-01-01"}, lambda e: e["date"] >= "2025-01-01"),
    ({"until": "2023-06-01", "since": "2023-05-01"}, lambda e: "2023-05-01" <= e["date"] <= "2023-06-01"),
    ({"outlet": "japan today"}, lambda e: e["outlet"] == "Japan Today"),
    ({"q": "PIONEER"}, lambda e: "pioneer" in e["evidence"].lower()),
    ({"doc": "224396841a3027ae"}, lambda e: e["doc_id"] == "224396841a3027ae"),
])
def test_each_filter_narrows(client: TestClient, params: dict[str, object], check: object) -> None:
    total = client.get("/api/mentions").json()["total"]
    body = client.get("/api/mentions", params=params | {"limit": 500}).json()
    assert 0 < body["total"] < total and body["total"] == len(body["items"])
    assert all(check(e) for e in body["items"])  # type: ignore[operator]


def test_one_event_has_its_evidence_span(client: TestClient) -> None:
    e = client.get("/api/mentions", params={"dyad": "CHN-NATO", "limit": 1}).json()["items"][0]
    one = client.get(f"/api/mentions/{e['doc_id']}/{e['idx']}").json()
    ev = one["mention"]
    # every report of the merged event once merging exists, else just this one
    assert (ev["doc_id"], ev["idx"]) in {(m["doc_id"], m["idx"]) for m in one["event_mentions"]}
    assert one["merged"] or len(one["event_mentions"]) == 1
    text = client.get(f"/api/articles/{e['doc_id']}").json()["text"]
    assert text[ev["evidence_start"]:ev["evidence_end"]] == ev["evidence"]
    assert client.get(f"/api/mentions/{e['doc_id']}/9999").status_code == 404


def test_article_with_text_events_and_quotes(client: TestClient) -> None:
    arts = client.get("/api/articles").json()
    assert arts["total"] == 5 and "text" not in arts["items"][0]
    doc = arts["items"][0]["doc_id"]
    body = client.get(f"/api/articles/{doc}").json()
    text = body["text"]
    assert body["mentions"] and all(e["doc_id"] == doc for e in body["mentions"])
    for q in body["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
    assert client.get("/api/articles/0000000000000000").status_code == 404
    refused = client.get("/api/articles/0")  # the start of several file names: 422 naming them
    assert refused.status_code == 422 and "000_" in refused.json()["error"]


def test_quotes_actors_network(client: TestClient) -> None:
    quotes = client.get("/api/quotes", params={"speaker": "CHN"}).json()
    assert quotes["total"] >= 1 and all(q["speaker_code"] == "CHN" for q in quotes["items"])
    actors = client.get("/api/actors").json()["items"]
    assert {"CHN", "NATO", "JPN"} <= {a["code"] for a in actors}
    net = client.get("/api/network").json()
    assert ("NATO", "CHN") in {(e["source"], e["target"]) for e in net["edges"]}
    assert set(net["nodes"]) == {e["source"] for e in net["edges"]} | {e["target"] for e in net["edges"]}


def test_timeline_for_a_dyad(client: TestClient) -> None:
    """Merged events per month, as `eventwire timeline` counts them, on a real time axis (no month skipped)."""
    body = client.get("/api/timeline", params={"dyad": "NATO-CHN"}).json()
    dated = client.get("/api/events", params={"dyad": "NATO-CHN", "limit": 500}).json()["items"]
    months = body["periods"]
    assert sum(m["events"] for m in months) + body["undated"] == len(dated)
    labels = [m["period"] for m in months]
    assert labels == sorted(labels) and len(labels) >= len({e["date"][:7] for e in dated if e["date"]})
    for a, b in itertools.pairwise(labels):  # consecutive calendar months
        (ya, ma), (yb, mb) = map(int, a.split("-")), map(int, b.split("-"))
        assert (yb * 12 + mb) - (ya * 12 + ma) == 1
    for m in months:
        assert m["events"] == m["q1"] + m["q2"] + m["q3"] + m["q4"]
        inmonth = [e["goldstein"] for e in dated if e["date"] and e["date"].startswith(m["period"])]
        if not inmonth:
            assert m["events"] == 0 and m["mean_goldstein"] is None
            continue
        assert m["mean_goldstein"] == pytest.approx(sum(inmonth) / len(inmonth), abs=0.01)


def test_timeline_keeps_empty_months(client: TestClient) -> None:
    months = client.get("/api/timeline", params={"actor": "NATO"}).json()["periods"]
    assert any(m["events"] == 0 and m["mean_goldstein"] is None for m in months), months


def _base_tables_only(seeds_db: Path, db: Path) -> None:
    """A store as schema.sql alone makes it: no merged events, no story threads."""
    schema = (Path(__file__).resolve().parents[1] / "src/eventwire/store/schema.sql").read_text()
    with duckdb.connect(str(db)) as con:
        con.execute(schema)
        con.execute(f"ATTACH '{seeds_db}' AS s (READ_ONLY)")
        for table in ("articles", "event_mentions", "quotes"):
            con.execute(f"INSERT INTO {table} SELECT * FROM s.{table}")


def test_without_stories_the_story_filter_is_refused(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "base.duckdb"
    _base_tables_only(seeds_db, db)
    with TestClient(create_app(db)) as c:
        assert c.get("/api/stories").json() == {"available": False, "total": 0, "limit": 50, "offset": 0,
                                                "items": []}
        refused = c.get("/api/mentions", params={"story": "s1"})
        assert refused.status_code == 422 and "story" in refused.json()["error"]
        e = c.get("/api/mentions", params={"limit": 1}).json()["items"][0]
        one = c.get(f"/api/mentions/{e['doc_id']}/{e['idx']}").json()
        assert one["merged"] is False and len(one["event_mentions"]) == 1


def test_story_filter_once_stories_exist(seeds_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "stories.duckdb"
    _base_tables_only(seeds_db, db)
    with duckdb.connect(str(db)) as con:  # the shape the analysis area may add: a story per (doc_id, idx)
        con.execute("CREATE TABLE story_events AS SELECT 's1' AS story_id, doc_id, idx FROM event_mentions "
                    "WHERE source = 'CHN'")
        con.execute("CREATE TABLE stories AS SELECT 's1' AS story_id, 'China on NATO' AS label, NULL::DATE AS "
                    "first_date, NULL::DATE AS last_date, 1 AS num_articles, 1 AS num_mentions, ['X'] AS outlets, "
                    "['a.txt'] AS files")
        n_chn = con.execute("SELECT count(*) FROM event_mentions WHERE source = 'CHN'").fetchone()
    with TestClient(create_app(db)) as c:
        assert [(s["story_id"], s["label"]) for s in c.get("/api/stories").json()["items"]] == [
            ("s1", "China on NATO")]
        body = c.get("/api/mentions", params={"story": "s1", "limit": 500}).json()
        assert n_chn and body["total"] == n_chn[0] and all(e["source"] == "CHN" for e in body["items"])
        assert c.get("/api/mentions", params={"story": "s2"}).json()["total"] == 0


def test_story_filter_on_the_live_schema(client: TestClient, seeds_db: Path) -> None:
    """Whatever story threads the current ingest builds, the filter returns exactly their events."""
    stories = client.get("/api/stories").json()
    if not stories["available"]:
        pytest.skip("this ingest builds no story threads")
    sid = stories["items"][0]["story_id"]
    body = client.get("/api/mentions", params={"story": sid, "limit": 500}).json()
    with duckdb.connect(str(seeds_db), read_only=True) as con:
        from eventwire.store.queries import story_relation
        rel = story_relation(con)
        want = con.execute(f"SELECT count(*) FROM {rel} WHERE story_id = ?", [sid]).fetchone()
    assert want and body["total"] == want[0] > 0


def test_errors_are_json_with_reasons(client: TestClient) -> None:
    r = client.get("/api/mentions", params={"limit": 0})
    assert r.status_code == 422 and "limit" in r.json()["error"]
    r = client.get("/api/mentions", params={"since": "yesterday"})
    assert r.status_code == 422 and r.json()["detail"][0]["where"] == "query.since"
    r = client.get("/api/mentions", params={"since": "2025-02-01", "until": "2025-01-01"})
    assert r.status_code == 422 and "after" in r.json()["error"]
    r = client.get("/api/mentions", params={"dyad": "CHN-NATO", "source": "RUS"})
    assert r.status_code == 422
    r = client.get("/api/nothing")
    assert r.status_code == 404 and r.json() == {"status": 404, "error": "Not Found"}


def test_page_and_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<table" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert "<script>" not in page.text and " on" not in page.text.split("<body>")[1].split(">")[0]
    for asset in ("/static/app.js", "/static/app.css"):
        assert client.get(asset).status_code == 200
    schema = client.get("/openapi.json").json()
    assert {"/api/mentions", "/api/mentions/{doc_id}/{idx}", "/api/timeline", "/api/ingest"} <= set(schema["paths"])
    assert client.get("/docs").status_code == 404  # Swagger UI would fetch from a CDN


def test_missing_database_is_503(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "absent.duckdb")) as c:
        r = c.get("/api/mentions")
    assert r.status_code == 503 and "no such database" in r.json()["error"]


@pytest.mark.slow
def test_a_writer_in_another_process_gives_503_not_corruption(seeds_db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "busy.duckdb"
    db.write_bytes(seeds_db.read_bytes())
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"con = duckdb.connect({str(db)!r}); print('held', flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with TestClient(create_app(db)) as c:
            r = c.get("/api/mentions")
            assert r.status_code == 503 and r.headers["retry-after"] and "another process" in r.json()["error"]
    finally:
        holder.communicate("", timeout=10)
    with TestClient(create_app(db)) as c:  # the writer is gone: reads work again
        assert c.get("/api/mentions").status_code == 200
