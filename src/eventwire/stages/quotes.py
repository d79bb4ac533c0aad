"""Stage `quotes`: quotations attributed to a speaker.

Reads: Extracted.text, the spaCy Doc, Article.sentences, Article.mentions, the lexicon's quoting verbs.
Writes: Article.quotes.

A quote is words someone is reported to have said, with a speaker. The quoted pieces of one attribution are one
quote: a quotation split by its speech verb ("…," she said, "…"), one running over paragraphs (each opening
with a quotation mark, only the last closing), and the quoted fragments of one paraphrase by one speaker. A
quote is `direct` when the quotation opens the reported words (it starts the sentence, or follows "said:" or
"said,"), `partial` when it sits inside paraphrase ("called the plan 'a big mistake'"). Quoted words that no
one is said to have spoken are not quotes: with no speaker, or a short partial quote (a scare-quoted term, a
nickname), or a title ("Fox News Sunday").

The speaker is the subject of the quoting verb that governs the quotation ("…," she added.), else of the
nearest verb above it with an actor subject ("warned Japan against acting as a 'pioneer'"), else the speaker of
the neighbouring sentence in the same paragraph; pronouns, roles and surnames are resolved to the person the
article named (stages.speakers).
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
from eventwire.stages.speakers import Speakers

# Straight quotes pair with each other; curly ones open and close. Single quotes are used for quotations in
# headlines and some outlets, but an apostrophe looks the same: require a word boundary on both sides.
_QUOTE = re.compile(
    r"''(?P<f>[^\n]{1,10000}?)''"
    r'|(?:^|(?<=\s))”(?P<h>[^“”\n]{1,10000})”'  # a closing mark typed for the opening one
    r'|“(?P<a>[^”\n]{1,10000})”|"(?P<b>[^"\n]{1,10000})"'
    r'|“(?P<i>[^”"\n]{1,10000})"|"(?P<j>[^"”\n]{1,10000})”'  # an editor's mixed pair
    r'|«(?P<c>[^»\n]{1,10000})»|„(?P<g>[^“”\n]{1,10000})[“”]'
    r"|(?<![\w])‘(?P<d>[^’\n]{1,300}?)’(?![\w])|(?<![\w])'(?P<e>[^'\n]{1,300}?)'(?![\w])"
)
# A paragraph that opens a quotation and does not close it, when the next paragraph opens one too: news style
# for a quotation running over paragraphs.
_OPENS_PARAGRAPH = re.compile(r'(?m)^[ \t]*[“"]')
# "…" ― Jane Doe: a quotation signed with a dash, as in collected reader comments
_DASH_NAME = re.compile(r"[”\"’»]?[ \t\u00a0]*[―—][ \t\u00a0]*([A-Z][\w.'’-]*(?:[ \t\u00a0]+[A-Z][\w.'’-]*){0,3})")
MIN_PARTIAL_WORDS = 3  # shorter quoted words inside paraphrase are a term, not a quotation
Speaker = tuple[str | None, ActorMention | None]


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Offsets of the words inside each pair of quotation marks, and of each paragraph of a quotation that runs
    on into the next paragraph, in text order."""
    out = []
    for m in _QUOTE.finditer(text):
        group = next(g for g in "fhabijcgde" if m.group(g) is not None)
        start, end = m.span(group)
        if text[start:end].strip():
            out.append((start, end))
    paired = list(out)
    for m in _OPENS_PARAGRAPH.finditer(text):
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        rest = text[end:].lstrip()
        # a paragraph holding a closed pair is no run-on quotation (its opening mark was that pair's)
        if any(a <= end and m.end() - 1 <= b for a, b in paired) or rest[:1] not in "“\"":
            continue
        if text[m.end() : end].strip():
            out.append((m.end(), m.end() + len(text[m.end() : end].rstrip())))
    return sorted(out)


PIECE_JOIN = " … "  # between the pieces of one attribution's quotation in Quote.text


def lies_in(q: Quote, text: str) -> bool:
    """The record's contract with the article text: its pieces lie in order within [start, end), the first
    opening it and the last closing it."""
    span, pieces = text[q.start : q.end], q.text.split(PIECE_JOIN)
    at = 0
    for piece in pieces:
        found = span.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return bool(q.text.strip()) and span.startswith(pieces[0]) and span.endswith(pieces[-1])


@dataclass
class _Piece:
    start: int
    end: int
    sentence: Sentence
    paragraph: int
    speaker: Speaker
    direct: bool
    runs_on: bool  # the paragraph ends inside the quotation
    reported: bool  # a quoting verb governs the words ("said security is 'deeply interconnected'")


