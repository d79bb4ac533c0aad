"""Refit the plain-text headline scorer's weights (src/eventwire/data/models/headline/weights.json).

Pages: mozilla/readability's test pages (Apache-2.0), read from a git directory (a clone or bare mirror) at its
HEAD. Each page's source.html becomes a plain-text capture the way eval_extraction.py builds one; the gold headline
is expected-metadata.json's title. A candidate line (stages/headline.py's candidate_features) is positive when its
normalised words equal the title's, or those of the title's lead before a site separator ("Headline | Site",
"Headline - Author - Site": readability's titles often come from <title>).

Split: a page is dev when the SHA-256 of its folder name is 0 mod 4, else train. Only train pages with a positive
line are fitted on: on the others the headline is no candidate, or is one labelled negative for want of a match.
The regularisation is chosen by page-grouped cross-validation on them, the weights are fitted on them, and headline
accuracy (the chosen line reads as the title or its lead; and as the title itself) is reported on train and dev,
over all their pages. Evaluation sets (WCXB dev, AEB) are never read here. Needs the [train] extra (scikit-learn).

    .venv/bin/python benchmarks/fit_headline.py [--pages GIT_DIR] [--out weights.json]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

import eval_extraction as ev  # noqa: E402
import readability_pages as rp  # noqa: E402
from eventwire.stages import headline  # noqa: E402

# clean_text's own analysis (rules, then the line scorer), so candidates are the lines the pipeline meets
from eventwire.stages.clean_text import _analyse  # noqa: E402

OUT = ROOT / "src" / "eventwire" / headline.WEIGHTS_PATH
GRID_C = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
FOLDS = 5
# Where a <title> ends its headline and names the site or author; the lead counts when this long (normalised).
SITE_SEPARATOR = re.compile(r"\s[|–—·-]\s|\s::\s|\s?_|\s\[")
MIN_LEAD = 8


@dataclass
class _Page:
    name: str
    title: str
    features: list[dict[str, float]]  # one per candidate line
    positive: list[bool]  # reads as the title or its lead
    exact: list[bool]  # reads as the title

    def matrix(self) -> np.ndarray:
        rows = [[float(f[n]) for n in headline.FEATURES] for f in self.features]
        return np.array(rows).reshape(-1, len(headline.FEATURES))


def load_page(repo: Path, name: str) -> _Page | None:
    """A page's candidate lines and labels; None when it has no title or no source."""
    try:
        meta = json.loads(rp.read(repo, name, "expected-metadata.json"))
        html = rp.read(repo, name, "source.html")
    except subprocess.CalledProcessError:
        return None
    title = meta.get("title") or ""
    if not ev.norm(title):
        return None
    capture = ev.capture(html)
    page = _analyse(capture)
    kept = [i for i, k in enumerate(page.keep) if k]
    features = headline.candidate_features(page.lines, kept, headline.layout(capture, len(page.lines))) if kept else {}
    gold, lead = ev.norm(title), ev.norm(SITE_SEPARATOR.split(title)[0])
    keys = {gold, lead} if len(lead) >= MIN_LEAD else {gold}
    read = [ev.norm(page.lines[i].text) for i in features]
    return _Page(name, title, list(features.values()), [r in keys for r in read], [r == gold for r in read])


def accuracy(pages: list[_Page], weighting: dict[str, float], exact: bool = False) -> float:
    """Share of pages whose best-scored candidate (as find_title picks it) reads as the title or its lead, or
    (`exact`) as the title itself; no candidate is a miss."""
    hits = 0
    for page in pages:
        if page.features:
            best = max(range(len(page.features)), key=lambda k: headline.score(page.features[k], weighting))
            hits += (page.exact if exact else page.positive)[best]
    return round(hits / len(pages), 4) if pages else 0.0


