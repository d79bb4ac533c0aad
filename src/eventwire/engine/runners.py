"""Where batches run: in this process, in local worker processes, or on Dask.

Reads: batches of RawDocuments from the driver. Writes: BatchResults back to it, in completion order.
Each runner keeps a bounded number of batches in flight (`capacity`), so memory stays flat however large the
corpus: the driver reads the next files only when a slot is free.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from collections.abc import Iterator
from typing import Protocol

from eventwire.engine.work import resources_for, run_batch
from eventwire.records import RawDocument
from eventwire.settings import Settings
from eventwire.store.results import BatchResult


class Runner(Protocol):
    capacity: int

    def submit(self, docs: list[RawDocument]) -> None: ...

    def in_flight(self) -> int: ...

    def results(self, block: bool) -> Iterator[BatchResult]:
        """Finished batches; with `block`, wait until at least one is finished (if any is in flight)."""
        ...

    def committed(self, key: str) -> None:
        """The batch is in the database: whatever the runner kept for it can go."""
        ...

    def close(self) -> None: ...


class InlineRunner:
    """`--workers 1`: no pool, no pickling; each batch runs when submitted."""

    capacity = 1

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._done: list[BatchResult] = []

    def submit(self, docs: list[RawDocument]) -> None:
        self._done.append(run_batch(docs, self.settings))

    def in_flight(self) -> int:
        return len(self._done)

    def results(self, block: bool) -> Iterator[BatchResult]:
        while self._done:
            yield self._done.pop(0)

    def committed(self, key: str) -> None:
        pass

    def close(self) -> None:
        self._done.clear()


def _warm(settings: Settings) -> None:
    resources_for(settings)


class PoolRunner:
    """`--workers N`: N spawned processes, each loading the model once (in its initializer)."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.capacity = 2 * workers  # one batch running and one queued per worker keeps every core busy
        # spawn, not fork: the parent may hold DuckDB threads, and a forked copy of them is undefined
        self.pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=_warm, initargs=(settings,))
        self._futures: set[cf.Future[BatchResult]] = set()

    def submit(self, docs: list[RawDocument]) -> None:
        self._futures.add(self.pool.submit(run_batch, docs, self.settings))

    def in_flight(self) -> int:
        return len(self._futures)

    def results(self, block: bool) -> Iterator[BatchResult]:
        if not self._futures:
            return
        done, _ = cf.wait(self._futures, timeout=None if block else 0, return_when=cf.FIRST_COMPLETED)
        for fut in done:
            self._futures.discard(fut)
            yield fut.result()

    def committed(self, key: str) -> None:
        pass

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def make_runner(settings: Settings, engine: str, workers: int, scheduler: str | None, parts_dir: str) -> Runner:
    if engine == "dask":
        from eventwire.engine.dask_runner import DaskRunner  # distributed loads only when asked for

        return DaskRunner(settings, workers, scheduler, parts_dir)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
    if workers <= 1:
        return InlineRunner(settings)
    return PoolRunner(settings, workers)
