"""Author of an HTML page, read only from author metadata or a visible byline, and named by its source.

trafilatura's guess is kept only when one of those sources backs it: on its own it also takes names from
related-post teasers, navigation and labels. A "By" line the reader sees beats metadata that names someone
else (the CMS account that posted the page). A label ("Written by"), a role alone ("Senior Editor"), a
generated CMS account ("jdoe42", "andrew.keaveney"), another credit ("Medically reviewed by", a photo
caption, a source cited mid-sentence), and in JSON-LD an Organization or the site itself as author (the
publisher, filled in by the CMS) are no author. A byline of dozens of names is cut to its first MAX_NAMES.
Words that are no name are listed in data/author_words.tsv.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement
from trafilatura.xpaths import AUTHOR_XPATHS

from eventwire.stages.html_markup import ARTICLE_TYPE, jsonld_blocks, jsonld_objects, schema_types
from eventwire.stages.html_page import Segment, headline_ancestors, headline_span, segments, teaser

MAX_NAMES = 10
# Lines around the headline searched for a byline (in segments, as for the date line).
BYLINE_BEFORE, BYLINE_AFTER = 5, 20

_META_AUTHOR = frozenset({"author", "authors", "article:author", "og:author", "og:article:author", "parsely-author",
                          "sailthru.author", "dc.creator", "dcterms.creator", "citation_author", "byl",
                          "article.author", "atc-metaauthor", "dcsext.author", "rbauthors",
                          "shareaholic:article_author_name"})
_AUTHOR_MARKUP = re.compile(r"author|byline|writer|contributor", re.I)
_BY = re.compile(r"^(?:(?:written|posted|published|text|words|story|reporting)\s+)?by\s*:?\s+(?=\S)|^author\s*:\s*",
                 re.I)
_LABEL_ONLY = re.compile(r"^(?:(?:written|posted|published|text|words|story|reporting)\s+)?by\s*:?$|^authors?\s*:?$",
                         re.I)
# where a byline's name ends: a date, a separator, a role
_NAME_END = re.compile(r"\s+(?:[|•·—–]|-\s|on\s+\w|updated|published|posted|in\s+[A-Z])|\s*[|•·]|,\s*(?=\d)", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.I)


@cache
def _words() -> dict[str, str]:
    """Word -> kind from data/author_words.tsv (the kinds are described in the file's header)."""
    text = resources.files("eventwire").joinpath("data/author_words.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {word.strip(): kind.strip() for word, kind in rows}


def _kind(word: str) -> str:
    return _words().get(word, "")


# kinds of words a name is not made of alone ("Senior Editor", "Posted on", "Staff")
_NOT_ALONE = frozenset({"label", "role", "group"})


def _norm(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text or "").lower()))


# one word that no byline prints: two digits ("mdoe7xk2q"), humps of capitals ("TurboTaxLisa"), a dot or
# underscore between letters ("andrew.keaveney", "page.head.extra.author")
_ACCOUNT = re.compile(r"\d.*\d|[a-z][A-Z].*[a-z][A-Z]|[^\W\d_][._][^\W\d_]")


def _handle(name: str) -> bool:
    """A CMS account, a social handle or a template's placeholder, not a name as a byline writes it."""
    name = name.strip()
    one_word = " " not in name and _ACCOUNT.search(name) is not None
    return one_word or name.startswith("@") or "/" in name or "{" in name


def _outlet(name: str, site: str | None, url: str | None) -> bool:
    """The site named as its own author: every word of the name is in the site's name or host."""
    words = _norm(name).split()
    host = urlsplit(url or "").hostname or ""
    own = set(_norm(site).split()) | set(_norm(host.replace(".", " ")).split()) | {_norm(host.replace(".", " "))}
    joined = "".join(words)
    return bool(words) and (all(w in own for w in words) or any(joined and joined in h for h in own if h))


_PARTICLES = frozenset({"de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "al", "el", "y", "e",
                        "dos", "das", "del", "ter", "ten", "st"})


def name_shaped(name: str) -> bool:
    """Each listed name is a few capitalised words: "By following these steps..." opens a sentence, not a
    byline."""
    for part in _SPLIT.split(name):
        words = part.split()
        if not words or len(words) > 5 or any(c.isdigit() for c in part):
            return False
        if any(not (w[0].isupper() or w.lower() in _PARTICLES) for w in words):
            return False
    return True


