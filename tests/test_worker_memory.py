"""Dask starts workers with MALLOC_TRIM_THRESHOLD_ set, which made spaCy 15-17% slower there than in a plain
process; the worker plugin undoes it. Checked by its effect: page faults of repeated 1 MiB allocations."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # SIGKILL loops, clusters, fuzzing, browsers: `pytest -m slow`

PROBE = """
import resource, sys
import numpy as np
from eventwire.engine.dask_runner import undo_malloc_trim
undone = undo_malloc_trim() if sys.argv[1] == "undo" else False
for _ in range(50):
    np.ones(1 << 17)  # 1 MiB, freed at once
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(200):
    np.ones(1 << 17)
print(undone, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _probe(mode: str, trim: bool) -> tuple[bool, int]:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    if trim:
        env["MALLOC_TRIM_THRESHOLD_"] = "65536"
    out = subprocess.run([sys.executable, "-c", PROBE, mode], env=env, capture_output=True, text=True, check=True)
    undone, faults = out.stdout.split()
    return undone == "True", int(faults)


def test_a_trimmed_worker_faults_on_every_large_allocation_until_undone() -> None:
    _, trimmed = _probe("keep", trim=True)
    undone, fixed = _probe("undo", trim=True)
    assert trimmed > 200 * 100, "with the trim threshold set, every 1 MiB array is a fresh mmap"
    assert undone and fixed < trimmed / 20


def test_nothing_to_undo_without_the_variable() -> None:
    undone, faults = _probe("undo", trim=False)
    assert not undone
    assert faults < 200 * 100
