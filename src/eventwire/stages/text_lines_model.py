"""Line scorer for the plain-text cleaner: boosted decision trees over generic line features, applied with numpy.

The rule pass (clean_text) classifies lines and picks a body region from fixed weights; on pages whose body is a
listicle, a spec sheet or a teaser-card grid those weights misjudge whole runs of lines. The scorer reads each
line's own features, the rule pass's decision and region, and its neighbours' shape, and gives the chance that
the line is article text. Nothing page-specific enters: only lengths, stop-word density, punctuation,
furniture vocabulary hits, repetition and position.

Two sets of trees, stacked: the first scores each line from its features; the second reads those features
again with the first's scores of the neighbourhood (a line among well-scored lines is likelier text). They live in
data/models/text-lines/trees.json, fitted by benchmarks/fit_text_lines.py on the train pages of mozilla/readability's
test pages (Apache-2.0; a hashed train/dev split), with the setting and the overrule thresholds chosen on its dev
pages; the file names the commit, both page lists and the dev figures. No evaluation set (WCXB, AEB) is fitted on.
scikit-learn is only needed to refit; this module needs numpy alone.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from eventwire.stages.text_lines import TERMINAL, Line

CLASSES = ("good", "near", "table", "bad", "short")
_BULLET = re.compile(r"^(?:[•\-–*·▪►]|\d{1,2}[.)]\s)")
# Own-line features, then the same few of the two lines either side, then context.
OWN = (*(f"cls_{c}" for c in CLASSES), "log_size", "log_words", "stop", "terminal", "boiler", "tail", "rule_keep",
       "rule_region", "colon", "bullet", "log_repeats", "capitalised", "digits")
_NEIGHBOUR_COLS = (0, 1, 3, 4, 6, 7, 12)  # good, near, bad, short, log_words, stop, rule_region
OFFSETS = (-2, -1, 1, 2)
WINDOWS = (3, 10)
FEATURES = (*OWN, *(f"{OWN[c]}@{o:+d}" for o in OFFSETS for c in _NEIGHBOUR_COLS),
            *(f"prose_share_{w}" for w in WINDOWS), "before_region", "after_region", "log_region_distance",
            "position", "region_position", "log_island_words", "size_vs_good")
# The second trees' extra columns: the first trees' scores around the line and the run they pick.
SCORE_OFFSETS = (-3, -2, -1, 1, 2, 3)
SCORE_WINDOWS = (5, 15)
SECOND = (*FEATURES, "score", *(f"score@{o:+d}" for o in SCORE_OFFSETS), *(f"score_mean_{w}" for w in SCORE_WINDOWS),
          "score_run", "before_score_run", "after_score_run", "log_score_run_distance", "share_scored_text")
MODEL_PATH = "data/models/text-lines/trees.json"


def _own(line: Line, keep: bool, in_region: bool, repeats: int) -> list[float]:
    tokens = line.text.split()
    return [*(float(line.cls == c) for c in CLASSES),
            math.log1p(line.size) / 6, math.log1p(len(line.words)) / 5, line.stop,
            float(line.text.endswith(TERMINAL)), float(line.boiler), float(line.tail), float(keep), float(in_region),
            float(line.text.endswith(":")), float(bool(_BULLET.match(line.text))), math.log(repeats) / 2,
            sum(t[:1].isupper() for t in tokens) / max(1, len(tokens)),
            sum(ch.isdigit() for ch in line.text) / max(1, len(line.text))]


def _shift(values: np.ndarray, off: int) -> np.ndarray:
    """Row i holds row i + off of values; zero beyond the page."""
    out, n = np.zeros_like(values), len(values)
    if abs(off) < n:
        if off < 0:
            out[-off:] = values[: n + off]
        else:
            out[: n - off] = values[off:]
    return out


def line_features(lines: list[Line], keep: list[bool], lo: int, hi: int) -> np.ndarray:
    """One row of FEATURES per line, from the rule pass's classes, decisions and region [lo, hi]."""
    n = len(lines)
    if not n:
        return np.zeros((0, len(FEATURES)))
    counts = Counter(line.key for line in lines)
    own = np.array([_own(line, keep[i], lo <= i <= hi, counts[line.key]) for i, line in enumerate(lines)])
    parts = [own]
    parts += [_shift(own[:, _NEIGHBOUR_COLS], off) for off in OFFSETS]
    size = np.array([line.size for line in lines], dtype=float)
    prose = size * ((own[:, 0] + own[:, 1]) > 0)
    cum_prose, cum_size = np.concatenate([[0.0], np.cumsum(prose)]), np.concatenate([[0.0], np.cumsum(size)])
    idx = np.arange(n)
    for w in WINDOWS:
        a, b = np.maximum(0, idx - w), np.minimum(n, idx + w + 1)
        parts.append(((cum_prose[b] - cum_prose[a]) / np.maximum(1.0, cum_size[b] - cum_size[a]))[:, None])
    dist = np.where(idx < lo, lo - idx, np.where(idx > hi, idx - hi, 0))
    in_region = np.where(dist == 0, (idx - lo + 1) / max(1, hi - lo + 1), 0.0)
    parts.append(np.stack([idx < lo, idx > hi, np.log1p(dist) / 5, idx / n, in_region], axis=1).astype(float))
    parts.append(_island_and_size(lines, own))
    return np.hstack(parts)