def plausible(name: str | None) -> str | None:
    """The name as given (at most MAX_NAMES of a list), or None for a label, an account, a copyright line."""
    if not name:
        return None
    name = " ".join(name.split()).strip(" ,;:|-")
    parts = _SPLIT.split(name)
    # a list that runs on into a month or a label ("Ann Lee and September") loses that part
    names = [p for p in parts if not all(_kind(w) in _NOT_ALONE for w in _norm(p).split())]
    if len(parts) > MAX_NAMES or (names and len(names) < len(parts)):
        name = ", ".join(names[:MAX_NAMES])
    words = _norm(name).split()
    if not words or len(name) > 60 * MAX_NAMES or all(_kind(w) in _NOT_ALONE or w.isdigit() for w in words) \
            or any(_kind(w) == "account" for w in words) or "©" in name:
        return None
    if _handle(name) or not any(c.isalpha() for c in name) or _kind(words[-1]) == "company":
        return None
    return name


def _capped(names: list[str]) -> str:
    return ", ".join(dict.fromkeys(names[:MAX_NAMES]))  # a name given twice (two meta tags) is one author


def meta_authors(tree: HtmlElement) -> Iterator[tuple[str, str]]:
    """(name, basis) from author <meta> tags; URLs (a profile page) are not names."""
    names: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = " ".join((meta.get("content") or "").split())
        if key in _META_AUTHOR and value and not re.match(r"https?:|www\.|/", value):
            names.setdefault(key, []).append(value)
    for key, values in names.items():
        yield _capped(values), f"meta:{key}"


def _person_names(author: Any, by_id: dict[str, dict[str, Any]]) -> list[str]:
    if isinstance(author, str):
        return [author]
    if isinstance(author, list):
        return [n for item in author for n in _person_names(item, by_id)]
    if isinstance(author, dict):
        # Yoast and others name the author once in the @graph and point to it by @id
        author = by_id.get(str(author.get("@id")), author) if "name" not in author else author
        name = author.get("name")
        if "organization" not in str(author.get("@type", "")).lower() and isinstance(name, str):
            return [name]
    return []


def jsonld_authors(blocks: list[Any]) -> Iterator[tuple[str, str]]:
    """Person authors of article-like JSON-LD objects (an Organization as author is the publisher)."""
    objects = [obj for block in blocks for obj in jsonld_objects(block)]
    by_id = {str(obj["@id"]): obj for obj in objects if "@id" in obj and "name" in obj}
    for obj in objects:
        if "author" in obj and ARTICLE_TYPE.search(schema_types(obj)):
            names = [n for n in _person_names(obj["author"], by_id) if n.strip()]
            if names:
                yield _capped(names), "jsonld:author"


def _marked_author(el: HtmlElement) -> bool:
    for node in (el, *list(el.iterancestors())[:3]):
        if node.get("rel") == "author" or (node.get("itemprop") or "").lower() == "author" \
                or _AUTHOR_MARKUP.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def _byline_name(text: str) -> str:
    text = _BY.sub("", text, count=1)
    end = _NAME_END.search(text)
    return text[: end.start()] if end else text


_OTHER_PAGES = re.compile(r"comment|related|recommend", re.I)


def _other_pages(el: HtmlElement, layout: frozenset[HtmlElement]) -> bool:
    """In a box of other pages' bylines (related posts, comments) below the container of the headline; an
    <aside> beside the headline often holds the article's own byline."""
    for node in (el, *el.iterancestors()):
        if node in layout:
            return False
        if _OTHER_PAGES.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


# a byline box's other fields: a class naming its section, tags or date ("byline__category", "tags")
_FIELD = re.compile(r"(?:^|__)(?:categor(?:y|ies)|tags?|topics?|section|date|time)$", re.I)


def _byline_field(el: HtmlElement) -> bool:
    return any(_FIELD.search(token) for n in (el, el.getparent()) if n is not None
               for token in (n.get("class") or "").split())


# a credit for other work than the writing: "Medically reviewed by", "Photo by", "Edited by"
_CREDIT = re.compile(r"\b(?:(?:medically\s+)?reviewed|(?:fact[- ]?)?checked|edited|photos?|photograph(?:s|y|ed)?|"
                     r"images?|illustrat(?:ions?|ed)|produced|translated|sponsored|presented|curated|powered|"
                     r"hosted|narrated|filmed)\W*(?:by\W*)?$", re.I)


