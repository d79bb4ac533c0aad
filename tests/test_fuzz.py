"""Runs the atheris fuzz target (fuzz/ingest_fuzz.py) for a bounded time: bytes through decode, clean and every
NLP stage must end in an article or an InputRejected, never another exception."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # SIGKILL loops, clusters, fuzzing, browsers: `pytest -m slow`

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "fuzz" / "ingest_fuzz.py"
# seconds of fuzzing in CI; EVENTWIRE_FUZZ_SECONDS lengthens a local run
SECONDS = int(os.environ.get("EVENTWIRE_FUZZ_SECONDS", "30"))

pytest.importorskip("atheris")


def _corpus(folder: Path, seeds_dir: Path) -> Path:
    """Starting inputs cut from the seeds: the head of each capture, and some of its lines as an HTML page."""
    folder.mkdir()
    for i, seed in enumerate(sorted(seeds_dir.glob("*.txt"))):
        data = seed.read_bytes()
        (folder / f"seed{i}.txt").write_bytes(data[:3000])
        lines = data.decode("utf-8").splitlines()[10:25]
        page = "<!doctype html><html><head><title>T</title></head><body>" + "".join(f"<p>{x}</p>" for x in lines)
        (folder / f"seed{i}.html").write_bytes((page + "</body></html>").encode("utf-8"))
    return folder


def test_fuzz_target_finds_no_crash(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", seeds_dir)
    args = [sys.executable, str(TARGET), str(corpus), f"-max_total_time={SECONDS}", "-max_len=4096",
            "-timeout=30", "-rss_limit_mb=3072", "-seed=1", f"-artifact_prefix={tmp_path}/", "-print_final_stats=1"]
    run = subprocess.run(args, capture_output=True, text=True, timeout=SECONDS + 120, cwd=tmp_path)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-6000:]
    assert "Done" in log and "stat::number_of_executed_units" in log, log[-3000:]
    executed = int(log.split("stat::number_of_executed_units:")[1].split()[0])
    assert executed >= 20, f"only {executed} inputs ran: the target is too slow to fuzz"
    assert not list(tmp_path.glob("crash-*")), "libFuzzer wrote a crash file"


def test_fuzz_target_reports_a_crash(tmp_path: Path) -> None:
    """The harness is live: an exception other than InputRejected makes it exit non-zero with the input."""
    probe = (f"import sys; sys.argv = ['x', '-runs=1', '-artifact_prefix={tmp_path}/']\n"
             f"sys.path.insert(0, {str(ROOT / 'fuzz')!r})\n"
             "import ingest_fuzz\n"
             "def boom(art, res):\n"
             "    if art.raw.data != b'China criticised NATO on Monday.': raise KeyError('planted')\n"
             "from eventwire import pipeline\n"
             "pipeline.STAGES = (pipeline.Stage('boom', (), (), boom),) + pipeline.STAGES\n"
             "ingest_fuzz.main()\n")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    log = run.stdout + run.stderr
    assert run.returncode != 0 and "KeyError: 'planted'" in log and "Uncaught Python exception" in log, log[-3000:]
    assert list(tmp_path.glob("crash-*")), "libFuzzer saved no crashing input"
