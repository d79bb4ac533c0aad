""".ci/audit.py, the CI's pip-audit step, against a local OSV-compatible server (the real one is out of reach).

The server is real HTTP on loopback speaking OSV's query API; pip-audit itself runs unmodified."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "audit.py"
VULN = {"id": "GHSA-test-0000-0001", "summary": "made-up hole for the test", "aliases": ["CVE-2099-0001"],
        "affected": [{"package": {"name": "duckdb", "ecosystem": "PyPI"},
                      "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}]}]}


class FakeOSV(BaseHTTPRequestHandler):
    vulnerable: ClassVar[set[str]] = set()
    asked: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        name = query["package"]["name"]
        type(self).asked.append(name)
        body = json.dumps({"vulns": [VULN]} if name in self.vulnerable else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def osv() -> Iterator[str]:
    FakeOSV.vulnerable, FakeOSV.asked = set(), []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOSV)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    server.shutdown()
    server.server_close()


def audit(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    ignore = tmp_path / "ignore.txt"
    if not ignore.exists():
        ignore.write_text("# nothing\n")
    # only the OSV service given here: the test must not depend on what this machine can reach
    full = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_AUDIT")}
    full |= {"EVENTWIRE_AUDIT_SERVICES": "osv", "EVENTWIRE_AUDIT_IGNORE": str(ignore), **env}
    return subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, env=full, timeout=300)


def test_clean_pins_pass_and_every_pin_is_asked_about(osv: str, tmp_path: Path) -> None:
    done = audit(tmp_path, EVENTWIRE_OSV_URL=osv)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no known vulnerabilities (osv)" in done.stdout
    assert {"duckdb", "fastapi", "python-multipart", "starlette", "uvicorn"} <= set(FakeOSV.asked)


def test_a_known_vulnerability_fails_ci(osv: str, tmp_path: Path) -> None:
    FakeOSV.vulnerable = {"duckdb"}
    done = audit(tmp_path, EVENTWIRE_OSV_URL=osv)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "VULNERABLE duckdb==" in done.stdout and "GHSA-test-0000-0001" in done.stdout


def test_an_ignored_vulnerability_needs_a_reason(osv: str, tmp_path: Path) -> None:
    FakeOSV.vulnerable = {"duckdb"}
    (tmp_path / "ignore.txt").write_text("GHSA-test-0000-0001  # we never open remote files with DuckDB\n")
    assert audit(tmp_path, EVENTWIRE_OSV_URL=osv).returncode == 0
    (tmp_path / "ignore.txt").write_text("GHSA-test-0000-0001\n")
    done = audit(tmp_path, EVENTWIRE_OSV_URL=osv)
    assert done.returncode == 1 and "needs a reason" in done.stderr


def test_no_reachable_service_is_reported_not_failed(tmp_path: Path) -> None:
    unreachable = "http://127.0.0.1:9/v1/query"  # the discard port: nothing listens
    done = audit(tmp_path, EVENTWIRE_OSV_URL=unreachable)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "NOT RUN" in done.stderr and "127.0.0.1:9" in done.stderr
    required = audit(tmp_path, EVENTWIRE_OSV_URL=unreachable, EVENTWIRE_AUDIT_REQUIRED="1")
    assert required.returncode == 1


def test_ci_runs_the_audit_and_keeps_the_readme_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert ".ci/audit.py" in ci
    readme_cmd = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest -q"
    assert readme_cmd in ci and readme_cmd in (ROOT / "README.md").read_text()
