"""Rows that teach the model what is *not* an event: actor pairs that a sentence holds besides its coded one.

Reads: the labelled `Example`s (plv_pairs: one coded pair per sentence) and `cameo_spans.conll` (source and
target spans per sentence), and eventwire's own actor stage over those sentences. Writes: NONE rows (and, for
reciprocal types, the reversed pair with the same type).

The candidates the coder meets at ingest are pairs of *our* actor mentions, so the negatives are built from our
mentions too: every other pair in a sentence whose one event is marked is taken as no event. That is noisy (a
sentence may hold a second, unmarked event) and is why only a few per sentence are kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from eventwire.coder.data import Example, conll_spans, read_conll
from eventwire.coder.features import LABEL_NONE

RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE"})
PER_SENTENCE = 2  # NONE rows kept per sentence (the nearest mentions to the marked pair first)
Span = tuple[int, int]


def _overlaps(a: Span, b: Span | None) -> bool:
    return b is not None and a[0] < b[1] and b[0] < a[1]


def _mentions(texts: list[str]) -> list[list[Span]]:
    """Our actor stage's mention spans per text (unique spans, in order)."""
    from eventwire.actors.dictionary import ActorDictionary
    from eventwire.stages import nlp
    from eventwire.stages.actors import find_mentions

    actors = ActorDictionary.load(())
    out = []
    for text in texts:
        doc = nlp.parse(text, None)
        found = find_mentions(doc, nlp.sentences_of(doc), dt.date(2020, 1, 1), actors)
        out.append(list(dict.fromkeys((m.start, m.end) for m in found)))
    return out


def _pair_rows(text: str, src: Span, tgt: Span | None, others: list[Span], split: str, origin: str) -> list[Example]:
    free = [m for m in others if not _overlaps(m, src) and not _overlaps(m, tgt)]
    free.sort(key=lambda m: abs(m[0] - src[0]))
    rows = [Example(text, src, m, LABEL_NONE, None, split, origin) for m in free]
    if tgt is not None:
        rows += [Example(text, m, tgt, LABEL_NONE, None, split, origin) for m in free]
    return rows[:PER_SENTENCE]


def build(labelled: list[Example], conll: Path) -> list[Example]:
    plv = [e for e in labelled if e.source is not None and e.origin.endswith(".tsv")]
    sentences = [(split, *conll_spans(toks, tags)) for split, toks, tags in read_conll(conll)]
    mentions = _mentions([e.text for e in plv] + [text for _split, text, _spans in sentences])
    rows: list[Example] = []
    for e, found in zip(plv, mentions, strict=False):
        assert e.source is not None
        if e.target is not None:  # the reversed pair: the same event for reciprocal types, else none
            label = e.label if e.label in RECIPROCAL else LABEL_NONE
            rows.append(Example(e.text, e.target, e.source, label, e.modality, e.split, e.origin + ":reversed"))
        rows += _pair_rows(e.text, e.source, e.target, found, e.split, e.origin + ":others")
    for (split, text, spans), found in zip(sentences, mentions[len(plv):], strict=True):
        if spans.get("S"):
            tgt = spans["T"][0] if spans.get("T") else None
            rows += _pair_rows(text, spans["S"][0], tgt, found, split, conll.name + ":others")
    return rows
