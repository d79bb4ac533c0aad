"""Refit the plain-text cleaner's line scorer (src/eventwire/data/models/text-lines/trees.json).

Pages: mozilla/readability's test pages (Apache-2.0), read from a git directory (a clone or bare mirror) at its
HEAD. Each page's source.html becomes a plain-text capture the way eval_extraction.py builds one; its gold main
text is the visible text of expected.html. A line's label is whether its words occur, in order and whole, in that
gold text. Lines are weighted by their words over the page's words, so each page counts alike, as in the
benchmark's macro F1.

Split: a page is dev when the SHA-256 of its folder name is 0 mod 4, else train (as fit_headline.py splits them).
For each setting of tree count, depth and learning rate the trees are fitted on train alone; the setting is chosen
by clean_text's macro token F1 on dev (ties: the smaller model). Then how sure the scorer must be to overrule the
rule pass (text_lines_model.Overrule) is chosen on dev: the most cautious thresholds within one standard error of
the best. The second trees learn from first-tree scores that
are out of fold (train in two halves, each scored by trees fitted on the other), as they will meet them on new
pages; the shipped first trees are fitted on all of train. Evaluation sets (WCXB dev, AEB) are never read here.
Needs the [train] extra (scikit-learn).

    .venv/bin/python benchmarks/fit_text_lines.py [--pages GIT_DIR] [--jobs 2] [--trees 100,200] [--depth 3,4]
        [--rate 0.05,0.1] [--leaf 20]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from resiliparse.extract.html2text import extract_plain_text  # noqa: E402
from resiliparse.parse.html import HTMLTree  # noqa: E402

import eval_extraction as ev  # noqa: E402
import readability_pages as rp  # noqa: E402
from eventwire.stages import text_lines_model  # noqa: E402
from eventwire.stages.clean_text import clean_text, rule_pass  # noqa: E402
from eventwire.stages.text_lines import Line  # noqa: E402
from eventwire.stages.text_lines_model import Overrule, Trees  # noqa: E402

OUT = ROOT / "src" / "eventwire" / text_lines_model.MODEL_PATH
NO_OVERRULE = Overrule()
# Overrule thresholds tried on dev, most cautious first: a rule-kept line drops below DROP_BELOW, a rule-dropped
# line is kept above KEEP_ABOVE.
DROP_BELOW = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)
KEEP_ABOVE = (1.0, 0.95, 0.9, 0.8, 0.7, 0.5, 0.0)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@dataclass
class _Rows:
    name: str
    capture: str
    gold: str
    lines: list[Line]
    rule_keep: list[bool]
    lo: int
    hi: int
    x: np.ndarray
    y: np.ndarray
    weight: np.ndarray


def load_page(repo: Path, name: str) -> _Rows | None:
    """Features, labels and weights of one page's lines; None without a source, gold text or lines."""
    try:
        html = rp.read(repo, name, "source.html")
        expected = rp.read(repo, name, "expected.html")
    except subprocess.CalledProcessError:
        return None
    gold = str(extract_plain_text(HTMLTree.parse(expected), main_content=False, list_bullets=False))
    capture = ev.capture(html)
    rules = rule_pass(capture)
    lines = rules.page.lines
    if not _words(gold) or not lines:
        return None
    x = text_lines_model.line_features(lines, rules.page.keep, rules.lo, rules.hi)
    target = f" {_words(gold)} "
    y = np.array([bool(w) and f" {w} " in target for w in (_words(line.text) for line in lines)], dtype=float)
    words = np.array([max(1, len(line.words)) for line in lines], dtype=float)
    return _Rows(name, capture, gold, lines, list(rules.page.keep), rules.lo, rules.hi, x, y, words / words.sum())


def _fit(rows: list[_Rows], xs: list[np.ndarray], params: dict[str, Any]) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier  # the [train] extra

    x, y, w = np.concatenate(xs), np.concatenate([r.y for r in rows]), np.concatenate([r.weight for r in rows])
    model = HistGradientBoostingClassifier(max_iter=params["trees"], max_depth=params["depth"],
                                           learning_rate=params["rate"], min_samples_leaf=params["leaf"],
                                           early_stopping=False, random_state=0)
    return model.fit(x, y, sample_weight=w / w.mean())


