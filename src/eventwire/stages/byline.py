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
from eventwire.stages.text_lines import AGO, EN_STOPS, WORD, Line

_EXT = "\u0100-\u017f"  # Latin Extended-A ("ć", "Ł", "ž"), upper and lower case interleaved
_UP, _LOW = f"A-ZÀ-ÖØ-Þ{_EXT}", f"a-zß-öø-ÿ{_EXT}"
# A name word: "Doe", "O'Neil", "Smith-Jones", "McDonald", "DeSiato", or an initial "J."; the inner capital
# only after a surname prefix, so glued text ("MillerPublished") splits at the next word.
_WORD = rf"(?:(?:Mc|Mac|De|Di|Da|La|Le|Du|O['’])?[{_UP}][{_LOW}]+(?:[-'’][{_UP}]?[{_LOW}]+)*|[{_UP}]\.)"
_PARTICLE = r"(?:de|da|van|von|der|den|bin|al|del|la|le|di|du) +"
_PARTICLES = frozenset(_PARTICLE.removeprefix("(?:").removesuffix(") +").split("|"))
_PERSON = (rf"(?:(?:Dr|Prof)\.? +{_WORD}(?: +(?:{_PARTICLE})?{_WORD}){{0,3}}"  # "Dr. Allen"; one line's words
           rf"|{_WORD}(?: +(?:{_PARTICLE})?{_WORD}){{1,3}})(?![{_LOW}])")
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+)"
_NAMES = re.compile(rf"{_PERSON}(?:{_JOIN}{_PERSON})*")
_ONE = re.compile(_PERSON)
# "By" opening a line or following a separator, a date or a label ("Posted by", "Written By:").
BY_LEAD = re.compile(rf"(?:^|(?<=[^A-Za-z]))(?:[Bb]y|BY|Author(?:s|ed by)?|Writer|Written by|Words by):?\s*(?=[{_UP}])")
# ... and, read for the byline only (the headline's features were fitted with BY_LEAD), a "Contributors:" label
# or a "By" glued to the word before ("AnthonyBy Anthony": inline elements run together)
_BY = re.compile(rf"(?:(?:^|(?<=[^A-Za-z]))(?:[Bb]y|BY|Author(?:s|ed by)?|Writer|Written by|Words by|Contributors?)"
                 rf"|(?<=[{_LOW}])By(?= )):?\s*(?=[{_UP}])")
# Credits that name someone other than the writer.
_CREDIT = re.compile(r"(?:photo(?:graph)?s?|image|illustration|video|reviewed|checked|edited|courtesy|credit)\w*"
                     r"\s*(?:by)?:?\s*$", re.IGNORECASE)
_NOT_PERSON = frozenset({"staff", "news", "desk", "team", "agency", "reporters", "editors", "editorial", "wire",
                         "press", "admin", "contributor", "guest", "author", "editor", "read", "min", "logo", "page",
                         "article", "content", "tags"})
_CREDENTIALS = re.compile(r"(?:,\s*(?:[A-Z][A-Za-z.]{1,5}|Ph\.D\.))*")
_PHOTO = re.compile(r"\b(?:photo|picture|avatar|headshot|image|portrait)\b", re.IGNORECASE)
_LABEL_LINE = re.compile(r"(?:(?:article\s+)?written\s+by|posted\s+by|authou?r(?:ed\s+by)?|by|words\s+by|story\s+by)"
                         r"\s*:?", re.IGNORECASE)
# What a byline's name is followed by: a job title ("| Senior Writer", ", Contributor").
_ROLES = (r"(?:[\w&]+\s+){0,3}(?:writer|editor|author|contributor|reporter|analyst|expert|columnist|journalist|"
          r"correspondent|founder|director|manager|strategist|specialist|marketer|consultant|producer)s?\b")
_ROLE_LINE = re.compile(_ROLES, re.IGNORECASE)
_BIO_ROLE = re.compile(rf"\b{_ROLES}|\b(?:professional|journalist|author|expert|head|lead|ceo|cto)\b", re.IGNORECASE)
_ROLE_TAIL = re.compile(rf"\s*[|,–—•·/-]\s*{_ROLES}", re.IGNORECASE)
_PARTS = re.compile(r"\s+[|•·–—]\s+|\s*[|•·]\s*")
_LEAD_LABEL = re.compile(r"^(?:by|posted by|written by|author)\s*:?\s*", re.IGNORECASE)
_IN_SECTION = re.compile(rf"\s+in\s+[{_UP}][\w&]*(?:\s+[{_UP}][\w&]*){{0,3}}$")  # "Jane Doe in Project Management"
_TRAIL_LABEL = re.compile(r"\s*\b(?:published|posted|updated|on)\s*:?(?:\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?$",
                          re.IGNORECASE)
