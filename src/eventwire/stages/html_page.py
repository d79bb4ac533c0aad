"""The visible page as the metadata readers see it: its text in reading order, the headline's place in it,
and the boxes (asides, navigation, comments, related posts) whose dates and names are other pages'.

Shared by stages/html_meta.py (the date line) and stages/html_author.py (the byline).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml.html import HtmlElement

from eventwire.stages.html_dates import dates_in, latest_today

_WORD = re.compile(r"[^\W\d_]+")

_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg"})
# controls whose labels are no text of the page; libxml2 nests the rest of a page into a <button> that a
# menu leaves open, so one holding the page's blocks is shown
_CONTROLS = frozenset({"select", "option", "button"})


def _hidden(el: HtmlElement) -> bool:
    if not isinstance(el.tag, str) or el.tag in _HIDDEN:
        return True
    return el.tag in _CONTROLS and next(el.iter("p", "h1", "h2", "article", "main"), None) is None


# containers of other pages' dates: comments, related posts, sidebars, footers
_OFF_ARTICLE = re.compile(r"comment|related|sidebar|widget|footer|recommend|popular|trending|newsletter|teaser|card",
                          re.I)


class Segment(NamedTuple):
    """A run of visible text in document order, with the element it is written in."""

    element: HtmlElement
    text: str


def segments(tree: HtmlElement) -> list[Segment]:
    """The visible text of the page in reading order: each element's text and each child's tail."""
    out: list[Segment] = []
    body = tree.find(".//body")
    stack: list[tuple[HtmlElement, bool]] = [(body if body is not None else tree, False)]
    while stack:  # an explicit stack: a page may nest deeper than Python recurses
        el, tail = stack.pop()
        if tail:
            if el.tail and el.tail.strip():
                out.append(Segment(el.getparent(), " ".join(el.tail.split())))
            continue
        if _hidden(el):
            stack.append((el, True))
            continue
        if el.text and el.text.strip():
            out.append(Segment(el, " ".join(el.text.split())))
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return out


def off_article(el: HtmlElement, around_headline: frozenset[HtmlElement] = frozenset()) -> bool:
    """In an aside, navigation, footer, comment or related-posts box: a container that also holds the
    headline (`around_headline`: its ancestors) is the page's layout, not such a box."""
    for node in (el, *el.iterancestors()):
        if node in around_headline:
            return False
        names = f"{node.get('class', '')} {node.get('id', '')}"
        if node.tag in ("aside", "nav", "footer") or _OFF_ARTICLE.search(names):
            return True
    return False


def headline_ancestors(segs: list[Segment], span: tuple[int, int] | None) -> frozenset[HtmlElement]:
    return frozenset(segs[span[0]].element.iterancestors()) if span else frozenset()


def _norm(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def headline_span(segs: list[Segment], headline: str | None) -> tuple[int, int] | None:
    """First and last segment of the visible headline: the <h1> that reads as `headline`, else another
    heading or a line that reads as it (a page whose <h1> is the site's logo, or that has none), else the
    first <h1>."""
    key = _norm(headline or "")
    for tags in (("h1",), ("h2", "h3", "h4", "h5", "h6")):
        spans = _heading_spans(segs, tags)
        chosen = next((idx for idx in spans.values() if key and _norm(" ".join(segs[i].text for i in idx)) == key),
                      None)
        if chosen:
            return chosen[0], chosen[-1]
    line = next((i for i, seg in enumerate(segs) if key and _norm(seg.text) == key and seg.element.tag != "a"
                 and not off_article(seg.element) and not _BREADCRUMB.search(_names(seg.element))), None)
    if line is not None:
        return line, line
    h1s = _heading_spans(segs, ("h1",))
    # with no <h1>, the heading most like the title; a page's <h1> that reads otherwise is still its headline
    first = next(iter(h1s.values()), None) if h1s else _nearest_heading(segs, key)
    return (first[0], first[-1]) if first else None


# A heading sharing this share of its words (Jaccard) with the title reads as the headline reworded.
HEADING_LIKE = 0.6


def _likeness(heading: set[str], title: set[str]) -> float:
    """Jaccard of the words; a heading holding every word of a title of four or more is the headline that
    the title cuts short."""
    if not heading or not title:
        return 0.0
    return 1.0 if len(title) >= 4 and title <= heading else len(heading & title) / len(heading | title)


def _nearest_heading(segs: list[Segment], key: str) -> list[int] | None:
    """The heading most like the title (the first of equals), if it is like it at all."""
    words = set(key.split())
    scored = [(_likeness(set(_norm(" ".join(segs[i].text for i in idx)).split()), words), idx)
              for idx in _heading_spans(segs, ("h2", "h3", "h4", "h5", "h6")).values()]
    best = max(scored, key=lambda si: si[0], default=None)
    return best[1] if best and best[0] >= HEADING_LIKE else None


_BREADCRUMB = re.compile(r"breadcrumb|crumb", re.I)


def _names(el: HtmlElement) -> str:
    return " ".join(f"{n.get('class', '')} {n.get('id', '')}" for n in (el, *el.iterancestors()))


def _heading_spans(segs: list[Segment], tags: tuple[str, ...]) -> dict[HtmlElement, list[int]]:
    """The segments of each heading of these tags, in reading order."""
    root = segs[0].element.getroottree() if segs else None
    owner = {el: h for h in (root.iter(*tags) if root is not None else ()) for el in h.iter()}
    spans: dict[HtmlElement, list[int]] = {}
    for i, seg in enumerate(segs):
        h = owner.get(seg.element)
        if h is not None:
            spans.setdefault(h, []).append(i)
    return spans


# A teaser of another page: a small box (at most TEASER_WORDS words) holding another page's title, a heading
# of TITLE_WORDS or more (a name is shorter) linked to elsewhere (a link on the page's own headline is its
# permalink, no other page).
TEASER_WORDS, TEASER_DEPTH, TITLE_WORDS = 80, 4, 4
_SUBHEADS = ("h2", "h3", "h4", "h5", "h6")


def _other_title(link: HtmlElement, key: str) -> bool:
    heading = link.tag in _SUBHEADS or next(link.iter(*_SUBHEADS), None) is not None \
        or any(n.tag in _SUBHEADS for n in link.iterancestors())
    text = _norm(link.text_content())
    return heading and bool(link.get("href")) and len(text.split()) >= TITLE_WORDS and text != key


def _branch(link: HtmlElement, node: HtmlElement) -> HtmlElement:
    """The child of `node` that holds `link` (`node` itself when it is the link)."""
    branch = link
    while branch is not node and branch.getparent() is not node:
        branch = branch.getparent()
    return branch


def teaser(el: HtmlElement, headline: str | None) -> bool:
    """In a card that links to another page by its title: the date or name on it is that page's. The card is
    the smallest box around `el` holding such a title, on a branch with no date of its own (a branch with one
    is a neighbouring card, and `el` the page's own); a box holding an <h1> is the page's header."""
    key = _norm(headline or "")
    for node in list((el, *el.iterancestors()))[:TEASER_DEPTH]:
        if node.tag in ("body", "html", "h1") or next(node.iter("h1"), None) is not None \
                or len(_WORD.findall(node.text_content())) > TEASER_WORDS:
            return False
        for link in node.iter("a"):
            branch = _branch(link, node) if _other_title(link, key) else None
            if branch is not None and (branch is node or el in branch.iter()
                                       or not dates_in(branch.text_content(), latest_today())):
                return True
    return False
