"""The ingest engine: the same rows from one process, N local processes and Dask; faults lose and duplicate
nothing. Real spaCy, real DuckDB, a real dask.distributed LocalCluster."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import COPIES
from dbrows import counts, table_rows
from eventwire import service
from eventwire.engine import parts
from eventwire.engine.driver import EngineOptions
from eventwire.engine.work import run_batch
from eventwire.settings import Settings
from eventwire.stages import load


def _settings(db: Path, batch: int = 2) -> Settings:
    return Settings(db=db, batch_docs=batch)


@pytest.mark.slow
def test_local_processes_store_the_same_rows(tmp_path: Path, corpus: Path, reference: dict) -> None:
    db = tmp_path / "pool.duckdb"
    summary = service.ingest([corpus], db, _settings(db), engine=EngineOptions(workers=2))
    assert summary.stored == 5 * COPIES
    assert table_rows(db) == reference
    again = service.ingest([corpus], db, _settings(db), engine=EngineOptions(workers=2))
    assert (again.stored, again.unchanged) == (0, 5 * COPIES)
    assert table_rows(db) == reference


@pytest.mark.slow
def test_dask_local_cluster_stores_the_same_rows(tmp_path: Path, corpus: Path, reference: dict) -> None:
    db = tmp_path / "dask.duckdb"
    summary = service.ingest([corpus], db, _settings(db), engine=EngineOptions(engine="dask", workers=2))
    assert summary.stored == 5 * COPIES and not summary.failures
    assert table_rows(db) == reference
    assert not any((tmp_path / "dask.duckdb.parts").iterdir()), "loaded partitions are removed"


@pytest.mark.slow
def test_local_cluster_workers_do_not_profile_their_tasks(tmp_path: Path) -> None:
    """The dashboard's statistical profiler sampled spaCy's deep stacks 100 times a second in every worker."""
    from eventwire.engine.dask_runner import DaskRunner

    runner = DaskRunner(_settings(tmp_path / "x.duckdb"), 1, None, str(tmp_path / "parts"))
    try:
        callbacks = runner.client.run(lambda dask_worker: sorted(dask_worker.periodic_callbacks))
    finally:
        runner.close()
    names = next(iter(callbacks.values()))
    assert "heartbeat" in names and "profile" not in names


@pytest.mark.slow
def test_the_driver_keeps_no_copy_of_the_batches_it_sent(tmp_path: Path, seeds_dir: Path) -> None:
    """dask.distributed's comms log their recent messages, and a task's message holds its documents' bytes:
    kept, the driver grew with every batch of a backfill."""
    from eventwire.engine.dask_runner import DaskRunner

    settings = _settings(tmp_path / "x.duckdb")
    runner = DaskRunner(settings, 1, None, str(tmp_path / "parts"))
    try:
        docs = [load.read_document(p, settings.max_bytes) for p in sorted(seeds_dir.iterdir())[:2]]
        runner.submit(docs)
        assert [r.key for r in runner.results(block=True)]
        assert runner.cluster is not None
        scheduler = runner.cluster.scheduler
        logs = [runner.client.scheduler_comm.recent_message_log,
                *(c.recent_message_log for c in (*scheduler.stream_comms.values(), *scheduler.client_comms.values()))]
    finally:
        runner.close()
    assert len(logs) == 3 and not any(logs)


@pytest.mark.slow
def test_dask_worker_killed_mid_run(tmp_path: Path, corpus: Path, reference: dict) -> None:
    from distributed import Client, LocalCluster

    db = tmp_path / "kill.duckdb"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        before = set(client.run(os.getpid).values())
        killed: list[int] = []

        def kill_one_worker(path: str, outcome: str) -> None:
            if not killed:  # the first batch is in: the other workers' batches are still running
                victim = sorted(before)[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        summary = service.ingest([corpus], db, _settings(db), progress=kill_one_worker,
                                 engine=EngineOptions(engine="dask", scheduler=cluster.scheduler_address))
        client.wait_for_workers(2, timeout=60)
        after = set(client.run(os.getpid).values())
    assert killed and killed[0] not in after, "the worker was killed and its nanny started another"
    assert summary.stored == 5 * COPIES and not summary.failures
    assert table_rows(db) == reference


def test_partitions_are_atomic_and_keyed_by_document_hashes(tmp_path: Path, seeds_dir: Path) -> None:
    docs = [load.read_document(p, 1 << 24) for p in sorted(seeds_dir.glob("*.txt"))[:2]]
    result = run_batch(docs, Settings(db=tmp_path / "x.duckdb"))
    folder = parts.write(tmp_path / "parts", result)
    assert folder.name == result.key
    again = run_batch(list(reversed(docs)), Settings(db=tmp_path / "x.duckdb"))
    assert again.key == result.key, "the same documents in any order make the same partition"
    assert parts.write(tmp_path / "parts", again) == folder
    back = parts.read(tmp_path / "parts", result.key)
    assert back.outcomes == result.outcomes
    assert {t: v.num_rows for t, v in back.tables.items()} == {t: v.num_rows for t, v in result.tables.items()}
    (tmp_path / "parts" / ".tmp-half-written").mkdir()
    assert list(parts.leftovers(tmp_path / "parts")) == [result.key]
    assert not (tmp_path / "parts" / ".tmp-half-written").exists()


def test_leftover_partitions_are_loaded_not_recoded(tmp_path: Path, seeds_dir: Path) -> None:
    """A run killed after its workers wrote partitions: the next run loads them and codes only the rest."""
    db = tmp_path / "left.duckdb"
    files = sorted(seeds_dir.glob("*.txt"))
    left = run_batch([load.read_document(p, 1 << 24) for p in files[:2]], Settings(db=db))
    parts.write(tmp_path / "left.duckdb.parts", left)
    summary = service.ingest(files, db, engine=EngineOptions(engine="local"))
    assert summary.recovered == 2
    assert (summary.unchanged, summary.stored) == (2, len(files) - 2)
    assert list(parts.leftovers(tmp_path / "left.duckdb.parts")) == []


def _stored(db: Path) -> int:
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return -1  # the ingest holds the file at this instant
    try:
        return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])  # type: ignore[index]
    except duckdb.Error:
        return -1
    finally:
        con.close()


def _kill_when_stored(proc: subprocess.Popen[bytes], db: Path, at_least: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and _stored(db) >= at_least:
            os.kill(proc.pid, signal.SIGKILL)  # the driver only, as the OOM killer would
            proc.wait()
            return _stored(db)
        time.sleep(0.05)
    raise AssertionError(f"ingest ended or stalled before storing {at_least} documents")


@pytest.mark.slow
def test_driver_sigkilled_then_rerun_finishes_the_rest(tmp_path: Path, corpus: Path, reference: dict) -> None:
    db = tmp_path / "sigkill.duckdb"
    cmd = [sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", str(db), "--engine", "dask",
           "--workers", "2", "--batch", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        done_before = _kill_when_stored(proc, db, at_least=4, timeout=240)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the orphaned local cluster
    assert 4 <= done_before < 5 * COPIES, done_before
    rerun = service.ingest([corpus], db, _settings(db), engine=EngineOptions(engine="dask", workers=2))
    assert rerun.unchanged >= done_before, "finished documents are not coded again"
    assert rerun.stored + rerun.unchanged == 5 * COPIES and not rerun.failures
    assert counts(table_rows(db)) == counts(reference)
    assert table_rows(db) == reference


@pytest.mark.slow
def test_summary_counts_every_outcome(tmp_path: Path, seeds_dir: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    first = sorted(seeds_dir.glob("*.txt"))[0]
    (folder / "a.txt").write_bytes(first.read_bytes())
    (folder / "copy.txt").write_bytes(first.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    db = tmp_path / "m.duckdb"
    s = service.ingest([folder], db, _settings(db, batch=1), engine=EngineOptions(workers=2))
    assert (s.files, s.stored, s.duplicates, len(s.failures)) == (3, 1, 1, 1)
    assert s.words > 100 and s.events > 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), max_size=12), st.integers(min_value=0, max_value=4))
def test_the_last_batches_are_cut_in_half_and_nothing_is_lost(sizes: list[int], ahead: int) -> None:
    from eventwire.engine.driver import _small_tail

    n = iter(range(1000))
    batches = [([next(n) for _ in range(k)], [f"early{k}"]) for k in sizes]
    out = list(_small_tail(iter(batches), ahead))  # type: ignore[arg-type]
    assert [d for docs, _ in out for d in docs] == [d for docs, _ in batches for d in docs]
    assert [e for _, early in out for e in early] == [e for _, early in batches for e in early]
    kept = max(len(batches) - ahead, 0)
    assert out[:kept] == batches[:kept], "all but the last `ahead` batches pass through unchanged"
    if ahead:
        assert all(len(docs) <= (max(sizes[kept:], default=0) + 1) // 2 for docs, _ in out[kept:])
