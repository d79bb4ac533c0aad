"""Ingest throughput and peak memory: prints figures, asserts nothing (timing goals live here, not in tests).

    .venv/bin/python benchmarks/throughput.py --corpus ../shared/seeds --repeat 200 --workers 2 --json
    .venv/bin/python benchmarks/make_captures.py /tmp/wcxb-captures   # WCXB dev pages as plain-text captures
    .venv/bin/python benchmarks/throughput.py --corpus /tmp/wcxb-captures --engine dask --workers 2 --json

`--repeat N` makes N variants of every file in the corpus (a marker line makes each copy's content, and so its
document id, unique), so a few seeds become a corpus of thousands of documents.

Figures: `words` are clean-text words (\\w+) of the stored articles; `words_per_s_per_core` divides by the
cores used (min(workers, CPUs)); `spacy_ratio` is the ingest's core-seconds over the seconds bare `nlp.pipe`
takes, in one process with the same model, on the same clean texts (measured on a sample of `--baseline-docs`
articles and scaled by words); `peak_rss_mb` is the largest resident set of any one process (driver or worker),
sampled every 0.2 s over the process tree; `driver_cpu_s` is the CPU time of the driver process itself (reading
files, committing to DuckDB, and with Dask's local cluster, the scheduler), which competes with the workers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def make_corpus(src: Path, repeat: int, out: Path) -> None:
    files = sorted(p for p in src.rglob("*") if p.is_file())
    for i in range(repeat):
        for f in files:
            (out / f"{i:05d}_{f.name}").write_bytes(f.read_bytes() + f"\n\nCopy {i} of this page.\n".encode())


class RssSampler(threading.Thread):
    """Peak RSS per process over this process and all its descendants (local workers, Dask nannies/workers)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.me = psutil.Process()
        self.driver = 0
        self.worker = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            self.sample()

    def sample(self) -> None:
        self.driver = max(self.driver, self.me.memory_info().rss)
        for child in self.me.children(recursive=True):
            try:
                self.worker = max(self.worker, child.memory_info().rss)
            except psutil.Error:
                continue


def bare_spacy_seconds(db: Path, sample: int) -> tuple[float, int]:
    """Seconds bare nlp.pipe takes on `sample` stored clean texts, and their words."""
    from eventwire.stages import nlp
    from eventwire.store import db as store

    with store.connect(db, read_only=True) as con:
        texts = [r[0] for r in con.execute("SELECT text FROM articles ORDER BY doc_id LIMIT ?", [sample]).fetchall()]
    model = nlp.load_model()
    t0 = time.perf_counter()
    for _ in model.pipe(texts):
        pass
    return time.perf_counter() - t0, sum(len(re.findall(r"\w+", t)) for t in texts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--engine", choices=("local", "dask"), default="local")
    ap.add_argument("--batch", type=int, help="documents per batch (default: the batch_docs setting)")
    ap.add_argument("--parse-all", action="store_true", help="parse every paragraph (no gate)")
    ap.add_argument("--coder-model", default="", help="event model folder; 'none' codes with the lexicon rules "
                    "alone (run both to see the coder's share of the time)")
    ap.add_argument("--baseline-docs", type=int, default=300, help="articles the bare-spaCy baseline parses")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from eventwire import service
    from eventwire.engine.driver import EngineOptions
    from eventwire.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        corpus = args.corpus
        if args.repeat > 1:
            corpus = tmpd / "corpus"
            corpus.mkdir()
            make_corpus(args.corpus, args.repeat, corpus)
        db = tmpd / "bench.duckdb"
        sampler = RssSampler()
        sampler.start()
        t0 = time.perf_counter()
        settings = Settings(db=db, parse_all=args.parse_all, coder_model=args.coder_model,
                            **({"batch_docs": args.batch} if args.batch else {}))
        summary = service.ingest([corpus], db, settings, engine=EngineOptions(engine=args.engine, workers=args.workers))
        seconds = time.perf_counter() - t0
        driver_cpu = sum(psutil.Process().cpu_times()[:2])
        sampler.stop.set()
        sampler.sample()
        base_s, base_words = bare_spacy_seconds(db, args.baseline_docs)
    cores = min(args.workers, os.cpu_count() or 1)
    bare_total = base_s * summary.words / base_words if base_words else 0.0
    out = {"engine": args.engine, "workers": args.workers, "batch": settings.batch_docs, "parse_all": args.parse_all,
           "coder_model": args.coder_model or "bundled",
           "documents": summary.files, "articles": summary.stored,
           "failures": len(summary.failures), "events": summary.events, "quotes": summary.quotes,
           "words": summary.words, "seconds": round(seconds, 2),
           "articles_per_s": round(summary.stored / seconds, 2),
           "words_per_s": round(summary.words / seconds, 1),
           "words_per_s_per_core": round(summary.words / seconds / cores, 1),
           "bare_spacy_words_per_s": round(base_words / base_s, 1) if base_s else None,
           "spacy_ratio": round(seconds * cores / bare_total, 3) if bare_total else None,
           "driver_cpu_s": round(driver_cpu, 1),
           "peak_rss_mb": round(max(sampler.driver, sampler.worker) / 2**20, 1),
           "peak_rss_driver_mb": round(sampler.driver / 2**20, 1),
           "peak_rss_worker_mb": round(sampler.worker / 2**20, 1)}
    print(json.dumps(out) if args.json else "\n".join(f"{k:24} {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