def _stacked(rows: list[_Rows], params: dict[str, Any]) -> tuple[Any, Any]:
    """First trees on all rows; second trees on the rows' features with out-of-fold first scores."""
    first = _fit(rows, [r.x for r in rows], params)
    halves = [rows[h::2] for h in (0, 1)]
    second_x = {}
    for h in (0, 1):
        other = _fit(halves[1 - h], [r.x for r in halves[1 - h]], params)
        for r in halves[h]:
            second_x[r.name] = text_lines_model.context_features(r.lines, r.x, other.predict_proba(r.x)[:, 1])
    second = _fit(rows, [second_x[r.name] for r in rows], params)
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


def _exported(first: Any, second: Any, sample: _Rows) -> dict[str, Any]:
    """Both trees in the file's form, checked to score a page as scikit-learn does."""
    doc = {"first": _export(first, text_lines_model.FEATURES), "second": _export(second, text_lines_model.SECOND)}
    x2 = text_lines_model.context_features(sample.lines, sample.x, first.predict_proba(sample.x)[:, 1])
    for key, model, x, names in (("first", first, sample.x, text_lines_model.FEATURES),
                                 ("second", second, x2, text_lines_model.SECOND)):
        check = Trees.from_dict(doc[key], names).predict(x)
        assert np.allclose(check, model.predict_proba(x)[:, 1], atol=1e-5), f"exported {key} trees disagree"
    return doc


@contextmanager
def _scorer(trees: tuple[Trees, Trees] | None, overrule: Overrule = NO_OVERRULE) -> Iterator[None]:
    """clean_text with these trees and overrule thresholds in place of the shipped ones; None: the rules alone."""
    import eventwire.stages.clean_text as ct

    saved = ct._analyse, ct.line_scores
    if trees is None:
        ct._analyse = lambda text: rule_pass(text).page
    else:
        def scores(lines: list[Line], keep: list[bool], lo: int, hi: int) -> np.ndarray:
            return overrule.apply(text_lines_model.raw_scores(trees, lines, keep, lo, hi), keep)
        ct.line_scores = scores
    try:
        yield
    finally:
        ct._analyse, ct.line_scores = saved


def _macro_f1(rows: list[_Rows]) -> float:
    return round(float(_page_f1(rows).mean()), 4)


def _line_figures(rows: list[_Rows], predict: Callable[[_Rows], np.ndarray]) -> dict[str, float]:
    """Unweighted line accuracy and article-line F1 of the scorer's better-than-even calls."""
    y = np.concatenate([r.y for r in rows]) > 0
    p = np.concatenate([predict(r) for r in rows]) > 0.5
    tp, fp, fn = int((p & y).sum()), int((p & ~y).sum()), int((~p & y).sum())
    return {"line_accuracy": round(float((p == y).mean()), 4), "line_f1": round(2 * tp / max(1, 2 * tp + fp + fn), 4)}


def _trees(doc: dict[str, Any]) -> tuple[Trees, Trees]:
    return (Trees.from_dict(doc["first"], text_lines_model.FEATURES),
            Trees.from_dict(doc["second"], text_lines_model.SECOND))


def _evaluate(doc: dict[str, Any], rows: list[_Rows]) -> dict[str, float]:
    """clean_text's macro F1 with these trees (every score let through), and their line figures."""
    trees = _trees(doc)
    with _scorer(trees):
        f1 = _macro_f1(rows)
    return {"macro_f1": f1,
            **_line_figures(rows, lambda r: text_lines_model.raw_scores(trees, r.lines, r.rule_keep, r.lo, r.hi))}


def _page_f1(rows: list[_Rows]) -> np.ndarray:
    return np.array([ev.prf(clean_text(r.capture).text, r.gold)[2] for r in rows])


def _overruled(overrule: Overrule, trees: tuple[Trees, Trees], rows: list[_Rows]) -> int:
    """How many of the rows' lines these thresholds let the scorer decide against the rules' verdict."""
    count = 0
    for r in rows:
        raw = text_lines_model.raw_scores(trees, r.lines, r.rule_keep, r.lo, r.hi)
        rule = np.array(r.rule_keep, dtype=bool)
        count += int((rule & (raw < overrule.drop_below) & (raw <= 0.5)).sum())
        count += int((~rule & (raw > overrule.keep_above) & (raw > 0.5)).sum())
    return count


