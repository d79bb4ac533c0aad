"""Plain-text capture cleaner: keep the article's paragraphs, drop the page furniture around them.

A capture is a page's visible text with menus, ads, prompts and teaser lists mixed in. Each non-empty line is
classified from generic features (jusText / C4 style): length, stop-word density, terminal punctuation,
furniture vocabulary (data/boilerplate.tsv) and repetition. The body is the maximum-sum run of line weights
(Finn's body-text extraction), cut at a "Comments" / "You may also like" heading; inside it short lines
survive when they lead into good text (sub-heads, list items), outside it nothing does. A listicle (items numbered
1, 2, 3, ... each carrying a paragraph) is body from its introduction to its last item's paragraph, spec lines
and dates included: its short lines would otherwise outweigh its paragraphs and end the body after one item.

That rule pass misjudges whole runs on listicles, spec sheets and teaser-card grids, so a line scorer
(stages/text_lines_model.py: boosted trees over the same generic features, the rule pass's verdict and each
line's neighbourhood) then decides: the body is the maximum-sum run of line scores, and the scores overrule the
rules only when sure. Title, byline, date and dateline are read from the lines just above the body. The rule
pass's weights and thresholds were set on WCXB-dev; the trees, and how sure they must be to overrule the rules,
were fitted and chosen on mozilla/readability's test pages (benchmarks/fit_text_lines.py: train pages fitted on,
dev pages chosen on). WCXB-dev and AEB report the result: benchmarks/eval_extraction.py.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from eventwire.records import Extracted
from eventwire.stages.text_lines import (
    AGO,
    EN_STOPS,
    SHORT,
    TERMINAL,
    Line,
    boilerplate_vocab,
    make_line,
    stop_list,
    term_cover,
)
from eventwire.stages.text_lines_model import best_run, line_scores, run_weights
from eventwire.stages.text_metadata import date_of, read_metadata

_MENU_ITEM = re.compile(r"[^\W\d_]+(?:[\s&'’/|-]+[^\W\d_]+)*")
# A numbered item's head: "1. Multimeter", "2) Pliers", "#3: Tape".
_NUMBERED = re.compile(r"(?:#\s?)?(\d{1,2})[.):]\s+\S")

GOOD, NEAR, TABLE, BAD = "good", "near", "table", "bad"
# Segment weights: good prose counts by length, near-prose less, furniture and stray short lines cost.
W_GOOD, W_NEAR, W_BAD, W_SHORT = 1 / 25, 1 / 60, -4.0, -1.25
# Footer legal text reads like prose; in the last 15% of a page good lines count half.
FOOT_SHARE, FOOT_FACTOR = 0.15, 0.5
# A block before an end heading is the article if it holds this much weight (absolute, and vs the best block).
PRIOR_MIN, PRIOR_SHARE = 20.0, 0.2
# Words of good text to read before an end heading may close the body.
TAIL_AFTER = 60
# A numbered list is a listicle's body when each item carries this many words of prose (a "Most read" list of
# numbered headlines carries none) and it has at least LIST_ITEMS items; it is the body's if it starts within
# LIST_REACH lines of the region the weights pick. Item runs longer than LIST_RUN lines are widgets, not items.
ITEM_PROSE, LIST_ITEMS, LIST_REACH, LIST_RUN = 15, 3, 10, 15
# A line is article text when the line scorer gives it better than even odds; a good line the rules keep
# goes only when scored below RULE_DOUBT.
SCORE_CUT, RULE_DOUBT = 0.5, 0.3



def _classify(line: Line, stop_floor: float) -> str:
    n = len(line.words)
    if line.boiler or date_of(line.text) or AGO.fullmatch(line.text):  # bylines', comments' and teasers' stamps
        return BAD
    if "\t" in line.text:
        return TABLE
    if line.size >= 70 and n >= 8 and line.stop >= stop_floor and (line.text.endswith(TERMINAL) or line.size >= 200):
        return GOOD
    if n >= 5 and line.stop >= stop_floor * 0.66:
        return NEAR
    return SHORT


def _classify_all(lines: list[Line], stop_floor: float) -> None:
    """Classify each line; a short line of words printed twice is a menu item (header and footer menus)."""
    counts = Counter(line.key for line in lines)
    for line in lines:
        menu_item = counts[line.key] >= 2 and len(line.words) <= 4 and _MENU_ITEM.fullmatch(line.text)
        line.cls = BAD if menu_item else _classify(line, stop_floor)


def _weight(line: Line, in_foot: bool) -> float:
    if line.cls in (GOOD, NEAR):
        return line.size * (W_GOOD if line.cls == GOOD else W_NEAR) * (FOOT_FACTOR if in_foot else 1.0)
    return {BAD: W_BAD, TABLE: 0.0}.get(line.cls, W_SHORT)


def _best_segments(lines: list[Line]) -> list[tuple[float, int, int]]:
    """Kadane's maximum-sum segment of line weights within lines[:k], for every k: (sum, first, last)."""
    foot = len(lines) * (1 - FOOT_SHARE)
    best: list[tuple[float, int, int]] = [(0.0, 0, -1)]
    run, start = 0.0, 0
    for i, line in enumerate(lines):
        if run <= 0:
            run, start = 0.0, i
        run += _weight(line, i >= foot)
        best.append(max(best[-1], (run, start, i), key=lambda seg: seg[0]))
    return best


