"""Refit the plain-text cleaner's line scorer (src/eventwire/data/models/text-lines/trees.json).

Pages: WCXB-dev article pages (../shared/eval/wcxb-dev), as plain-text captures built the way
eval_extraction.py builds them. Split: pages with an odd number are fitted on, pages with an even number are
held out and only reported (with AEB, never fitted on). The second trees learn from first-tree scores that are
out of fold (the odd pages in two halves, each scored by trees fitted on the other), as they will meet them on
new pages; the shipped first trees are fitted on all odd pages. A line's label is whether its words occur, in order and
whole, in the page's gold main text. Lines are weighted by their words over the page's words, so each page
counts alike, as in the benchmark's macro F1. Needs the [train] extra (scikit-learn).

    .venv/bin/python benchmarks/fit_text_lines.py [--jobs 2] [--trees 200] [--depth 4] [--leaf 20] [--rate 0.1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

import eval_extraction as ev  # noqa: E402
from eventwire.stages import text_lines_model  # noqa: E402
from eventwire.stages.clean_text import clean_text, rule_pass  # noqa: E402
from eventwire.stages.text_lines import Line  # noqa: E402

OUT = ROOT / "src" / "eventwire" / text_lines_model.MODEL_PATH


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@dataclass
class _Rows:
    page_id: str
    capture: str
    lines: list[Line]
    x: np.ndarray
    y: np.ndarray
    weight: np.ndarray


def _page(page: ev.Page) -> _Rows:
    """Features, labels and weights of one page's lines."""
    _, page_id, path, gold = page
    capture = ev.capture(gzip.decompress(Path(path).read_bytes()).decode("utf-8", errors="replace"))
    rules = rule_pass(capture)
    lines = rules.page.lines
    x = text_lines_model.line_features(lines, rules.page.keep, rules.lo, rules.hi)
    target = f" {_words(gold['text'])} "
    y = np.array([bool(w) and f" {w} " in target for w in (_words(line.text) for line in lines)], dtype=float)
    words = np.array([max(1, len(line.words)) for line in lines], dtype=float)
    return _Rows(page_id, capture, lines, x, y, words / max(1.0, words.sum()))


def _fit(rows: list[_Rows], xs: list[np.ndarray], args: argparse.Namespace) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier  # the [train] extra

    x, y, w = np.concatenate(xs), np.concatenate([r.y for r in rows]), np.concatenate([r.weight for r in rows])
    model = HistGradientBoostingClassifier(max_iter=args.trees, max_depth=args.depth, learning_rate=args.rate,
                                           min_samples_leaf=args.leaf, early_stopping=False, random_state=0)
    return model.fit(x, y, sample_weight=w / w.mean())


def _stacked(rows: list[_Rows], args: argparse.Namespace) -> tuple[Any, Any]:
    """First trees on all rows; second trees on the rows' features with out-of-fold first scores."""
    first = _fit(rows, [r.x for r in rows], args)
    halves = [[r for r in rows if (int(r.page_id) // 2) % 2 == h] for h in (0, 1)]
    second_x = {}
    for h in (0, 1):
        other = _fit(halves[1 - h], [r.x for r in halves[1 - h]], args)
        for r in halves[h]:
            second_x[r.page_id] = text_lines_model.context_features(r.lines, r.x, other.predict_proba(r.x)[:, 1])
    second = _fit(rows, [second_x[r.page_id] for r in rows], args)
    return first, second


def _export(model: Any, features: tuple[str, ...]) -> dict[str, Any]:
    """HistGradientBoostingClassifier's trees as flat lists; a leaf points to itself so every row can take
    the same number of steps. Leaf values keep 7 significant digits (thresholds all: some sit on data values)."""
    trees, depth = [], 0
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        ids = np.arange(len(nodes))
        trees.append({"feature": np.where(leaf, 0, nodes["feature_idx"]).tolist(),
                      "threshold": np.where(leaf, 0.0, nodes["num_threshold"]).tolist(),
                      "left": np.where(leaf, ids, nodes["left"]).tolist(),
                      "right": np.where(leaf, ids, nodes["right"]).tolist(),
                      "value": [float(f"{v:.7g}") for v in np.where(leaf, nodes["value"], 0.0)]})
        depth = max(depth, int(nodes["depth"].max()))
    return {"features": list(features), "baseline": float(model._baseline_prediction.ravel()[0]),
            "depth": depth, "trees": trees}


def _macro_f1(pages: list[ev.Page], captures: dict[str, str]) -> float:
    scores = [ev.prf(clean_text(captures[p[1]] if p[1] in captures else _capture(p)).text, p[3]["text"])[2]
              for p in pages]
    return round(sum(scores) / len(scores), 4)


def _capture(page: ev.Page) -> str:
    return ev.capture(gzip.decompress(Path(page[2]).read_bytes()).decode("utf-8", errors="replace"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--trees", type=int, default=200)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--leaf", type=int, default=20, help="fewest lines in a leaf")
    parser.add_argument("--rate", type=float, default=0.1, help="learning rate")
    args = parser.parse_args(argv)
    pages = ev.wcxb_pages()
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(_page, pages, chunksize=8))
    fit = [r for r in rows if int(r.page_id) % 2 and len(r.y)]
    first, second = _stacked(fit, args)
    doc: dict[str, Any] = {"first": _export(first, text_lines_model.FEATURES),
                           "second": _export(second, text_lines_model.SECOND)}
    sample = fit[0]
    x2 = text_lines_model.context_features(sample.lines, sample.x, first.predict_proba(sample.x)[:, 1])
    for key, model, x, names in (("first", first, sample.x, text_lines_model.FEATURES),
                                 ("second", second, x2, text_lines_model.SECOND)):
        check = text_lines_model.Trees.from_dict(doc[key], names).predict(x)
        assert np.allclose(check, model.predict_proba(x)[:, 1], atol=1e-5), f"exported {key} trees disagree"
    doc["fitted_on"] = f"WCXB-dev odd-numbered pages: {len(fit)} pages, {sum(len(r.y) for r in fit)} lines"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc), encoding="utf-8")
    text_lines_model.scorer.cache_clear()
    captures = {r.page_id: r.capture for r in rows}
    odd = [p for p in pages if int(p[1]) % 2]
    even = [p for p in pages if not int(p[1]) % 2]
    doc["macro_f1"] = {"wcxb_fit_odd": _macro_f1(odd, captures), "wcxb_held_out_even": _macro_f1(even, captures),
                       "aeb": _macro_f1(ev.aeb_pages(), {})}
    OUT.write_text(json.dumps(doc), encoding="utf-8")
    print(json.dumps(doc["macro_f1"]), f"-> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
