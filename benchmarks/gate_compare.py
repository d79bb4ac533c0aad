"""What the parse gate changes: every stage over the same files with and without it (`parse_all`).

    .venv/bin/python benchmarks/gate_compare.py --corpus ../shared/seeds
    .venv/bin/python benchmarks/gate_compare.py --corpus /tmp/wcxb-captures --limit 150

Prints the seconds and words/s of each, then how many documents differ in events, quotes, actor mentions,
places and sentences, and the place mentions only the full parse found (text, and the place it resolved to).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.errors import InputRejected  # noqa: E402
from eventwire.pipeline import Resources, process  # noqa: E402
from eventwire.records import Article  # noqa: E402
from eventwire.settings import Settings  # noqa: E402
from eventwire.stages import load  # noqa: E402

_WORD = re.compile(r"\w+")


def code_all(files: list[Path], parse_all: bool) -> tuple[list[Article | None], float, int]:
    res = Resources(Settings(db=Path("unused.duckdb"), parse_all=parse_all))
    process(Article(raw=load.read_document(files[0], 1 << 24)), res)  # load the model and dictionaries
    out: list[Article | None] = []
    words = 0
    t0 = time.perf_counter()
    for f in files:
        try:
            art = process(Article(raw=load.read_document(f, 1 << 24)), res)
        except InputRejected:
            out.append(None)
            continue
        assert art.extracted is not None
        words += len(_WORD.findall(art.extracted.text))
        out.append(art)
    return out, time.perf_counter() - t0, words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file())
    files = files[: args.limit] if args.limit else files
    full, s_full, words = code_all(files, parse_all=True)
    gated, s_gated, _ = code_all(files, parse_all=False)
    print(f"parse_all: {s_full:.1f} s, {words / s_full:.0f} words/s; gated: {s_gated:.1f} s, "
          f"{words / s_gated:.0f} words/s ({s_full / s_gated:.2f}x), {words} words")
    differ: Counter[str] = Counter()
    lost: Counter[tuple[str, str | None]] = Counter()
    for a, b in zip(full, gated, strict=True):
        if a is None or b is None:
            continue
        for name in ("events", "quotes", "mentions", "places", "sentences"):
            differ[name] += getattr(a, name) != getattr(b, name)
        kept = {(p.start, p.text) for p in b.places}
        lost.update((p.text, p.place.name if p.place else None) for p in a.places if (p.start, p.text) not in kept)
    print("documents differing:", dict(differ), "of", sum(a is not None for a in full))
    print("places only the full parse found (text, resolved to):", lost.most_common(20))


if __name__ == "__main__":
    main()
