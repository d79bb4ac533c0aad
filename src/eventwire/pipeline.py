"""The pipeline: an ordered list of stages, each declaring what it reads and writes, and one loop.

    raw -> decode -> clean -> nlp -> actors -> events -> dates -> places -> quotes   (then the store saves the Article)

The nlp stage parses only the paragraphs where an actor, quotation or place can be involved (stages.gate).

The order is checked once at import: a stage may only read what an earlier stage wrote.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from eventwire.actors.dictionary import ActorDictionary
from eventwire.actors.open import agent_words
from eventwire.coder.decide import LearnedCoder
from eventwire.coder.labels import targetless_types
from eventwire.coder.model import EventModel, bundled_model
from eventwire.errors import InputRejected
from eventwire.lexicon import Lexicon, default_lexicon
from eventwire.places.gazetteer import Gazetteer, gazetteer
from eventwire.places.resolve import resolve as resolve_place
from eventwire.records import Article, Decoded, Extracted, RawDocument
from eventwire.settings import Settings
from eventwire.stages import dates, event_context, events, load, nlp, places, prose, quotes
from eventwire.stages.actors import find_mentions, matcher_for
from eventwire.stages.clean_text import clean_text
from eventwire.stages.gate import ParseGate


@dataclass
class Resources:
    """What stages share across documents: loaded once per process."""

    settings: Settings

    @cached_property
    def actors(self) -> ActorDictionary:
        return ActorDictionary.load(self.settings.actor_dirs)

    @cached_property
    def lexicon(self) -> Lexicon:
        return default_lexicon()

    @cached_property
    def coder(self) -> LearnedCoder | None:
        """The learned event decision (None when `coder_model` is "none"); a missing or corrupt model stops
        here with a message naming the file, never a silent fall-back to the rules alone."""
        name = self.settings.coder_model
        if name == "none":
            return None
        model = EventModel(Path(name) if name else bundled_model())
        return LearnedCoder(model, self.lexicon, self.settings.coder_threshold)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return gazetteer()

    def place_country(self, name: str, near: tuple[str, ...] = ()) -> str | None:
        iso2 = [self.gazetteer.iso3_to_iso2[c] for c in near if c in self.gazetteer.iso3_to_iso2]
        place = resolve_place(self.gazetteer, name, iso2)
        return place.iso3 if place is not None else None

    @cached_property
    def gate(self) -> ParseGate | None:
        """Which paragraphs get the full parse (all, with `parse_all`)."""
        if self.settings.parse_all:
            return None
        agents = frozenset(w for w in agent_words(tuple(self.settings.actor_dirs)) if " " not in w)
        return ParseGate(matcher_for(self.actors, nlp.load_model().vocab), self.gazetteer, agents)


@dataclass(frozen=True)
class Stage:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Article, Resources], None]


def _decode(art: Article, res: Resources) -> None:
    art.decoded = load.decode(art.raw)


def _clean(art: Article, res: Resources) -> None:
    assert art.decoded is not None
    try:
        if art.decoded.format == "html":
            from eventwire.stages.clean_html import clean_html  # trafilatura loads only when HTML comes

            ex = clean_html(art.decoded.text)
        else:
            ex = clean_text(art.decoded.text)
    except InputRejected as exc:
        raise InputRejected(art.raw.path, exc.code, exc.reason) from exc
    if not ex.text.strip():
        # a capture that was never language (one line of base64) says so, not that its furniture was removed
        why = prose.not_language(art.decoded.text) if art.decoded.format != "html" else None
        raise InputRejected(art.raw.path, *(("not_language", why) if why else
                                            ("no_article", "no article text found after removing page furniture")))
    if (reason := prose.not_language(ex.text)) is not None:
        raise InputRejected(art.raw.path, "not_language", reason)
    art.extracted = _bounded(ex, res.settings.max_text_chars)


def _bounded(ex: Extracted, limit: int) -> Extracted:
    if len(ex.text) <= limit:
        return ex
    cut = ex.text.rfind("\n\n", 0, limit)
    ex.text = ex.text[: cut if cut > 0 else limit]
    return ex


def _nlp(art: Article, res: Resources) -> None:
    assert art.extracted is not None
    art.doc = nlp.parse(art.extracted.text, res.gate)
    art.sentences = nlp.sentences_of(art.doc)


def _actors(art: Article, res: Resources) -> None:
    assert art.extracted is not None
    art.mentions = find_mentions(art.doc, art.sentences, art.extracted.published, res.actors,
                                 tuple(res.settings.actor_dirs), res.place_country)


def _events(art: Article, res: Resources) -> None:
    coded = [m for m in art.mentions if m.actor.code]  # a mention open recognition could not code is no party
    art.events = events.code_events(art.doc, art.sentences, coded, res.lexicon, res.actors.codes_for)
    if res.coder is not None:
        art.events = res.coder.code(art.doc, art.sentences, coded, art.events)
    art.events = event_context.with_co_sources(art.doc, art.events, coded)
    art.events = event_context.without_restatements(art.sentences, art.events)
    event_context.mark_planned(art.doc, art.sentences, art.events)


def _dates(art: Article, res: Resources) -> None:
    assert art.extracted is not None
    dates.date_events(art.doc, art.sentences, art.events, art.extracted.published, res.settings.story_window_days)


def _places(art: Article, res: Resources) -> None:
    assert art.extracted is not None
    found = places.find_toponyms(art.doc, art.extracted.dateline)
    art.places = places.resolve_toponyms(res.gazetteer, found, art.mentions)
    places.place_events(art.doc, art.sentences, art.events, art.places, targetless_types())


def _quotes(art: Article, res: Resources) -> None:
    art.quotes = quotes.quotes_of(art.doc, art.sentences, art.mentions, res.lexicon)


STAGES: tuple[Stage, ...] = (
    Stage("decode", ("raw",), ("decoded",), _decode),
    Stage("clean", ("decoded",), ("extracted",), _clean),
    Stage("nlp", ("extracted",), ("doc", "sentences"), _nlp),
    Stage("actors", ("doc", "sentences", "extracted"), ("mentions",), _actors),
    Stage("events", ("doc", "sentences", "mentions"), ("events",), _events),
    Stage("dates", ("doc", "sentences", "events", "extracted"), ("events",), _dates),
    Stage("places", ("doc", "sentences", "mentions", "events", "extracted"), ("places", "events"), _places),
    Stage("quotes", ("doc", "sentences", "mentions"), ("quotes",), _quotes),
)


def check_order(stages: tuple[Stage, ...]) -> None:
    available = {"raw"}
    for st in stages:
        missing = set(st.reads) - available
        if missing:
            raise RuntimeError(f"stage {st.name!r} reads {sorted(missing)} before any stage writes it")
        available |= set(st.writes)


check_order(STAGES)


def process_text(text: str, res: Resources, published: dt.date | None = None, name: str = "<text>") -> Article:
    """Code already-clean text (a sentence, a paragraph): every stage after cleaning."""
    data = text.encode("utf-8")
    raw = RawDocument(path=name, file_name=name, data=data, sha256=hashlib.sha256(data).hexdigest())
    art = Article(raw=raw, decoded=Decoded(text, "utf-8", "text"), extracted=Extracted(text=text, published=published))
    for stage in STAGES[STAGES.index(next(s for s in STAGES if s.name == "clean")) + 1 :]:
        stage.run(art, res)
    art.doc = None
    return art


def process(art: Article, res: Resources) -> Article:
    """The one loop: every stage in order over one document."""
    for stage in STAGES:
        stage.run(art, res)
    art.doc = None  # the Doc is large and only the NLP stages need it
    return art
