"""B³ F1 of eventwire's story threads on ECB+ topics 1-35 (gold: one thread per topic and ecb|ecbplus suffix).

    .venv/bin/python benchmarks/eval_ecbplus.py [--dir ../shared/eval/ecbplus] [--threshold T]

Uses exactly the settings of real news (eventwire.merge.stories.THRESHOLD); topics 36-45 are never read.
"""

from __future__ import annotations

import argparse
import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from eventwire.merge import stories

ROOT = Path(__file__).resolve().parents[1]


def doc_text(path: Path) -> str:
    """Tokens joined per sentence, one sentence a line."""
    sents: dict[int, list[str]] = {}
    for tok in ET.parse(path).getroot().iter("token"):
        sents.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
    return "\n".join(" ".join(toks) for _, toks in sorted(sents.items()))


def load(base: Path) -> tuple[list[stories.StoryDoc], list[tuple[int, str]], list[int]]:
    docs, gold, topics = [], [], []
    for path in sorted(base.glob("*/*.xml")):
        m = re.fullmatch(r"(\d+)_\d+(ecb|ecbplus)\.xml", path.name)
        if not m or not 1 <= int(m.group(1)) <= 35:
            continue
        docs.append(stories.StoryDoc(path.name, doc_text(path)))
        gold.append((int(m.group(1)), m.group(2)))
        topics.append(int(m.group(1)))
    return docs, gold, topics


def b_cubed(pred: Sequence[object], gold: Sequence[object]) -> tuple[float, float, float]:
    n = len(pred)
    p = r = 0.0
    for i in range(n):
        same_pred = {j for j in range(n) if pred[j] == pred[i]}
        same_gold = {j for j in range(n) if gold[j] == gold[i]}
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    p, r = p / n, r / n
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def incremental(docs: list[stories.StoryDoc], threshold: float) -> list[int]:
    """Threads built on a random half, then the other half placed as new articles (the large-store path)."""
    order = list(range(len(docs)))
    random.Random(0).shuffle(order)
    first = order[: len(order) // 2]
    labels = stories.cluster([docs[i] for i in first], threshold=threshold)
    fixed: list[str | None] = [None] * len(docs)
    for k, i in enumerate(first):
        fixed[i] = f"t{labels[k]}"
    return stories.cluster(docs, threshold=threshold, fixed=fixed)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "eval" / "ecbplus")
    ap.add_argument("--threshold", type=float, default=stories.THRESHOLD)
    args = ap.parse_args()
    docs, gold, topics = load(args.dir)
    pred = stories.cluster(docs, threshold=args.threshold)
    print(f"{len(docs)} documents, topics 1-35, threshold {args.threshold}")
    rows = (("one thread per topic (baseline)", topics), ("eventwire story threads", pred),
            ("incremental: half, then the rest", incremental(docs, args.threshold)))
    for name, labels in rows:
        p, r, f = b_cubed(labels, gold)
        print(f"{name:34s} B3 P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({len(set(labels))} threads)")


if __name__ == "__main__":
    main()