_READ_TIME = re.compile(r"^\d+\s*(?:min|minute)s?\b", re.IGNORECASE)
_PHOTO_OF = re.compile(r"^(?:picture|photo|headshot|avatar|image|portrait)\s+of\s+", re.IGNORECASE)
_OWN_PHOTO = re.compile(rf"({_NAMES.pattern})['’]s\s+(?i:avatar|photo|picture|image|headshot|profile)\b")
# A desk or team byline: a few name words and a desk word ("Harbour Gazette Staff", "The Travel Team")
_DESK = re.compile(rf"(?:The +|Our +)?(?:[{_UP}0-9][\w&.'’-]* +){{1,3}}(?:Editorial +)?"
                   rf"(?:[Tt]eam|[Ss]taff|[Ee]ditors|[Dd]esk|[Nn]ewsroom)\b")
_DESK_END = re.compile(r"\s*(?:$|[|•·–—,(]|\s+on\b|\s+\d)")
_LOWER_DESK = re.compile(r"(?:Our|Meet|Join|The) +(?:[Tt]eam|[Ss]taff|[Ee]ditors)\b")  # a menu's "Our Team"
_ONE_NAME = re.compile(rf"(?:[Ww]ritten [Bb]y|[Bb]y|BY|[Aa]uthor|[Ww]riter):? *([{_UP}][{_LOW}]{{2,}})")
_BIO_VERB = re.compile(r"(?:is|was|has|writes|covers|leads|joined)\b")  # how a writer's bio opens
_STAMP_WORD = re.compile(r"published|posted|updated|modified|date|dated|written|authou?r|byline|on|by")
_LONE_WORD = re.compile(rf"[{_UP}][{_UP}{_LOW}'’-]{{2,30}}")
MAX_NAMES = 5
MAX_LINE = 400  # characters of a line read for a byline: a longer one is a paragraph, or a byline's opening
_GERUND = re.compile(r"[A-Z][a-z]{2,}ing\b")
# One word after "by" that ends the stamp or precedes a separator: a user name ("by whova | Apr 21, 2025").
HANDLE = re.compile(r"(?:^|(?<=[^A-Za-z]))(?:[Bb]y|BY):?\s*([A-Za-z][\w.-]{2,30})(?=\s*(?:$|[|•·–—]|\s+on\s))")
DATE_LINE_WORDS = 8  # a short date line two lines off still marks a name line as a byline
FAR_WORDS = 12  # words of an explicit byline line away from the header block
FAR_STAMPED_WORDS = 25  # ... of one that holds a date too
_SENTENCE_GOES_ON = re.compile(r"\s+(?!on\b|in\b|at\b|for\b|with\b|from\b)[a-z]{2,}")


@dataclass(frozen=True)
class Byline:
    line: int
    author: str
    basis: str


def _undouble(span: str) -> str:
    """"Jane Doe Jane Doe" (an avatar's alt text glued to the name) -> "Jane Doe"."""
    words = span.split()
    half = len(words) // 2
    return " ".join(words[:half]) if len(words) % 2 == 0 and half >= 2 and words[:half] == words[half:] else span


def _names(span: str, common: frozenset[str], strong: bool) -> str | None:
    """The names of a byline span, cut after MAX_NAMES; None if they read as ordinary words. After a "By"
    label a name may share a word with the text ("Rose") and may be a desk ("The Currency editors"); a bare
    line may do neither."""
    people = list(_ONE.finditer(span))
    if not people:
        return None
    cut = _undouble(span[: people[min(len(people), MAX_NAMES) - 1].end()])
    words = [w.lower() for w in WORD.findall(cut)]
    if not strong and any(w in _NOT_PERSON for w in words):
        return None
    # an initial or a particle ("S.", "van") is no ordinary word, though the page writes "'s" and "van"
    plain = [w in common and len(w) > 1 and w not in _PARTICLES and w != "and" for w in words]
    return None if (all(plain) if strong else any(plain)) else cut


def _by_line(text: str, common: frozenset[str]) -> str | None:
    for m in _BY.finditer(text):
        if _CREDIT.search(text[: m.start()]):
            continue
        if (desk := _DESK.match(text, m.end())) and _DESK_END.match(text, desk.end()):
            return desk.group(0)  # "By the Harbour Desk", "by Marketing Team | May 3, 2024"
        names = _NAMES.match(text, m.end())
        if names and _GERUND.match(names.group(0)):
            continue  # "By Bringing More Work": "by" and a verb, not a byline
        # "by Jane Doe said ..." continues a sentence; "by Jane Doe on May 3" or "| 5 min read" does not
        if names and not _SENTENCE_GOES_ON.match(text, names.end()):
            return _names(names.group(0), common, strong=True)
    return _handle(text, common)


