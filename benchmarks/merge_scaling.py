"""Merge time for 10k and 100k synthetic event mentions, all at once and as ten daily increments.

    .venv/bin/python benchmarks/merge_scaling.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

import synthetic  # benchmarks/synthetic.py, beside this script
from eventwire.merge import events
from eventwire.store import db as store


def run(n: int, folder: Path) -> None:
    con = store.connect(folder / f"merge{n}.duckdb")
    truth = synthetic.generate(con, n)
    t0 = time.perf_counter()
    linked = events.update(con)
    batch = time.perf_counter() - t0
    pred = {(d, i): e for d, i, e in con.execute("SELECT doc_id, idx, event_id FROM event_links").fetchall()}
    p, r, f = b_cubed(pred, truth)
    n_events = con.execute("SELECT count(*) FROM merged_events").fetchall()[0][0]
    # incremental: one more "day" of news (1% more mentions) on top of the merged store
    extra = max(n // 100, 1)
    synthetic.generate(con, extra, seed=1, prefix="new")
    t0 = time.perf_counter()
    events.update(con)
    inc = time.perf_counter() - t0
    con.close()
    print(f"{n:>7} mentions: merged in {batch:6.2f} s ({linked / batch:,.0f} mentions/s) -> "
          f"{n_events} events (true {len(set(truth.values()))}; B3 P {p:.3f} R {r:.3f} F1 {f:.3f}); "
          f"+{extra} new mentions merged in {inc:.2f} s")


def b_cubed(pred: dict[tuple[str, int], str], gold: dict[tuple[str, int], int]) -> tuple[float, float, float]:
    """B3 over mentions from cluster-size counts (linear, unlike the pairwise definition)."""
    both = Counter((pred[k], gold[k]) for k in gold)
    psize, gsize = Counter(pred[k] for k in gold), Counter(gold.values())
    p = sum(n * n / psize[pe] for (pe, _), n in both.items()) / len(gold)
    r = sum(n * n / gsize[ge] for (_, ge), n in both.items()) / len(gold)
    return p, r, 2 * p * r / (p + r)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            run(n, Path(tmp))


if __name__ == "__main__":
    main()
