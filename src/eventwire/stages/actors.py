"""Actor stage: find the spans of an article that refer to political actors and resolve them to codes.

Reads the spaCy Doc over the clean text, the sentences and the publication date; writes ``ActorMention``s.
The work is split into matching dictionary phrases (``actors.matching``), grouping them into mention chunks
(``actors.chunks``) and resolving chunks, pronouns and short names in text order (``actors.resolve``).
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import replace
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.actors import chunks
from eventwire.actors.deeds import deed_mentions
from eventwire.actors.dictionary import ActorDictionary
from eventwire.actors.docview import DocView
from eventwire.actors.matching import DictionaryMatcher, add_person_entities
from eventwire.actors.open import PlaceCountry, agent_words, open_mentions
from eventwire.actors.resolve import Resolver
from eventwire.records import ActorMention, Sentence
from eventwire.stages.event_syntax import MentionIndex

# One matcher per (dictionary, vocabulary): building it tokenises every phrase, which is far too slow to
# repeat per document. Keyed weakly on the dictionary so a discarded dictionary frees its matchers.
_MATCHERS: weakref.WeakKeyDictionary[ActorDictionary, dict[int, tuple[Vocab, DictionaryMatcher]]] = (
    weakref.WeakKeyDictionary()
)


def matcher_for(dictionary: ActorDictionary, vocab: Vocab) -> DictionaryMatcher:
    per_vocab = _MATCHERS.setdefault(dictionary, {})
    cached = per_vocab.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        cached = (vocab, DictionaryMatcher(dictionary, vocab))
        per_vocab[id(vocab)] = cached
    return cached[1]


def find_mentions(doc: Doc, sentences: list[Sentence], when: dt.date | None,
                  dictionary: ActorDictionary, extra: tuple[Path, ...] = (),
                  place_country: PlaceCountry = lambda name, near: None) -> list[ActorMention]:
    """Actor mentions in ``doc``, sorted by start; several mentions may share a span ("they" -> two actors).
    The dictionary's come first; what it leaves, open recognition codes as the text allows (``actors.open``;
    a mention it cannot code has ``actor.code == ""``). ``extra``: the user's actor folders (agents.tsv);
    ``place_country``: a place name's state (ISO alpha-3) near the states given, for phrases tied to a place
    ("the mayor of Nablus").

    ``when`` is the publication date: role words resolve to the office holder on that day ("Japanese Prime
    Minister" in April 2025 is Ishiba). Without it they resolve only to the state or organisation.
    """
    if len(doc) == 0:
        return []
    view = DocView(doc, sentences)
    parts = add_person_entities(doc, matcher_for(dictionary, doc.vocab).parts(doc), view.is_headline)
    found_chunks, pronouns, short = chunks.build(view, parts)
    mentions = Resolver(view, dictionary, when).run(found_chunks, pronouns, short)
    sent_index = [view.sentence_index(t.i) for t in doc]
    mentions += open_mentions(doc, sent_index, mentions, dictionary, extra, view.in_quote, place_country, when)
    mentions += deed_mentions(doc, MentionIndex(doc, mentions), sent_index, agent_words(extra))
    unique = dict.fromkeys(_shared_heads(doc, mentions))  # a span resolved twice to one actor is one mention
    return sorted(unique, key=lambda m: (m.start, m.end))


def _shared_heads(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """"US and British activists": the bare state conjoined to the demonym of a sector phrase shares its
    head, so "US" is the American activists (USAOPP), not the United States acting."""
    spans = {m: doc.char_span(m.start, m.end, alignment_mode="expand") for m in mentions}
    by_token = {t.i: m for m, span in spans.items() for t in span or ()}  # the last mention over a token
    out = []
    for m in mentions:
        span = spans[m]
        head = span.root if span is not None and m.actor.sector is None and m.via == "dictionary" else None
        if head is not None and head.dep_ == "conj":
            head = head.head
        if head is not None and head.dep_ in ("amod", "compound", "nmod"):
            owner = by_token.get(head.head.i)
            if owner is not None and owner.actor.sector and owner is not m:
                m = replace(m, actor=replace(m.actor, sector=owner.actor.sector))
        out.append(m)
    return out