def _stamped(lines: list[Line], i: int) -> bool:
    """A date, a relative stamp or a reading time within two lines of line i: a lone word beside one is a
    byline's name, not a menu's "By Category"."""
    return any(DATE_MENTION.search(lines[j].text) or _READ_TIME.search(lines[j].text) or AGO.search(lines[j].text)
               for j in range(max(0, i - 2), min(len(lines), i + 3)) if j != i)


def _one_name(text: str, common: frozenset[str]) -> str | None:
    """A lone given name or pen name after the label, ending a short line ("Written by Kristin")."""
    m = _ONE_NAME.fullmatch(text.strip())
    word = m.group(1) if m else ""
    if not m or word.lower() in common or word.lower() in EN_STOPS or word.lower() in _NOT_PERSON:
        return None
    return word


def _handle(text: str, common: frozenset[str]) -> str | None:
    """A one-word user name after "by" that ends the stamp ("by whova | Apr 21, 2025", "Posted by BeauHD on")."""
    m = HANDLE.search(text)
    word = m.group(1) if m else ""
    if not m or word.lower() in common or word.lower() in EN_STOPS or word.lower() in _NOT_PERSON:
        return None
    return word if DATE_MENTION.search(text) else None


def _evidence(lines: list[Line], i: int, name: str) -> bool:
    """Whether a bare name line sits where a byline does: under a "By" / "Written by" label, beside a date,
    a role ("Senior Writer"), a reading time or a reversed "By", beside its own photo caption or a second copy
    of itself."""
    text = lines[i].text
    above = lines[i - 1].text if i else ""
    beside = [lines[j].text for j in (i - 1, i + 1) if 0 <= j < len(lines)]
    near = [lines[j].text for j in range(max(0, i - 3), min(len(lines), i + 4)) if j != i]
    two = [lines[j] for j in (i - 2, i + 2) if 0 <= j < len(lines)]
    return bool(_LABEL_LINE.fullmatch(above.strip())) \
        or any(DATE_MENTION.search(t) or _READ_TIME.search(t) or _LABEL_LINE.fullmatch(t)
               or (_ROLE_LINE.match(t) and len(t.split()) <= 6) for t in beside) \
        or any(t == text or (name in t and _PHOTO.search(t)) for t in near) \
        or any(DATE_MENTION.search(line.text) and len(line.words) <= DATE_LINE_WORDS for line in two)


def _name_line(lines: list[Line], i: int, common: frozenset[str]) -> str | None:
    """A bare name line ("Jane Doe", "Jane Doe, Ph.D.", "Jane Doe | Senior Writer") where a byline stands."""
    text = _PHOTO_OF.sub("", lines[i].text)
    if lines[i].boiler:
        return None  # menu and furniture vocabulary ("Post Tags"), not a name
    m = _NAMES.match(text)
    if m is None or _PHOTO.search(m.group(0)):  # "Featured Image" is a caption, not a name
        return None
    rest, name = text[m.end() :], m.group(0)
    if _DESK.fullmatch(text.strip()) and not _LOWER_DESK.match(text) and _evidence(lines, i, text.strip()):
        return text.strip()  # a desk's byline ("Harbour Gazette Staff" above the date)
    if own := _OWN_PHOTO.match(text):
        return _names(own.group(1), common, strong=False)  # "Jane Doe's avatar"
    if _ROLE_TAIL.match(rest) or _PHOTO_OF.match(lines[i].text) or _undouble(name) != name:
        return _names(name, common, strong=False)  # the line itself says it is a byline
    if (not rest.strip() or _CREDENTIALS.fullmatch(rest)) and _evidence(lines, i, name):
        return _names(name, common, strong=False)
    return None


def _name_beside_date(text: str, common: frozenset[str]) -> str | None:
    """"Jane Doe | March 3, 2024", "Jane Doe March 3, 2024", "May 3, 2024 · 5 min · Jane Doe": a name that
    fills a part of a date line, the part before the date or one between separators."""
    dates = list(DATE_MENTION.finditer(text))
    if not dates or len(text.split()) > 25:
        return None
    # a name set after the date with only spaces is the site's ("date 2025-04-11  Japan Today"), the outlet;
    # one glued to it is the writer's ("Dec 17, 2025Jane Doe": inline elements run together)
    glued = text[dates[-1].end() :] if text[dates[-1].end() : dates[-1].end() + 1].isalpha() else ""
    for part in [text[: dates[0].start()], glued, *_PARTS.split(text)]:
        part = _LEAD_LABEL.sub("", _TRAIL_LABEL.sub("", _IN_SECTION.sub("", part.strip(" |•·–—-,"))))
        m = _NAMES.fullmatch(part) or _NAMES.fullmatch(_CREDENTIALS.sub("", part))
        if m and (name := _names(m.group(0), common, strong=False)):
            return name
    return None


