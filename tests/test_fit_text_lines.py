"""The line scorer's training labels (benchmarks/fit_text_lines.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from fit_text_lines import aligned_labels


def test_a_menu_word_the_article_also_uses_is_no_article_line() -> None:
    """"Guides" in the menu occurs in the article too: a substring test labelled it article, the alignment
    matches the article's "guides" to the article's line."""
    gold = "Our guides to the city. The best guides are written by people who live there."
    lines = ["Home", "Guides", "Our guides to the city.", "The best guides are written by people who live there.",
             "Guides", "Contact"]
    assert aligned_labels(lines, gold).tolist() == [0, 0, 1, 1, 0, 0]


def test_a_line_half_matched_is_article() -> None:
    assert aligned_labels(["The minister spoke on Monday. Share this", "Share"],
                          "The minister spoke on Monday.").tolist() == [1, 0]
