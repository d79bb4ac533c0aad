"""What the event model sees of a candidate: the sentence's word pieces, and which of them each actor spans.

Reads: a sentence's text and the character spans of a candidate's source and target (offsets into that text).
Writes: token ids for the encoder and 0/1 masks over those tokens, one per span. The sentence is encoded once;
every candidate of the sentence is pooled from the same hidden states, so a sentence with many actor pairs costs
one encoder pass (training uses the same masks, so the model never sees anything inference cannot build).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tokenizers import Tokenizer

MAX_TOKENS = 128  # word pieces per sentence; a longer sentence is cut (its actors past the cut get empty masks)
LABEL_NONE = "NONE"  # a candidate that is no event
MODALITIES = ("past", "todo")  # happened | intended, planned or expected (Zero-Shot-PLOVER's labels)


@dataclass(frozen=True)
class Encoded:
    ids: np.ndarray  # int64 [tokens]
    offsets: list[tuple[int, int]]  # character span of each token in the sentence; (0, 0) for [CLS]/[SEP]


def load_tokenizer(path: str) -> Tokenizer:
    tok = Tokenizer.from_file(path)
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    return tok


def encode(tok: Tokenizer, texts: list[str]) -> list[Encoded]:
    return [Encoded(np.asarray(e.ids, dtype=np.int64), [(int(a), int(b)) for a, b in e.offsets])
            for e in tok.encode_batch(texts)]


def span_mask(enc: Encoded, span: tuple[int, int] | None) -> np.ndarray:
    """1.0 on each word piece that overlaps `span` (character offsets), else 0; all zeros for no span."""
    mask = np.zeros(len(enc.ids), dtype=np.float32)
    if span is None:
        return mask
    start, end = span
    for j, (a, b) in enumerate(enc.offsets):
        if b > a and a < end and b > start:
            mask[j] = 1.0
    return mask


def pad(batch: list[Encoded]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and attention mask, right-padded to the longest sentence of the batch."""
    width = max(len(e.ids) for e in batch)
    ids = np.zeros((len(batch), width), dtype=np.int64)
    att = np.zeros((len(batch), width), dtype=np.int64)
    for i, e in enumerate(batch):
        ids[i, : len(e.ids)] = e.ids
        att[i, : len(e.ids)] = 1
    return ids, att


def pooled(hidden: np.ndarray, src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
    """The head's input for one candidate: [CLS] state, mean over the source's pieces, mean over the target's
    (zeros where a span is absent or cut off). `hidden` is [tokens, dim] for one sentence."""
    width = hidden.shape[0]
    s, t = src[:width], tgt[:width]
    ps = (s[:, None] * hidden).sum(0) / max(float(s.sum()), 1.0)
    pt = (t[:, None] * hidden).sum(0) / max(float(t.sum()), 1.0)
    return np.concatenate([hidden[0], ps, pt])