def find_author(lines: list[Line], order: Iterable[int], common: frozenset[str]) -> Byline | None:
    """The first byline among the header block's lines, taken nearest first (the first is the line under the
    headline)."""
    order = list(order)
    if order and (name := _word_under_headline(lines, order[0], common)):
        return Byline(order[0], name, "capture:name-line")
    for i in order:
        text = lines[i].text
        if len(text) > MAX_LINE and not _BY.match(text):
            continue  # a paragraph; a long byline ("By" and forty names) is read from its opening
        if name := _by_line(text[:MAX_LINE], common) or (_one_name(text, common) if _stamped(lines, i) else None):
            return Byline(i, name, "capture:byline")
        if name := _name_beside_date(text, common):
            return Byline(i, name, "capture:name-date-line")
        if name := _name_line(lines, i, common):
            return Byline(i, name, "capture:name-line")
    return None


def _word_under_headline(lines: list[Line], i: int, common: frozenset[str]) -> str | None:
    """A one-word name (a pen name, a brand) on the line under the headline, above a short date line: the
    header block's byline ("Headline / Jane / March 3, 2024 / 5 min read")."""
    m = _LONE_WORD.fullmatch(lines[i].text.strip())
    below = lines[i + 1] if i + 1 < len(lines) else None
    if m is None or lines[i].boiler or below is None or not DATE_MENTION.search(below.text) or len(below.words) > 6:
        return None
    word = m.group(0).lower()
    if word in common or word in EN_STOPS or word in _NOT_PERSON or _STAMP_WORD.fullmatch(word):
        return None
    return None if m.group(0).isupper() else m.group(0)  # an upper-case word is a label or a menu's


def find_far_byline(lines: list[Line], order: Iterable[int], common: frozenset[str]) -> Byline | None:
    """An explicit byline line ("By Jane Doe", "Written by Jane Doe") away from the header block: a late
    header, or an author box after the article. Only short lines that open with the label count."""
    for i in order:
        text = lines[i].text
        # a byline that also holds the stamp ("By Jane Doe - Updated May 3, 2024 at 9:00 AM") runs longer
        reach = FAR_STAMPED_WORDS if DATE_MENTION.search(text) else FAR_WORDS
        if len(lines[i].words) <= reach and _BY.match(text) and (
                name := _by_line(text, common) or (_one_name(text, common) if _stamped(lines, i) else None)):
            return Byline(i, name, "capture:byline-far")
        if name := _labelled_name(lines, i, common):
            return Byline(i + 1, name, "capture:byline-far")
        if name := _author_box(lines, i, common):
            return Byline(i, name, "capture:author-box")
    return None


def _author_box(lines: list[Line], i: int, common: frozenset[str]) -> str | None:
    """A bare name line heading the writer's bio after the article: the bio opens with the name ("Jane Doe is
    a reporter ...", "Jane has covered ...") in the next lines."""
    text = lines[i].text.strip()
    m = _NAMES.fullmatch(text)
    if m is None or lines[i].boiler or len(lines[i].words) > 4:
        return None
    first = text.split()[0]
    for j in range(i + 1, min(len(lines), i + 4)):
        bio = lines[j].text
        if _ROLE_LINE.match(bio) and len(bio.split()) <= 6 and any(t.text == text for t in lines[i + 1 : j]):
            return _names(text, common, strong=False)  # "Jane Doe / Jane Doe / Senior Writer": a name and its job
        if bio != text and (bio.startswith(f"{text} ") or bio.startswith(f"{first} ")) and _BIO_VERB.match(
                bio, len(text) + 1 if bio.startswith(f"{text} ") else len(first) + 1) and _BIO_ROLE.search(bio[:200]):
            return _names(text, common, strong=False)  # (a listicle's "Acme Tool / Acme Tool is ..." names no job)
    return None


def _labelled_name(lines: list[Line], i: int, common: frozenset[str]) -> str | None:
    """A name line under a lone "By" / "Written by" / "Author" label line: captures put the label and the
    linked name on lines of their own."""
    if i + 1 >= len(lines) or not _LABEL_LINE.fullmatch(lines[i].text.strip()):
        return None
    text = lines[i + 1].text
    if _DESK.fullmatch(text.strip()):
        return text.strip()
    if _stamped(lines, i + 1) and (one := _one_name(f"By {text}", common)):
        return one  # a lone word under a label is a name only with the stamp below it (not a menu's "Category")
    m = _NAMES.match(text)
    if m is None or len(lines[i + 1].words) > FAR_WORDS or _PHOTO.search(m.group(0)) or _CREDIT.search(m.group(0)):
        return None
    rest = text[m.end() :]
    if rest.strip() and not (_CREDENTIALS.fullmatch(rest) or _ROLE_TAIL.match(rest)):
        return None
    return _names(m.group(0), common, strong=True)