def _main_region(lines: list[Line]) -> tuple[int, int]:
    """The body's first and last line: the best segment, unless it follows an end heading ("42 Comments")
    that a real block of text precedes (a long comment thread outweighs a short article)."""
    best = _best_segments(lines)
    mass, lo, hi = best[-1]
    for h in range(lo):
        if lines[h].tail and best[h][0] >= max(PRIOR_MIN, PRIOR_SHARE * mass):
            return best[h][1], best[h][2]
    return lo, hi


def _cut_tail(lines: list[Line], lo: int, hi: int) -> int:
    """End the body before the first end heading once some article text has been read."""
    seen = 0
    for i in range(lo, hi + 1):
        if lines[i].tail and seen >= TAIL_AFTER:
            return i - 1
        seen += len(lines[i].words) if lines[i].cls == GOOD else 0
    return hi


def _keep_in_region(lines: list[Line], lo: int, hi: int) -> list[bool]:
    """Good and near lines stay; a run of short lines and table rows stays when it leads into good text and
    either follows good text (list items) or is at most two short lines (sub-heads)."""
    keep = [False] * len(lines)
    i = lo
    while i <= hi:
        if lines[i].cls in (GOOD, NEAR):
            keep[i] = True
            i += 1
            continue
        j = i
        while j <= hi and lines[j].cls not in (GOOD, NEAR):
            j += 1
        shorts = [k for k in range(i, j) if lines[k].cls == SHORT]
        after, before = j <= hi, i > lo and lines[i - 1].cls in (GOOD, NEAR)
        if after and (before or len(shorts) <= 2) and len(shorts) <= 15:
            for k in range(i, j):
                keep[k] = lines[k].cls in (SHORT, TABLE)
        i = j
    return keep


def _drop_repeats(lines: list[Line], keep: list[bool]) -> None:
    """Later copies of a kept line go; a line doubled in place (image alt text + caption) goes entirely."""
    for i in range(1, len(lines)):
        if lines[i].key == lines[i - 1].key and len(lines[i].words) >= 4:
            keep[i] = keep[i - 1] = False
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if keep[i] and line.key in seen:
            keep[i] = False
        elif keep[i]:
            seen.add(line.key)
    _drop_orphans(lines, keep)


def _drop_orphans(lines: list[Line], keep: list[bool]) -> None:
    """Short lines were kept for leading into good text; where that text went as a repeat, they go too (else
    a stray "politics" tag ends the article, and cleaning the output again would drop it)."""
    leads = False
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].cls in (GOOD, NEAR):
            leads = keep[i]
        elif keep[i]:
            keep[i] = leads


def _numbered_items(lines: list[Line]) -> list[int]:
    """The longest run of item heads numbered 1, 2, 3, ... with ITEM_PROSE words of prose under each."""
    best: list[int] = []
    run: list[int] = []
    prose = 0
    for i, line in enumerate(lines):
        head = _NUMBERED.match(line.text)
        if head and int(head.group(1)) == 1:
            run, prose = [i], 0
        elif head and run and int(head.group(1)) == len(run) + 1 and prose >= ITEM_PROSE:
            run.append(i)
            prose = 0
        elif line.cls in (GOOD, NEAR):
            prose += len(line.words)
        best = max(best, run, key=len)
    return best if len(best) >= LIST_ITEMS else []


def _list_span(lines: list[Line], lo: int, hi: int) -> tuple[int, int]:
    """First and last line of a listicle near the body region [lo, hi]: the paragraphs just above its first item
    (its introduction), its items; (0, -1) when there is none. The last item runs at most as long as the longest
    before it, to its last paragraph (teaser headlines that follow a listicle are prose-like but end in no
    sentence) before an end heading."""
    items = _numbered_items(lines)
    if not items or items[0] > hi + LIST_REACH or items[-1] < lo - LIST_REACH:
        return 0, -1
    reach = max(b - a for a, b in itertools.pairwise(items))
    end = items[-1]
    for i in range(items[-1] + 1, min(len(lines), items[-1] + reach + 1)):
        if lines[i].tail:
            break
        if _paragraph(lines[i]):
            end = i
    start = items[0]
    while start > 0 and _paragraph(lines[start - 1]):
        start -= 1
    return start, end


def _paragraph(line: Line) -> bool:
    return line.cls == GOOD or (line.cls == NEAR and line.text.endswith(TERMINAL))


def _keep_list(lines: list[Line], keep: list[bool], span: tuple[int, int]) -> None:
    """Within a listicle's items paragraphs stay, and so does a run of up to LIST_RUN lines between them
    (sub-heads, spec lines, dates) but for furniture by vocabulary and short furniture lines; a longer run (a
    product widget) is left to the rules."""
    i = span[0]
    while i <= span[1]:
        j = i
        while j <= span[1] and not _paragraph(lines[j]):
            j += 1
        if j - i <= LIST_RUN:
            for k in range(i, j):
                furniture = (lines[k].boiler and _strong_furniture(lines[k])) or (
                    lines[k].cls == BAD and len(lines[k].words) <= 3)
                keep[k] = keep[k] or not furniture
        if j <= span[1]:
            keep[j] = True
        i = j + 1


