"""HTML page cleaner: article text, title and site with trafilatura; author and date from explicit sources.

trafilatura is run in its default, precision and recall modes and one text is chosen by length (default
loses whole sections on some layouts; precision trims furniture the default keeps). The publication date
(stages/html_meta.py) and author (stages/html_author.py) are read only from the page's metadata, its
date line and byline, each with the source it was read from. Measured on WCXB-dev and AEB by
benchmarks/eval_extraction.py. Nothing here fetches.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from eventwire.errors import InputRejected
from eventwire.records import Extracted
from eventwire.stages.html_author import author
from eventwire.stages.html_meta import published
from eventwire.stages.text_lines import line_key
from eventwire.stages.text_metadata import dateline_of, language_of

# Default output shorter than this share of the recall-mode output has dropped part of the article.
RECALL_RATIO = 0.7
# Precision-mode output at least this share of the default output has only trimmed furniture.
PRECISION_RATIO = 0.6
# A heading shares at least this share of its words (Jaccard) with the page title to be the headline.
HEADING_MATCH = 0.3

_TITLE_SEP = re.compile(r"\s+(?:\||-|–|—|·|::|»)\s+")
_DOMAIN = re.compile(r"\.(?:com|org|net|co|io|uk|gov|edu|news)\b", re.IGNORECASE)


def _norm_words(text: str | None) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text or "").lower())


def _extract(html: str, url: str | None, precision: bool = False, recall: bool = False) -> Any:
    return trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=precision, favor_recall=recall
    )


def _choose_text(html: str, url: str | None, default: Any) -> str:
    text: str = default.text or ""
    if not text.strip():
        return ""
    recall = _extract(html, url, recall=True)
    recall_text: str = (recall.text or "") if recall is not None else ""
    if len(text) < RECALL_RATIO * len(recall_text):
        return recall_text
    precise = _extract(html, url, precision=True)
    precise_text: str = (precise.text or "") if precise is not None else ""
    return precise_text if len(precise_text) >= PRECISION_RATIO * len(text) else text


def _strip_site(title: str, site: str | None) -> str:
    """Drop trailing " | Site Name" / " - example.com" parts of a page title."""
    site_key = " ".join(_norm_words(site))
    seps = list(_TITLE_SEP.finditer(title))
    while seps:
        last = title[seps[-1].end() :]
        last_key = " ".join(_norm_words(last))
        if (site_key and (last_key in site_key or site_key in last_key)) or _DOMAIN.search(last):
            title = title[: seps[-1].start()]
            seps.pop()
        else:
            break
    return title.strip()


def _headline(tree: HtmlElement | None, title: str | None, site: str | None) -> str | None:
    """The <h1> most like the page title (the visible headline), else the title without its site suffix."""
    if not title:
        return None
    title = _strip_site(title, site)
    words = set(_norm_words(title))
    best, best_score = title, HEADING_MATCH
    for h1 in tree.iter("h1") if tree is not None else ():
        text = " ".join(h1.text_content().split())
        heading = set(_norm_words(text))
        if len(heading) >= 2 and words and len(heading & words) / len(heading | words) >= best_score:
            best, best_score = text, len(heading & words) / len(heading | words)
    return best or None


def _unique(paragraphs: list[str]) -> list[str]:
    """Later copies of a paragraph go, as in the text cleaner: trafilatura drops them on some extraction
    paths and keeps them on others, so a page's article would depend on its markup."""
    seen: set[str] = set()
    out = []
    for p in paragraphs:
        if p and line_key(p) not in seen:
            seen.add(line_key(p))
            out.append(p)
    return out


def _require_parsable(html: str, url: str | None) -> None:
    """libxml2 stops building the tree at 256 levels of nesting (and at other size limits) and drops the rest
    of the page without an error: refuse such a page by name rather than store part of it, or nothing."""
    parser = etree.HTMLParser(encoding="utf-8")
    try:
        etree.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (etree.LxmlError, ValueError):
        return  # nothing to parse: the extraction below says there is no article
    limits = [e.message for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    if limits:
        raise InputRejected(url or "<html>", "parser_limit",
                            f"the HTML parser gave up part of the page ({limits[0].split(',')[0]}): not stored")


def clean_html(html: str, url: str | None = None) -> Extracted:
    """Extract the article of an HTML page: paragraphs joined by blank lines, plus title, author, site, date."""
    _require_parsable(html, url)
    default = _extract(html, url)
    # a browser shows a run of spaces as one; trafilatura keeps runs on some paths and not others
    paragraphs = _unique([" ".join(p.split()) for p in _choose_text(html, url, default).splitlines()]) \
        if default else []
    # trafilatura falls back on any text it finds; a page whose text is all one-word links holds no article.
    if not any(len(re.findall(r"\w+", p)) >= 5 or len(p) >= 40 for p in paragraphs):
        raise InputRejected(url or "<html>", "no_article", "no article text found in the HTML page")
    tree = trafilatura.load_html(html)
    title = _headline(tree, default.title, default.sitename)
    name, author_basis = author(tree, default.author, title, default.sitename, url) if tree is not None \
        else (None, "none")
    date = published(tree, url, title) if tree is not None else None
    return Extracted(
        text="\n\n".join(paragraphs),
        title=title,
        outlet=default.sitename or None,
        author=name,
        published=date.value if date else None,
        dateline=dateline_of(paragraphs[:5]),
        language=language_of(paragraphs),
        published_basis=date.basis if date else "none",
        author_basis=author_basis,
    )
