"""Full dates written in text (day, month and year), as the HTML metadata readers take them: from 1900 to
the present day anywhere on Earth, a numeric day and month only where their order is certain, a date
relative to an unknown present ("3 days ago") none.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

EARLIEST = dt.date(1900, 1, 1)


def latest_today() -> dt.date:
    """The present day where it is latest (UTC+14): a page written there today is not from the future."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()


MONTHS = {
    name: i
    for i, names in enumerate(
        (("jan", "january", "januar", "janvier"), ("feb", "february", "februar", "février"),
         ("mar", "march", "märz", "mars"), ("apr", "april", "avril"), ("may", "mai"), ("jun", "june", "juni", "juin"),
         ("jul", "july", "juli", "juillet"), ("aug", "august", "août"), ("sep", "sept", "september", "septembre"),
         ("oct", "october", "oktober", "octobre"), ("nov", "november", "novembre"),
         ("dec", "december", "dezember", "décembre")),
        1,
    )
    for name in names
}
_MONTH = r"(?P<mon>[^\W\d_]{3,9})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\.?"
YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_DATE_FORMS = [
    re.compile(rf"\b{YEAR}-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"),  # ISO, as metadata writes it
    re.compile(rf"\b{YEAR}/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)\b"),
    re.compile(rf"(?<![^\W\d_]){_MONTH}\s+{_DAY},?\s+{YEAR}\b", re.I),  # March 3, 2025
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{YEAR}\b", re.I),  # 3 March 2025
    re.compile(rf"\b{YEAR},?\s+{_MONTH}\s+{_DAY}\b", re.I),  # 2025 Mar 3 (citation metadata)
    # numeric day-month-year or month-day-year: read only when the order is certain (one part over 12)
    re.compile(rf"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.]{YEAR}\b"),
]
RELATIVE = re.compile(r"\b(?:ago|yesterday|today)\b", re.I)


class Found(NamedTuple):
    """A value and where it was read ("meta:article:published_time", "jsonld:datePublished", ...)."""

    value: dt.date
    basis: str


def valid_date(year: int, month: int, day: int, today: dt.date) -> dt.date | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date if EARLIEST <= date <= today else None


def _numeric(a: int, b: int, year: int, today: dt.date) -> dt.date | None:
    """3/4/2025 is March or April by the page's convention, which nothing here knows: no date."""
    if a > 12 >= b:
        return valid_date(year, b, a, today)
    if b > 12 >= a:
        return valid_date(year, a, b, today)
    return valid_date(year, a, b, today) if a == b else None


def dates_in(text: str, today: dt.date) -> list[tuple[dt.date, int, int]]:
    """Every full date (day, month and year) written in `text`, with its span, in reading order."""
    found: list[tuple[dt.date, int, int]] = []
    for form in _DATE_FORMS:
        for m in form.finditer(text):
            parts = m.groupdict()
            year = int(parts["year"])
            if parts.get("a"):
                date = _numeric(int(parts["a"]), int(parts["b"]), year, today)
            elif parts.get("mon"):
                month = MONTHS.get(parts["mon"].lower())
                date = valid_date(year, month, int(parts["day"]), today) if month else None
            else:
                date = valid_date(year, int(parts["month"]), int(parts["day"]), today)
            if date and not any(start <= m.start() < end for _, start, end in found):
                found.append((date, m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


def parse_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """The first full date written in `text`; None for a bare year or month, or a date relative to an unknown
    present ("3 days ago")."""
    if RELATIVE.search(text):
        return None
    found = dates_in(text[:200], today or latest_today())
    return found[0][0] if found else None
