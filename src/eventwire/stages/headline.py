"""The headline of a plain-text capture, chosen among the lines around the body's start by generic features.

A headline is a line of a few words to a couple of dozen, without a final full stop, usually capitalised;
it shares many of its content words with the article's first paragraphs, is often printed twice (page title
and heading, or a breadcrumb ending with it) and sits just above the byline/date block, near the body. Menu
items, teaser headlines and sub-heads each lack some of this, so lines are scored and the best one wins.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from eventwire.stages.byline import BY_LEAD
from eventwire.stages.header_dates import DATE_MENTION
from eventwire.stages.text_lines import AGO, EN_STOPS, Line

# How far above the body's first line a headline is looked for, and how far into the body.
LOOK_ABOVE, LOOK_INTO = 60, 4
MIN_WORDS, MAX_WORDS = 2, 30
# Body words a headline is compared with (its first paragraphs).
BODY_HEAD_WORDS = 400
# The features a candidate line is scored by; 0/1 or shares in [0, 1]. Their weights are fitted (pairwise logistic
# regression: a page's headline against its other candidates) by benchmarks/fit_headline.py on public training
# pages, and read from WEIGHTS_PATH, which names those pages, their source and licence.
FEATURES = (
    "share",  # share of the line's content words found in the body's first paragraphs
    "share_squared",  # (the gain flattens out: sub-heads repeat the body's words too)
    "match",  # those words, up to 8, / 8
    "most_matched",  # no candidate shares more words with the body
    "strong_above",  # lines sharing much with the body in the 15 above it (up to 3, / 3): a sub-head
    "first_strong",  # the first line that shares >= 60% (>= 2) of its words with the body
    "long",  # over 20 words: a standfirst or a sentence
    "sized",  # 4 to 20 words
    "repeated",  # printed twice (page title and heading)
    "in_crumb",  # inside a breadcrumb or a "Headline | Site" line
    "menu_repeat",  # printed twice but classed furniture: a menu item
    "alone",  # a block of its own, blank lines above and below (a heading, not a menu or list row)
    "alone_match",  # ... that shares words with the body
    "indented",  # indented (nested list items: menus, tables of contents)
    "above_block",  # just above the byline/date block
    "near_block",  # two or three lines above it
    "near_date",  # a date line within two lines above or three below
    "prose_between",  # good lines between it and the body start, up to 5, / 5 (a late body start)
    "near_between",  # near-prose lines between it and the body start
    "in_body",  # at or below the body's first line
    "good",  # classed a good paragraph
    "furniture",
    "distance",  # lines from the body start / 10
)
WEIGHTS_PATH = "data/models/headline/weights.json"
STRONG_SHARE, STRONG_MATCH, STRONG_REACH = 0.6, 2, 15


def _content(words: list[str]) -> set[str]:
    return {w for w in words if len(w) > 2 and w not in EN_STOPS}


def body_head(lines: list[Line], kept: list[int]) -> set[str]:
    """Content words of the body's first paragraphs."""
    words: list[str] = []
    for i in kept:
        words += lines[i].words
        if len(words) >= BODY_HEAD_WORDS:
            break
    return _content(words)


def _eligible(line: Line) -> bool:
    text = line.text
    if not MIN_WORDS <= len(line.words) <= MAX_WORDS or "\t" in text:
        return False
    if text.rstrip("\"”’'»)").endswith((".", ":", ";", ",")) and not text.endswith("..."):
        return False  # a sentence (or one quoted), a label, a list lead
    return not (DATE_MENTION.search(text) or AGO.search(text))


def _echoed(line: Line, texts: list[str]) -> bool:
    """Inside a breadcrumb or page-title line ("Blog > Title", "Title | Site")."""
    return any(line.key in t and len(t) <= 2 * len(line.key) + 40 for t in texts if t != line.key)


def _is_header(line: Line) -> bool:
    return bool(DATE_MENTION.search(line.text) and len(line.words) <= 20) or bool(
        BY_LEAD.search(line.text) and len(line.words) <= 15)


def block_top(lines: list[Line], start: int) -> int | None:
    """First line of the byline/date block nearest the body's start (up to 30 lines above it)."""
    top = next((j for j in range(min(len(lines) - 1, start + 2), max(-1, start - 30), -1) if _is_header(lines[j])),
               None)
    while top is not None and any(j >= 0 and _is_header(lines[j]) for j in (top - 1, top - 2)):
        top = top - 1 if _is_header(lines[top - 1]) else top - 2
    return top


