"""Plain-text capture cleaner: keep the article's paragraphs, drop the page furniture around them.

A capture is a page's visible text with menus, ads, prompts and teaser lists mixed in. Each non-empty line is
classified from generic features (jusText / C4 style): length, stop-word density, terminal punctuation,
furniture vocabulary (data/boilerplate.tsv) and repetition. The body is the maximum-sum run of line weights
(Finn's body-text extraction), cut at a "Comments" / "You may also like" heading; inside it short lines
survive when they lead into good text (sub-heads, list items), outside it nothing does. Title, byline, date
and dateline are read from the lines just above the body. Weights and thresholds were set on WCXB-dev
(odd pages) and checked on its even pages and on AEB: see benchmarks/eval_extraction.py.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import dateparser
from spacy.lang.en.stop_words import STOP_WORDS

from eventwire.records import Extracted

_WORD = re.compile(r"[^\W\d_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Quote marks count as terminal: news paragraphs often end inside a quotation.
_TERMINAL = tuple('.!?…"”’\'»)。！？」')
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)$", re.IGNORECASE)
_EN_STOPS = frozenset(STOP_WORDS)
_AGO = re.compile(r"(?:\d+|an?)\s*(?:[smhdw]|mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?)\s+ago", re.I)
# Menu items are words only: repeated short lines with digits or symbols are product names, code, scores.
_MENU_ITEM = re.compile(r"[^\W\d_]+(?:[\s&'’/|-]+[^\W\d_]+)*")

GOOD, NEAR, SHORT, TABLE, BAD = "good", "near", "short", "table", "bad"
# Segment weights: good prose counts by length, near-prose less, furniture and stray short lines cost.
W_GOOD, W_NEAR, W_BAD, W_SHORT = 1 / 25, 1 / 60, -4.0, -1.25
# Footer legal text reads like prose; in the last 15% of a page good lines count half.
FOOT_SHARE, FOOT_FACTOR = 0.15, 0.5
# A block before an end heading is the article if it holds this much weight (absolute, and vs the best block).
PRIOR_MIN, PRIOR_SHARE = 20.0, 0.2
# Words of good text to read before an end heading may close the body.
TAIL_AFTER = 60


@dataclass
class _Line:
    text: str
    key: str  # normalised form, for repetition
    words: list[str]
    size: int  # characters; CJK characters count double (each carries about a word)
    stop: float  # stop-word density
    boiler: bool  # furniture by vocabulary
    tail: bool  # a heading that opens post-article material
    cls: str = SHORT


@dataclass(frozen=True)
class _Vocab:
    strong: dict[str, bool]  # every term -> whether one hit marks a line
    tail: frozenset[str]  # terms whose heading opens post-article material (comments, related links)


@cache
def boilerplate_vocab() -> _Vocab:
    """Furniture vocabulary from data/boilerplate.tsv (format in the file's header)."""
    text = resources.files("eventwire").joinpath("data/boilerplate.tsv").read_text(encoding="utf-8")
    strong: dict[str, bool] = {}
    tail = set()
    for row in text.splitlines():
        if row.strip() and not row.startswith("#"):
            cols = [c.strip() for c in row.split("\t")] + ["", ""]
            term = " ".join(_WORD.findall(cols[0].lower()))
            strong[term] = cols[2] == "strong"
            if cols[1] == "end":
                tail.add(term)
    return _Vocab(strong, frozenset(tail))


def _term_cover(words: list[str], terms: Collection[str]) -> tuple[set[int], int, int]:
    """Word positions covered by vocabulary terms (up to four words), number of hits, strong hits."""
    strong_terms = boilerplate_vocab().strong
    covered: set[int] = set()
    hits = strong = 0
    for n in range(1, 5):
        for i in range(len(words) - n + 1):
            term = " ".join(words[i : i + n])
            if term in terms:
                covered.update(range(i, i + n))
                hits += 1
                strong += strong_terms.get(term, False)
    return covered, hits, strong


def _is_furniture(words: list[str]) -> bool:
    covered, hits, strong = _term_cover(words, boilerplate_vocab().strong)
    share = len(covered) / len(words) if words else 0.0
    return (strong > 0 and len(words) <= 40) or strong >= 2 or share >= 0.3 or (hits >= 3 and share >= 0.1)


def _is_tail_heading(words: list[str]) -> bool:
    """"Related articles", "12 Comments", "34 responses to <headline>": material that follows the article."""
    if not words or len(words) > 15:
        return False
    covered, _, _ = _term_cover(words, boilerplate_vocab().tail)
    return len(covered) / len(words) >= 0.5 if len(words) <= 8 else 0 in covered


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _make_line(text: str, stops: frozenset[str]) -> _Line:
    words = _WORD.findall(text.lower())
    stop = sum(w in stops for w in words) / len(words) if words else 0.0
    # A copyright sign marks a credit or footer line unless it sits inside a long paragraph.
    boiler = _is_furniture(words) or ("©" in text and len(words) <= 25) or bool(_IMAGE_FILE.search(text))
    size = len(text) + len(_CJK.findall(text))
    return _Line(text, _key(text), words, size, stop, boiler, _is_tail_heading(words))


def _stop_list(texts: list[str]) -> tuple[frozenset[str], str | None]:
    """English stop words, or the page's own frequent short words when its sentences are not English.

    Pages in other languages have no English function words; their most frequent short words play the same
    role (jusText ships a list per language; deriving one from the page needs none). The language is named
    only with enough sentence words to judge by."""
    counts: Counter[str] = Counter()
    for t in texts:
        words = _WORD.findall(t.lower())
        if len(words) >= 8 and t.endswith(_TERMINAL):
            counts.update(words)
    total = sum(counts.values())
    if not total or sum(n for w, n in counts.items() if w in STOP_WORDS) / total >= 0.25:
        return _EN_STOPS, "en" if total >= 20 else None
    return frozenset([w for w, _ in counts.most_common(60) if len(w) <= 4][:30]), None


def _classify(line: _Line, stop_floor: float) -> str:
    n = len(line.words)
    if line.boiler or _date_of(line.text) or _AGO.fullmatch(line.text):  # bylines', comments' and teasers' stamps
        return BAD
    if "\t" in line.text:
        return TABLE
    if line.size >= 70 and n >= 8 and line.stop >= stop_floor and (line.text.endswith(_TERMINAL) or line.size >= 200):
        return GOOD
    if n >= 5 and line.stop >= stop_floor * 0.66:
        return NEAR
    return SHORT


def _classify_all(lines: list[_Line], stop_floor: float) -> None:
    """Classify each line; a short line of words printed twice is a menu item (header and footer menus)."""
    counts = Counter(line.key for line in lines)
    for line in lines:
        menu_item = counts[line.key] >= 2 and len(line.words) <= 4 and _MENU_ITEM.fullmatch(line.text)
        line.cls = BAD if menu_item else _classify(line, stop_floor)


def _weight(line: _Line, in_foot: bool) -> float:
    if line.cls in (GOOD, NEAR):
        return line.size * (W_GOOD if line.cls == GOOD else W_NEAR) * (FOOT_FACTOR if in_foot else 1.0)
    return {BAD: W_BAD, TABLE: 0.0}.get(line.cls, W_SHORT)


def _best_segments(lines: list[_Line]) -> list[tuple[float, int, int]]:
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


def _main_region(lines: list[_Line]) -> tuple[int, int]:
    """The body's first and last line: the best segment, unless it follows an end heading ("42 Comments")
    that a real block of text precedes (a long comment thread outweighs a short article)."""
    best = _best_segments(lines)
    mass, lo, hi = best[-1]
    for h in range(lo):
        if lines[h].tail and best[h][0] >= max(PRIOR_MIN, PRIOR_SHARE * mass):
            return best[h][1], best[h][2]
    return lo, hi


def _cut_tail(lines: list[_Line], lo: int, hi: int) -> int:
    """End the body before the first end heading once some article text has been read."""
    seen = 0
    for i in range(lo, hi + 1):
        if lines[i].tail and seen >= TAIL_AFTER:
            return i - 1
        seen += len(lines[i].words) if lines[i].cls == GOOD else 0
    return hi


def _keep_in_region(lines: list[_Line], lo: int, hi: int) -> list[bool]:
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


def _drop_repeats(lines: list[_Line], keep: list[bool]) -> None:
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


# ---- metadata, read from the lines just above the body (the outlet also from credit and footer lines) ----

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?", re.IGNORECASE)
# Words that may stand before a date in a byline or header without making the line a sentence.
_DATE_LABELS = frozenset({"date", "first", "published", "posted", "updated", "last", "modified", "on", "at", "by", "am",
                          "pm", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_NAME = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]\."
_PERSON = rf"(?:(?:{_NAME})\s+(?:(?:de|da|van|von|bin|al|del|la)\s+)?){{1,3}}(?:{_NAME})"
_BARE_NAME = re.compile(rf"({_PERSON})(?:,\s*(?:[A-Z][A-Za-z.]{{1,5}}|Ph\.D\.))*")  # credentials may follow
_BY_NAME = re.compile(rf"(?:^|\s)(?i:by):?\s+({_PERSON})\b(?!\s+[a-z])")
# Words that show a byline names a desk or agency, not a person.
_NOT_PERSON = frozenset({"staff", "news", "desk", "team", "agency", "reporters", "editors", "editorial", "wire",
                         "press"})
_DATELINE_LEAD = re.compile(
    r"^([A-Z][A-Z.'’ -]{1,30}[A-Z.])(?:,\s*[A-Z][\w.' ]{1,20})?(?:\s*\([^)]{1,30}\))?\s+[-–—]+\s"
)
_STANDALONE_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{1,30}[A-Z.]$")
_SITE_NAME = re.compile(r"[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,4}")
_OUTLET_PATTERNS = (  # the first may match inside the body (a closing bio), the others only outside it
    re.compile(r"\b(?:correspondent|reporter|writer|editor|columnist|contributor)\s+(?:for|at|with)\s+"
               r"((?:The\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4})"),
    re.compile(r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}[-–]?)+\s+([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,4})",
               re.IGNORECASE),
    re.compile(r"\bdownload\s+(?:the\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})\s+app\b", re.IGNORECASE),
)
_COMPANY_SUFFIX = re.compile(r"[\s,]+(?:Inc|Ltd|LLC|Corp|Co|GmbH|Limited|All)\.?$")


