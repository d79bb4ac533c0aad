"""Refusals: SQL injection in every filter, path traversal, oversized or odd uploads, missing or wrong tokens."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

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
        r = client.get("/api/mentions", params={name: attack})
        # free-text filters take it as text to look for (and find nothing); coded ones refuse it
        assert r.status_code == 422 or (r.status_code == 200 and r.json()["total"] == 0), (name, attack, r.text)
        for path in ("/api/timeline", "/api/network"):
            assert client.get(path, params={name: attack}).status_code in (200, 422)
    assert _counts(client) == before


@pytest.mark.parametrize("url", ["/api/quotes?speaker=CHN'--", "/api/quotes?doc=' OR 1=1", "/api/articles?outlet='--",
                                 "/api/mentions/05eec6beceec64d1' OR '1'='1/0", "/api/articles/..%2f..%2fetc%2fpasswd"])
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


# --- the server listens on loopback unless told otherwise ---------------------------------------------------

def test_serve_binds_loopback_by_default(seeds_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from eventwire.cli import app as cli

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(cli, ["serve", "--db", str(seeds_db)])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["host"] == "127.0.0.1"
    # and the help says so, for whoever reads it before starting the server
    assert "127.0.0.1" in CliRunner().invoke(cli, ["serve", "--help"], terminal_width=200).output


# --- the token is compared in constant time ---------------------------------------------------------------

def test_token_is_compared_with_compare_digest(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import hmac

    from eventwire.web import ingest

    seen: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(ingest.hmac, "compare_digest", spy)
    r = _upload(client, [("a.txt", b"text")], "not-the-token-at-all")
    assert r.status_code == 403  # type: ignore[attr-defined]
    assert seen == [(b"not-the-token-at-all", TOKEN.encode())]


def test_token_in_other_places_is_not_accepted(client: TestClient) -> None:
    files = [("files", ("a.txt", b"China criticised NATO.", "text/plain"))]
    for headers in ({"Authorization": f"Basic {TOKEN}"}, {"Authorization": f"bearer{TOKEN}"}, {"X-Token": TOKEN},
                    {"Cookie": f"token={TOKEN}"}):
        assert client.post("/api/ingest", files=files, headers=headers).status_code == 401, headers
    assert client.post(f"/api/ingest?token={TOKEN}", files=files).status_code == 401


# --- uploads: the bytes decide the type, not the name -------------------------------------------------------

BINARIES = {"png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
            "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"word/document.xml",
            "elf": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64,
            "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\xff" * 32,
            "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
            "gzip": b"\x1f\x8b\x08\x00" + b"\x03" * 64,
            "controls": bytes(range(1, 32)) * 4}


@pytest.mark.parametrize("kind", sorted(BINARIES))
@pytest.mark.parametrize("name", ["capture.txt", "capture.html"])
def test_binary_content_under_a_text_name_is_refused(client: TestClient, writable_db: Path, kind: str,
                                                     name: str) -> None:
    before = _counts(client)
    r = _upload(client, [(name, BINARIES[kind])])
    assert r.status_code == 415, r.text  # type: ignore[attr-defined]
    assert "send plain text or HTML" in r.json()["error"]  # type: ignore[attr-defined]
    assert _counts(client) == before


@pytest.mark.parametrize("name", ["setup.exe", "a.zip", "photo.png", "run.sh", "page.php", "a.txt.exe", "noext"])
def test_disallowed_names_are_refused(client: TestClient, name: str) -> None:
    r = _upload(client, [(name, b"China criticised NATO on Monday.")])
    assert r.status_code in (415, 422), r.text  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", [b"\xef\xbb\xbfBEIJING -- China said.", "café déjà".encode("cp1252"),
                                  b"<!doctype html><html><body><p>Hi</p></body></html>", b"Line\r\nfeed\tand\x0c"])
def test_text_and_html_pass_the_sniffer(text: bytes) -> None:
    from eventwire.web.ingest import sniff_binary

    assert sniff_binary(text) is None


# --- nothing named by a request touches the file system outside a private temp folder ----------------------

HOSTILE_NAMES = ["../../etc/passwd", "../../../tmp/eventwire-pwned.txt", "/tmp/eventwire-pwned.txt",
                 "/etc/passwd", "x.txt\x00../../pwned", "..", ".", "~/.bashrc", "%2e%2e%2fpwned.txt",
                 "a.txt/../../pwned.txt", "CON.txt/../x"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_upload_names_never_reach_the_file_system(client: TestClient, name: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    # every temp folder the upload makes goes under tmp_path, so anything written elsewhere is a leak
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *a: object, **kw: object) -> object:
        opened.append(str(self))
        return real_open(self, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    before = set(Path("/tmp").iterdir())
    r = _upload(client, [(name, b"root:x:0:0:root:/root:/bin/bash\n")])
    assert r.status_code in (415, 422), r.text  # type: ignore[attr-defined]
    assert "root:x:0:0" not in r.text  # type: ignore[attr-defined]
    assert all(p.startswith(str(tmp_path)) for p in opened), opened
    assert not Path("/tmp/eventwire-pwned.txt").exists()
    assert {p for p in Path("/tmp").iterdir() if "pwned" in p.name} <= before
    assert list(tmp_path.iterdir()) == []  # and the private folder is gone


@pytest.mark.parametrize("url", ["/api/articles/%2fetc%2fpasswd", "/api/articles/..%2F..%2F..%2Fetc%2Fpasswd",
                                 "/api/mentions/%00/0", "/static/%00", "/static/..%5c..%5capp.py",
                                 "/static/%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/api/../../etc/passwd"])
def test_request_paths_never_read_files(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (400, 404, 422), (url, r.status_code)
    assert "root:" not in r.text and "import" not in r.text


# --- every query parameter of every GET route refuses SQL --------------------------------------------------

def _get_parameters(c: TestClient) -> list[tuple[str, str, str]]:
    """(path, parameter, where) for every GET route in the schema, so a new filter is covered when added."""
    out = []
    for path, ops in c.get("/openapi.json").json()["paths"].items():
        for param in ops.get("get", {}).get("parameters", []):
            out.append((path, param["name"], param["in"]))
    return out


def test_every_filter_is_in_the_injection_list(client: TestClient) -> None:
    event_params = {name for path, name, where in _get_parameters(client) if path == "/api/mentions"}
    assert event_params - {"limit", "offset", "order"} == set(FILTERS)


def test_sql_injection_in_every_parameter_of_every_route(client: TestClient) -> None:
    before = _counts(client)
    for path, name, where in _get_parameters(client):
        for attack in INJECTIONS:
            if where == "path":
                url = path.replace("{doc_id}", "05eec6beceec64d1").replace("{idx}", "0").replace(
                    "{" + name + "}", quote(attack, safe=""))
                r = client.get(url)
            else:
                r = client.get(path, params={name: attack})
            assert r.status_code in (404, 422) or (r.status_code == 200 and r.json().get("total", 0) == 0), \
                (path, name, attack, r.status_code, r.text[:200])
    assert _counts(client) == before


# --- every response carries the Content-Security-Policy ----------------------------------------------------

def _has_security_headers(r: object) -> None:
    from eventwire.web.app import CSP, HEADERS

    headers = r.headers  # type: ignore[attr-defined]
    assert headers.get("content-security-policy") == CSP, (r, dict(headers))
    assert all(headers.get(k) == v for k, v in HEADERS.items())


def _every_url(c: TestClient) -> list[str]:
    from eventwire.web.app import STATIC

    urls = ["/", "/openapi.json", "/api/mentions?limit=1"]
    event_id = c.get("/api/events", params={"limit": 1}).json()["items"][0]["event_id"]
    for path, ops in c.get("/openapi.json").json()["paths"].items():
        if "get" in ops:
            urls.append(path.replace("{doc_id}", "224396841a3027ae").replace("{idx}", "0")
                        .replace("{event_id}", event_id))
    urls += [f"/static/{p.name}" for p in STATIC.iterdir() if p.is_file()]
    return urls


def test_every_route_and_static_file_sends_the_csp(client: TestClient) -> None:
    for url in _every_url(client):
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        _has_security_headers(r)


@pytest.mark.parametrize(("method", "url", "status"), [
    ("GET", "/nowhere", 404), ("GET", "/static/missing.js", 404), ("GET", "/api/articles/0000000000000000", 404),
    ("GET", "/api/mentions?limit=0", 422), ("GET", "/api/mentions?since=2025-02-01&until=2025-01-01", 422),
    ("DELETE", "/api/mentions", 405), ("GET", "/api/ingest", 405), ("POST", "/api/ingest", 401)])
def test_errors_send_the_csp(client: TestClient, method: str, url: str, status: int) -> None:
    r = client.request(method, url)
    assert r.status_code == status, r.text
    _has_security_headers(r)


def test_refused_uploads_send_the_csp(client: TestClient) -> None:
    for files, token in (([("a.txt", b"x")], "wrong"), ([("a.pdf", b"%PDF-1")], TOKEN), ([("../a.txt", b"x")], TOKEN)):
        r = _upload(client, files, token)
        assert r.status_code in (403, 415, 422)  # type: ignore[attr-defined]
        _has_security_headers(r)


def test_server_errors_and_foreign_hosts_send_the_csp(seeds_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire import reads

    def broken(*_: object) -> None:
        raise RuntimeError("/secret/path in SELECT")

    monkeypatch.setattr(reads, "actors", broken)
    app = create_app(seeds_db, allowed_hosts=["testserver"])
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/actors")
        assert r.status_code == 500 and "secret" not in r.text
        _has_security_headers(r)
        r = c.get("/api/health", headers={"Host": "evil.example"})
        assert r.status_code == 400
        _has_security_headers(r)
    with TestClient(create_app(seeds_db.parent / "missing.duckdb")) as c:
        r = c.get("/api/health")
        assert r.status_code == 503
        _has_security_headers(r)


def test_upload_of_unknown_length_is_refused_before_reading(client: TestClient) -> None:
    sent: list[int] = []

    def body() -> Iterator[bytes]:
        for _ in range(1000):
            sent.append(1)
            yield b"x" * 65536

    r = client.post("/api/ingest", content=body(), headers={"Authorization": f"Bearer {TOKEN}",
                                                           "Content-Type": "multipart/form-data; boundary=x"})
    assert r.status_code == 411 and "Content-Length" in r.json()["error"]
    assert len(sent) < 1000  # refused from the headers, not after the 64 MB had been read


def test_reliability_record_names_real_tests() -> None:
    import re

    root = Path(__file__).resolve().parents[1]
    record = (root / "docs" / "reliability.md").read_text(encoding="utf-8")
    cited = re.findall(r"`(tests/[\w/]+\.py)::(test_\w+)", record)
    assert len(cited) > 20
    for path, name in cited:
        source = root / path
        assert source.exists() and f"def {name}(" in source.read_text(encoding="utf-8"), f"{path}::{name}"
    assert "0 crashes, 0 lost rows and 0 duplicated rows" in record
