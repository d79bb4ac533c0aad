"""Publication date of an HTML page, read only from an explicit source and named by it.

A date comes from the page's own publication metadata (meta tags, JSON-LD, a marked-up <time>), a visible
date line beside the headline or byline, or a full date in the URL's path before the article's slug; never
from a guess over the page's other numbers (a copyright line, a date in the article, a list of related posts,
a teaser card of another page, a reader's comment, a query string). An invented date is the worst
error (every relative date in the article is resolved against it), so whenever the sources are weak or
disagree the page gets no date. Dates after the present day (anywhere on Earth) or before 1900 are no dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from eventwire.stages.html_dates import (
    MONTHS,
    RELATIVE,
    YEAR,
    Found,
    dates_in,
    latest_today,
    parse_date,
    valid_date,
)
from eventwire.stages.html_markup import META_LOOSE, data_dates, jsonld_blocks, jsonld_dates, meta_dates
from eventwire.stages.html_page import Segment, headline_span, off_article, segments, teaser


def home_page(url: str | None) -> bool:
    """A site's front page: a list of its articles, not one; its metadata dates the site's last build."""
    path = urlsplit(url or "").path
    return bool(url) and re.fullmatch(r"/?(?:index\.\w+)?", path) is not None


def url_date(url: str | None, today: dt.date) -> Iterator[Found]:
    """A full year/month/day path in the URL, as blogs and news sites file their articles: in the path (a
    query's or fragment's date is a search's or a tracker's) and followed by the article's slug (a bare
    /2024/05/01/ is that day's archive, a list of posts)."""
    path = urlsplit(url or "").path
    m = re.search(r"/((?:19|20)\d\d)[/_-]([01]?\d|[a-z]{3,9})[/_-]([0-3]?\d)(?:/|[_-](?=\D))(?=.*[^\W\d_]{2})",
                  path, re.I)
    month = (int(m[2]) if m[2].isdigit() else MONTHS.get(m[2].lower())) if m else None
    date = valid_date(int(m[1]), month, int(m[3]), today) if m and month else None
    if date:
        yield Found(date, "url")


# "Last updated", "Last active", "Reviewed": a later date than the publication
_UPDATED = re.compile(r"updat|modif|revis|review|edited|refresh|\blast\b", re.I)
_WORD = re.compile(r"[^\W\d_]+")
# a person's activity ("Last active", "Member since", "Joined"), not the page's
_ACTIVITY = re.compile(r"\b(?:active|seen|online|joined|member since|logged)\b", re.I)
_PUBLISHED = re.compile(r"publish|posted", re.I)


def _time_node(el: HtmlElement) -> HtmlElement | None:
    return next((n for n in (el, *el.iterancestors()) if n.tag == "time"), None)


def _time_attr(el: HtmlElement, today: dt.date) -> dt.date | None:
    node = _time_node(el)
    return parse_date(node.get("datetime") or "", today) if node is not None else None


def _time_dates(el: HtmlElement, today: dt.date) -> set[dt.date]:
    """The full dates written in the text of the <time> around `el`."""
    node = _time_node(el)
    return {d for d, _, _ in dates_in(" ".join(" ".join(node.itertext()).split()), today)} if node is not None \
        else set()


class LineDate(NamedTuple):
    """A date on a line by the headline, with what judges it a publication date line."""

    found: Found
    position: int  # segments after the headline's last (negative: before its first)
    words: int  # words on the line besides the date
    updated: bool  # labelled as an update, not the publication
    side: bool  # in a side box, teaser or footer


