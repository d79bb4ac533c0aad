"""The HTML cleaner on real pages from WCXB-dev and AEB (../shared/eval), and on pages with no article."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import InputRejected
from eventwire.stages.clean_html import clean_html
from eventwire.stages.html_author import lead_names
from eventwire.stages.html_meta import parse_date
from html_pages import BODY as _BODY
from html_pages import page as _page

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
WCXB_PAGES = ("0001", "0002", "0005", "0010", "0020")


def _f1(pred: str, gold: str) -> float:
    p, g = Counter(re.findall(r"\w+", pred.lower())), Counter(re.findall(r"\w+", gold.lower()))
    hit = sum((p & g).values())
    return 2 * hit / (sum(p.values()) + sum(g.values())) if p or g else 1.0


def _wcxb(page_id: str) -> tuple[str, dict[str, Any]]:
    html_path = EVAL / "wcxb-dev" / "html" / f"{page_id}.html.gz"
    if not html_path.is_file():
        pytest.skip(f"{html_path} not found: the shared eval data sits beside the repository")
    truth = json.loads((EVAL / "wcxb-dev" / "ground-truth" / f"{page_id}.json").read_text(encoding="utf-8"))
    return gzip.decompress(html_path.read_bytes()).decode("utf-8"), truth["ground_truth"]


@pytest.mark.parametrize("page_id", WCXB_PAGES)
def test_wcxb_article_text(page_id: str) -> None:
    html, gold = _wcxb(page_id)
    out = clean_html(html)
    assert _f1(out.text, gold["main_content"]) >= 0.85
    assert "\n\n" in out.text and "\n\n\n" not in out.text
    assert all(p == p.strip() and p for p in out.text.split("\n\n"))


def test_wcxb_metadata() -> None:
    html, gold = _wcxb("0001")
    out = clean_html(html)
    assert out.title == gold["title"]
    assert out.author == gold["author"]
    assert out.published is not None and out.published.isoformat() == gold["publish_date"]
    assert out.language == "en"


def test_aeb_pages() -> None:
    truth_path = EVAL / "aeb" / "ground-truth.json"
    if not truth_path.is_file():
        pytest.skip(f"{truth_path} not found: the shared eval data sits beside the repository")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    scores = []
    for page_id in sorted(truth)[:8]:
        html = gzip.decompress((EVAL / "aeb" / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
        scores.append(_f1(clean_html(html, truth[page_id]["url"]).text, truth[page_id]["articleBody"]))
    assert sum(scores) / len(scores) >= 0.9, scores


@pytest.mark.parametrize(
    "page",
    [
        "",
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
        "</body></html>",
        "https://example.com/news/article",  # a URL is not a page, and nothing may be fetched for it
    ],
)
def test_no_article_is_rejected(page: str) -> None:
    with pytest.raises(InputRejected) as info:
        clean_html(page, url="https://example.com/x")
    assert info.value.code == "no_article" and info.value.path == "https://example.com/x"
    with pytest.raises(InputRejected) as info:
        clean_html(page)
    assert info.value.path == "<html>"


def test_no_byline_no_author() -> None:
    paragraph = (
        "<p>The council voted on Tuesday to extend the programme for another year, after a debate that ran late "
        "into the evening and drew a large crowd of residents to the town hall.</p>"
    )
    html = f"<html><head><title>Council extends programme</title></head><body><article>{paragraph * 4}</article>" \
           "</body></html>"
    out = clean_html(html)
    assert out.author is None and out.published is None
    assert out.title == "Council extends programme"


# Metadata rules on small pages: a date or an author only from an explicit source, named in *_basis.


def test_date_from_meta() -> None:
    out = clean_html(_page(head='<meta property="article:published_time" content="2024-03-05T18:30:00-05:00">'))
    assert out.published == dt.date(2024, 3, 5)
    assert out.published_basis == "meta:article:published_time"


def test_date_from_jsonld_needs_a_second_source() -> None:
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
          '"headline": "Council extends programme", "datePublished": "2024-03-05T09:00:00Z"}</script>')
    out = clean_html(_page(head=ld), url="https://herald.example/2024/03/05/council-extends-programme")
    assert out.published == dt.date(2024, 3, 5) and out.published_basis == "jsonld:datePublished"
    # a CMS fills in JSON-LD for pages that show no date: alone it is not enough
    alone = clean_html(_page(head=ld), url="https://herald.example/news/council-extends-programme")
    assert alone.published is None and alone.published_basis == "none"


def test_date_from_visible_date_line() -> None:
    out = clean_html(_page(header="<p class='byline'>By Jane Smith</p><p class='date'>March 5, 2024</p>"))
    assert out.published == dt.date(2024, 3, 5) and out.published_basis == "visible-date-line"
    timed = clean_html(_page(header="<time datetime='2024-03-05T08:00:00Z'>5 days ago</time>"
                                    "<span>Posted on <time datetime='2024-03-05'>5 March 2024</time></span>"))
    assert timed.published == dt.date(2024, 3, 5) and timed.published_basis == "time-element"


def test_publication_beats_update_line() -> None:
    out = clean_html(_page(head='<meta property="article:published_time" content="2023-11-20">',
                           header="<p>Last updated: January 8, 2024</p>"))
    assert out.published == dt.date(2023, 11, 20) and out.published_basis == "meta:article:published_time"
    # with nothing else, the update line is the page's only date, and its basis says what it is
    only = clean_html(_page(header="<p>Last updated: January 8, 2024</p>"))
    assert only.published == dt.date(2024, 1, 8) and only.published_basis == "visible-date-line:updated"


def test_no_date_is_none() -> None:
    out = clean_html(_page())
    assert out.published is None and out.published_basis == "none"


def test_copyright_year_is_no_date() -> None:
    out = clean_html(_page(footer="<p>© 2023 Town Herald Media Ltd. All rights reserved.</p>"
                                  "<p>Copyright 2019-2024</p>"))
    assert out.published is None and out.published_basis == "none"


def test_dates_in_the_article_or_related_posts_are_no_date() -> None:
    body = _BODY + "<p>The programme began on 4 May 2021 and was first reviewed on June 1, 2022.</p>"
    related = "".join(f"<li><a href='/p{i}'>Story {i}</a> <span>March {i + 1}, 2024</span></li>" for i in range(5))
    out = clean_html(_page(body=body, footer=f"<ul class='related'>{related}</ul>"))
    assert out.published is None


@pytest.mark.parametrize("days", [2, 40, 4000])
def test_future_date_is_no_date(days: int) -> None:
    future = dt.date.today() + dt.timedelta(days=days)
    out = clean_html(_page(head=f'<meta property="article:published_time" content="{future.isoformat()}">',
                           header=f"<p class='date'>{future:%B} {future.day}, {future.year}</p>"))
    assert out.published is None and out.published_basis == "none"


def test_date_before_1900_is_no_date() -> None:
    out = clean_html(_page(head='<meta name="citation_publication_date" content="1850/06/01">',
                           header="<p class='date'>June 1, 1850</p>"))
    assert out.published is None and out.published_basis == "none"


def test_ambiguous_or_relative_dates_are_not_read() -> None:
    today = dt.date(2025, 6, 1)
    assert parse_date("03/04/2025", today) is None  # March or April: the page's convention is unknown
    assert parse_date("25/04/2025", today) == dt.date(2025, 4, 25)
    assert parse_date("2023 Jan 7", today) == dt.date(2023, 1, 7)
    assert parse_date("Posted 3 days ago", today) is None
    assert parse_date("2025", today) is None and parse_date("May 2025", today) is None


def test_author_from_meta() -> None:
    out = clean_html(_page(head='<meta name="author" content="Jane Smith">'))
    assert out.author == "Jane Smith" and out.author_basis == "meta:author"


def test_author_from_byline() -> None:
    out = clean_html(_page(header="<p>By Jane Smith | March 5, 2024</p>"))
    assert out.author == "Jane Smith" and out.author_basis in ("byline", "author-markup")


def test_author_only_in_the_text_is_none() -> None:
    body = _BODY + ("<p>\u201cWe are delighted,\u201d said Maria Lopez, a spokeswoman for the council. The "
                    "motion was tabled by David Chen and seconded by Priya Patel.</p>")
    related = "<aside class='related'><a href='/x'>Budget row</a> <span class='author'>By Tom Brown</span></aside>"
    out = clean_html(_page(body=body, footer=related))
    assert out.author is None and out.author_basis == "none"


def test_author_label_or_account_is_none() -> None:
    assert clean_html(_page(head='<meta name="author" content="admin">')).author is None
    assert clean_html(_page(header="<p class='author'>Written by</p>")).author is None
    ld = ('<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Council extends programme", '
          '"author": {"@type": "Organization", "name": "Town Herald"}}</script>')
    assert clean_html(_page(head=ld)).author is None


def test_byline_of_forty_names() -> None:
    names = [f"Reporter{chr(65 + i % 26)} Name{chr(65 + i // 26)}x" for i in range(40)]
    out = clean_html(_page(header=f"<p class='byline'>By {', '.join(names)}</p>",
                           head=f'<meta name="author" content="{", ".join(names)}">'))
    assert out.author is not None and out.author_basis != "none"
    listed = [n.strip() for n in re.split(r"[,;]", out.author)]
    assert 1 <= len(listed) <= 10 and all(n in names for n in listed)


def test_trafilatura_author_strings_are_cut_to_the_names() -> None:
    assert lead_names("View all posts by Ray Ansari") == "Ray Ansari"
    assert lead_names("Luke Kim December") == "Luke Kim"  # the name ran on into the date line
    assert lead_names("April Ryan") == "April Ryan"  # a month opening a name is the name
    assert lead_names("Ann Lee; Bo Park; Staff educators") == "Ann Lee and Bo Park"
    assert lead_names("Updated March") == ""


def test_published_stamp_away_from_the_header() -> None:
    side = "<aside class='sidebar'><h4>Published</h4><div class='post-date'>July 8, 2025</div></aside>"
    out = clean_html(_page(footer=side))
    assert out.published == dt.date(2025, 7, 8) and out.published_basis == "published-stamp"
    # one stamp per post is a list of posts; a reader's "Posted on" is a comment's date
    posts = "".join(f"<div><a href='/p{i}'>Story {i}</a><p>Published {i + 1} May 2024</p></div>" for i in range(3))
    assert clean_html(_page(footer=posts)).published is None
    comment = "<div class='comments'><p>Posted on March 2, 2025 by Sam</p></div>"
    assert clean_html(_page(footer=comment)).published is None


def test_headline_without_h1_is_found_by_its_text() -> None:
    html = ("<html><head><title>Council extends programme | Town Herald</title></head><body>"
            "<h1 class='logo'>Town Herald</h1><nav><a href='/'>Home</a></nav>"
            f"<article><h2>Council extends programme</h2><p class='date'>March 5, 2024</p>{_BODY}</article>"
            "</body></html>")
    out = clean_html(html)
    assert out.published == dt.date(2024, 3, 5) and out.published_basis == "visible-date-line"


def test_page_nested_in_an_open_button_is_read() -> None:
    # libxml2 puts everything after a menu's unclosed <button> inside it
    html = ("<html><head><title>Council extends programme</title></head><body><header><button class='menu'>"
            f"<span>Menu</span><div><h1>Council extends programme</h1><p>Published March 5, 2024</p>{_BODY}</div>"
            "</button></header></body></html>")
    out = clean_html(html)
    assert out.published == dt.date(2024, 3, 5)


def test_date_from_data_attribute_or_published_meta() -> None:
    out = clean_html(_page().replace("<body>", "<body data-pubdate='2022-10-05' data-lastmod='2025-12-02'>"))
    assert out.published == dt.date(2022, 10, 5) and out.published_basis == "data:pubdate"
    meta = clean_html(_page(head='<meta name="published" content="July 17, 2025">'))
    assert meta.published == dt.date(2025, 7, 17) and meta.published_basis == "meta:published"
    cards = "".join(f"<div data-published='2024-0{i}-01'><a href='/p{i}'>Story {i}</a></div>" for i in (1, 2))
    assert clean_html(_page(footer=cards)).published is None


def test_date_after_a_byline_away_from_the_header() -> None:
    byline = "<div><p>Written by</p><a href='/a/jane'>Jane Smith</a><p>April 8, 2024</p></div>"
    out = clean_html(_page(footer=byline))
    assert out.published == dt.date(2024, 4, 8) and out.published_basis == "byline-stamp"
    # "Brewed by monks" is a headline, not a byline: the dates of a post list are no date
    teasers = "".join(f"<div><span>Brewed by monks {i}</span><span>- {i + 1} August 2024</span></div>"
                      for i in range(3))
    assert clean_html(_page(footer=teasers)).published is None


def test_published_label_beats_metadata_and_home_page_has_no_date() -> None:
    out = clean_html(_page(head='<meta property="article:published_time" content="2025-08-08">',
                           footer="<div class='sidebar'><p>Published: August 13, 2025</p></div>"))
    assert out.published == dt.date(2025, 8, 13) and out.published_basis == "published-stamp"
    head = '<meta property="article:published_time" content="2021-05-24">'
    assert clean_html(_page(head=head), url="https://herald.example/").published is None
    assert clean_html(_page(head=head), url="https://herald.example/news/x").published == dt.date(2021, 5, 24)


def test_activity_stamp_is_no_date() -> None:
    out = clean_html(_page(header="<div>Last active</div><relative-time>December 20, 2025</relative-time>"))
    assert out.published is None


def test_date_under_the_headline_of_a_listing_backs_jsonld() -> None:
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council extends programme", '
          '"datePublished": "2025-12-19T00:00:00Z"}</script>')
    posts = "".join(f"<p><a href='/p{i}'>Story {i}</a> <time datetime='2025-12-1{i}'>1{i} Dec 2025</time></p>"
                    for i in range(5))
    out = clean_html(_page(head=ld, header="<time datetime='2025-12-19'>19 Dec 2025</time>", body=_BODY + posts))
    assert out.published == dt.date(2025, 12, 19) and out.published_basis == "jsonld:datePublished"
    assert clean_html(_page(header="<time datetime='2025-12-19'>19 Dec 2025</time>", body=_BODY + posts)
                      ).published is None


def test_jsonld_author_must_be_shown_and_not_the_site() -> None:
    ld = ('<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Council extends programme", '
          '"author": {"@type": "Person", "name": "%s"}}</script>')
    hidden = clean_html(_page(head=ld % "Brandon Peak"))
    assert hidden.author is None and hidden.author_basis == "none"
    shown = clean_html(_page(head=ld % "Jane Smith", footer="<p>About Jane Smith, our local reporter.</p>"))
    assert shown.author == "Jane Smith" and shown.author_basis == "jsonld:author"


def test_company_or_unshown_site_as_author_is_none() -> None:
    assert clean_html(_page(head='<meta name="author" content="SmartEtailing Inc">')).author is None
    # an author meta naming the site itself, shown nowhere on the page, is the publisher's template
    site = clean_html(_page(head='<meta name="author" content="Townherald">'), url="https://townherald.example/x")
    assert site.author is None
    # the site named beside a person: the person is the author
    both = clean_html(_page(head='<meta name="author" content="Town Herald">',
                            header="<p class='byline'>By Jane Smith</p>"), url="https://townherald.example/x")
    assert both.author == "Jane Smith"


def test_sponsored_label_is_no_author() -> None:
    assert clean_html(_page(header="<p class='byline'>By Sponsored</p>")).author is None


def test_byline_fields_and_run_on_months_are_no_names() -> None:
    box = ("<div class='byline'><span class='byline__author'>Jane Smith</span>"
           "<a class='byline__category' href='/c'>Wellness Prevention</a></div>")
    out = clean_html(_page(header=box))
    assert out.author == "Jane Smith"
    only_category = clean_html(_page(header="<div class='byline'><a class='byline__category'>Wellness</a></div>"))
    assert only_category.author is None
    assert clean_html(_page(header="<p>By Ann Lee and September</p>")).author == "Ann Lee"


def test_date_just_before_a_byline() -> None:
    tail = "<div class='meta'><time>August 12, 2025</time><span>By</span><span>Ann Lee</span></div>"
    out = clean_html(_page(footer=tail))
    assert out.published == dt.date(2025, 8, 12) and out.published_basis == "byline-stamp"


def test_reworded_heading_is_the_headline_on_a_page_without_h1() -> None:
    html = ("<html><head><title>Seven ways to start a plant based diet | Koia</title></head><body>"
            "<h3>February 01, 2022</h3><h2>Seven ways to help you start a plant based diet</h2>"
            f"<article>{_BODY}</article></body></html>")
    out = clean_html(html)
    assert out.published == dt.date(2022, 2, 1) and out.published_basis == "visible-date-line"


def test_url_with_a_month_name_dates_the_page() -> None:
    out = clean_html(_page(), url="https://herald.example/blog/2023/october/03/council-extends-programme")
    assert out.published == dt.date(2023, 10, 3) and out.published_basis == "url"


def test_jsonld_backed_by_an_ambiguous_date_line_or_a_shown_date() -> None:
    ld = ('<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Council extends programme", '
          '"datePublished": "2024-09-10T16:07:00Z"}</script>')
    out = clean_html(_page(head=ld, header="<p class='post-date'>09.10.2024</p>"))
    assert out.published == dt.date(2024, 9, 10) and out.published_basis == "jsonld:datePublished"
    assert clean_html(_page(header="<p class='post-date'>09.10.2024</p>")).published is None
    shown = clean_html(_page(head=ld, footer="<div class='note-meta'>10th Sep 2024</div>"))
    assert shown.published == dt.date(2024, 9, 10)
    # a reader's comment of the same day backs nothing
    comment = clean_html(_page(head=ld, footer="<div class='comments'><p>Sep 10, 2024</p></div>"))
    assert comment.published is None


def test_title_cut_short_of_the_headline_finds_it() -> None:
    html = ("<html><head><title>Introducing the Cayenne data accelerator</title></head><body>"
            "<h2>Introducing Cayenne: the next generation data accelerator built on Vortex for speed</h2>"
            f"<p class='meta'>December 17, 2025</p><article>{_BODY}</article></body></html>")
    out = clean_html(html)
    assert out.published == dt.date(2025, 12, 17) and out.published_basis == "visible-date-line"