# ---- metadata, read from the lines just above the body (the outlet also from credit and footer lines) ----

@dataclass
class _Page:
    lines: list[Line]
    keep: list[bool]
    language: str | None


@dataclass
class RulePass:
    """The rule pass's verdict: classified lines, the lines it keeps, and its body region [lo, hi]."""

    page: _Page
    lo: int
    hi: int
    listed: tuple[int, int] = (0, -1)  # a listicle's items, kept whatever the scorer says


def rule_pass(text: str) -> RulePass:
    texts = [t.strip() for t in text.splitlines()]
    stops, language = stop_list([t for t in texts if t])
    lines = [make_line(t, stops) for t in texts if t]
    _classify_all(lines, 0.3 if stops is EN_STOPS else 0.2)
    lo, hi = _main_region(lines)
    keep = _keep_in_region(lines, lo, _cut_tail(lines, lo, hi))
    listed = _list_span(lines, lo, hi)
    _keep_list(lines, keep, listed)
    _drop_repeats(lines, keep)
    return RulePass(_Page(lines, keep, language), min(lo, listed[0]) if listed[1] >= 0 else lo, max(hi, listed[1]),
                    listed)


def scored_keep(lines: list[Line], chance: np.ndarray, rule_keep: list[bool]) -> list[bool]:
    """The body from line scores: the maximum-sum run of (chance - 1/2) x words, in which lines scored above
    1/2 stay (a contiguous run keeps a lone prose-like teaser far from the article out). The scores overrule
    the rules only when sure: a good line the rules keep stays unless scored below RULE_DOUBT, and neither a
    short line of strong furniture vocabulary ("Advertisement") nor an end heading the rules drop ("42 Comments")
    stays; nor does any line after the first end heading below the rules' body (comments read like good prose)."""
    lo, hi = best_run(run_weights(lines, chance))
    hi = min(hi, _end_heading(lines, rule_keep) - 1)
    keep = [(lo <= i <= hi and p > SCORE_CUT) or (rule and line.cls == GOOD and p >= RULE_DOUBT)
            for i, (line, p, rule) in enumerate(zip(lines, chance, rule_keep, strict=True))]
    for i, line in enumerate(lines):
        furniture = line.boiler and len(line.words) <= 3 and _strong_furniture(line)
        if keep[i] and (furniture or (line.tail and not rule_keep[i])):
            keep[i] = False
    _drop_repeats(lines, keep)
    return keep


def _end_heading(lines: list[Line], rule_keep: list[bool]) -> int:
    """The first end heading below the last line the rules keep; len(lines) when there is none, or when the rules
    keep less than TAIL_AFTER words of good text (a teaser taken for the body says nothing of where it ends)."""
    kept = [i for i, k in enumerate(rule_keep) if k]
    if sum(len(lines[i].words) for i in kept if lines[i].cls == GOOD) < TAIL_AFTER:
        return len(lines)
    return next((i for i in range(kept[-1] + 1, len(lines)) if lines[i].tail), len(lines))


def _strong_furniture(line: Line) -> bool:
    return term_cover(line.words, boilerplate_vocab().strong)[2] > 0


def _analyse(text: str) -> _Page:
    rules = rule_pass(text)
    page = rules.page
    # Where the rules find no furniture the text is already clean: the scorer, fitted on whole pages, would take
    # its last lines for a footer (and cleaning clean output again would cut it).
    if page.lines and not all(page.keep):
        page.keep = scored_keep(page.lines, line_scores(page.lines, page.keep, rules.lo, rules.hi), page.keep)
        # the scorer, fitted on pages with few listicles, takes their short item lines for furniture
        _keep_list(page.lines, page.keep, rules.listed)
        _drop_repeats(page.lines, page.keep)
    return page


def clean_text(text: str) -> Extracted:
    """Clean a plain-text capture: article paragraphs (each exactly as its line, stripped) joined by blank
    lines, and the title, outlet, author, date, dateline and language the capture states."""
    page = _analyse(text)
    meta = read_metadata(page.lines, page.keep, text)
    kept = [i for i, k in enumerate(page.keep) if k and i not in meta.consumed]
    # the body opens with text: short lines kept before a line since taken as the headline or dropped as a
    # repeat would open it (a stray "0" or "Share"), and cleaning the output again would drop them
    while kept and page.lines[kept[0]].cls not in (GOOD, NEAR):
        kept.pop(0)
    body = [page.lines[i].text for i in kept]
    return Extracted(
        text="\n\n".join(body),
        title=meta.title,
        outlet=meta.outlet,
        author=meta.author,
        published=meta.published,
        dateline=meta.dateline,
        language=page.language if body else None,
        removed_lines=len(page.lines) - len(body),
        published_basis=meta.published_basis,
        author_basis=meta.author_basis,
    )