def _credit(segs: list[Segment], i: int) -> bool:
    """The name follows another credit's label, on the lines before it in the same box ("Medically reviewed" /
    "by" / name); a picture's caption just above ("Jim Watson/AFP/Getty Images") labels nothing."""
    near = [seg.text for seg in segs[max(0, i - 2) : i] if _same_box(seg.element, segs[i].element)]
    if len(near) == 2 and _LABEL_ONLY.match(near[1]):  # the label, then a lone "by"
        near = [f"{near[0]} {near[1]}"]
    label = near[-1] if near else ""
    return len(label.split()) <= 5 and bool(_CREDIT.search(label))  # a label, not a caption's last words


def _same_box(a: HtmlElement, b: HtmlElement) -> bool:
    """Within a few levels of one box (a byline's fields), not a caption beside it."""
    return not _caption(a) and bool({a, *list(a.iterancestors())[:3]} & {b, *list(b.iterancestors())[:3]})


def _caption(el: HtmlElement) -> bool:
    """In a picture's caption: its "by" is the photographer's or the artist's."""
    return any(n.tag in ("figure", "figcaption")
               or ("caption" in (n.get("class") or "").lower() and next(n.iter("img"), None) is not None)
               for n in (el, *el.iterancestors()) if n.tag not in ("body", "html"))  # theirs style the site


_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "u", "small", "time", "abbr", "font", "cite", "mark"})
# so many words before a "by" in its paragraph make it a sentence's "by" ("... as reported by ..."), no byline
SENTENCE_WORDS = 5


def _mid_sentence(seg: Segment) -> bool:
    block = next((n for n in (seg.element, *seg.element.iterancestors()) if n.tag not in _INLINE), seg.element)
    if block.tag not in ("p", "li", "blockquote", "dd", "td"):
        return False
    text = " ".join(block.text_content().split())
    at = text.find(seg.text)
    return at > 0 and len(_WORD_RE.findall(text[:at])) >= SENTENCE_WORDS


_WORD_RE = re.compile(r"[^\W\d_]+")


def bylines(segs: list[Segment], headline: str | None) -> Iterator[tuple[str, str]]:
    """Names on the byline by the headline: a line that reads "By ...", or follows a lone "By", or sits in
    author markup (rel/itemprop/class "author", "byline"); not in a sidebar, teaser or comment."""
    span = headline_span(segs, headline)
    if span is None:
        return
    layout = headline_ancestors(segs, span)
    for i in range(max(0, span[0] - BYLINE_BEFORE), min(len(segs), span[1] + BYLINE_AFTER + 1)):
        text = segs[i].text
        if _other_pages(segs[i].element, layout) or _caption(segs[i].element) or _mid_sentence(segs[i]) \
                or teaser(segs[i].element, headline):
            continue
        after_label = i > 0 and bool(_LABEL_ONLY.match(segs[i - 1].text))
        marked = _marked_author(segs[i].element) and len(text.split()) <= 6 and not _byline_field(segs[i].element)
        if _BY.match(text) or after_label or marked:
            name = _byline_name(text)
            if name and not _LABEL_ONLY.match(name) and name_shaped(name) and _credit(segs, i):
                yield name, "credit"  # another's credit: named so that no other source takes it as the author
            elif name and not _LABEL_ONLY.match(name) and name_shaped(name):
                basis = "byline" if _BY.match(text) or after_label else "byline-markup"
                yield _capped(_SPLIT.split(name)) if len(_SPLIT.split(name)) > MAX_NAMES else name, basis


def _same(a: str, b: str) -> bool:
    x, y = _norm(a), _norm(b)
    return bool(x and y) and (x in y or y in x)


def _marked_texts(tree: HtmlElement, layout: frozenset[HtmlElement]) -> Iterator[str]:
    """Text of the elements trafilatura reads as author markup (rel/itemprop/class "author", "byline"), outside
    comments and related posts, whose authors are other pages', and captions, whose are the pictures'."""
    for xpath in AUTHOR_XPATHS:
        for el in xpath(tree):
            if not _other_pages(el, layout) and not _caption(el):
                yield _norm(el.text_content())


