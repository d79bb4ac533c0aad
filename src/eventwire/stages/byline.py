"""The byline author of a plain-text capture, read from the header block around the headline.

A byline is "By Jane Doe" (also "Written by", "Posted by", "Author:", glued "ByJane Doe"), "Jane Doe | March 3,
2024" (a name opening a date line), or a bare name line next to a date line, a lone "By" line or the name's
photo caption. Several names joined by "," / "and" are kept as the capture writes them, at most MAX_NAMES of
them. Capitalised words the page also writes in lower case ("Use Case", "Travel Tips") and desk words ("Staff",
"News") are not names; credits ("Photo by", "Reviewed by") are not bylines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from eventwire.stages.header_dates import DATE_MENTION
from eventwire.stages.text_lines import WORD, Line

_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
# A name word: "Doe", "O'Neil", "Smith-Jones", "McDonald", "DeSiato", or an initial "J."; the inner capital
# only after a surname prefix, so glued text ("MillerPublished") splits at the next word.
_WORD = rf"(?:(?:Mc|Mac|De|Di|Da|La|Le|Du|O['’])?[{_UP}][{_LOW}]+(?:[-'’][{_UP}]?[{_LOW}]+)*|[{_UP}]\.)"
_PARTICLE = r"(?:de|da|van|von|der|den|bin|al|del|la|le|di|du)\s+"
_PERSON = rf"(?:(?:Dr|Prof)\.?\s+)?{_WORD}(?:\s+(?:{_PARTICLE})?{_WORD}){{1,3}}(?![{_LOW}])"
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+)"
_NAMES = re.compile(rf"{_PERSON}(?:{_JOIN}{_PERSON})*")
_ONE = re.compile(_PERSON)
# "By" opening a line or following a separator, a date or a label ("Posted by", "Written By:").
BY_LEAD = re.compile(rf"(?:^|(?<=[^A-Za-z]))(?:[Bb]y|BY|Author(?:s|ed by)?|Written by|Words by):?\s*(?=[{_UP}])")
# Credits that name someone other than the writer.
_CREDIT = re.compile(r"(?:photo(?:graph)?s?|image|illustration|video|reviewed|checked|edited|courtesy|credit)\w*"
                     r"\s*(?:by)?:?\s*$", re.IGNORECASE)
_NOT_PERSON = frozenset({"staff", "news", "desk", "team", "agency", "reporters", "editors", "editorial", "wire",
                         "press", "admin", "contributor", "guest", "author", "editor", "read", "min"})
_CREDENTIALS = re.compile(r"(?:,\s*(?:[A-Z][A-Za-z.]{1,5}|Ph\.D\.))*")
_PHOTO = re.compile(r"\b(?:photo|picture|avatar|headshot|image|portrait)\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s*(?:[|•·–—/-]\s*|\s)")
MAX_NAMES = 5
_SENTENCE_GOES_ON = re.compile(r"\s+(?!on\b|in\b|at\b|for\b|with\b|from\b)[a-z]{2,}")


@dataclass(frozen=True)
class Byline:
    line: int
    author: str
    basis: str


def _names(span: str, common: frozenset[str], strong: bool) -> str | None:
    """The names of a byline span, cut after MAX_NAMES; None if they read as ordinary words."""
    people = list(_ONE.finditer(span))
    if not people:
        return None
    cut = span[: people[min(len(people), MAX_NAMES) - 1].end()]
    words = [w.lower() for w in WORD.findall(cut)]
    if any(w in _NOT_PERSON for w in words):
        return None
    plain = [w in common for w in words]
    # after "By" a name may share a word with the text ("Rose"); a bare line must not
    return None if (all(plain) if strong else any(plain)) else cut


def _by_line(text: str, common: frozenset[str]) -> str | None:
    for m in BY_LEAD.finditer(text):
        names = _NAMES.match(text, m.end())
        # "by Jane Doe said ..." continues a sentence; "by Jane Doe on May 3" or "| 5 min read" does not
        if names and not _CREDIT.search(text[: m.start()]) and not _SENTENCE_GOES_ON.match(text, names.end()):
            return _names(names.group(0), common, strong=True)
    return None


def _name_line(lines: list[Line], i: int, common: frozenset[str]) -> str | None:
    """A bare name line beside a date line, a lone "By" line, or its own photo caption."""
    text = lines[i].text
    m = _NAMES.fullmatch(text) or _NAMES.fullmatch(_CREDENTIALS.sub("", text))
    if m is None or _PHOTO.search(text):  # "Featured Image" is a caption, not a name
        return None
    near = [lines[j].text for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(lines)]
    beside = [lines[j].text for j in (i - 1, i + 1) if 0 <= j < len(lines)]  # a date line right beside it
    above = lines[i - 1].text.strip().lower() if i else ""
    if above in ("by", "by:", "author", "author:", "written by") or any(DATE_MENTION.search(t) for t in beside) \
            or any(m.group(0) in t and t != text and _PHOTO.search(t) for t in near):
        return _names(m.group(0), common, strong=False)
    return None


def _name_before_date(text: str, common: frozenset[str]) -> str | None:
    """"Jane Doe | March 3, 2024", "Jane Doe March 3, 2024": a name opening a date line."""
    m = _NAMES.match(text)
    if m and (sep := _SEPARATOR.match(text, m.end())) and DATE_MENTION.match(text, sep.end()):
        return _names(m.group(0), common, strong=False)
    return None


def find_author(lines: list[Line], order: Iterable[int], common: frozenset[str]) -> Byline | None:
    """The first byline among the header block's lines, taken nearest first."""
    for i in order:
        text = lines[i].text
        if len(text) > 400:
            continue
        if name := _by_line(text, common):
            return Byline(i, name, "capture:byline")
        if name := _name_before_date(text, common):
            return Byline(i, name, "capture:name-date-line")
        if name := _name_line(lines, i, common):
            return Byline(i, name, "capture:name-line")
    return None
