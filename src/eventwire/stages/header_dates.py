"""The publication date of a plain-text capture, read from the date lines of its header block.

A header date is a short line (or line part) holding a full calendar date: "Published Jan 29, 2025",
"Updated: 2025-02-22", "Jane Doe | March 3, 2024", "By Jane DoePublished: Jan 29, 2025" (captures glue inline
elements). A sentence that merely mentions a date is not one. The candidates nearest the headline win, a
"Published"/"Posted" label over a bare date, and a bare date over an "Updated" one (a revision). Relative stamps
("3 hours ago") have no absolute date: when one is nearer the headline than any date, the date is None. Dates
before 1900 or after today are not publication dates. Parsing is dateparser's; the regex only finds spans.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import dateparser

from eventwire.stages.text_lines import AGO, WORD, Line

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
# Month names capitalised, lower or upper case; a capitalised one may follow a lower-case letter (glued text).
_MON = "|".join([_MONTHS, _MONTHS.lower(), _MONTHS.upper()])
_MON_START = rf"(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))(?:{_MON})\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]|2[0-9])\d{2}"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
# Numeric dates stand alone: inside a longer token ("image-png-Jan-17-2021-02-16-00-09-PM") they are a name.
DATE_MENTION = re.compile(
    rf"(?:(?<![\w-]){_YEAR}[-/.•]\d{{1,2}}[-/.•]\d{{1,2}}(?![\d-])"
    rf"|(?<![\w-])\d{{1,2}}[-/.]\d{{1,2}}[-/.]{_YEAR}(?![\d-])"
    rf"|{_WEEKDAY}{_MON_START}\s*{_DAY},?\s+{_YEAR}"
    rf"|{_WEEKDAY}{_DAY}[\s-]+(?:of\s+)?{_MON_START},?[\s-]+{_YEAR})"
)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}\b)?", re.IGNORECASE)
_NOT_A_STAMP = re.compile(r"://|www\.|/\d{4}/\d{1,2}/|\b\d{1,2}\s*[-–]\s*\d{1,2}\s+[A-Za-z]")
_RANGE = re.compile(r"\s*(?:[-–—]|to|until|through)\s*", re.IGNORECASE)
_READING = re.compile(r"\b\d+\s*(?:min|minutes?)\.?\s*(?:read|reading)\b", re.IGNORECASE)
_STRONG_PUBLISHED = re.compile(r"publish|posted", re.IGNORECASE)
_STAMP_LEAD = re.compile(rf"(?:published|posted|updated)(?:\s+on)?:?\s*(?={_WEEKDAY}(?:{_MON_START}|\d))",
                         re.IGNORECASE)
_UPDATED = re.compile(r"updat|modif|revis|edited|refresh|reviewed", re.IGNORECASE)
_PUBLISHED = re.compile(r"publish|posted|released|created|written|submitted|\bdate\b|\bon\s*:?\s*$", re.IGNORECASE)
# A header line's date stands with at most this many other words (a byline, labels, a reading time).
MAX_OTHER_WORDS = 12
# ... or, when it opens the line (at most MAX_LEAD_WORDS before it), with a trail of categories and counts
MAX_LEAD_WORDS, MAX_TRAILING_WORDS = 6, 25
# The header block around the headline: dates sit a few lines above it to several below it.
ABOVE, BELOW = 3, 12
EARLIEST = dt.date(1900, 1, 1)
BARE_REACH = 8  # lines from the headline within which an unlabelled date counts
PUBLISHED, BARE, UPDATED, FAR, ONLY = "published", "bare", "updated", "far", "only"
_BASIS = {PUBLISHED: "capture:published-line", BARE: "capture:header-date", UPDATED: "capture:updated-line",
          FAR: "capture:published-line-far", ONLY: "capture:only-date-line"}
_RANK = {PUBLISHED: 0, BARE: 1, UPDATED: 2, FAR: 3, ONLY: 4}


@dataclass(frozen=True)
class HeaderDate:
    line: int
    date: dt.date
    label: str  # published | bare | updated

    @property
    def basis(self) -> str:
        return _BASIS[self.label]


@lru_cache(maxsize=4096)
def parse_date(span: str) -> dt.date | None:
    """A full calendar date (day, month and year all stated) from a date span, or None."""
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    parsed = dateparser.parse(span.replace("•", "-"), languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def plausible(day: dt.date, today: dt.date | None = None) -> bool:
    """A publication date is neither before 1900 nor in the future (a listing's event date, a typo)."""
    return EARLIEST <= day <= (today or dt.date.today())


def _label(before: str, previous: str) -> str:
    """The label in front of a date: the line's own words since the previous date, else a short label line
    above it ("Last updated:" on its own line)."""
    text = before if WORD.search(before) else previous
    if _UPDATED.search(text):
        return UPDATED
    return PUBLISHED if _PUBLISHED.search(text) else BARE


def line_dates(lines: list[Line], i: int, today: dt.date | None = None) -> list[HeaderDate]:
    """The header dates of line i, in order; none when the line is a sentence that mentions a date."""
    text = lines[i].text
    # a prose paragraph, or a line leading into what follows ("... on 2025-07-09:"), is not a stamp
    # ... unless it opens with the stamp's label ("Posted on May 3, 2024 by Jo - 5 Comments on <headline>")
    if (len(text) > 240 or lines[i].cls == "good" or text.endswith(":")) and not _STAMP_LEAD.match(text):
        return []
    matches = list(DATE_MENTION.finditer(text))
    if not matches:
        return []
    rest = _TIME.sub(" ", DATE_MENTION.sub(" ", text))
    # a stamp opening the line may trail categories and counts ("by Jo | Mar 11, 2023 | Brakes, Repair | 0 comments")
    opens = len(WORD.findall(text[: matches[0].start()])) <= MAX_LEAD_WORDS and not text.endswith(".")
    if len(WORD.findall(rest)) > (MAX_TRAILING_WORDS if opens else MAX_OTHER_WORDS):
        return []
    above = lines[i - 1] if i > 0 else None
    previous = above.text if above is not None and len(above.words) <= 3 else ""
    if any(_RANGE.fullmatch(text[a.end() : b.start()]) for a, b in pairwise(matches)):
        return []  # "2025-12-12 - 2025-12-17": an event's dates, not a publication's
    found, end = [], 0
    for m in matches:
        day = parse_date(m.group(0))
        if day and plausible(day, today):
            found.append(HeaderDate(i, day, _label(text[end : m.start()], previous)))
        end = m.end()
    return found


def beside_reading_time(lines: list[Line], i: int) -> bool:
    """A reading time ("12 min read") on the line or the next: an article's header, not a page's footer."""
    return any(_READING.search(lines[j].text) for j in (i, i + 1) if j < len(lines))


def is_relative(line: Line) -> bool:
    return bool(AGO.search(line.text)) and len(line.words) <= MAX_OTHER_WORDS


def header_window(anchor: int, start: int, size: int) -> list[int]:
    """Line indices of the header block, nearest the headline first (below it before above it): the headline
    anchors the block; without one, the body's first line does."""
    below = range(anchor + 1, min(size, anchor + BELOW + 1))
    above = range(anchor - 1, max(-1, anchor - ABOVE - 1), -1)
    order = [j for pair in zip(below, above, strict=False) for j in pair]
    order += [j for j in (*below, *above) if j not in order]
    order += [j for j in range(max(0, start - 8), min(size, start + 3)) if j not in order and j != anchor]
    return order


def find_published(lines: list[Line], order: list[int], anchor: int, today: dt.date | None = None,
                   start: int | None = None) -> HeaderDate | None:
    """The publication date among the header block's lines, taken nearest first. An unlabelled date counts
    only close to the headline, or just above the body's `start`: further off, bare dates are teasers',
    comments' and listings' stamps."""
    candidates: list[HeaderDate] = []
    for i in order:
        found = [c for c in line_dates(lines, i, today) if c.label != BARE or abs(i - anchor) <= BARE_REACH
                 or (start is not None and start - BARE_REACH <= i <= start)]
        if not found and not candidates and is_relative(lines[i]):
            return None  # the header's stamp is relative: no absolute date to give
        candidates += found
    if not candidates:
        return None
    first = candidates[0]
    # a revision stamp gives way to the original date printed beside it ("May 3, 2024 - Updated June 1, 2024")
    beside = [c for c in candidates if abs(c.line - first.line) <= 2]
    return min(beside, key=lambda c: _RANK[c.label])


def find_far_published(lines: list[Line], order: list[int], today: dt.date | None = None) -> HeaderDate | None:
    """A date labelled "Published" / "Posted" away from the header block (a late header, a footer stamp)."""
    for i in order:
        label = lines[i].text if i == 0 or len(lines[i - 1].words) > 3 else f"{lines[i - 1].text} {lines[i].text}"
        for found in line_dates(lines, i, today):
            if found.label == PUBLISHED and _STRONG_PUBLISHED.search(label):
                return HeaderDate(found.line, found.date, FAR)
    return None


def only_stamp(lines: list[Line], today: dt.date | None = None) -> HeaderDate | None:
    """The date of the capture's one date line, when it has exactly one: a page that prints a single stamp
    prints its own (listings, comments and teasers print many)."""
    found = [d for i in range(len(lines)) for d in line_dates(lines, i, today)]
    if len({d.line for d in found}) != 1 or len({d.date for d in found}) != 1:
        return None
    # a lone revision stamp dates a page ("Site last updated"), and one in an address or a day range is none
    if found[0].label == UPDATED or _NOT_A_STAMP.search(lines[found[0].line].text):
        return None
    return HeaderDate(found[0].line, found[0].date, ONLY)
