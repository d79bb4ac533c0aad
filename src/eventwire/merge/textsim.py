"""Generic text features for story threads and evidence similarity: TF-IDF over content words and names.

Pure functions over strings, so the same settings serve real news and the ECB+ yardstick.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|\d{2,}")
# Capitalised words that are not sentence-initial are (mostly) names: they separate two events of one kind
# (two earthquakes, two summits) better than the shared vocabulary of the kind.
NAME_WEIGHT = 2


def terms(text: str) -> Counter[str]:
    """Content-word and name counts of a text (lower-cased words; names also as `ne:word`)."""
    out: Counter[str] = Counter()  # float counts: names weigh NAME_WEIGHT
    for sent in re.split(r"(?<=[.!?])\s+|\n+", text):
        for i, m in enumerate(_WORD.finditer(sent)):
            w = m.group(0)
            low = w.lower().replace("\u2019", "'")
            if low in STOP_WORDS or len(low) < 3:
                continue
            out[low] += 1
            if i > 0 and w[0].isupper():
                out["ne:" + low] += NAME_WEIGHT
    return out


def tfidf_matrix(bags: Sequence[Counter[str]]) -> tuple[np.ndarray, list[str]]:
    """Rows L2-normalised, sublinear tf, smooth idf (terms in a single document are dropped: they link nothing)."""
    df: Counter[str] = Counter()
    for b in bags:
        df.update(b.keys())
    vocab = sorted(t for t, n in df.items() if n > 1)
    index = {t: i for i, t in enumerate(vocab)}
    n = len(bags)
    mat = np.zeros((n, max(len(vocab), 1)), dtype=np.float32)
    for r, b in enumerate(bags):
        for t, c in b.items():
            j = index.get(t)
            if j is not None:
                mat[r, j] = (1.0 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1.0)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms, vocab


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def word_set(text: str) -> frozenset[str]:
    """The content words of terms(text), without its name counts. Words never span whitespace, so the text
    need not be cut into sentences here (that only tells terms() which words open one); merging calls this
    for every event mention."""
    words = (w.lower().replace("\u2019", "'") for w in _WORD.findall(text))
    return frozenset(w for w in words if len(w) >= 3 and w not in STOP_WORDS)