def quotes_of(doc: Doc, sentences: list[Sentence], mentions: list[ActorMention], lex: Lexicon) -> list[Quote]:
    index = MentionIndex(doc, mentions)
    ctx = _Ctx(index, lex, statement_issuers(doc, index, STATEMENT_NOUNS), Speakers(doc, index))
    text = doc.text  # a Doc rebuilds its text on every access: read it once
    pieces: list[_Piece] = []
    for start, end in find_quotes(text):
        sent = _sentence_at(sentences, start)
        if sent is None:
            continue
        para = text.rfind("\n\n", 0, start)
        speaker = _attribution(doc, sentences, (sent, start, end, para), ctx)
        runs_on = end == len(text) or (text[end] in "\n" and text[end - 1] not in "”\"»")
        pieces.append(_Piece(start, end, sent, para, speaker, _opens_words(text, sent, start), runs_on,
                             _reported(doc, start, end, ctx)))
    _inherit_speakers(text, pieces)
    return [q for group in _groups(pieces) if (q := _quote(text, group)) is not None]


@dataclass(frozen=True)
class _Ctx:
    index: MentionIndex
    lex: Lexicon
    issuers: dict[int, list[ActorMention]]  # "the statement" token -> who issued it
    speakers: Speakers


def _reported(doc: Doc, start: int, end: int, ctx: _Ctx) -> bool:
    inner = doc.char_span(start, end, alignment_mode="expand")
    return inner is not None and any(_is_speech(a, ctx) for a in inner.root.ancestors)


def _opens_words(text: str, sent: Sentence, start: int) -> bool:
    """The quotation opens the reported words: first in its sentence, or right after "said:" / "said,"."""
    before = text[sent.start : start - 1].rstrip()
    return not before.strip("“\"‘'«„ ([—–-") or before.endswith((":", ","))


def _inherit_speakers(text: str, pieces: list[_Piece]) -> None:
    """A quotation with no attribution of its own continues the last attributed one when it is in the same
    paragraph, or opens the paragraph right after it (a speaker's words running on, as news style writes
    them), or is a later paragraph of a quotation running over paragraphs."""
    prev: _Piece | None = None
    for p in pieces:
        if p.speaker[0] is None and prev is not None and (prev.runs_on or _continues(text, prev.paragraph, p)):
            p.speaker = prev.speaker
        prev = p if p.speaker[0] is not None else prev
    # the attribution may come only in a quotation's last paragraph: carry it back over the paragraphs before
    for a, b in zip(reversed(pieces[:-1]), reversed(pieces[1:]), strict=True):
        if a.speaker[0] is None and a.runs_on:
            a.speaker = b.speaker


def _continues(text: str, prev_para: int, p: _Piece) -> bool:
    if prev_para == p.paragraph:
        return True
    opens_para = p.start - 1 == p.paragraph + 2 if p.paragraph >= 0 else p.start == 1
    return opens_para and text.rfind("\n\n", 0, max(p.paragraph, 0)) == prev_para


