"""Ingest throughput and peak memory: prints figures, asserts nothing (timing goals live here, not in tests).

    .venv/bin/python benchmarks/throughput.py --corpus ../shared/seeds --repeat 400 --json

`--repeat N` makes N variants of every file in the corpus (a marker line makes each copy's content, and so
its document id, unique) so a few seeds become a corpus of thousands of documents.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def make_corpus(src: Path, repeat: int, out: Path) -> list[Path]:
    files = sorted(p for p in src.rglob("*") if p.is_file())
    made = []
    for i in range(repeat):
        for f in files:
            dst = out / f"{i:05d}_{f.name}"
            data = f.read_bytes()
            dst.write_bytes(data + f"\n\nCopy {i} of this page.\n".encode())
            made.append(dst)
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from eventwire import service
    from eventwire.store import db as store

    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        corpus = tmpd / "corpus"
        corpus.mkdir()
        files = make_corpus(args.corpus, args.repeat, corpus) if args.repeat > 1 else None
        db = tmpd / "bench.duckdb"
        t0 = time.perf_counter()
        summary = service.ingest([corpus] if files else [args.corpus], db)
        seconds = time.perf_counter() - t0
        with store.connect(db, read_only=True) as con:
            texts = [r[0] for r in con.execute("SELECT text FROM articles").fetchall()]
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"documents": summary.files, "articles": summary.stored, "failures": len(summary.failures),
           "events": summary.events, "quotes": summary.quotes, "words": words, "seconds": round(seconds, 2),
           "articles_per_s": round(summary.stored / seconds, 2) if seconds else None,
           "words_per_s": round(words / seconds, 1) if seconds else None, "peak_rss_mb": round(peak_mb, 1)}
    print(json.dumps(out) if args.json else "\n".join(f"{k:16} {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