def _island_and_size(lines: list[Line], own: np.ndarray) -> np.ndarray:
    """Words in the run of lines between furniture lines that holds each line (a teaser card is a short run),
    and each line's length against the page's median good line (teaser blurbs are shorter than paragraphs)."""
    words = np.array([len(line.words) for line in lines], dtype=float)
    bad = own[:, 3] > 0
    run_id = np.cumsum(bad)  # a furniture line opens a new run
    totals = np.bincount(run_id, weights=np.where(bad, 0.0, words))
    island = np.where(bad, 0.0, np.log1p(totals[run_id]) / 6)
    good_sizes = [line.size for line in lines if line.cls == "good"]
    median = float(np.median(good_sizes)) if good_sizes else 0.0
    size = np.array([line.size for line in lines], dtype=float)
    versus = np.clip(np.log(size / median), -3, 3) / 3 if median else np.zeros(len(lines))
    return np.stack([island, versus], axis=1)


def best_run(weights: list[float]) -> tuple[int, int]:
    """First and last index of the maximum-sum run of weights (Kadane); (0, -1) when none is positive."""
    best, run, start, lo, hi = 0.0, 0.0, 0, 0, -1
    for i, w in enumerate(weights):
        if run <= 0:
            run, start = 0.0, i
        run += w
        if run > best:
            best, lo, hi = run, start, i
    return lo, hi


def run_weights(lines: list[Line], chance: np.ndarray) -> list[float]:
    """A line's pull on the body's run: its words, for or against by its odds of being article text."""
    return [(float(p) - 0.5) * max(1, len(line.words)) for line, p in zip(lines, chance, strict=True)]


def context_features(lines: list[Line], x: np.ndarray, chance: np.ndarray) -> np.ndarray:
    """The first trees' scores of each line's neighbourhood, beside its own features: a line among
    well-scored lines is likelier text than the same line among furniture."""
    n = len(lines)
    cols = [chance]
    cols += [_shift(chance, off) for off in SCORE_OFFSETS]
    words = np.array([max(1, len(line.words)) for line in lines], dtype=float)
    cum_score, cum_words = np.concatenate([[0.0], np.cumsum(chance * words)]), np.concatenate([[0.0], np.cumsum(words)])
    idx = np.arange(n)
    for w in SCORE_WINDOWS:
        a, b = np.maximum(0, idx - w), np.minimum(n, idx + w + 1)
        cols.append((cum_score[b] - cum_score[a]) / (cum_words[b] - cum_words[a]))
    lo, hi = best_run(run_weights(lines, chance))
    dist = np.where(idx < lo, lo - idx, np.where(idx > hi, idx - hi, 0))
    cols += [(idx >= lo) & (idx <= hi), idx < lo, idx > hi, np.log1p(dist) / 5,
             np.full(n, float((chance > 0.5).mean()) if n else 0.0)]
    return np.hstack([x, np.stack(cols, axis=1).astype(float)]) if n else np.zeros((0, len(SECOND)))


