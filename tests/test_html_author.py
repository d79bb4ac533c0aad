"""The HTML author reader (stages/html_author.py) on small pages: an author only from a byline or author
metadata, never from another credit on the page (a reviewer, a photographer, a source cited in a sentence),
a role, an account or a template's placeholder."""

from __future__ import annotations

import pytest

from eventwire.stages.clean_html import clean_html
from eventwire.stages.html_author import lead_names, plausible
from html_pages import BODY as _BODY
from html_pages import page


def _page(head: str = "", header: str = "", body: str = _BODY) -> str:
    return page(head, header, body, footer="<p>Town Herald</p>")


def test_by_line_beats_metadata_naming_another_person() -> None:
    # the CMS fills in the account that posted the page; the reader sees who wrote it
    head = '<meta name="author" content="Luke Daigle">'
    out = clean_html(_page(head=head, header="<p>By: Paul Fenaroli</p>"))
    assert out.author == "Paul Fenaroli" and out.author_basis == "byline"
    # where the byline and the metadata agree, either may be the basis
    agree = clean_html(_page(head='<meta name="author" content="Paul Fenaroli">',
                             header="<p>By Paul Fenaroli</p>"))
    assert agree.author == "Paul Fenaroli"


def test_name_in_author_markup_without_by_is_a_markup_byline() -> None:
    out = clean_html(_page(header="<div class='author-info'><span>Denise Everheart</span></div>"))
    assert out.author == "Denise Everheart" and out.author_basis in ("byline-markup", "author-markup")


@pytest.mark.parametrize("label", ["Medically reviewed", "Fact checked", "Edited", "Photography"])
def test_another_credit_is_no_author(label: str) -> None:
    credit = f"<span>{label}</span> <span>by</span> <a class='author-link' href='/p/kim'>Kim Rose</a>"
    assert clean_html(_page(header=f"<div class='byline'>{credit}</div>")).author is None
    written = f"{credit} <span>Written by</span> <a class='author-link' href='/p/jill'>Jill Kubala</a>"
    assert clean_html(_page(header=f"<div class='byline'>{written}</div>")).author == "Jill Kubala"


def test_photo_credit_in_a_caption_is_no_author() -> None:
    figure = "<figure><img src='a.jpg'><figcaption><p>By Sam Lee</p></figcaption></figure>"
    assert clean_html(_page(header=figure)).author is None


def test_by_inside_a_sentence_is_no_byline() -> None:
    body = ("<p>The figures were first published in a survey <a href='/r'>of insurers</a> by AM Best.</p>"
            + _BODY)
    out = clean_html(_page(body=body))
    assert out.author is None


@pytest.mark.parametrize("name", ["Senior Editor", "Fact Checked", "Staff Writer", "Editorial Team"])
def test_role_alone_is_no_name(name: str) -> None:
    assert plausible(name) is None
    assert clean_html(_page(header=f"<p>By {name}</p>")).author is None


@pytest.mark.parametrize("name", ["andrew.keaveney", "page.head.extra.author", "TurboTaxLisa", "{{ author }}",
                                  "jdoe42"])
def test_account_or_placeholder_is_no_name(name: str) -> None:
    assert plausible(name) is None


@pytest.mark.parametrize("name", ["Jane McDonald", "DeShawn Smith", "Ann Lee and Bo Park", "Mary-Kate O'Neil"])
def test_names_stay_names(name: str) -> None:
    assert plausible(name) == name


def test_trafilatura_credit_strings_are_no_names() -> None:
    assert lead_names("Photo by Jane Doe") == ""
    assert lead_names("Medically reviewed by Kim Rose") == ""
    assert lead_names("Ann Lee; Photos by Bo Park") == "Ann Lee"
    assert lead_names("View all posts by Ray Ansari") == "Ray Ansari"


def test_author_markup_in_a_caption_backs_no_name() -> None:
    figure = ("<figure><img src='a.jpg'><figcaption>The town hall. <span class='author'>Sam Lee</span>"
              "</figcaption></figure>")
    assert clean_html(_page(body=figure + _BODY)).author is None
    # a site whose <body> class names its caption style is no caption
    styled = _page(header="<p class='byline'>By Jane Smith</p>").replace("<body>", "<body class='theme-caption-two'>")
    assert clean_html(styled).author == "Jane Smith"


def test_photo_credit_above_a_byline_is_no_label() -> None:
    # the picture's agency credit ends in "Images" just above the byline's lone "by": the byline stands
    header = ("<figure><img src='a.jpg'><div class='attribution'>Jim Watson/AFP/Getty Images</div></figure>"
              "<p class='byline'><span class='by'>by</span> <a class='byauthor' href='/a/ln'>Lucas Nolan</a></p>")
    assert clean_html(_page(header=header)).author == "Lucas Nolan"
    # a meta list styled "caption" holds no picture: its author is the byline
    meta = "<ul class='caption meta'><li class='author'><a href='/a/hs'>Hazel Sheffield</a></li></ul>"
    assert clean_html(_page(header=meta)).author == "Hazel Sheffield"


def test_caption_ending_in_an_agency_credit_labels_no_byline() -> None:
    # a caption beside the byline, ending "Getty Images", then "By" / name: the name is the writer's
    header = ("<div class='article-body'><span class='pb-caption'>The prime minister at the wall on Tuesday. "
              "(Jane Roe/AFP/Getty Images)</span><div class='sig-line'><span class='byline'>By</span>"
              "<span class='byline'><a href='/p/sm'>Steven Mufson</a></span></div></div>")
    assert clean_html(_page(header=header)).author == "Steven Mufson"
    assert plausible("Username") is None  # a login field's label in an "author" box
