"""Stage `quotes`: direct quotations and who said them.

Reads: Extracted.text, the spaCy Doc, Article.sentences, Article.mentions, the lexicon's speech verbs.
Writes: Article.quotes.

The speaker is the subject of the speech verb that governs the quotation ("…," she added.), else of the
nearest verb above it with an actor subject ("warned Japan against acting as a 'pioneer'"), else the
speaker of the neighbouring sentence in the same paragraph (a quotation running over two sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.lexicon import Lexicon
from eventwire.records import ActorMention, Quote, Sentence
from eventwire.stages.event_syntax import (
    STATEMENT_NOUNS,
    MentionIndex,
    first_person,
    np_mentions,
    statement_issuers,
    subject_tokens,
)

# Straight quotes pair with each other; curly ones open and close. Single quotes are used for quotations in
# headlines and some outlets, but an apostrophe looks the same: require a word boundary on both sides.
_QUOTE = re.compile(
    r'“(?P<a>[^”\n]{1,2000})”|"(?P<b>[^"\n]{1,2000})"|«(?P<c>[^»\n]{1,2000})»'
    r"|(?<![\w])‘(?P<d>[^’\n]{1,300}?)’(?![\w])|(?<![\w])'(?P<e>[^'\n]{1,300}?)'(?![\w])"
)


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Offsets of the words inside each pair of quotation marks, in text order."""
    out = []
    for m in _QUOTE.finditer(text):
        group = next(g for g in "abcde" if m.group(g) is not None)
        start, end = m.span(group)
        if text[start:end].strip():
            out.append((start, end))
    return out


def quotes_of(doc: Doc, sentences: list[Sentence], mentions: list[ActorMention], lex: Lexicon) -> list[Quote]:
    index = MentionIndex(doc, mentions)
    issuers = statement_issuers(doc, index, STATEMENT_NOUNS)
    found: list[Quote] = []
    prev: tuple[int, str | None, ActorMention | None] | None = None  # (paragraph start, speaker, actor)
    text = doc.text  # a Doc rebuilds its text on every access: read it once
    for start, end in find_quotes(text):
        sent = _sentence_at(sentences, start)
        if sent is None:
            continue
        speaker, actor = _speaker(doc, sent, start, end, _Ctx(index, lex, issuers))
        para = text.rfind("\n\n", 0, start)
        if speaker is None:
            speaker, actor = _next_sentence_speaker(doc, sentences, sent, para, _Ctx(index, lex, issuers))
        if speaker is None and prev is not None and _continues(text, prev[0], para, start):
            speaker, actor = prev[1], prev[2]
        prev = (para, speaker, actor) if speaker is not None else prev
        found.append(Quote(start=start, end=end, text=text[start:end], sentence=sent.index, speaker=speaker,
                           speaker_actor=actor.actor if actor and actor.actor.code else None))
    return found


@dataclass(frozen=True)
class _Ctx:
    index: MentionIndex
    lex: Lexicon
    issuers: dict[int, list[ActorMention]]  # "the statement" token -> who issued it


def _continues(text: str, prev_para: int, para: int, start: int) -> bool:
    """Same paragraph as the last attributed quotation, or a paragraph that is itself a quotation right after
    it: a speaker's words running on, as news style writes them."""
    if prev_para == para:
        return True
    opens_para = start - 1 == para + 2 if para >= 0 else start == 1
    return opens_para and text.rfind("\n\n", 0, max(para, 0)) == prev_para


def _sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    return next((s for s in sentences if s.start <= offset < s.end), None)


def _speaker(doc: Doc, sent: Sentence, start: int, end: int, ctx: _Ctx) -> tuple[str | None, ActorMention | None]:
    span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
    inner = doc.char_span(start, end, alignment_mode="expand")
    if span is None or inner is None:
        return None, None
    inside = {t.i for t in inner}
    above = [a for a in inner.root.ancestors if a.i not in inside]
    speech = [t for t in above if _is_speech(t, ctx)]
    speech += [t for t in span if _is_speech(t, ctx) and t.i not in inside and t not in speech]
    # speech verbs over the quotation first ("X cautioned that Beijing was 'learning lessons'"), then any
    # verb above it with an actor subject ("Lin warned Japan against acting as a 'pioneer'")
    for verb in speech:
        who = _subject_mention(verb, ctx, named=True)
        if who is not None:
            return who
    for verb in above:
        who = _subject_mention(verb, ctx) if verb.pos_ in ("VERB", "AUX") else None
        if who is not None:
            return who
    return None, None


def _is_speech(tok: Token, ctx: _Ctx) -> bool:
    return tok.lemma_.lower() in ctx.lex.speech and (tok.pos_ in ("VERB", "AUX") or tok.lower_ == "according")


def _subject_mention(verb: Token, ctx: _Ctx, named: bool = False) -> tuple[str | None, ActorMention | None] | None:
    """The speaker as (name or phrase, actor mention). With `named`, a subject that is no known actor still
    names the speaker ("John Smith, a company spokesman, said"), with no actor."""
    subj, _passive = subject_tokens(verb)
    if verb.lemma_.lower() == "according":
        subj = [g for c in verb.children for g in c.children if g.dep_ == "pobj"]
    for s in subj:
        if first_person(s):
            continue
        if ctx.issuers.get(s.i):
            # "the statement says": the phrase is the speaker as written, its issuers the actor
            return s.doc[s.left_edge.i : s.i + 1].text, ctx.issuers[s.i][0]
        found = np_mentions(s, ctx.index, max_depth=1)
        if found:
            m = found[0]
            return (m.actor.person or m.text), m
        if named and s.pos_ in ("PROPN", "NOUN"):
            return _phrase(s), None
    return None


def _phrase(head: Token) -> str:
    """A subject's words up to its head; a named apposition wins ("the chief executive, Mary Jones")."""
    for c in head.children:
        if c.dep_ == "appos" and c.ent_type_ == "PERSON":
            head = c
    left = head.left_edge.i
    while left < head.i and head.doc[left].pos_ in ("DET", "PUNCT"):
        left += 1
    return head.doc[left : head.i + 1].text


def _next_sentence_speaker(doc: Doc, sentences: list[Sentence], sent: Sentence, para: int,
                           ctx: _Ctx) -> tuple[str | None, ActorMention | None]:
    """A quotation split over sentences ("… tomorrow. So we must …," he said.): the attribution is in the
    next sentence of the same paragraph."""
    nxt = sentences[sent.index + 1] if sent.index + 1 < len(sentences) else None
    if nxt is None or doc.text.rfind("\n\n", 0, nxt.start) != para:
        return None, None
    span = doc.char_span(nxt.start, nxt.end, alignment_mode="expand")
    for tok in span if span is not None else []:
        if _is_speech(tok, ctx):
            who = _subject_mention(tok, ctx, named=True)
            if who is not None:
                return who
    return None, None