def _pairs(pages: list[_Page]) -> tuple[np.ndarray, np.ndarray]:
    """Each page's positive-minus-negative candidate feature differences, both ways round (labels 1 and 0)."""
    diffs = []
    for page in pages:
        x = page.matrix()
        diffs += [x[a] - x[b] for a, pos in enumerate(page.positive) if pos
                  for b, neg in enumerate(page.positive) if not neg]
    d = np.array(diffs).reshape(-1, len(headline.FEATURES))
    return np.vstack([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))]


def _fit(pages: list[_Page], c: float) -> dict[str, float]:
    """Pairwise logistic regression: find_title keeps a page's best-scored line, so the weights are fitted to
    rank its headline above its other candidates (a line's odds against lines of other pages do not matter)."""
    from sklearn.linear_model import LogisticRegression

    x, y = _pairs(pages)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000).fit(x, y)
    return dict(zip(headline.FEATURES, (float(w) for w in model.coef_[0]), strict=True))


def _cross_validate(train: list[_Page]) -> tuple[float, float]:
    """The C with the best page-grouped cross-validated accuracy on train (ties: the smaller C, stronger prior)."""
    folds = [[p for k, p in enumerate(train) if k % FOLDS == f] for f in range(FOLDS)]
    best: tuple[float, float] | None = None
    for c in GRID_C:
        hits = sum(accuracy(fold, _fit([p for p in train if p not in fold], c)) * len(fold) for fold in folds)
        score = round(hits / len(train), 4)
        print(f"  C={c:<6} cv accuracy {score:.4f}")
        if best is None or score > best[1]:
            best = (c, score)
    assert best is not None
    return best


def _findable(pages: list[_Page]) -> int:
    return sum(any(p.positive) for p in pages)


def fit(repo: Path) -> dict[str, Any]:
    commit = rp.commit(repo)
    names = rp.names(repo)
    loaded = [p for p in (load_page(repo, n) for n in names) if p is not None]
    train = [p for p in loaded if not rp.is_dev(p.name)]
    dev = [p for p in loaded if rp.is_dev(p.name)]
    print(f"{len(loaded)} pages with a title: {len(train)} train, {len(dev)} dev")
    fitted = [p for p in train if any(p.positive)]
    c, cv = _cross_validate(fitted)
    weighting = {n: round(w, 3) for n, w in _fit(fitted, c).items()}
    figures = {
        "train_pages": len(train), "dev_pages": len(dev),
        "train_title_as_a_line": len(fitted), "dev_title_as_a_line": _findable(dev),
        "fit_candidates": sum(len(p.features) for p in fitted),
        "fit_positive": sum(sum(p.positive) for p in fitted),
        "cv_accuracy_fitted_pages": cv,
        "accuracy_train": accuracy(train, weighting), "accuracy_dev": accuracy(dev, weighting),
        "accuracy_dev_exact_title": accuracy(dev, weighting, exact=True),
        "accuracy_dev_where_title_is_a_line": accuracy([p for p in dev if any(p.positive)], weighting),
    }
    return {
        "source": f"mozilla/readability test pages, Apache-2.0, commit {commit}",
        "fitted_by": "benchmarks/fit_headline.py",
        "label": "a candidate line is positive when its normalised words equal expected-metadata.json's title's, or "
                 "those of its lead before a site separator",
        "split": "dev: SHA-256 of the page folder name is 0 mod 4; train: the rest; fitted on the train pages "
                 "with a positive line only",
        "model": {"kind": "pairwise logistic regression (a page's headline minus each of its other candidates), "
                          "no intercept", "C": c,
                  "C_chosen_by": f"{FOLDS}-fold page-grouped cross-validation on the fitted pages"},
        "figures": figures,
        "weights": weighting,
        "pages": {"train": sorted(p.name for p in train), "dev": sorted(p.name for p in dev),
                  "fitted": sorted(p.name for p in fitted)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=rp.PAGES, help="git directory of mozilla/readability")
    parser.add_argument("--out", type=Path, default=OUT, help="weights file to write")
    args = parser.parse_args(argv)
    doc = fit(args.pages)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(doc["figures"], indent=1))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