def _choose_overrule(doc: dict[str, Any], rows: list[_Rows]) -> tuple[Overrule, list[dict[str, float]]]:
    """The most cautious overrule thresholds (overruling the rules on the fewest dev lines) whose dev macro F1 is
    within one standard error of the best's (of the per-page differences): on a few dozen dev pages a smaller gain
    is noise, and a scorer fitted on a hundred pages should overrule the rules only where that clearly helps."""
    trees, tried, per_page = _trees(doc), [], []
    for drop, keep in itertools.product(DROP_BELOW, KEEP_ABOVE):
        with _scorer(trees, Overrule(drop, keep)):
            per_page.append(_page_f1(rows))
        tried.append({"drop_below": drop, "keep_above": keep, "macro_f1": round(float(per_page[-1].mean()), 4),
                      "overruled_lines": _overruled(Overrule(drop, keep), trees, rows)})
    top = per_page[int(np.argmax([f.mean() for f in per_page]))]
    near = [k for k, f1 in enumerate(per_page) if (top - f1).mean() <= (top - f1).std(ddof=1) / np.sqrt(len(f1))]
    pick = tried[min(near, key=lambda k: tried[k]["overruled_lines"])]
    return Overrule(pick["drop_below"], pick["keep_above"]), tried


def _grid(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Settings, smaller models first (so a tie keeps the smaller)."""
    settings = itertools.product(args.depth, args.trees, args.rate)
    return [{"trees": t, "depth": d, "rate": r, "leaf": args.leaf} for d, t, r in settings]


def _numbers(kind: type) -> Callable[[str], list[Any]]:
    return lambda text: [kind(v) for v in text.split(",")]


def _choose_trees(train: list[_Rows], dev: list[_Rows], args: argparse.Namespace) -> dict[str, Any]:
    """Trees fitted on train for each setting; the one with the best dev macro F1, with the grid's figures."""
    best: dict[str, Any] | None = None
    grid = []
    for params in _grid(args):
        doc = _exported(*_stacked(train, params), train[0])
        figures = _evaluate(doc, dev)
        grid.append({**params, **figures})
        print(json.dumps(grid[-1]), flush=True)
        if best is None or figures["macro_f1"] > best["figures"]["macro_f1"]:
            best = {"params": params, "doc": doc, "figures": figures}
    assert best is not None
    return {**best, "grid": grid}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=rp.PAGES, help="git directory of mozilla/readability")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--trees", type=_numbers(int), default=[100, 200])
    parser.add_argument("--depth", type=_numbers(int), default=[3, 4])
    parser.add_argument("--rate", type=_numbers(float), default=[0.05, 0.1], help="learning rates")
    parser.add_argument("--leaf", type=int, default=20, help="fewest lines in a leaf")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    commit = rp.commit(args.pages)
    names = rp.names(args.pages)
    with ProcessPoolExecutor(args.jobs) as pool:
        loaded = [r for r in pool.map(partial(load_page, args.pages), names) if r is not None]
    train, dev = [r for r in loaded if not rp.is_dev(r.name)], [r for r in loaded if rp.is_dev(r.name)]
    with _scorer(None):
        rules_only = {"macro_f1": _macro_f1(dev), **_line_figures(dev, lambda r: np.array(r.rule_keep, float))}
    print(f"{len(train)} train pages, {len(dev)} dev pages; dev rules only {json.dumps(rules_only)}", flush=True)
    chosen = _choose_trees(train, dev, args)
    overrule, tried = _choose_overrule(chosen["doc"], dev)
    header = {"source": f"mozilla/readability test pages, Apache-2.0, commit {commit}",
              "split": "dev when sha256(page folder name) % 4 == 0, else train; fitted on train, chosen on dev",
              "train_pages": [r.name for r in train], "dev_pages": [r.name for r in dev],
              "train_lines": int(sum(len(r.y) for r in train)), "dev_lines": int(sum(len(r.y) for r in dev)),
              "params": chosen["params"], "overrule": dataclasses.asdict(overrule),
              "readability_dev": {"scorer": chosen["figures"], "rules_only": rules_only,
                                  "with_overrule_macro_f1": next(
                                      t["macro_f1"] for t in tried
                                      if Overrule(t["drop_below"], t["keep_above"]) == overrule)},
              "grid": chosen["grid"], "overrule_grid": tried}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({**header, **chosen["doc"]}), encoding="utf-8")
    print(json.dumps({k: header[k] for k in ("params", "overrule", "readability_dev")}), f"-> {args.out}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
