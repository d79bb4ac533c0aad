"""The plain-text cleaner on the real seed captures (against their gold records) and on generated text."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.lang.en.stop_words import STOP_WORDS

from eventwire.stages.clean_text import clean_text
from eventwire.stages.text_lines import boilerplate_vocab

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold" / "seeds.jsonl"


def _tokens(text: str) -> Counter[str]:
    # as ../shared/tools/score.py: NFKC, typographic quotes and dashes folded, lower-cased \w+ tokens
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans("“”‘’–—", "\"\"''--"))
    return Counter(re.findall(r"\w+", text.lower()))


def _gold_articles() -> list[dict[str, Any]]:
    if not GOLD.is_file():
        pytest.skip(f"{GOLD} not found: the shared gold and seeds sit beside the repository")
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if row["kind"] == "article"]


def _seed_text(gold: dict[str, Any]) -> str:
    path = SHARED / "seeds" / gold["file"]
    if not path.is_file():
        pytest.skip(f"{path} not found: the shared seeds sit beside the repository")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seeds() -> list[tuple[dict[str, Any], str]]:
    return [(gold, _seed_text(gold)) for gold in _gold_articles()]


def test_seed_bodies_match_gold(seeds: list[tuple[dict[str, Any], str]]) -> None:
    tp = fp = fn = 0
    for gold, text in seeds:
        got = _tokens(clean_text(text).text)
        body = _tokens(" ".join(gold["body"]))
        extra = got - body - _tokens(" ".join(gold["optional"]))  # optional lines: neither reward nor penalty
        tp += sum((got & body).values())
        fp += sum(extra.values())
        fn += sum((body - got).values())
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert 2 * precision * recall / (precision + recall) >= 0.97, (precision, recall)


def test_seed_paragraphs_are_exact_lines(seeds: list[tuple[dict[str, Any], str]]) -> None:
    for gold, text in seeds:
        out = clean_text(text)
        lines = {line.strip() for line in text.splitlines()}
        paragraphs = out.text.split("\n\n")
        assert all(p in lines for p in paragraphs), gold["file"]
        for body_paragraph in gold["body"]:
            assert body_paragraph in paragraphs, (gold["file"], body_paragraph[:60])


@pytest.mark.parametrize("field", ["title", "author", "dateline"])
def test_seed_metadata(seeds: list[tuple[dict[str, Any], str]], field: str) -> None:
    for gold, text in seeds:
        assert getattr(clean_text(text), field) == gold[field], gold["file"]


def test_seed_published_and_outlet(seeds: list[tuple[dict[str, Any], str]]) -> None:
    for gold, text in seeds:
        out = clean_text(text)
        expected = dt.date.fromisoformat(gold["published"]) if gold["published"] else None
        assert out.published == expected, gold["file"]
        if gold["outlet"] is None:
            assert out.outlet is None, gold["file"]  # never invent an outlet
        else:
            assert out.outlet and (gold["outlet"] in out.outlet or out.outlet in gold["outlet"]), gold["file"]
        assert out.language == "en"


def test_seed_headline_and_furniture_leave_body(seeds: list[tuple[dict[str, Any], str]]) -> None:
    for gold, text in seeds:
        out = clean_text(text)
        paragraphs = out.text.split("\n\n")
        assert gold["title"] not in paragraphs
        assert len(paragraphs) == len(set(paragraphs)), "exact repeats are dropped"
        assert not any(re.fullmatch(r"[-\s]*advertisement[-\s]*", p, re.I) for p in paragraphs)
        assert out.removed_lines == len([line for line in text.splitlines() if line.strip()]) - len(paragraphs)


def test_cleaning_is_idempotent_on_seeds(seeds: list[tuple[dict[str, Any], str]]) -> None:
    for gold, text in seeds:
        once = clean_text(text).text
        assert clean_text(once).text == once, gold["file"]


def test_standalone_dateline_and_credit_lines() -> None:
    body = [
        "Officials from both governments met on Monday to discuss the terms of a trade agreement that has been "
        "under negotiation for more than two years.",
        "The talks ended without a joint statement, but both sides said they would meet again before the end of "
        "the month to settle the remaining questions.",
        "Analysts said the delay was expected and that neither side wanted to be seen making concessions ahead "
        "of the elections in the spring.",
    ]
    text = "\n".join(["Share", "Trade talks end without a deal", "By Jane Doe", "March 3, 2024", "SEOUL", *body,
                      "Advertisement", "© 2024 The Daily Example", "Login to leave a comment"])
    out = clean_text(text)
    assert out.text.split("\n\n") == body
    assert (out.title, out.author, out.dateline) == ("Trade talks end without a deal", "Jane Doe", "SEOUL")
    assert out.published == dt.date(2024, 3, 3)
    assert out.outlet == "The Daily Example"


def test_no_metadata_is_invented() -> None:
    text = (
        "The committee said on Wednesday that it would publish its findings next week, after a review that "
        "lasted most of the year.\n"
        "It gave no reason for the delay, and a spokesman declined to say whether the report would be released "
        "in full.\n"
    )
    out = clean_text(text)
    assert (out.title, out.author, out.published, out.outlet, out.dateline) == (None,) * 5
    assert out.text.count("\n\n") == 1


# ---- properties ----

_FURNITURE = {w for term in boilerplate_vocab().strong for w in term.split()}
_CONTENT = [w for w in ("minister", "talks", "government", "city", "report", "officials", "agreement", "border",
                        "economy", "election", "troops", "parliament", "budget", "court") if w not in _FURNITURE]
_STOPS = sorted(w for w in STOP_WORDS if w.isalpha() and len(w) > 1 and w not in _FURNITURE)


@st.composite
def _paragraph(draw: st.DrawFn) -> str:
    """An English sentence: half function words, long enough and punctuated like article prose."""
    words = draw(st.lists(st.tuples(st.sampled_from(_STOPS), st.sampled_from(_CONTENT)), min_size=8, max_size=30))
    sentence = " ".join(f"{a} {b}" for a, b in words)
    return sentence[0].upper() + sentence[1:] + draw(st.sampled_from([".", "!", "?", ".”"]))


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_text_is_handled(text: str) -> None:
    out = clean_text(text)
    lines = {line.strip() for line in text.splitlines()}
    assert out.text == "" or all(p in lines for p in out.text.split("\n\n"))
    assert out.removed_lines >= 0


@given(st.lists(st.one_of(st.text(max_size=80), _paragraph()), max_size=25))
@settings(max_examples=200, deadline=None)
def test_output_paragraphs_are_input_lines(parts: list[str]) -> None:
    text = "\n".join(parts)
    out = clean_text(text)
    lines = {line.strip() for line in text.splitlines()}
    assert out.text == "" or all(p in lines for p in out.text.split("\n\n"))


@given(st.lists(_paragraph(), min_size=1, max_size=12, unique=True))
@settings(max_examples=100, deadline=None)
def test_clean_text_keeps_every_paragraph(paragraphs: list[str]) -> None:
    clean = "\n\n".join(paragraphs)
    assert clean_text(clean).text == clean
