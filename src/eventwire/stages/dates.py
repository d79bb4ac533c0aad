"""Stage `dates`: give each event the day it happened.

Reads: the spaCy Doc (DATE entities), Article.sentences, Article.events, Extracted.published.
Writes: Event.date, Event.date_text, Event.date_basis.

An event takes the date expression of its own clause ("on Wednesday", "Jan. 31", "the day before"),
resolved against the publication date; failing that, the article's story date (the first expression that
falls within a few days before publication: the news day of the lead); failing that, the publication day.
Without a publication date, relative expressions stay unresolved (null): a date is never guessed.
"""

from __future__ import annotations

import datetime as dt
import re

import dateparser
from spacy.tokens import Doc, Span

from eventwire.records import Event, Sentence
from eventwire.stages.nlp import entities_in

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_COARSE = re.compile(r"\b(week|month|year|decade|recent|last|next|ago|earlier|later|ahead)\b", re.I)
_DAY_BEFORE = re.compile(r"\b(the day before|the previous day|a day earlier)\b", re.I)
_PARSER_SETTINGS = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"],
                    "RETURN_AS_TIMEZONE_AWARE": False}


def resolve_expression(text: str, published: dt.date | None, anchor: dt.date | None = None) -> dt.date | None:
    """One date expression -> a day, or None when the text does not fix a day.

    `anchor` is the date of the story so far, for "the day before"."""
    t = text.strip().lower()
    if _DAY_BEFORE.search(t):
        return anchor - dt.timedelta(days=1) if anchor else None
    if t in _RELATIVE:
        return published + dt.timedelta(days=_RELATIVE[t]) if published else None
    wd = _WEEKDAY.search(t)
    if wd and not _COARSE.search(t):
        if published is None:
            return None
        back = (published.weekday() - _WEEKDAYS.index(wd.group(1).lower())) % 7
        return published - dt.timedelta(days=back)
    if _COARSE.search(t) or not re.search(r"\d", t):
        return None
    return _absolute(t, published)


def _absolute(text: str, published: dt.date | None) -> dt.date | None:
    has_year = bool(_YEAR.search(text))
    if not has_year and published is None:
        return None
    settings = dict(_PARSER_SETTINGS)
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _date_spans(sent: Span) -> list[Span]:
    spans = [_with_before(e) for e in entities_in(sent) if e.label_ in ("DATE", "TIME")]
    covered = {t.i for e in spans for t in e}
    # the small model misses bare weekdays after "said": catch them by name
    for tok in sent:
        if tok.lower_ in _WEEKDAYS and tok.i not in covered:
            spans.append(sent.doc[tok.i : tok.i + 1])
    return spans


def _with_before(ent: Span) -> Span:
    """The model tags "the day" in "the day before"; the word after it is what makes it relative."""
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if nxt is not None and nxt.lower_ in ("before", "earlier") and ent.text.lower().endswith("day"):
        return ent.doc[ent.start : ent.end + 1]
    return ent


def _clause_date(span: Span, trigger_i: int | None) -> Span | None:
    """The date expression attached to the event's own predicate, else the sentence's only one."""
    dates = _date_spans(span)
    if not dates:
        return None
    if trigger_i is not None:
        trigger = span.doc[trigger_i]
        for d in dates:
            if trigger in list(d.root.ancestors)[:3]:
                return d
    return dates[0] if len(dates) == 1 else None


def date_events(doc: Doc, sentences: list[Sentence], events: list[Event], published: dt.date | None,
                window_days: int) -> None:
    story = _story_date(doc, sentences, published, window_days)
    anchor = story
    by_sentence: dict[int, list[Event]] = {}
    for e in events:
        by_sentence.setdefault(e.sentence, []).append(e)
    for sent in sentences:
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if span is None or sent.index not in by_sentence:
            continue
        for e in by_sentence[sent.index]:
            expr = _clause_date(span, _trigger_index(span, e.trigger))
            day = resolve_expression(expr.text, published, anchor) if expr is not None else None
            if day is not None and expr is not None:
                e.date, e.date_text, e.date_basis = day, expr.text, "text"
                anchor = day
            elif expr is not None and _coarse(expr.text):
                # "in December", "last year": the event has its own date, just not a day; the story date
                # would be wrong, so the day stays unknown
                e.date_text, e.date_basis = expr.text, "unresolved"
            elif story is not None:
                e.date, e.date_basis = story, "story" if story != published else "publication"
            elif expr is not None:
                e.date_text = expr.text  # kept for the reader: "Tuesday" with no publication date to count from


def _coarse(text: str) -> bool:
    """An expression that fixes no single day whatever the publication date ("in January", "last year")."""
    probe = dt.date(2000, 6, 15)
    return resolve_expression(text, probe, probe) is None


def _trigger_index(span: Span, trigger: str) -> int | None:
    first = trigger.split()[0] if trigger.split() else trigger
    return next((t.i for t in span if t.text == first), None)


def _story_date(doc: Doc, sentences: list[Sentence], published: dt.date | None, window: int) -> dt.date | None:
    if published is None:
        return None
    for sent in sentences[:12]:
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        for expr in _date_spans(span) if span is not None else []:
            day = resolve_expression(expr.text, published)
            if day is not None and 0 <= (published - day).days <= window:
                return day
    return published
