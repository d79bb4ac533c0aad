"""Place mentions and event places on the seeds and the PETRARCH-2 validation sentences.

    .venv/bin/python benchmarks/eval_places.py [--corpus seeds|petr2|all]

Prints every place mention with its resolution (for checking by hand: the gazetteer is offline and has no
gold here), then the share of mentions resolved at all and the share of events with a place, by method and
level. Each PETR2 `<Text>` is coded alone, with no dateline.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SEEDS = ROOT.parent / "shared" / "seeds"
PETR2 = ROOT.parent / "shared" / "eval" / "petr2" / "PETR2_GSR_validation.xml"


def articles(corpus: str) -> list[tuple[str, object]]:
    from eventwire.pipeline import Resources, process, process_text
    from eventwire.records import Article
    from eventwire.settings import Settings
    from eventwire.stages.load import read_document

    res = Resources(Settings())
    out: list[tuple[str, object]] = []
    if corpus in ("seeds", "all"):
        for p in sorted(SEEDS.iterdir()):
            out.append((p.name[:3], process(Article(raw=read_document(p, 1 << 24)), res)))
    if corpus in ("petr2", "all"):
        texts = re.findall(r"<Text>(.*?)</Text>", PETR2.read_text(encoding="utf-8"), re.S)
        for i, t in enumerate(texts):
            out.append((f"p{i:03d}", process_text(" ".join(t.split()), res)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", choices=("seeds", "petr2", "all"), default="all")
    args = ap.parse_args()
    mentions = resolved = 0
    events: Counter[str] = Counter()
    for name, art in articles(args.corpus):
        for t in art.places:  # type: ignore[attr-defined]
            mentions += 1
            resolved += t.place is not None
            where = f"{t.place.full_name} [{t.place.level} {t.place.geonameid}]" if t.place else "-"
            print(f"{name}\t{t.source}\t{t.text}\t{where}")
        for e in art.events:  # type: ignore[attr-defined]
            events[f"{e.place_method}/{e.place.level}" if e.place else "none"] += 1
    n = sum(events.values())
    print(f"\nplace mentions: {mentions}, resolved: {resolved} ({resolved / max(mentions, 1):.1%})")
    print(f"events: {n}")
    for k, v in sorted(events.items()):
        print(f"  {k:20s} {v:4d}  {v / max(n, 1):.1%}")


if __name__ == "__main__":
    main()