def line_dates(segs: list[Segment], span: tuple[int, int], today: dt.date, before: int, after: int,
               headline: str | None = None) -> Iterator[LineDate]:
    """Dates written on the lines around the headline, with what a date line is judged by. A line with two
    different dates and no update label is a period ("12 - 17 March"), not a publication date. A <time>
    gives its machine-readable datetime, also where its text is relative ("3 days ago") or partial."""
    first, last = span
    times: set[HtmlElement] = set()  # <time>s whose datetime was read: once each, not again on each piece
    for i in range(max(0, first - before), min(len(segs), last + after + 1)):
        seg = segs[i]
        attr = _time_attr(seg.element, today)
        found = [] if RELATIVE.search(seg.text) else dates_in(seg.text, today)
        if attr and not found and _time_node(seg.element) in times:
            continue
        found = found or ([(attr, 0, 0)] if attr else [])
        if not found or not_the_pages(seg, headline):
            continue
        times.add(_time_node(seg.element))
        # a <time> around two dates ("Updated May 3 / Originally published May 1") has one datetime: the text
        # tells them apart
        several = attr is not None and len(_time_dates(seg.element, today)) > 1
        found = [f for f in found if not _ACTIVITY.search(_label(segs, i, f[1]))]
        labels = [_UPDATED.search(_label(segs, i, start)) is not None for _, start, _ in found]
        if len({date for date, _, _ in found}) > 1 and not any(labels):
            continue
        names = " ".join(f"{n.get('class', '')} {n.get('id', '')}" for n in (seg.element, seg.element.getparent())
                         if n is not None)
        named_update = bool(_UPDATED.search(names)) and not _PUBLISHED.search(names)
        for (date, start, end), updated in zip(found, labels, strict=True):
            by_attr = attr is not None and (not several or date == attr)
            yield LineDate(Found(attr, "time-element") if attr and by_attr else Found(date, "visible-date-line"),
                           i - last if i > last else i - first,
                           len(_WORD.findall(seg.text[:start] + " " + seg.text[end:])),
                           updated or named_update, off_article(seg.element))


def _label(segs: list[Segment], i: int, start: int) -> str:
    """The words just before a date: on its own line, or ending the line before when the date opens its line."""
    return (segs[i - 1].text[-30:] if i and start < 3 else "") + segs[i].text[max(0, start - 30) : start]


# Around the headline: lines from BEFORE above its first to AFTER below its last, judged as date lines; a date
# line holds a date and at most LINE_WORDS other words (a byline, a label), not a sentence.
BEFORE, AFTER, LINE_WORDS = 5, 12, 6
# So many different dates within LISTING_SPAN lines below the headline are a list of posts or events.
LISTING_SPAN, LISTING_DATES = 30, 3


def shown_dates(segs: list[Segment], today: dt.date, headline: str | None = None) -> set[dt.date]:
    """Every full date the page shows outside its comments, teasers and copyright lines, as text or as a
    <time>'s datetime."""
    out: set[dt.date] = set()
    for seg in segs:
        attr = _time_attr(seg.element, today)
        dates = {d for d, _, _ in dates_in(seg.text, today)} | ({attr} if attr else set())
        if dates and not not_the_pages(seg, headline):
            out |= dates
    return out


_AMBIGUOUS = re.compile(rf"^\W*(?P<a>[01]?\d)[/.-](?P<b>[01]?\d)[/.-]{YEAR}\W*$")


def ambiguous_lines(segs: list[Segment], headline: str | None, today: dt.date) -> set[dt.date]:
    """Both readings of the date lines by the headline that are only a numeric date whose day and month
    could be swapped: not a date on their own, they can back up another source."""
    span = headline_span(segs, headline)
    out: set[dt.date] = set()
    for seg in segs[max(0, span[0] - BEFORE) : span[1] + AFTER + 1] if span else ():
        m = _AMBIGUOUS.match(seg.text)
        if m:
            a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
            out |= {d for d in (valid_date(year, a, b, today), valid_date(year, b, a, today)) if d}
    return out


