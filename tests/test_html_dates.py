"""The HTML publication-date reader (stages/html_meta.py) on small pages: a date only from the page's own
metadata or date line, never from another page's teaser, a copyright line, or a date in the URL that is not
the article's."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.stages.clean_html import clean_html
from eventwire.stages.html_meta import url_date
from html_pages import BODY as _BODY

TODAY = dt.date(2026, 1, 1)


def _page(header: str = "", body: str = _BODY, footer: str = "") -> str:
    return ("<html><head><title>Council extends programme | Town Herald</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<div class='wrap'><h1>Council extends programme</h1>{header}</div><div class='body'>{body}</div>"
            f"<div class='bottom'>{footer}</div></body></html>")


def _card(title: str, date: str) -> str:
    return f"<div class='item'><h3><a href='/other'>{title}</a></h3><span>{date}</span></div>"


def test_date_on_a_teaser_below_the_headline_is_not_the_pages() -> None:
    teaser = _card("Mayor opens the new library wing", "March 3, 2024")
    assert clean_html(_page(header=teaser)).published is None
    # the page's own date line beside it is still read
    own = clean_html(_page(header="<p class='meta'>May 5, 2025</p>" + teaser))
    assert own.published == dt.date(2025, 5, 5) and own.published_basis == "visible-date-line"


def test_published_stamp_on_a_teaser_is_not_the_pages() -> None:
    teaser = _card("Mayor opens the new library wing", "Published: March 3, 2024")
    assert clean_html(_page(footer=teaser)).published is None
    # with the page's own stamp away from the header, that one is read (not taken for a list of posts)
    own = clean_html(_page(footer=teaser + "<div class='info'>Published: May 5, 2025</div>"))
    assert own.published == dt.date(2025, 5, 5)


def test_a_headline_linked_to_its_own_page_is_no_teaser() -> None:
    html = ("<html><head><title>Council extends programme</title></head><body>"
            "<article><h1><a href='/council-extends-programme'>Council extends programme</a></h1>"
            f"<p class='meta'>May 5, 2025</p>{_BODY}</article></body></html>")
    assert clean_html(html).published == dt.date(2025, 5, 5)


@pytest.mark.parametrize("line", ["© May 5, 2025 Town Herald", "Copyright 5 May 2025. All rights reserved."])
def test_copyright_line_gives_no_date(line: str) -> None:
    assert clean_html(_page(header=f"<p>{line}</p>")).published is None
    assert clean_html(_page(footer=f"<p>Posted {line}</p>")).published is None


@pytest.mark.parametrize("url, date", [
    ("https://herald.example/2025/05/05/council-extends-programme", dt.date(2025, 5, 5)),
    ("https://herald.example/news/2025-05-05-council-extends-programme", dt.date(2025, 5, 5)),
    ("https://herald.example/2025/05/05/", None),  # that day's archive: a list of posts
    ("https://herald.example/search?from=/2025/05/05/council", None),  # a query's date
    ("https://herald.example/story#/2025/05/05/council", None),
    ("https://herald.example/2031/05/05/council-extends-programme", None),  # after today
])
def test_url_date_only_from_the_articles_path(url: str, date: dt.date | None) -> None:
    assert next((f.value for f in url_date(url, TODAY)), None) == date


def test_time_around_updated_and_original_dates_reads_its_text() -> None:
    # one <time> holds both lines; its datetime is the update's, its text names the original publication
    block = ("<div class='dateblock'><time datetime='2022-11-11T20:23:00-05:00'><span>Updated November 11, 2022"
             "</span><span>8:23 PM ET</span><span>Originally published</span><span>November 9, 2022</span>"
             "</time></div>")
    out = clean_html(_page(header=block))
    assert out.published == dt.date(2022, 11, 9) and out.published_basis == "visible-date-line"
    # a <time> showing one date keeps its exact datetime
    one = clean_html(_page(header="<time datetime='2024-12-20'>December 20, 2024</time>"))
    assert one.published == dt.date(2024, 12, 20) and one.published_basis == "time-element"


def test_originally_published_date_beats_the_later_header_date() -> None:
    note = ("<p>This article was originally published on 26 Sep 2019 at 4:12pm but has been regularly updated "
            "since.</p>")
    out = clean_html(_page(header="<p class='meta'>30 Sep 2022, 11:07am</p>", body=_BODY + note))
    assert out.published == dt.date(2019, 9, 26) and out.published_basis == "originally-published"
    # the phrase far from any date, or a "Published" label dating this edition, leaves the other sources
    vague = "<p>It was originally published in a local paper and, after a long campaign, on 3 May 2018.</p>"
    assert clean_html(_page(header="<p class='meta'>30 Sep 2022</p>", body=_BODY + vague)
                      ).published == dt.date(2022, 9, 30)
    stamped = clean_html(_page(body=_BODY + note, footer="<div class='info'>Published: 13 Apr 2023</div>"))
    assert stamped.published == dt.date(2023, 4, 13)
