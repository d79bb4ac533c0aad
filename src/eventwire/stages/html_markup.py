"""What a page's markup says about itself: publication dates in <meta> tags, data-* attributes and JSON-LD,
and the JSON-LD objects that stages/html_author.py reads authors from. Each value is named by its source.

Read by stages/html_meta.py, which weighs these against the page's visible date lines.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from htmldate.core import DATE_ATTRIBUTES
from lxml.html import HtmlElement

from eventwire.stages.html_dates import Found, parse_date

# htmldate's list of publication-date meta names, less the ones that name the page's build or any date at all
_META_PUBLISHED = frozenset(DATE_ATTRIBUTES - {"meta", "gentime", "timestamp", "created", "release_date", "date"})
META_LOOSE = frozenset({"date"})  # a bare "date" meta: trusted only when nothing better says otherwise
_META_PUBLISHED_SHAPE = re.compile(
    r"publi(?:sh|cation)\w*[-_.:]?(?:date|time)|(?:date|time)[-_.:]?pub|pub[-_]?date|^published$")
_MODIFIED_WORDS = re.compile(r"modif|updat|revis|review|expir|index|crawl|last", re.I)
# schema.org types whose datePublished is an article's; a WebPage's is often the CMS page's creation
ARTICLE_TYPE = re.compile(r"Article|Posting|Blog|Report|Review|Recipe|HowTo|Story|Podcast|Video", re.I)


def _meta_key(meta: HtmlElement) -> str:
    return (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()


def meta_dates(tree: HtmlElement, today: dt.date) -> Iterator[Found]:
    """Publication dates named as such in <meta> tags (a modified or updated time is not one)."""
    loose = []
    for meta in tree.iter("meta"):
        key = _meta_key(meta)
        if not key or _MODIFIED_WORDS.search(key):
            continue
        if key in _META_PUBLISHED or _META_PUBLISHED_SHAPE.search(key):
            date = parse_date(meta.get("content") or "", today)
            if date:
                yield Found(date, f"meta:{key}")
        elif key in META_LOOSE:
            loose.append(meta)
    for meta in loose:
        date = parse_date(meta.get("content") or "", today)
        if date:
            yield Found(date, f"meta:{_meta_key(meta)}")


def data_dates(tree: HtmlElement, today: dt.date) -> Iterator[Found]:
    """The publication date in data-* attributes named as such (<body data-pubdate="2022-10-05">): front-end
    templates write the CMS's field there instead of a meta tag. Several different ones are a list's cards."""
    found = {f.value: f for f in _data_attributes(tree, today)}
    if len(found) == 1:
        yield from found.values()


def _data_attributes(tree: HtmlElement, today: dt.date) -> Iterator[Found]:
    for el in tree.iter():
        for name, value in el.attrib.items() if isinstance(el.tag, str) else ():
            key = name.lower().removeprefix("data-")
            if name.lower().startswith("data-") and _META_PUBLISHED_SHAPE.search(key) \
                    and not _MODIFIED_WORDS.search(key):
                date = parse_date(value, today)
                if date:
                    yield Found(date, f"data:{key}")


def jsonld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD block, depth first (a stack: a hostile block may nest deeper than Python
    recurses)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def jsonld_blocks(tree: HtmlElement) -> list[Any]:
    """The page's JSON-LD blocks that parse (a broken block is skipped, not guessed at)."""
    blocks = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            try:
                blocks.append(json.loads(script.text, strict=False))
            except (ValueError, RecursionError):
                continue
    return blocks


def schema_types(obj: dict[str, Any]) -> str:
    kind = obj.get("@type")
    return " ".join(str(k) for k in kind) if isinstance(kind, list) else str(kind or "")


def jsonld_dates(blocks: list[Any], today: dt.date) -> Iterator[Found]:
    """datePublished of article-like JSON-LD objects first, then of any other object (a WebPage's)."""
    found = [(obj, parse_date(obj["datePublished"], today)) for block in blocks for obj in jsonld_objects(block)
             if isinstance(obj.get("datePublished"), str)]
    for article in (True, False):
        for obj, date in found:
            if date and bool(ARTICLE_TYPE.search(schema_types(obj))) == article:
                yield Found(date, "jsonld:datePublished" if article else "jsonld:webpage:datePublished")