def _line_sources(segs: list[Segment], headline: str | None, today: dt.date) -> dict[str, Found]:
    """The first date line of each kind: L published, V updated; l and v the same in a side box. An update
    line's basis says so: its date is the last revision's, which a user may want to tell apart."""
    span = headline_span(segs, headline)
    lines = list(line_dates(segs, span, today, BEFORE, LISTING_SPAN, headline)) if span else []
    if len({ld.found.value for ld in lines if ld.position >= 0}) >= LISTING_DATES:
        # a list of posts below the headline; a date right under it (S) may still back up the JSON-LD
        near = next((ld for ld in lines if 0 <= ld.position <= 2 and ld.words <= LINE_WORDS and not ld.updated), None)
        return {"S": near.found} if near else {}
    out: dict[str, Found] = {}
    for ld in lines:
        if ld.position <= AFTER and ld.words <= LINE_WORDS:
            key = ("V" if ld.updated else "L") if not ld.side else ("v" if ld.updated else "l")
            suffix = (":updated" if ld.updated else "") + (":side" if ld.side else "")
            out.setdefault(key, Found(ld.found.value, ld.found.basis + suffix))
    return out


# boxes of other posts' and readers' stamps ("Posted on" under each comment or related post)
_OTHER_POSTS = re.compile(r"comment|reply|related|recommend|popular|trending|teaser|widget", re.I)


def _other_posts(el: HtmlElement) -> bool:
    """In a box of other posts; the classes of <body> and <html> name the whole page's features, not a box."""
    return any(_OTHER_POSTS.search(f"{n.get('class', '')} {n.get('id', '')}") for n in (el, *el.iterancestors())
               if n.tag not in ("body", "html"))


def _in_comments(el: HtmlElement) -> bool:
    return any(_COMMENTS.search(f"{n.get('class', '')} {n.get('id', '')}") for n in (el, *el.iterancestors())
               if n.tag not in ("body", "html"))


