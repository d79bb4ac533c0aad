"""`--engine dask`: the same batches as Dask tasks on a dask.distributed cluster.

Reads: batches of RawDocuments (their bytes travel with the task, so workers need no access to the input).
Writes: one Parquet partition per batch under the parts folder (engine.parts), which every worker and the
driver must see (a shared file system on a real cluster); the driver loads each into DuckDB as it completes.
A worker that dies is replaced by its nanny and its tasks are re-run by the scheduler; partitions are keyed
by document hashes, so a re-run rewrites the same partition and nothing is stored twice.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, wait
from distributed.diagnostics.plugin import WorkerPlugin

from eventwire.engine import parts
from eventwire.engine.records import batch_key
from eventwire.engine.work import resources_for, run_batch
from eventwire.records import RawDocument
from eventwire.settings import Settings
from eventwire.store.results import BatchResult


class LoadModel(WorkerPlugin):
    """Loads the spaCy model and dictionaries when a worker starts, so the first task does not pay for it."""

    name = "eventwire-load-model"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def setup(self, worker: Any) -> None:
        undo_malloc_trim()
        resources_for(self.settings)


# Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536 so idle workers hand memory back to the OS.
# Setting it at all also fixes glibc's mmap threshold at 128 KiB: every larger array spaCy allocates is then a
# fresh mmap and page faults, and a batch took 15-17% more CPU in a worker than in a plain process (measured
# on 64 WCXB pages). Our workers' memory is flat by design (one batch at a time), so trimming buys nothing.
_MMAP_THRESHOLD = 32 << 20  # glibc's own ceiling for its dynamic threshold on 64-bit
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # mallopt parameters, from <malloc.h>


def undo_malloc_trim() -> bool:
    """Give a worker started with MALLOC_TRIM_THRESHOLD_ glibc's fast thresholds back; True if it did."""
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to undo
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, _MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, 2 * _MMAP_THRESHOLD))


# Each worker's event loop samples the task thread's stack 100 times a second for the dashboard's profile, and
# polls its own memory, CPU and disk counters every 100-500 ms. spaCy's stacks are deep, so on the seeds that took
# about 8% of a core per worker (py-spy), CPU the two workers of a 2-core machine take from each other. We show
# no dashboard; the memory monitor still runs, often enough to catch a worker that outgrows its limit.
LOCAL_CLUSTER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.tick.interval": "500ms",
    "distributed.worker.memory.monitor-interval": "500ms",
}

# Each comm of the driver (the client's, and the local scheduler's to each worker) keeps its last
# `low-level-log-length` (1,000) messages under 1 MB for debugging, and a task's message carries its
# documents: the driver grew by every batch it sent, 56 MB over 10,000 seed copies (a dask.distributed
# loop of 300 KB tasks: 160 -> 413 MB over 600 tasks; flat with the log off). Nothing reads those logs.
DRIVER_CONFIG = {"distributed.admin.low-level-log-length": 0}


def write_partition(docs: list[RawDocument], settings: Settings, parts_dir: str) -> str:
    """The task: run the batch, leave its partition, return its key (small; the rows stay on disk)."""
    result = run_batch(docs, settings)
    parts.write(Path(parts_dir), result)
    return result.key


class DaskRunner:
    def __init__(self, settings: Settings, workers: int, scheduler: str | None, parts_dir: str) -> None:
        self.settings = settings
        self.parts = Path(parts_dir)
        self.parts.mkdir(parents=True, exist_ok=True)
        self.cluster: LocalCluster | None = None
        # for the runner's life: a worker that replaces a killed one opens a new comm to the local scheduler
        self._driver_config = dask.config.set(DRIVER_CONFIG)
        if scheduler:
            self.client = Client(scheduler)
        else:
            # one thread per worker process: spaCy holds the GIL, so threads would only share a core
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self.cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        self.client.register_plugin(LoadModel(settings))
        n = len(self.client.scheduler_info().get("workers", {})) or max(workers, 1)
        self.capacity = 2 * n
        self._futures: dict[Future, str] = {}

    def submit(self, docs: list[RawDocument]) -> None:
        key = batch_key(docs)
        with warnings.catch_warnings():
            # the documents' bytes are the task's argument by design (workers need not see the input files)
            warnings.simplefilter("ignore", UserWarning)
            fut = self.client.submit(write_partition, docs, self.settings, str(self.parts),
                                     key=f"eventwire-batch-{key}", pure=False, retries=3)
        self._futures[fut] = key

    def in_flight(self) -> int:
        return len(self._futures)

    def results(self, block: bool) -> Iterator[BatchResult]:
        if not self._futures:
            return
        # distributed.wait works on the process's default client; another client in this process (a caller's
        # own, or a notebook's) runs another event loop, and our futures' events cannot be awaited there
        with self.client.as_current():
            if block:
                wait(list(self._futures), timeout=None, return_when="FIRST_COMPLETED")
            done = [f for f in self._futures if f.done()]
            for fut in done:
                key = self._futures.pop(fut)
                fut.result()  # a task that failed for good raises here, with the worker's traceback
                fut.release()
                yield parts.read(self.parts, key)

    def committed(self, key: str) -> None:
        parts.remove(self.parts, key)

    def close(self) -> None:
        try:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()
        finally:
            self._driver_config.__exit__(None, None, None)