def layout(text: str, size: int) -> list[tuple[bool, bool]]:
    """(indented, alone) for each non-empty line of a capture: whether it is indented, and whether blank lines
    stand above and below it. Unknown (all False) when the lines do not line up with the given count."""
    raw = text.splitlines()
    shape = []
    for k, row in enumerate(raw):
        if row.strip():
            alone = (k == 0 or not raw[k - 1].strip()) and (k + 1 == len(raw) or not raw[k + 1].strip())
            shape.append((row[:1].isspace(), alone))
    return shape if len(shape) == size else [(False, False)] * size


@dataclass
class _Context:
    start: int
    head: set[str]
    keys: Counter[str]
    texts: list[str]
    top: int | None
    shape: list[tuple[bool, bool]]


def _features(lines: list[Line], i: int, ctx: _Context) -> dict[str, float]:
    line, start = lines[i], ctx.start
    words = _content(line.words)
    matched = len(words & ctx.head)
    share = matched / len(words) if words else 0.0
    between = range(i + 1, start)
    gap = ctx.top - i if ctx.top is not None else 0
    indented, alone = ctx.shape[i]
    return {
        "share": share, "share_squared": share * share, "match": min(matched, 8) / 8,
        "long": len(line.words) > 20, "sized": 4 <= len(line.words) <= 20,
        "repeated": ctx.keys[line.key] >= 2, "in_crumb": _echoed(line, ctx.texts),
        "menu_repeat": ctx.keys[line.key] >= 2 and line.cls == "bad",
        "alone": alone, "alone_match": alone * min(matched, 8) / 8, "indented": indented,
        "above_block": gap == 1, "near_block": 2 <= gap <= 3,
        "near_date": any(DATE_MENTION.search(lines[j].text) for j in range(max(0, i - 2), min(len(lines), i + 4))),
        "prose_between": min(sum(lines[j].cls == "good" for j in between), 5) / 5,
        "near_between": min(sum(lines[j].cls == "near" for j in between), 5) / 5,
        "in_body": i >= start, "good": line.cls == "good", "furniture": line.boiler,
        "distance": abs(start - i) / 10,
    }


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """The fitted feature weights (read once)."""
    doc = json.loads(resources.files("eventwire").joinpath(WEIGHTS_PATH).read_text(encoding="utf-8"))
    return {name: float(doc["weights"][name]) for name in FEATURES}


def score(features: dict[str, float], weighting: dict[str, float] | None = None) -> float:
    """A candidate's score under `weighting` (the fitted weights by default)."""
    weighting = weighting or weights()
    return sum(weighting[name] * float(value) for name, value in features.items())


def _relative(features: dict[int, dict[str, float]]) -> None:
    """Features that compare a candidate with the others."""
    most = max(f["match"] for f in features.values())
    strong = [i for i, f in features.items() if f["share"] >= STRONG_SHARE and f["match"] >= STRONG_MATCH / 8]
    fair = [i for i, f in features.items() if f["share"] >= 0.5 and f["match"] >= STRONG_MATCH / 8]
    for i, f in features.items():
        f["most_matched"] = f["match"] == most
        f["first_strong"] = bool(strong) and i == strong[0]
        f["strong_above"] = min(sum(1 for j in fair if i - STRONG_REACH <= j < i), 3) / 3


def candidate_features(lines: list[Line], kept: list[int],
                       shape: list[tuple[bool, bool]] | None = None) -> dict[int, dict[str, float]]:
    """The features of each line around the body's start that could be the headline, by line index. `shape` is
    the capture's layout (see layout()), when known."""
    start = kept[0]
    window = range(max(0, start - LOOK_ABOVE), min(len(lines), start + LOOK_INTO))
    ctx = _Context(start, body_head(lines, [i for i in kept if lines[i].cls == "good"] or kept),
                   Counter(line.key for line in lines), [lines[j].key for j in window], block_top(lines, start),
                   shape or [(False, False)] * len(lines))
    candidates = [i for i in window if _eligible(lines[i]) and not (i >= start and lines[i].cls == "good")]
    features = {i: _features(lines, i, ctx) for i in candidates}
    if features:
        _relative(features)
    return features


def find_title(lines: list[Line], kept: list[int], shape: list[tuple[bool, bool]] | None = None) -> int | None:
    """Index of the headline line, or None when no line around the body's start can be one. `shape` is the
    capture's layout (see layout()), when known."""
    features = candidate_features(lines, kept, shape)
    return max(features, key=lambda i: score(features[i])) if features else None