_COMMENTS = re.compile(r"comment|reply|replies", re.I)
_COPYRIGHT = re.compile(r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b|all rights reserved", re.I)


def not_the_pages(seg: Segment, headline: str | None) -> bool:
    """A reader's comment, a teaser of another page, or a copyright line: no date on it is the page's."""
    return _in_comments(seg.element) or bool(_COPYRIGHT.search(seg.text)) or teaser(seg.element, headline)


def labelled_stamp(segs: list[Segment], today: dt.date, headline: str | None = None) -> Found | None:
    """A date line labelled "Published" or "Posted" anywhere on the page, where the header shows none (a
    sidebar's "Published: May 3, 2024", a footer's "Posted on ..."): the page's one such date, several being
    a list of posts."""
    found = set()
    for i, seg in enumerate(segs):
        if RELATIVE.search(seg.text) or not _PUBLISHED.search(seg.text + (segs[i - 1].text if i else "")) \
                or not_the_pages(seg, headline):
            continue
        attr = _time_attr(seg.element, today)
        for date, start, end in dates_in(seg.text, today) or ([(attr, 0, 0)] if attr else []):
            label = _label(segs, i, start)
            words = len(_WORD.findall(seg.text[:start] + " " + seg.text[end:]))
            if _PUBLISHED.search(label) and not _UPDATED.search(label) and words <= LINE_WORDS \
                    and not _other_posts(seg.element):
                found.add(date)
    return Found(found.pop(), "published-stamp") if len(found) == 1 else None


# a byline's label: "By", "Written by", "Interview by", "Author:"
_BYLINE = re.compile(r"^(?:(?:written|posted|published|interview|words|text|story|reporting|article)\s+)?by\b"
                     r"|^authors?\s*:", re.I)


def byline_stamp(segs: list[Segment], today: dt.date, headline: str | None = None) -> Found | None:
    """The date on the lines just after a byline anywhere on the page ("Written by / Jane Doe / April 8,
    2024"), for where the header shows none: the page's one such date, several being a list of posts. An
    "Updated" date there is no publication date (and such lines date pages that the header leaves undated)."""
    found = set()
    for i, seg in enumerate(segs):
        if not _BYLINE.match(seg.text) or _other_posts(seg.element) or not_the_pages(seg, headline):
            continue
        for j in (*range(i, min(len(segs), i + 4)), *range(i - 1, max(-1, i - 3), -1)):  # after it, then before
            line = segs[j]
            dates = [] if RELATIVE.search(line.text) else dates_in(line.text, today)
            attr = _time_attr(line.element, today)
            dates = dates or ([(attr, 0, 0)] if attr else [])
            dates = dates if dates and not not_the_pages(line, headline) else []
            if len({d for d, _, _ in dates}) == 1 and not _UPDATED.search(_label(segs, j, dates[0][1])) \
                    and len(_WORD.findall(line.text)) <= LINE_WORDS + (6 if j == i else 0):
                found.add(dates[0][0])
                break
    return Found(found.pop(), "byline-stamp") if len(found) == 1 else None


_ORIGINALLY = re.compile(r"\boriginally\s+(?:published|posted|appeared|written)\b", re.I)


def original_stamp(segs: list[Segment], today: dt.date, headline: str | None = None) -> Found | None:
    """The date a page says it was first published on ("This article was originally published on 26 Sep
    2019 but has been updated"): its text was written then, whatever later date its header shows. The page's
    one such date, written within a few words of the phrase."""
    found = set()
    for seg in segs:
        m = _ORIGINALLY.search(seg.text)
        if m and not not_the_pages(seg, headline):
            found |= {d for d, start, _ in dates_in(seg.text[m.end() :], today) if start <= ORIGINAL_GAP}
    return Found(found.pop(), "originally-published") if len(found) == 1 else None


# the date follows "originally published" within so many characters ("on Wednesday, ")
ORIGINAL_GAP = 20


# The order sources are trusted in: the date the page says it was originally published on (O, unless a
# "Published" label dates this edition), a published date line by the headline, a date labelled "Published"
# elsewhere (P), the publication metadata, JSON-LD, an updated line, the date after a byline away from the
# header (B), a line in a side box, the loose metadata, the URL. JSON-LD (W: a WebPage's) is taken only where
# another source gives the same day: CMSs fill it in for pages that show no date. S, the date under a
# headline above a list of posts, only backs JSON-LD up.
_ORDER = "OLPMJVBlvWDU"
_NEEDS_SUPPORT = "JW"


def published(tree: HtmlElement, url: str | None, headline: str | None, today: dt.date | None = None) -> Found | None:
    """The page's publication date and where it was read, or None when no explicit source gives one."""
    today = today or latest_today()
    if home_page(url):
        return None
    segs = segments(tree)
    sources = _line_sources(segs, headline, today)
    stamp = labelled_stamp(segs, today, headline)
    if stamp:
        sources["P"] = stamp
    by_stamp = byline_stamp(segs, today, headline)
    if by_stamp:
        sources["B"] = by_stamp
    original = original_stamp(segs, today, headline)
    if original and not stamp:  # a "Published" label is the page's own word on this edition
        sources["O"] = original
    metas = list(meta_dates(tree, today))
    ld = list(jsonld_dates(jsonld_blocks(tree), today))
    others = {
        "M": [f for f in metas if f.basis.removeprefix("meta:") not in META_LOOSE] + list(data_dates(tree, today)),
        "D": [f for f in metas if f.basis.removeprefix("meta:") in META_LOOSE],
        "J": [f for f in ld if f.basis == "jsonld:datePublished"],
        "W": [f for f in ld if f.basis != "jsonld:datePublished"],
        "U": list(url_date(url, today)),
    }
    sources |= {key: found[0] for key, found in others.items() if found}
    # JSON-LD blocks back each other up only as one CMS's template: support comes from another kind, from the
    # same day written anywhere on the page (outside comments), or from either reading of a day-month-ambiguous
    # date line ("09.10.2024") by the headline
    backing = {o.value for k, o in sources.items() if k not in _NEEDS_SUPPORT} | ambiguous_lines(segs, headline, today)
    if any(sources.get(k) for k in _NEEDS_SUPPORT):
        backing |= shown_dates(segs, today, headline)
    for key in _ORDER:
        found = sources.get(key)
        if found is not None and (key not in _NEEDS_SUPPORT or found.value in backing):
            return found
    return None
