"""Actor stage: find the spans of an article that refer to political actors and resolve them to codes.

Reads the spaCy Doc over the clean text, the sentences and the publication date; writes ``ActorMention``s.
The work is split into matching dictionary phrases (``actors.matching``), grouping them into mention chunks
(``actors.chunks``) and resolving chunks, pronouns and short names in text order (``actors.resolve``).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.actors import chunks
from eventwire.actors.dictionary import ActorDictionary
from eventwire.actors.docview import DocView
from eventwire.actors.matching import DictionaryMatcher, add_person_entities
from eventwire.actors.open import agent_words, open_mentions
from eventwire.actors.resolve import Resolver
from eventwire.records import ActorMention, Sentence

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
                  place_country: Callable[[str], str | None] = lambda name: None) -> list[ActorMention]:
    """Actor mentions in ``doc``, sorted by start; several mentions may share a span ("they" -> two actors).
    The dictionary's come first; what it leaves, open recognition codes as the text allows (``actors.open``;
    a mention it cannot code has ``actor.code == ""``). ``extra``: the user's actor folders (agents.tsv);
    ``place_country``: a place name's state (ISO alpha-3), for phrases tied to a place ("the mayor of Nablus").

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
    mentions += open_mentions(doc, sent_index, mentions, dictionary, agent_words(extra), view.in_quote,
                              place_country)
    unique = dict.fromkeys(mentions)  # a span resolved twice to the same actor is one mention
    return sorted(unique, key=lambda m: (m.start, m.end))