@dataclass
class _Meta:
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    dateline: str | None = None
    consumed: set[int] = field(default_factory=set)  # kept lines that are metadata, not body


def _date_match(text: str) -> re.Match[str] | None:
    """The date of a byline or header line ("May 25, 2023", "Posted on 2/1/2023 10:00 AM"); None when the
    line is a sentence that merely contains a date."""
    m = _DATE.search(text)
    if not m or any(w not in _DATE_LABELS for w in _WORD.findall(text[: m.start()].lower())):
        return None
    rest = _TIME.sub(" ", text[m.end() :])
    return m if len(_WORD.findall(rest)) <= 8 else None


def _date_of(text: str) -> dt.date | None:
    return _parse_date_line(text) if len(text) <= 200 else None  # a byline or header line is short


@lru_cache(maxsize=4096)
def _parse_date_line(text: str) -> dt.date | None:
    m = _date_match(text)
    parsed = m and dateparser.parse(m.group(0), languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None


def _title_score(line: _Line, repeats: int) -> int:
    """How much a line above the body looks like the headline, 0 when it cannot be one: headlines are often
    printed twice (page title and heading) and run to five words or more; bylines, dates, captions ending in
    a full stop and furniture are not headlines."""
    if not 3 <= len(line.words) <= 30 or line.boiler or line.text.endswith((".", ":", ";", ",")):
        return 0
    if _DATE.search(line.text) or _BY_NAME.search(line.text):
        return 0
    return 1 + (len(line.words) >= 5) + 2 * (repeats > 1)


def _person(text: str, date_near: bool, common: frozenset[str]) -> str | None:
    """A byline's personal name: "By Jane Doe" opening a line or beside a date, or a bare "Jane Doe" line just
    above a date. Capitalised words the page also writes in lower case ("Travel Tips") are not names."""
    m = _BY_NAME.search(text)
    if not (m and (m.start() == 0 or _DATE.search(text))):
        m = _BARE_NAME.fullmatch(text) if date_near else None
    if m is None:
        return None
    words = [w.lower() for w in _WORD.findall(m.group(1))]
    return None if any(w in common or w in _NOT_PERSON for w in words) else m.group(1)


def _publication(lines: list[_Line], window: range) -> dt.date | None:
    """The byline block's first date; a date labelled "Updated" is a revision, and none is better than it."""
    dates = [i for i in window if _date_of(lines[i].text)]
    dates = [i for i in dates if not re.search(r"updat|modif|revis", lines[i].text + (lines[i - 1].text if i else ""),
                                               re.IGNORECASE)]
    if not dates:
        return None
    top = dates[0]  # nearest the body; walk up the block ("8/1/2025" above "8/27/2025")
    while top - 1 in dates or top - 2 in dates:
        top = top - 1 if top - 1 in dates else top - 2
    return _date_of(lines[top].text)


def _read_header(lines: list[_Line], start: int, meta: _Meta) -> None:
    """Title, byline, date and standalone dateline from the 15 lines above the body, nearest first."""
    common = frozenset(w for line in lines for w in re.findall(r"\b[a-z]+\b", line.text))
    counts = Counter(line.key for line in lines)
    window = range(start - 1, max(-1, start - 16), -1)
    meta.published = _publication(lines, window)
    best_title = 0
    for i in window:
        line = lines[i]
        if _date_of(line.text):
            meta.author = meta.author or _person(line.text, False, common)
        elif meta.dateline is None and i >= start - 3 and _STANDALONE_DATELINE.match(line.text) and not line.boiler:
            meta.dateline = line.text
        elif meta.author is None and (name := _person(line.text, bool(_date_of(lines[i + 1].text)), common)):
            meta.author = name
        elif (score := _title_score(line, counts[line.key])) > best_title:
            meta.title, best_title = line.text, score


def _read_outlet(lines: list[_Line], start: int, end: int) -> str | None:
    """The site's own name where the capture states it: beside a header date, in a writer's bio, a copyright
    line or an app prompt. Never guessed from the text."""
    for line in lines[:start]:
        m = _date_match(line.text)
        name = _TIME.sub(" ", line.text[m.end() :]).strip(" |-–—·") if m else ""
        words = _WORD.findall(name.lower())
        if _SITE_NAME.fullmatch(name) and not _is_furniture(words) and not _DATE_LABELS.intersection(words):
            return name
    for n, pattern in enumerate(_OUTLET_PATTERNS):
        for line in lines if n == 0 else lines[:start] + lines[end + 1 :]:
            if m := pattern.search(line.text):
                return _COMPANY_SUFFIX.sub("", m.group(1)).strip()
    return None


def _read_metadata(lines: list[_Line], keep: list[bool]) -> _Meta:
    kept = [i for i, k in enumerate(keep) if k]
    meta = _Meta()
    if not kept:
        return meta
    _read_header(lines, kept[0], meta)
    meta.outlet = _read_outlet(lines, kept[0], kept[-1])
    title_key = _key(meta.title) if meta.title else None
    meta.consumed = {i for i in kept if lines[i].key == title_key}  # the headline is not body text
    meta.dateline = meta.dateline or dateline_of([lines[i].text for i in kept if i not in meta.consumed][:5])
    return meta


def dateline_of(paragraphs: list[str]) -> str | None:
    """The dateline opening one of the given paragraphs ("TOKYO – ...", "WASHINGTON (Reuters) - ...").

    Pass the first few: summary bullets or a standfirst may come before the paragraph that opens with it."""
    for text in paragraphs:
        if m := _DATELINE_LEAD.match(text):
            return m.group(1).strip()
    return None


def language_of(lines: list[str]) -> str | None:
    """"en" when the sentence-like lines read as English by stop-word share, else None (unsure)."""
    return _stop_list(lines)[1]


@dataclass
class _Page:
    lines: list[_Line]
    keep: list[bool]
    language: str | None


def _analyse(text: str) -> _Page:
    texts = [t.strip() for t in text.splitlines()]
    stops, language = _stop_list([t for t in texts if t])
    lines = [_make_line(t, stops) for t in texts if t]
    _classify_all(lines, 0.3 if stops is _EN_STOPS else 0.2)
    lo, hi = _main_region(lines)
    keep = _keep_in_region(lines, lo, _cut_tail(lines, lo, hi))
    _drop_repeats(lines, keep)
    return _Page(lines, keep, language)


def clean_text(text: str) -> Extracted:
    """Clean a plain-text capture: article paragraphs (each exactly as its line, stripped) joined by blank
    lines, and the title, outlet, author, date, dateline and language the capture states."""
    page = _analyse(text)
    meta = _read_metadata(page.lines, page.keep)
    body = [line.text for i, line in enumerate(page.lines) if page.keep[i] and i not in meta.consumed]
    return Extracted(
        text="\n\n".join(body),
        title=meta.title,
        outlet=meta.outlet,
        author=meta.author,
        published=meta.published,
        dateline=meta.dateline,
        language=page.language if body else None,
        removed_lines=len(page.lines) - len(body),
    )
