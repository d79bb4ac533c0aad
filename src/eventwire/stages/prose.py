"""Whether clean text is language at all: base64, hex dumps, tables of numbers and random noise are not.

Reads: Extracted.text (called by the pipeline's clean stage). Writes: nothing; the stage rejects the document.
A word is a run of letters of any script (with inner hyphens or apostrophes) of at most 25 characters, or text
in a script written without spaces (Chinese, Japanese, Thai): prose in any language is mostly words, noise is
mostly not.
"""

from __future__ import annotations

import re

MIN_WORD_SHARE = 0.3  # of whitespace-separated tokens: news runs at 0.85-0.95, a ranking table with prose at 0.4
SAMPLE_CHARS = 200_000  # enough to judge, and a 16 MB file is not scanned whole
_WORD = re.compile(r"[^\W\d_]{1,25}(?:['’-][^\W\d_]{1,25})*")
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_EDGE = "\"'“”‘’«»()[]{}.,;:!?…—–-*•·|/"


def not_language(text: str) -> str | None:
    """Why the text is not language, or None when it is."""
    tokens = text[:SAMPLE_CHARS].split()
    if not tokens:
        return "the text holds no words"
    words = sum(1 for t in tokens if _WORD.fullmatch(t.strip(_EDGE)) or _UNSPACED.search(t))
    share = words / len(tokens)
    if share >= MIN_WORD_SHARE:
        return None
    return (f"only {share:.0%} of its tokens are words: not language (base64, a table of numbers, a dump or "
            "noise)")
