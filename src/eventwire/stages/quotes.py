"""Stage `quotes`: direct quotations and who said them.

Reads: Extracted.text, the spaCy Doc, Article.sentences, Article.mentions, the lexicon's speech verbs.
Writes: Article.quotes.

The speaker is the subject of the speech verb that governs the quotation ("…," she added.), else of the
nearest verb above it with an actor subject ("warned Japan against acting as a 'pioneer'"), else the
speaker of the neighbouring sentence in the same paragraph (a quotation running over two sentences).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from eventwire.lexicon import Lexicon
from eventwire.records import ActorMention, Quote, Sentence
from eventwire.stages.event_syntax import FIRST_PERSON, MentionIndex, np_mentions, subject_tokens

# Straight quotes pair with each other; curly ones open and close. Single quotes are used for quotations in
# headlines and some outlets, but an apostrophe looks the same: require a word boundary on both sides.
_QUOTE = re.compile(
    r'“(?P<a>[^”\n]{1,2000})”|"(?P<b>[^"\n]{1,2000})"|«(?P<c>[^»\n]{1,2000})»'
    r"|(?<![\w])‘(?P<d>[^’\n]{1,300}?)’(?![\w])|(?<![\w])'(?P<e>[^'\n]{1,300}?)'(?![\w])"
)
_STATEMENT_NOUNS = frozenset({"statement", "communique", "declaration"})


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Offsets of the words inside each pair of quotation marks, in text order."""
    out = []
    for m in _QUOTE.finditer(text):
        group = next(g for g in "abcde" if m.group(g) is not None)
        start, end = m.span(group)
        if text[start:end].strip():
            out.append((start, end))
    return out


def quotes_of(doc: Doc, sentences: list[Sentence], mentions: list[ActorMention], lex: Lexicon,
              statement_by: list[ActorMention] | None = None) -> list[Quote]:
    index = MentionIndex(doc, mentions)
    found: list[Quote] = []
    prev: tuple[int, str | None, ActorMention | None] | None = None  # (paragraph start, speaker, actor)
    for start, end in find_quotes(doc.text):
        sent = _sentence_at(sentences, start)
        if sent is None:
            continue
        speaker, actor = _speaker(doc, sent, start, end, index, lex)
        para = doc.text.rfind("\n\n", 0, start)
        if actor is None and prev is not None and prev[0] == para:
            speaker, actor = prev[1], prev[2]
        if actor is None:
            speaker, actor = _next_sentence_speaker(doc, sentences, sent, para, index, lex)
        prev = (para, speaker, actor) if actor is not None else prev
        found.append(Quote(start=start, end=end, text=doc.text[start:end], sentence=sent.index, speaker=speaker,
                           speaker_actor=actor.actor if actor else None))
    return found


def _sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    return next((s for s in sentences if s.start <= offset < s.end), None)


def _speaker(doc: Doc, sent: Sentence, start: int, end: int, index: MentionIndex,
             lex: Lexicon) -> tuple[str | None, ActorMention | None]:
    span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
    inner = doc.char_span(start, end, alignment_mode="expand")
    if span is None or inner is None:
        return None, None
    inside = {t.i for t in inner}
    # verbs above the quotation first, then any speech verb outside it in the sentence
    candidates = [a for a in inner.root.ancestors if a.i not in inside]
    candidates += [t for t in span if t.lemma_.lower() in lex.speech and t.i not in inside]
    for verb in candidates:
        if verb.pos_ not in ("VERB", "AUX") and verb.lemma_.lower() != "according":
            continue
        who = _subject_mention(verb, index, lex)
        if who is not None:
            return who
    return None, None


def _subject_mention(verb: Token, index: MentionIndex, lex: Lexicon) -> tuple[str | None, ActorMention] | None:
    subj, _passive = subject_tokens(verb)
    if verb.lemma_.lower() == "according":
        subj = [g for c in verb.children for g in c.children if g.dep_ == "pobj"]
    for s in subj:
        if s.lower_ in FIRST_PERSON:
            continue
        found = np_mentions(s, index, max_depth=1)
        if found:
            m = found[0]
            return (m.actor.person or m.text), m
    return None


def _next_sentence_speaker(doc: Doc, sentences: list[Sentence], sent: Sentence, para: int, index: MentionIndex,
                           lex: Lexicon) -> tuple[str | None, ActorMention | None]:
    """A quotation split over sentences ("… tomorrow. So we must …," he said.): the attribution is in the
    next sentence of the same paragraph."""
    nxt = sentences[sent.index + 1] if sent.index + 1 < len(sentences) else None
    if nxt is None or doc.text.rfind("\n\n", 0, nxt.start) != para:
        return None, None
    span = doc.char_span(nxt.start, nxt.end, alignment_mode="expand")
    for tok in span if span is not None else []:
        if tok.lemma_.lower() in lex.speech and tok.pos_ == "VERB":
            who = _subject_mention(tok, index, lex)
            if who is not None:
                return who
    return None, None