def _groups(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces of one attribution together: a quotation running on into the next paragraph, and the quotations
    of one paragraph that one speaker said ("…," she said, "…")."""
    groups: list[list[_Piece]] = []
    for p in pieces:
        last = groups[-1][-1] if groups else None
        same_speaker = last is not None and p.speaker[0] is not None and last.speaker[0] == p.speaker[0]
        # quoted fragments inside paraphrase stay apart: each is its own reported phrase
        if last is not None and (last.runs_on or (same_speaker and last.direct and last.paragraph == p.paragraph)):
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


def _quote(text: str, group: list[_Piece]) -> Quote | None:
    first = group[0]
    speaker, actor = first.speaker
    words = [w for p in group for w in re.findall(r"\w+", text[p.start : p.end])]
    # a short quoted term is a quotation only as the words of a quoting verb, not a scare quote in narrative
    short = len(words) < MIN_PARTIAL_WORDS and not any(p.reported for p in group)
    if speaker is None or (not first.direct and (short or _is_title(group, text))):
        return None
    return Quote(start=first.start, end=group[-1].end, text=PIECE_JOIN.join(text[p.start : p.end] for p in group),
                 sentence=first.sentence.index, speaker=speaker,
                 speaker_actor=actor.actor if actor and actor.actor.code else None,
                 kind="direct" if first.direct else "partial")


def _is_title(group: list[_Piece], text: str) -> bool:
    """A name of a work, a show or a slogan ("Fox News Sunday", "American Skin (41 Shots)"): every word
    capitalised or a number, no sentence punctuation but a closing comma or full stop."""
    words = [w for p in group for w in re.findall(r"[\w'’]+", text[p.start : p.end])]
    small = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "at", "with"}
    body = "".join(text[p.start : p.end] for p in group).rstrip().rstrip(",.")  # "of 'Fox News Sunday,'"
    return bool(words) and not re.search(r"[.?!,;:]", body) and \
        all(w[0].isupper() or w[0].isdigit() or w.lower() in small for w in words)


def _sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    return next((s for s in sentences if s.start <= offset < s.end), None)


def _attribution(doc: Doc, sentences: list[Sentence], at: tuple[Sentence, int, int, int], ctx: _Ctx) -> Speaker:
    """Who said the quoted words: the attribution in the sentence where they open, else where they close (a
    quotation of several sentences: "… Tulsa? … intolerable," she said.), else in the sentence after, else a
    dash after them ("…" ― Jane Doe), else the sentence that introduced the paragraph ("Caddell continued:")."""
    first, start, end, para = at
    last = _sentence_at(sentences, max(start, end - 1)) or first
    who = _speaker(doc, first, start, min(end, first.end), ctx)
    if who[0] is None and last is not first:
        who = _speaker(doc, last, last.start, end, ctx)
    if who[0] is None:
        who = _next_sentence_speaker(doc, sentences, last, para, ctx)
    if who[0] is None and (m := _DASH_NAME.match(doc.text, end)):
        who = m.group(1).strip(), None
    if who[0] is None and first.index > 0 and start <= first.start + 1:
        before = sentences[first.index - 1]
        if doc.text[before.start : before.end].rstrip().endswith(":"):
            who = _speaker(doc, before, before.end, before.end, ctx)
    return who


def _speaker(doc: Doc, sent: Sentence, start: int, end: int, ctx: _Ctx) -> Speaker:
    span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
    inner = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    if span is None:
        return None, None
    inside = {t.i for t in inner} if inner is not None else set()
    above = [a for a in inner.root.ancestors if a.i not in inside] if inner is not None else []
    speech = [t for t in above if _is_speech(t, ctx)]
    speech += [t for t in span if _is_speech(t, ctx) and t.i not in inside and t not in speech]
    # speech verbs over the quotation first ("X cautioned that Beijing was 'learning lessons'"), then any
    # verb above it with an actor subject ("Lin warned Japan against acting as a 'pioneer'")
    for verb in speech:
        who = _subject_mention(verb, ctx, named=True, inside=inside)
        if who is not None:
            return who
    for verb in above:
        who = _subject_mention(verb, ctx, inside=inside) if verb.pos_ in ("VERB", "AUX") else None
        if who is not None:
            return who
    return None, None


def _is_speech(tok: Token, ctx: _Ctx) -> bool:
    return tok.lemma_.lower() in ctx.lex.quoting and (tok.pos_ in ("VERB", "AUX") or tok.lower_ == "according")


def _subject_mention(verb: Token, ctx: _Ctx, named: bool = False, inside: frozenset[int] | set[int] = frozenset(),
                     ) -> Speaker | None:
    """The speaker as (name or phrase, actor mention). With `named`, a subject that is no known actor still
    names the speaker ("John Smith, a company spokesman, said"), with no actor. A subject among the quoted
    words (`inside`) is what the speaker talks about, not the speaker."""
    subj, _passive = subject_tokens(verb)
    if verb.lemma_.lower() == "according":
        subj = [g for c in verb.children for g in c.children if g.dep_ == "pobj"]
    for s in subj:
        if first_person(s) or s.i in inside:
            continue
        if ctx.issuers.get(s.i):
            # "the statement says": the phrase is the speaker as written, its issuers the actor
            return s.doc[s.left_edge.i : s.i + 1].text, ctx.issuers[s.i][0]
        who = _resolved(s, ctx)
        if who is not None:
            if named:
                ctx.speakers.heard(s, who[0] or s.text, who[1])
            return who
        if named and s.pos_ in ("PROPN", "NOUN"):
            return _phrase(s), None
    return None


def _resolved(s: Token, ctx: _Ctx) -> Speaker | None:
    """A subject as the person or actor it stands for: a known actor, or a pronoun, role or surname the
    article resolves."""
    found = np_mentions(s, ctx.index, max_depth=1)
    named = ctx.speakers.named(s)
    if found and found[0].actor.person:
        person = found[0].actor.person  # a listed holder's name, or an open mention's words as written
        longer = named is not None and len(named[0]) > len(person) and named[0].endswith(person.split()[-1])
        return (named[0] if named and longer else person), found[0]
    who = named or ctx.speakers.resolve(s)
    if who is not None:
        return who[0], who[1] or (found[0] if found else None)
    if found:
        return found[0].text, found[0]
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


def _next_sentence_speaker(doc: Doc, sentences: list[Sentence], sent: Sentence, para: int, ctx: _Ctx) -> Speaker:
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
