"""The parse gate: paragraphs that can hold no actor, quotation or place get only sentence boundaries, and
what is parsed is parsed exactly as without the gate. Real spaCy, the bundled dictionary and gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.pipeline import Resources, process
from eventwire.records import Article
from eventwire.settings import Settings
from eventwire.stages import load, nlp
from eventwire.stages.gate import ParseGate

FURNITURE = "Sign up for our newsletter. Cookies help us deliver our services. Read more stories like this."
SHOP = "Free shipping on orders over fifty dollars.\nView the basket."


@pytest.fixture(scope="module")
def gate() -> ParseGate:
    res = Resources(Settings(db=Path("unused.duckdb")))
    assert res.gate is not None
    return res.gate


def _tokens(text: str):  # type: ignore[no-untyped-def]
    return nlp.load_model().make_doc(text)


def test_actor_quote_and_place_paragraphs_are_parsed(gate: ParseGate, seeds_dir: Path) -> None:
    lead = next(p for p in load.read_document(sorted(seeds_dir.glob("*.txt"))[0], 1 << 24).data.decode()
                .split("\n\n") if "NATO" in p)
    assert gate(_tokens(lead))
    assert gate(_tokens("Beijing warned on Tuesday."))  # a capital acting
    assert gate(_tokens("the prime minister left early"))  # a role, lower case
    assert gate(_tokens("“We will not give up,” the owner of the bakery wrote."))  # a quotation
    assert gate(_tokens("Heavy rain flooded parts of Osaka overnight."))  # a place the dictionary lacks


def test_page_furniture_is_not_parsed(gate: ParseGate) -> None:
    assert not gate(_tokens(FURNITURE))
    assert not gate(_tokens(SHOP))


def test_parsed_paragraphs_are_parsed_as_without_the_gate(gate: ParseGate) -> None:
    news = "Japan's prime minister met the NATO secretary general in Brussels on Tuesday."
    text = f"{FURNITURE}\n\n{news}\n\n{SHOP}"
    gated, full = nlp.parse(text, gate), nlp.parse(text)
    assert gated.text == full.text == text
    assert [t.text for t in gated] == [t.text for t in full]
    start = text.index(news)
    pick = [t.i for t in full if start <= t.idx < start + len(news)]
    for i in pick:
        a, b = gated[i], full[i]
        assert (a.dep_, a.head.i, a.tag_, a.lemma_, a.ent_type_, a.ent_iob_) == \
               (b.dep_, b.head.i, b.tag_, b.lemma_, b.ent_type_, b.ent_iob_)
    furniture = [t for t in gated if t.idx < len(FURNITURE)]
    assert all(not t.tag_ and not t.ent_type_ for t in furniture), "the furniture was not parsed"
    sents = [s.text for s in nlp.sentences_of(gated)]
    assert sents[:3] == ["Sign up for our newsletter.", "Cookies help us deliver our services.",
                         "Read more stories like this."]
    assert news in sents and "View the basket." in sents


def test_seeds_code_the_same_with_and_without_the_gate(seeds_dir: Path) -> None:
    gated, full = Resources(Settings(db=Path("a.duckdb"))), Resources(Settings(db=Path("b.duckdb"), parse_all=True))
    assert full.gate is None
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = load.read_document(path, 1 << 24)
        a, b = process(Article(raw=raw), gated), process(Article(raw=raw), full)
        assert a.events and a.events == b.events
        assert a.quotes == b.quotes and a.mentions == b.mentions and a.places == b.places
        assert a.sentences == b.sentences


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([FURNITURE, SHOP, "Mr Kishida said “no” in Tokyo.", "", " ", "\n"]),
                min_size=1, max_size=6), st.lists(st.booleans(), min_size=6, max_size=6))
def test_any_mix_of_parsed_and_unparsed_paragraphs_covers_the_text(paras: list[str], picks: list[bool]) -> None:
    text = "\n\n".join(paras)
    decisions = iter(picks * 4)
    doc = nlp.parse(text, lambda _tokens: next(decisions, True))
    assert doc.text == text
    assert [t.text for t in doc] == [t.text for t in nlp.parse(text)], "the same tokens as a full parse"
    for s in nlp.sentences_of(doc):
        assert s.text == text[s.start : s.end] and s.text.strip() == s.text
