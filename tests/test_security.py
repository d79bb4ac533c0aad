"""Refusals: SQL injection in every filter, path traversal, oversized or odd uploads, missing or wrong tokens."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # Starlette deprecates httpx for its TestClient
    from fastapi.testclient import TestClient

from eventwire.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`:UserWarning")

TOKEN = "t0ken-for-tests-0123456789"
INJECTIONS = ["CHN' OR '1'='1", "CHN'; DROP TABLE event_mentions; --", "x\" OR 1=1 --", "%' OR 1=1 --",
              "1; DELETE FROM articles", "NATO) UNION SELECT * FROM documents --", "CHN\x00"]
FILTERS = ["actor", "source", "target", "dyad", "type", "quad_class", "since", "until", "outlet", "q", "story", "doc"]


@pytest.fixture(scope="module")
def writable_db(seeds_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("w") / "w.duckdb"
    shutil.copy(seeds_db, db)
    return db


@pytest.fixture(scope="module")
def client(writable_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(writable_db, write_token=TOKEN, max_upload_bytes=64 * 1024, max_files=3)) as c:
        yield c


def _counts(c: TestClient) -> dict[str, int]:
    counts: dict[str, int] = c.get("/api/health").json()["counts"]
    return counts


@pytest.mark.parametrize("name", FILTERS)
def test_sql_injection_in_every_filter(client: TestClient, name: str) -> None:
    before = _counts(client)
    for attack in INJECTIONS:
        r = client.get("/api/events", params={name: attack})
        # free-text filters take it as text to look for (and find nothing); coded ones refuse it
        assert r.status_code == 422 or (r.status_code == 200 and r.json()["total"] == 0), (name, attack, r.text)
        for path in ("/api/timeline", "/api/network"):
            assert client.get(path, params={name: attack}).status_code in (200, 422)
    assert _counts(client) == before


@pytest.mark.parametrize("url", ["/api/quotes?speaker=CHN'--", "/api/quotes?doc=' OR 1=1", "/api/articles?outlet='--",
                                 "/api/events/05eec6beceec64d1' OR '1'='1/0", "/api/articles/..%2f..%2fetc%2fpasswd"])
def test_other_parameters_refuse_injection(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (404, 422) or (r.status_code == 200 and r.json()["total"] == 0)


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapi.py",
                                  "/static/%2e%2e%2f%2e%2e%2fstore/schema.sql", "/static//etc/passwd",
                                  "/static/....//app.py", "/..%2f..%2fetc/passwd"])
def test_path_traversal_in_static_files(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404), r.text
    assert "import" not in r.text and "root:" not in r.text


def _upload(c: TestClient, files: list[tuple[str, bytes]], token: str | None = TOKEN) -> object:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return c.post("/api/ingest", files=[("files", (n, b, "text/plain")) for n, b in files], headers=headers)


def test_uploads_need_the_token(client: TestClient) -> None:
    body = (Path(__file__).resolve().parents[2] / "shared/seeds").glob("*.txt")
    sample = next(body).read_bytes()
    for token, status in ((None, 401), ("wrong", 403), (TOKEN[:-1], 403), (TOKEN + "x", 403), ("", 403)):
        r = _upload(client, [("a.txt", sample)], token)
        assert r.status_code == status, r.text  # type: ignore[attr-defined]
    r = client.post("/api/ingest", headers={"Authorization": TOKEN})  # not a Bearer header
    assert r.status_code == 401
    # GET never writes: the write endpoint has no GET, whatever the query string says
    assert client.get(f"/api/ingest?token={TOKEN}").status_code == 405


def test_read_only_server_refuses_uploads(writable_db: Path) -> None:
    with TestClient(create_app(writable_db)) as c:
        r = _upload(c, [("a.txt", b"hello")], "anything")
        assert r.status_code == 403 and "read-only" in r.json()["error"]  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="16 characters"):
        create_app(writable_db, write_token="short")


@pytest.mark.parametrize("name", ["../evil.txt", "..\\evil.txt", "/etc/passwd.txt", "a/b.txt", ".hidden.txt",
                                  "a..txt", "x.txt\x00.html"])
def test_upload_names_with_paths_are_refused(client: TestClient, name: str) -> None:
    r = _upload(client, [(name, b"China criticised NATO on Monday.")])
    assert r.status_code == 422, r.text  # type: ignore[attr-defined]


def test_windows_paths_are_cut_to_the_base_name(client: TestClient) -> None:
    # the multipart parser keeps only what follows the last backslash (old browsers sent full paths)
    r = _upload(client, [("C:\\Users\\evil.txt", b"Japan welcomed NATO's engagement in Asia on Tuesday.")])
    assert r.status_code in (200, 422)  # type: ignore[attr-defined]
    names = {a["file_name"] for a in client.get("/api/articles", params={"limit": 500}).json()["items"]}
    assert not any("\\" in n or "/" in n or ":" in n for n in names)


def test_upload_types_and_sizes_are_limited(client: TestClient) -> None:
    r = _upload(client, [("a.pdf", b"%PDF-1.4")])
    assert r.status_code == 415  # type: ignore[attr-defined]
    r = _upload(client, [("a.txt", b"\x00\x01binary" * 10)])
    assert r.status_code == 415  # type: ignore[attr-defined]
    r = _upload(client, [("big.txt", b"a" * (64 * 1024 + 1))])
    assert r.status_code == 413  # type: ignore[attr-defined]
    r = _upload(client, [(f"f{i}.txt", b"text") for i in range(4)])
    assert r.status_code == 413  # type: ignore[attr-defined]
    r = client.post("/api/ingest", content=b"x" * (64 * 1024 * 3 + 10),
                    headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "multipart/form-data; boundary=x"})
    assert r.status_code == 413 and "body" in r.json()["error"]


def test_upload_with_the_token_ingests(client: TestClient, seeds_dir: Path) -> None:
    before = _counts(client)
    text = ("BEIJING, March 3, 2025 (Wire) -- China on Monday condemned NATO for expanding into Asia, "
            "the foreign ministry said.\n\nSpokesperson Mao Ning said NATO should \"stop its provocations\".\n")
    r = _upload(client, [("fresh_upload.txt", text.encode())])
    assert r.status_code == 200, r.text  # type: ignore[attr-defined]
    summary = r.json()  # type: ignore[attr-defined]
    assert summary["files"] == 1 and summary["stored"] + len(summary["failures"]) == 1
    after = _counts(client)
    assert after["documents"] == before["documents"] + summary["stored"]
    again = _upload(client, [("fresh_upload.txt", text.encode())]).json()  # type: ignore[attr-defined]
    assert again["stored"] == 0 and _counts(client)["documents"] == after["documents"]


def test_foreign_host_headers_are_refused_on_loopback(seeds_db: Path) -> None:
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1 would send its own name as Host
    app = create_app(seeds_db, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1") as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"Host": "evil.example"}).status_code == 400