@dataclass(frozen=True)
class Trees:
    """Additive trees, each padded to a complete binary tree of one depth (a leaf above that depth becomes a
    node whose threshold sends every row left to a copy of it), so a row's path is arithmetic: node i's
    children are 2i+1 and 2i+2, and every row takes the same number of steps."""

    baseline: float
    feature: np.ndarray  # (trees, 2**depth - 1) split feature of each inner node
    threshold: np.ndarray  # (trees, 2**depth - 1): a row goes left when its feature is at most this
    leaf: np.ndarray  # (trees, 2**depth) value of each leaf
    depth: int

    @classmethod
    def from_dict(cls, doc: dict[str, Any], features: tuple[str, ...]) -> Trees:
        """From the fitted file's form: per tree, node lists feature/threshold/left/right/value, 0 the root."""
        if tuple(doc["features"]) != features:
            raise ValueError(f"{MODEL_PATH}: its features differ from this code's; refit with fit_text_lines.py")
        depth, trees = int(doc["depth"]), doc["trees"]
        inner, leaves = 2**depth - 1, 2**depth
        feature = np.zeros((len(trees), inner), dtype=np.int64)
        threshold = np.full((len(trees), inner), np.inf)
        leaf = np.zeros((len(trees), leaves))
        for t, tree in enumerate(trees):
            stack = [(0, 0)]  # (node in the file's tree, position in the complete tree)
            while stack:
                node, pos = stack.pop()
                if pos >= inner:
                    leaf[t, pos - inner] = tree["value"][node]
                    continue
                is_leaf = tree["left"][node] == node
                if not is_leaf:
                    feature[t, pos], threshold[t, pos] = tree["feature"][node], tree["threshold"][node]
                stack += [(node if is_leaf else tree["left"][node], 2 * pos + 1),
                          (node if is_leaf else tree["right"][node], 2 * pos + 2)]
        return cls(float(doc["baseline"]), feature, threshold, leaf, depth)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The chance that each row is article text."""
        if not len(x):
            return np.zeros(0)
        n_trees, inner = self.feature.shape
        flat_x, row_start = x.ravel(), (np.arange(len(x)) * x.shape[1])[:, None]
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        tree_start = (np.arange(n_trees) * inner)[None, :]
        node = np.zeros((len(x), n_trees), dtype=np.int64)
        for _ in range(self.depth):
            at = node + tree_start
            node = 2 * node + 1 + (flat_x[row_start + feature[at]] > threshold[at])
        raw = self.baseline + self.leaf.ravel()[node - inner + (np.arange(n_trees) * (inner + 1))[None, :]].sum(axis=1)
        return np.asarray(1.0 / (1.0 + np.exp(-raw)))


@dataclass(frozen=True)
class Overrule:
    """How sure the scorer must be to overrule the rule pass: a line the rules keep is dropped only when scored
    below drop_below, one they drop is kept only when scored above keep_above; elsewhere the rules' verdict
    stands. The fit chooses both on its dev pages: a scorer fitted on few pages is trusted only where it is sure.
    (1, 0) lets every score through."""

    drop_below: float = 1.0
    keep_above: float = 0.0

    def apply(self, chance: np.ndarray, keep: list[bool]) -> np.ndarray:
        """The scores, with each line the scorer is unsure of set to the rules' verdict (1 kept, 0 dropped)."""
        rule = np.asarray(keep, dtype=bool)
        return np.where(rule, np.where(chance < self.drop_below, chance, 1.0),
                        np.where(chance > self.keep_above, chance, 0.0))


@cache
def scorer() -> tuple[Trees, Trees, Overrule]:
    """The shipped first and second trees, and how sure they must be to overrule the rules."""
    doc = json.loads(resources.files("eventwire").joinpath(MODEL_PATH).read_text(encoding="utf-8"))
    overrule = Overrule(**doc.get("overrule", {}))
    return Trees.from_dict(doc["first"], FEATURES), Trees.from_dict(doc["second"], SECOND), overrule


def raw_scores(trees: tuple[Trees, Trees], lines: list[Line], keep: list[bool], lo: int, hi: int) -> np.ndarray:
    """The second trees' chance for each line, over the first trees' scores of its neighbourhood."""
    first, second = trees
    x = line_features(lines, keep, lo, hi)
    return second.predict(context_features(lines, x, first.predict(x)))


def line_scores(lines: list[Line], keep: list[bool], lo: int, hi: int) -> np.ndarray:
    """Each line's chance of being article text, given the rule pass's decisions and region [lo, hi]; where the
    scorer is not sure enough to overrule the rules, their verdict."""
    if not lines:
        return np.zeros(0)
    first, second, overrule = scorer()
    return overrule.apply(raw_scores((first, second), lines, keep, lo, hi), keep)