# a label before the name: "Written by", "View all posts by", "More from", "Authors:" (a phrase in lower case
# after its first word: "Websites by Acme" is a credit, not a label)
_LEAD_IN = re.compile(r"^(?:[^\W\d_]+\s+(?:[a-z]+\s+){0,4})?(?i:by|about|from)\s+|^(?i:authors?):?\s+")
_MONTH_WORD = re.compile(r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                         r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?$", re.I)
_LABEL_WORD = re.compile(r"^(?:updated|published|posted|on|last|reviewed|read|min|written|edited)$", re.I)


def _ends_name(i: int, word: str) -> bool:
    """Where trafilatura's author string runs on: a label, a digit, or a month after a name ("April Ryan"
    is a name; "Luke Kim December" a name and a date)."""
    return bool(_LABEL_WORD.match(word)) or any(c.isdigit() for c in word) or (i > 0 and bool(_MONTH_WORD.match(word)))


def lead_names(guess: str) -> str:
    """The names a trafilatura author string opens with, before it runs on into a date, label or role."""
    parts: list[str] = []
    for part in guess.split(";"):
        lead = _LEAD_IN.match(part.strip())
        if lead and _CREDIT.search(lead.group(0)):  # "Photo by", "Reviewed by": another's credit
            break
        words = _LEAD_IN.sub("", part.strip()).split()
        cut = next((i for i, w in enumerate(words) if _ends_name(i, w)), len(words))
        name = " ".join(words[:cut])
        if parts and not (name and name_shaped(name)):  # a role after the names ("Extension educators")
            break
        if name:
            parts.append(name)
        if cut < len(words) or not name_shaped(part):
            break
    # as a byline prints a list, not trafilatura's "A; B; C"
    return " and ".join(filter(None, (", ".join(parts[:-1]), parts[-1]))) if parts else ""


def _shown(name: str, shown: str, site: str | None, url: str | None, basis: str) -> bool:
    """Metadata names the page's author where the page shows the name: CMSs fill in the account that posted,
    or the publisher, for pages that name no author. A JSON-LD author must be shown and not be the site; an
    author meta tag naming the site must be shown."""
    first = _norm(_SPLIT.split(name)[0])
    visible = bool(first) and first in shown
    if basis == "jsonld:author":
        return visible and not _outlet(name, site, url)
    return visible or not _outlet(name, site, url)


def author(tree: HtmlElement, guess: str | None, headline: str | None, site: str | None, url: str | None
           ) -> tuple[str | None, str]:
    """The page's author and where it was read; (None, "none") when no byline or author metadata names one.

    trafilatura's `guess` is kept where one of these sources shows it (its cleaning of a byline is the better
    one); otherwise the byline by the headline, then the metadata."""
    segs = segments(tree)
    shown = _norm(" ".join(seg.text for seg in segs))
    lines = list(bylines(segs, headline))
    credited = [name for name, basis in lines if basis == "credit"]
    found = [(name, basis) for raw, basis in (*lines, *meta_authors(tree), *jsonld_authors(jsonld_blocks(tree)))
             if basis != "credit" and (name := plausible(raw))
             and (basis.startswith("byline") or _shown(name, shown, site, url, basis))]
    # the site named as author is the publisher: a person named by another source is the author
    found.sort(key=lambda nb: _outlet(nb[0], site, url))
    guess = plausible(lead_names(guess or ""))
    if guess and any(_same(guess, name) for name in credited) and not any(_same(guess, n) for n, _ in found):
        guess = None  # trafilatura took a reviewer's or photographer's credit for the byline
    if guess and _outlet(guess, site, url) and found and not _outlet(found[0][0], site, url):
        guess = None
    # a "By" line the reader sees beats metadata naming someone else (the CMS account that posted the page)
    by = [nb for nb in found if nb[1] == "byline"]
    if guess and by and not any(_same(guess, name) for name, _ in by):
        guess = None
    found = by + [nb for nb in found if nb[1] != "byline"]
    if guess:
        key = _norm(guess)
        backing = next((basis for name, basis in found if _same(guess, name)), None)
        layout = headline_ancestors(segs, headline_span(segs, headline))
        # markup alone backs only a name-shaped guess: menus and footer credits sit in "author" boxes too
        if backing is None and name_shaped(guess) and any(key in text for text in _marked_texts(tree, layout)):
            backing = "author-markup"
        if backing:
            return guess, backing
    return found[0] if found else (None, "none")
