"""Stage `nlp`: the Doc covers exactly the clean text; a giant paragraph is parsed in bounded parts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.stages import nlp

SENTENCE = "The foreign minister of Japan met the NATO secretary general in Brussels on Tuesday. "


def test_giant_paragraph_is_parsed_in_parts_over_the_same_text() -> None:
    text = SENTENCE * 1000 + "x" * 45_000 + " end."  # 85k of sentences, then 45k with no space at all
    doc = nlp.parse(text)
    assert doc.text == text
    sents = nlp.sentences_of(doc)
    assert all(s.text == text[s.start : s.end] for s in sents)
    assert max(len(s.text) for s in sents) <= nlp.MAX_CHUNK
    assert any(s.text == SENTENCE.strip() for s in sents[-30:-2]), "cuts fall after a sentence end"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=70_000))
def test_bounded_parts_join_to_the_paragraph(chunk: str) -> None:
    parts = nlp._bounded(chunk)
    assert "".join(parts) == chunk
    assert all(len(p) <= nlp.MAX_CHUNK for p in parts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=nlp.MAX_CHUNK), max_size=40))
def test_groups_bound_what_one_pipe_call_holds(sizes: list[int]) -> None:
    chunks = ["x" * n for n in sizes]
    groups = nlp._groups(chunks)
    assert [c for g in groups for c in g] == chunks
    assert all(sum(map(len, g)) <= nlp.MAX_BATCH or len(g) == 1 for g in groups)
