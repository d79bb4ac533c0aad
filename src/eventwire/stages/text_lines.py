"""The line model shared by the plain-text cleaner and its metadata reader: one record per line of a
capture with the features the classifier uses (length, stop-word density, furniture vocabulary)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

WORD = re.compile(r"[^\W\d_]+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Quote marks count as terminal: news paragraphs often end inside a quotation.
TERMINAL = tuple('.!?…"”’\'»)。！？」')
IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)$", re.IGNORECASE)
EN_STOPS = frozenset(STOP_WORDS)
AGO = re.compile(r"(?:\d+|an?)\s*(?:[smhdw]|mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?)\s+ago", re.I)
# Menu items are words only: repeated short lines with digits or symbols are product names, code, scores.

SHORT = "short"


@dataclass
class Line:
    text: str
    key: str  # normalised form, for repetition
    words: list[str]
    size: int  # characters; CJK characters count double (each carries about a word)
    stop: float  # stop-word density
    boiler: bool  # furniture by vocabulary
    tail: bool  # a heading that opens post-article material
    cls: str = SHORT


@dataclass(frozen=True)
class Vocab:
    strong: dict[str, bool]  # every term -> whether one hit marks a line
    tail: frozenset[str]  # terms whose heading opens post-article material (comments, related links)


@cache
def boilerplate_vocab() -> Vocab:
    """Furniture vocabulary from data/boilerplate.tsv (format in the file's header)."""
    text = resources.files("eventwire").joinpath("data/boilerplate.tsv").read_text(encoding="utf-8")
    strong: dict[str, bool] = {}
    tail = set()
    for row in text.splitlines():
        if row.strip() and not row.startswith("#"):
            cols = [c.strip() for c in row.split("\t")] + ["", ""]
            term = " ".join(WORD.findall(cols[0].lower()))
            strong[term] = cols[2] == "strong"
            if cols[1] == "end":
                tail.add(term)
    return Vocab(strong, frozenset(tail))


def term_cover(words: list[str], terms: Collection[str]) -> tuple[set[int], int, int]:
    """Word positions covered by vocabulary terms (up to four words), number of hits, strong hits."""
    strong_terms = boilerplate_vocab().strong
    covered: set[int] = set()
    hits = strong = 0
    for n in range(1, 5):
        for i in range(len(words) - n + 1):
            term = " ".join(words[i : i + n])
            if term in terms:
                covered.update(range(i, i + n))
                hits += 1
                strong += strong_terms.get(term, False)
    return covered, hits, strong


def is_furniture(words: list[str]) -> bool:
    covered, hits, strong = term_cover(words, boilerplate_vocab().strong)
    share = len(covered) / len(words) if words else 0.0
    return (strong > 0 and len(words) <= 40) or strong >= 2 or share >= 0.3 or (hits >= 3 and share >= 0.1)


def is_tail_heading(words: list[str]) -> bool:
    """"Related articles", "12 Comments", "34 responses to <headline>": material that follows the article."""
    if not words or len(words) > 15:
        return False
    covered, _, _ = term_cover(words, boilerplate_vocab().tail)
    return len(covered) / len(words) >= 0.5 if len(words) <= 8 else 0 in covered


def line_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def make_line(text: str, stops: frozenset[str]) -> Line:
    words = WORD.findall(text.lower())
    stop = sum(w in stops for w in words) / len(words) if words else 0.0
    # A copyright sign marks a credit or footer line unless it sits inside a long paragraph.
    boiler = is_furniture(words) or ("©" in text and len(words) <= 25) or bool(IMAGE_FILE.search(text))
    size = len(text) + len(CJK.findall(text))
    return Line(text, line_key(text), words, size, stop, boiler, is_tail_heading(words))


def stop_list(texts: list[str]) -> tuple[frozenset[str], str | None]:
    """English stop words, or the page's own frequent short words when its sentences are not English.

    Pages in other languages have no English function words; their most frequent short words play the same
    role (jusText ships a list per language; deriving one from the page needs none). The language is named
    only with enough sentence words to judge by."""
    counts: Counter[str] = Counter()
    for t in texts:
        words = WORD.findall(t.lower())
        if len(words) >= 8 and t.endswith(TERMINAL):
            counts.update(words)
    total = sum(counts.values())
    if not total or sum(n for w, n in counts.items() if w in STOP_WORDS) / total >= 0.25:
        return EN_STOPS, "en" if total >= 20 else None
    return frozenset([w for w, _ in counts.most_common(60) if len(w) <= 4][:30]), None


