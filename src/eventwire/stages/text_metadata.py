"""Metadata of a plain-text capture: title, byline, publication date, outlet, dateline and language, read
from the lines just above the article body. Nothing is guessed: a field the capture does not state is None."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import dateparser

from eventwire.stages.text_lines import WORD, Line, is_furniture, line_key, stop_list

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
    if not m or any(w not in _DATE_LABELS for w in WORD.findall(text[: m.start()].lower())):
        return None
    rest = _TIME.sub(" ", text[m.end() :])
    return m if len(WORD.findall(rest)) <= 8 else None


def date_of(text: str) -> dt.date | None:
    return _parse_date_line(text) if len(text) <= 200 else None  # a byline or header line is short


@lru_cache(maxsize=4096)
def _parse_date_line(text: str) -> dt.date | None:
    m = _date_match(text)
    parsed = m and dateparser.parse(m.group(0), languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date() if parsed else None


def _title_score(line: Line, repeats: int) -> int:
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
    words = [w.lower() for w in WORD.findall(m.group(1))]
    return None if any(w in common or w in _NOT_PERSON for w in words) else m.group(1)


def _publication(lines: list[Line], window: range) -> dt.date | None:
    """The byline block's first date; a date labelled "Updated" is a revision, and none is better than it."""
    dates = [i for i in window if date_of(lines[i].text)]
    dates = [i for i in dates if not re.search(r"updat|modif|revis", lines[i].text + (lines[i - 1].text if i else ""),
                                               re.IGNORECASE)]
    if not dates:
        return None
    top = dates[0]  # nearest the body; walk up the block ("8/1/2025" above "8/27/2025")
    while top - 1 in dates or top - 2 in dates:
        top = top - 1 if top - 1 in dates else top - 2
    return date_of(lines[top].text)


def _read_header(lines: list[Line], start: int, meta: _Meta) -> None:
    """Title, byline, date and standalone dateline from the 15 lines above the body, nearest first."""
    common = frozenset(w for line in lines for w in re.findall(r"\b[a-z]+\b", line.text))
    counts = Counter(line.key for line in lines)
    window = range(start - 1, max(-1, start - 16), -1)
    meta.published = _publication(lines, window)
    best_title = 0
    for i in window:
        line = lines[i]
        if date_of(line.text):
            meta.author = meta.author or _person(line.text, False, common)
        elif meta.dateline is None and i >= start - 3 and _STANDALONE_DATELINE.match(line.text) and not line.boiler:
            meta.dateline = line.text
        elif meta.author is None and (name := _person(line.text, bool(date_of(lines[i + 1].text)), common)):
            meta.author = name
        elif (score := _title_score(line, counts[line.key])) > best_title:
            meta.title, best_title = line.text, score


def _read_outlet(lines: list[Line], start: int, end: int) -> str | None:
    """The site's own name where the capture states it: beside a header date, in a writer's bio, a copyright
    line or an app prompt. Never guessed from the text."""
    for line in lines[:start]:
        m = _date_match(line.text)
        name = _TIME.sub(" ", line.text[m.end() :]).strip(" |-–—·") if m else ""
        words = WORD.findall(name.lower())
        if _SITE_NAME.fullmatch(name) and not is_furniture(words) and not _DATE_LABELS.intersection(words):
            return name
    for n, pattern in enumerate(_OUTLET_PATTERNS):
        for line in lines if n == 0 else lines[:start] + lines[end + 1 :]:
            if m := pattern.search(line.text):
                return _COMPANY_SUFFIX.sub("", m.group(1)).strip()
    return None


def read_metadata(lines: list[Line], keep: list[bool]) -> _Meta:
    kept = [i for i, k in enumerate(keep) if k]
    meta = _Meta()
    if not kept:
        return meta
    _read_header(lines, kept[0], meta)
    meta.outlet = _read_outlet(lines, kept[0], kept[-1])
    title_key = line_key(meta.title) if meta.title else None
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
    return stop_list(lines)[1]
