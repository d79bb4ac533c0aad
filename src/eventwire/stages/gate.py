"""Which paragraphs need spaCy's full pipeline: those where an actor, a quotation or a place can be involved.

Reads: one paragraph, tokenised only (`Language.make_doc`, a few percent of a full parse). Writes: a yes/no.
Every event needs a coded actor, and every coded actor starts from a phrase of the actor dictionary (a name,
role, demonym, capital, organisation or pronoun); quotations and place names matter without one. A paragraph
with none of them (navigation, product copy, recipes, sports tables) can hold no event, quote or place, so it
gets sentence boundaries from spaCy's rule-based sentencizer instead of the parser and tagger and NER. News
pages are mostly paragraphs with actors (the seeds: 99.5% of their words are parsed); general web pages are
not (WCXB dev pages: about 40%).

Since open actor recognition (actors.open) codes names and agent words no dictionary lists, a paragraph is
also parsed when it holds an agent word ("police", "senator": agents.tsv) or a capitalised word inside a
sentence (a name NER may find: "Figueroa said", "Hofstra University"). What this still gives up, knowingly: a
name written only in lower case or only at the start of a sentence in a paragraph with nothing else.
`Settings.parse_all` parses everything.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.actors.matching import DictionaryMatcher
from eventwire.places.gazetteer import Gazetteer
from eventwire.stages.quotes import find_quotes

MAX_PLACE_WORDS = 3  # "Rio de Janeiro", "Ho Chi Minh": longer gazetteer names are not tried


CALENDAR = frozenset({"January", "February", "March", "April", "May", "June", "July", "August", "September",
                       "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                       "Saturday", "Sunday", "I"})
_SENTENCE_END = frozenset({".", "!", "?", "“", '"', ":", "•", "-", "–", "—", "|", "*"})


class ParseGate:
    def __init__(self, matcher: DictionaryMatcher, gazetteer: Gazetteer, agents: frozenset[str] = frozenset()) -> None:
        self._matcher = matcher
        self._gazetteer = gazetteer
        self._agents = agents

    def __call__(self, tokens: Doc) -> bool:
        """True when the paragraph needs the full parse."""
        return (bool(self._matcher.parts(tokens)) or bool(find_quotes(tokens.text)) or self._has_place(tokens)
                or self._has_agent_or_name(tokens))

    def _has_agent_or_name(self, tokens: Doc) -> bool:
        prev = None
        for tok in tokens:
            if tok.lower_ in self._agents:
                return True
            if tok.is_space:
                prev = None if "\n" in tok.text else prev  # a new line starts like a sentence
                continue
            initial = prev is None or prev.text in _SENTENCE_END
            if not initial and tok.is_title and tok.is_alpha and tok.text not in CALENDAR:
                return True
            prev = tok
        return False

    def _has_place(self, tokens: Doc) -> bool:
        """A capitalised run of up to three words that the gazetteer knows (NER would find the toponym)."""
        for i, tok in enumerate(tokens):
            if not tok.is_title and not tok.is_upper:
                continue
            for n in range(1, MAX_PLACE_WORDS + 1):
                span = tokens[i : i + n]
                if len(span) < n:
                    break
                if self._gazetteer.candidates(span.text):
                    return True
        return False
