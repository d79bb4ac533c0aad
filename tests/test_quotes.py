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


def quotes(res: Resources, text: str) -> list[tuple[str, str | None, str]]:
    return [(q.text, q.speaker, q.kind) for q in process_text(text, res).quotes]


def test_quote_split_by_its_speech_verb_is_one_quote(res: Resources) -> None:
    text = "\u201cWe will not give up,\u201d Maria Lopez said. \u201cThe fight goes on.\u201d"
    assert quotes(res, text) == [("We will not give up, \u2026 The fight goes on.", "Maria Lopez", "direct")]


def test_quote_running_over_paragraphs_is_one_quote(res: Resources) -> None:
    text = ("Senator Tom Baker spoke after the vote.\n\n"
            "\u201cThis bill is a disgrace to the people who sent us here.\n\n"
            "\u201cWe will repeal it next year,\u201d Baker said.")
    (q,) = process_text(text, res).quotes
    assert q.text.startswith("This bill is a disgrace") and q.text.endswith("next year,")
    assert "Baker" in (q.speaker or "")


def test_pronoun_speaker_is_the_person_named_before(res: Resources) -> None:
    text = ("Hillary Clinton spoke in Ohio on Monday.\n\n"
            "\u201cHow many times do we have to see this? It needs to be intolerable,\u201d she said.")
    assert [s for _, s, _ in quotes(res, text)] == ["Hillary Clinton"]


def test_surname_speaker_gets_the_full_name(res: Resources) -> None:
    text = ("Lindsey Graham addressed the students.\n\n"
            "\u201cDoes anybody know what the platform of the party is?\u201d Graham asked.")
    assert [s for _, s, _ in quotes(res, text)] == ["Lindsey Graham"]


def test_dash_signed_quote(res: Resources) -> None:
    text = "\u201cThe most unqualified candidate ever to run for office.\u201d \u2015 Francisco Herrero"
    assert [s for _, s, _ in quotes(res, text)] == ["Francisco Herrero"]


@pytest.mark.parametrize("text", [
    "Clinton called half of Donald Trump\u2019s supporters \u201cdeplorables.\u201d",  # a scare-quoted term
    "On this weekend\u2019s broadcast of \u201cFox News Sunday,\u201d Mike Pence spoke.",  # a title
    "The \u201cexperts\u201d were wrong about the weather again this week in Ohio.",  # nobody speaks
])
def test_quoted_words_that_are_not_attributions(res: Resources, text: str) -> None:
    assert quotes(res, text) == []


def test_partial_quote_in_paraphrase_is_kept_and_marked(res: Resources) -> None:
    text = "Donald Trump says voter fraud \u201cwould be one hell of a way to lose.\u201d"
    assert quotes(res, text) == [("would be one hell of a way to lose.", "Donald Trump", "partial")]


@pytest.mark.parametrize("text", [
    "Mary Jones said \u201cthis never closes and goes on and on",
    "Mary Jones said: \u201c" + "word " * 5000 + "end.\u201d",
    "Mary Jones said \u201cshe told me \u2018never\u2019 and \u00abjamais\u00bb and \u201enie\u201c,\u201d she said.",
    "\u201d\u201c\u2018\u2019\u00ab\u00bb\u201e\"'",
])
def test_hostile_quotation_marks(res: Resources, text: str) -> None:
    for q in process_text(text, res).quotes:
        assert q.text and q.speaker
