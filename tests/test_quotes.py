"""Quotation finding and speaker attribution, on real sentences with the real model."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.pipeline import Resources, process_text
from eventwire.settings import Settings
from eventwire.stages.quotes import find_quotes


@pytest.fixture(scope="module")
def res() -> Resources:
    return Resources(Settings())


def speakers(res: Resources, text: str, published: dt.date = dt.date(2023, 5, 25)) -> dict[str, str | None]:
    art = process_text(text, res, published=published)
    return {q.text: (q.speaker_actor.code if q.speaker_actor else None) for q in art.quotes}


def test_curly_straight_and_single_quotes() -> None:
    text = 'He said “one two” and "three" but it\'s not \u2018four\u2019.'
    assert [text[a:b] for a, b in find_quotes(text)] == ["one two", "three", "four"]


def test_apostrophes_are_not_quotes() -> None:
    assert find_quotes("China's and Japan's ministers didn't meet.") == []


def test_speaker_named_after_the_quote(res: Resources) -> None:
    text = ("Chinese Foreign Ministry spokesperson Mao Ning spoke on Wednesday.\n\n"
            "\u201cGiven Japan\u2019s history of aggression, it needs to be prudent,\u201d she added.")
    assert speakers(res, text) == {"Given Japan\u2019s history of aggression, it needs to be prudent,": "CHN"}


def test_speech_verb_wins_over_inner_subject(res: Resources) -> None:
    text = ("NATO chief Jens Stoltenberg cautioned that Beijing was \u201clearning lessons that may affect "
            "its future decisions\u201d.")
    assert set(speakers(res, text).values()) == {"NATO"}


def test_quote_running_over_two_sentences(res: Resources) -> None:
    text = ("\u201cWhat is happening in Europe today could happen in East Asia tomorrow. So we must remain united,"
            "\u201d NATO Secretary-General Jens Stoltenberg said.")
    assert list(speakers(res, text).values()) == ["NATO"]


def test_joint_statement_speaks_for_its_issuers(res: Resources) -> None:
    text = ("Japanese Prime Minister Fumio Kishida and NATO Secretary-General Jens Stoltenberg issued a joint "
            "statement on Tuesday.\n\n\u201cOur basic positions on Taiwan remain unchanged,\u201d the statement says.")
    assert next(iter(speakers(res, text).values())) in {"JPN", "NATO"}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n'\"“”‘’«»")), max_size=200))
def test_spans_are_exact(text: str) -> None:
    for a, b in find_quotes(text):
        assert 0 <= a < b <= len(text) and text[a:b].strip()


@pytest.mark.parametrize("text,speaker", [
    ("\u201cWe will appeal,\u201d said John Smith, a lawyer for the company.", "John Smith"),
    ("The company\u2019s chief executive, Mary Jones, told reporters: \u201cWe are not for sale.\u201d", "Mary Jones"),
])
def test_speaker_without_actor_is_still_named(res: Resources, text: str, speaker: str) -> None:
    (q,) = process_text(text, res).quotes
    assert q.speaker == speaker and q.speaker_actor is None
