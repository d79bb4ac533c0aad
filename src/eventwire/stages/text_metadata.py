"""Metadata of a plain-text capture: title, byline, publication date, outlet, dateline and language, read
from the lines around the article body's start. The headline is chosen first (stages/headline.py) and anchors the
header block where the byline (stages/byline.py) and the date (stages/header_dates.py) are read; each records
where it was read (`*_basis`). Nothing is guessed: a field the capture does not state is None."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

import dateparser

from eventwire.stages.byline import HANDLE, Byline, find_author, find_far_byline
from eventwire.stages.header_dates import (
    UPDATED,
    HeaderDate,
    beside_reading_time,
    find_far_published,
    find_published,
    header_window,
    is_relative,
    only_stamp,
)
from eventwire.stages.headline import find_title, layout
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
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
# Web and mail addresses and handles: their words are lower case whatever they name ("jane@doe.com")
_ADDRESS = re.compile(r"\S*(?:@|://|www\.|\.(?:com|org|net|io|co)\b)\S*", re.IGNORECASE)
_COMPANY_SUFFIX = re.compile(r"[\s,]+(?:Inc|Ltd|LLC|Corp|Co|GmbH|Limited|All)\.?$")


@dataclass
class _Meta:
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    dateline: str | None = None
    published_basis: str = "none"
    author_basis: str = "none"
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


BYLINE_REACH = 8  # lines around a byline found away from the header where its date is looked for
UNDER_HEADLINE = 3  # lines from the headline within which any stamp, a revision stamp too, dates the article


def _far(size: int, anchor: int) -> list[int]:
    """Every line, nearest the headline first."""
    return sorted(range(size), key=lambda i: abs(i - anchor))


def _publication(lines: list[Line], order: list[int], anchor: int, byline: Byline | None,
                 start: int) -> HeaderDate | None:
    """The header block's date; failing that (and no relative stamp there), the stamp beside a byline found
    away from the header, a "Published" stamp anywhere, nearest the headline first, or the capture's one
    date line."""
    published = find_published(lines, order, anchor, start=start)
    if published is not None and abs(published.line - anchor) <= UNDER_HEADLINE:
        return published  # the stamp under the headline dates the article, a revision stamp included
    if published is None and not any(is_relative(lines[i]) for i in order):
        near_byline = [] if byline is None else [
            byline.line, *header_window(byline.line, byline.line, len(lines))[:BYLINE_REACH]]
        published = find_published(lines, near_byline, byline.line if byline else anchor) or find_far_published(
            lines, _far(len(lines), anchor)) or only_stamp(lines)
    # a revision stamp alone dates a page (a reference page, a listing) more often than an article; with a
    # byline or a reading time it dates the article
    if published and (published.label != UPDATED or byline or beside_reading_time(lines, published.line)):
        return published
    return None


def _read_header(lines: list[Line], kept: list[int], meta: _Meta, shape: list[tuple[bool, bool]] | None) -> None:
    """Headline, byline, date and standalone dateline from the header block: the headline is chosen first and
    anchors the block (the body's first line does when there is none)."""
    start = kept[0]
    title = find_title(lines, kept, shape)
    anchor = start if title is None else title
    order = header_window(anchor, start, len(lines))
    # words the page writes in lower case (a user-name byline's own line aside): not parts of a name
    common = frozenset(w for line in lines if not HANDLE.search(line.text)
                       for w in _LOWER_WORD.findall(_ADDRESS.sub(" ", line.text)))
    if title is not None:
        meta.title = lines[title].text
    byline = find_author(lines, order, common) or find_far_byline(lines, _far(len(lines), anchor), common)
    if byline:
        meta.author, meta.author_basis = byline.author, byline.basis
    published = _publication(lines, order, anchor, byline, start)
    if published:
        meta.published, meta.published_basis = published.date, published.basis
    for i in range(start - 1, max(-1, start - 4), -1):
        if _STANDALONE_DATELINE.match(lines[i].text) and not lines[i].boiler and i != title:
            meta.dateline = lines[i].text
            break


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


HEADLINE_DEPTH = 2  # a headline the body kept opens it (after a kicker or dateline line at most)
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*$")


def read_metadata(lines: list[Line], keep: list[bool], text: str | None = None) -> _Meta:
    """The capture's metadata; `text`, the capture itself, lends its layout (blank lines, indentation)."""
    kept = [i for i, k in enumerate(keep) if k]
    meta = _Meta()
    if not kept:
        return meta
    _read_header(lines, kept, meta, layout(text, len(lines)) if text is not None else None)
    meta.outlet = _read_outlet(lines, kept[0], kept[-1])
    title_key = line_key(meta.title) if meta.title else None
    copies = [i for i in kept if lines[i].key == title_key]
    if copies and not set(copies) & set(kept[:HEADLINE_DEPTH]) and _SENTENCE_END.search(meta.title or ""):
        meta.title = None  # a sentence deep in the body is the story, not its headline: none beats a guess
    # the headline is not body text; a line deeper in the body stays in it, whatever else it is
    meta.consumed = set(copies) & set(kept[:HEADLINE_DEPTH])
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
