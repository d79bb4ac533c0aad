"""The event coder on data it was not fitted on: the dev rows of ../shared/train, and end to end.

    .venv/bin/python benchmarks/eval_coder.py [--skip-stories] [--json]

Prints, on the `dev` rows:
- type accuracy and macro-F1 given the gold pair (plv_pairs.tsv; the model alone, NONE excluded);
- source and target span recovery (cameo_spans.conll: a gold span counts as found when one of our actor
  mentions overlaps it);
- quad-class accuracy (cameo_quad.tsv: each sentence coded end to end; its most confident event's quad class,
  0 when no event is coded);
- story-level type recall (synthetic_stories.tsv.gz: the story's type among the types coded in it);
- the mode head on the dev stories (the mode of the story's gold type; how often a mode is given, and how often
  it is then right);
and end to end: the PETRARCH-2 sentences (benchmarks/eval_petr2.py), the seeds and the twelve dev news
articles (../shared/gold/news-dev.jsonl, scored by ../shared/tools/score.py on an export).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TRAIN = SHARED / "train"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))


def given_pair() -> dict[str, object]:
    from eventwire.coder import evaluate
    from eventwire.coder.data import read_plv
    from eventwire.coder.labels import MODEL_LABELS
    from eventwire.coder.model import EventModel, bundled_model

    rows = read_plv(TRAIN / "plv_pairs.tsv", frozenset(MODEL_LABELS))
    figs = evaluate.figures(EventModel(bundled_model()), [r for r in rows if r.split == "dev"])
    return {"type_accuracy_given_pair": figs["type_accuracy_given_pair"],
            "type_macro_f1_given_pair": figs["type_macro_f1_given_pair"], "plv_dev_rows": figs["rows"]["typed"]}


def _overlap(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)


def span_recovery(res: object) -> dict[str, object]:
    from eventwire.coder.data import conll_spans, read_conll
    from eventwire.pipeline import process_text

    found = {"S": 0, "T": 0}
    total = {"S": 0, "T": 0}
    for split, toks, tags in read_conll(TRAIN / "cameo_spans.conll"):
        if split != "dev":
            continue
        text, spans = conll_spans(toks, tags)
        art = process_text(text, res)  # type: ignore[arg-type]
        mentions = [(m.start, m.end) for m in art.mentions]
        for kind in ("S", "T"):
            for a, b in spans.get(kind, []):
                total[kind] += 1
                found[kind] += _overlap(mentions, a, b)
    return {"source_spans_found": round(found["S"] / max(total["S"], 1), 3),
            "target_spans_found": round(found["T"] / max(total["T"], 1), 3), "spans": total}


def quad_accuracy(res: object) -> dict[str, object]:
    import csv

    from eventwire.pipeline import process_text

    ok = n = 0
    with (TRAIN / "cameo_quad.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["split"] != "dev":
                continue
            events = process_text(row["sentence"], res).events  # type: ignore[arg-type]
            best = max(events, key=lambda e: e.confidence or 0.0, default=None)
            ok += (best.quad_class if best else 0) == int(row["quad"])
            n += 1
    return {"quad_accuracy": round(ok / max(n, 1), 3), "quad_rows": n}


def story_recall(res: object) -> dict[str, object]:
    import csv
    import gzip

    from eventwire.pipeline import process_text

    hit = n = 0
    with gzip.open(TRAIN / "synthetic_stories.tsv.gz", "rt", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["split"] != "dev":
                continue
            types = {e.type for e in process_text(row["text"], res).events}  # type: ignore[arg-type]
            hit += row["type"] in types
            n += 1
    return {"story_type_recall": round(hit / max(n, 1), 3), "stories": n}


def scored_export(files: list[Path], gold: Path) -> dict[str, object]:
    """Ingest `files` into a fresh database, export JSONL, score with shared/tools/score.py (events only)."""
    ew = ROOT / ".venv" / "bin" / "eventwire"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for f in files:
            (src / f.name).write_bytes(f.read_bytes())
        db, out = Path(tmp) / "e.duckdb", Path(tmp) / "e.jsonl"
        subprocess.run([str(ew), "ingest", str(src), "--db", str(db)], check=True, capture_output=True)
        subprocess.run([str(ew), "export", "--format", "jsonl", "--db", str(db), "-o", str(out)], check=True,
                       capture_output=True)
        score = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(gold), str(out), "--json"],
                               check=True, capture_output=True, text=True).stdout
    figs = json.loads(score)
    return {k: figs[k] for k in ("events", "event_dates", "quotes") if k in figs}


def news_dev() -> dict[str, object]:
    """The twelve dev news articles with doc-level event gold (texts in polnear-dev/text)."""
    gold = SHARED / "gold" / "news-dev.jsonl"
    files = [SHARED / "eval" / "polnear-dev" / "text" / json.loads(ln)["file"]
             for ln in gold.read_text(encoding="utf-8").splitlines() if '"kind": "article"' in ln]
    return scored_export(files, gold)


def mode_head(res: object) -> dict[str, object]:
    """The bundled mode head on the dev stories, given each story's gold type."""
    from eventwire.coder import modes

    model = res.coder.model  # type: ignore[attr-defined]
    rows = [r for r in modes.read_mode_rows(TRAIN / "synthetic_stories.tsv.gz") if r[0] == "dev"]
    head = modes.ModeHead(model.folder / modes.FILE)
    rows = [r for r in rows if r[1] in head.types]
    vectors = modes.sentence_vectors(model, [r[3] for r in rows])
    given = [(r[2], head.mode(v, r[1])[0]) for r, v in zip(rows, vectors, strict=True)]
    said = [(g, p) for g, p in given if p is not None]
    return {"mode_dev_stories": len(rows), "mode_given_share": round(len(said) / max(len(rows), 1), 3),
            "mode_precision_when_given": round(sum(g == p for g, p in said) / max(len(said), 1), 3)}


def end_to_end() -> dict[str, object]:
    import eval_petr2

    return {"petr2": eval_petr2.score(), "seeds": scored_export(sorted((SHARED / "seeds").iterdir()),
                                                                 SHARED / "gold" / "seeds.jsonl"),
            "news_dev": news_dev()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-stories", action="store_true", help="leave out the 923 dev stories (about 2 min)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from eventwire.pipeline import Resources
    from eventwire.settings import Settings

    res = Resources(Settings())
    t0 = time.monotonic()
    out: dict[str, object] = {**given_pair(), **span_recovery(res), **quad_accuracy(res)}
    if not args.skip_stories:
        out.update(story_recall(res))
        out.update(mode_head(res))
    out.update(end_to_end())
    out["seconds"] = round(time.monotonic() - t0, 1)
    print(json.dumps(out) if args.json else "\n".join(f"{k:28} {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
