"""Quality gate for the quotes stage, in the style of tests/test_eval_gate_extraction.py.

Scores the first 30 PolNeAR dev articles (sorted by name) with benchmarks/eval_quotes.py and fails when a score
falls below its floor. Floors sit a little under the measured scores; when a change improves a score, raise its
floor, never lower one to make a change pass.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "eval" / "polnear-dev"
ARTICLES = 30

# measured on this subset: precision 0.918, direct 0.932, recall 0.908, speaker 0.834 (all 84: 0.938 / 0.915 /
# 0.912 / 0.831)
FLOORS = {"precision": 0.90, "direct_precision": 0.91, "recall": 0.89, "speaker_accuracy": 0.81}


def _load_benchmark() -> ModuleType:
    path = ROOT / "benchmarks" / "eval_quotes.py"
    spec = importlib.util.spec_from_file_location("eval_quotes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_quotes"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def summary() -> dict[str, Any]:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} not found: the shared eval data sits beside the repository")
    from eventwire.pipeline import Resources
    from eventwire.settings import Settings

    bench = _load_benchmark()
    res = Resources(Settings())
    names = sorted(p.stem for p in (CORPUS / "text").glob("*.txt"))[:ARTICLES]
    return dict(bench.summarise([bench.score_article(n, res) for n in names]))


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_floor(summary: dict[str, Any], key: str) -> None:
    assert summary["articles"] == ARTICLES
    assert summary[key] >= FLOORS[key], f"{key} = {summary[key]:.4f} fell below its floor {FLOORS[key]}"
