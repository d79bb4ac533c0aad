"""The plain-text cleaner on the real seed captures (against their gold records) and on generated text."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.lang.en.stop_words import STOP_WORDS

from eventwire.stages.clean_text import clean_text, rule_pass, scored_keep
from eventwire.stages.text_lines import boilerplate_vocab
from eventwire.stages.text_lines_model import FEATURES, MODEL_PATH, Overrule, Trees, line_features, scorer

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


# ---- the line scorer (stages/text_lines_model.py) ----

_MENU = ["Home", "News", "Reviews", "Guides", "Deals", "Sign in", "Subscribe"]
_FOOTER = ["About us", "Contact us", "Privacy Policy", "Terms of Use", "© 2025 Example Media. All rights reserved."]


def test_listicle_body_runs_through_short_lines() -> None:
    """Numbered sub-heads and short spec lines between paragraphs are part of a listicle's body."""
    body = [
        "Electricians rely on more than skill: the right tools make a job safer, faster and easier to finish on "
        "time, and the wrong ones can turn a simple repair into a long afternoon.",
        "In this guide we have sorted the tools every electrician should own into groups, so you can see at a "
        "glance what belongs in the van and what can stay in the workshop.",
        "1. Multimeter",
        "A multimeter is the backbone of every toolkit. It measures voltage, current and resistance, which lets "
        "you find a fault before you open a wall or replace a part that was never broken.",
        "Our picks:",
        "Fluke 117",
        "Klein Tools MM400",
        "2. Wire strippers",
        "Wire strippers remove the insulation from a conductor without nicking the copper underneath, and a good "
        "pair will handle several gauges without any fiddly adjustment.",
        "Our picks:",
        "Klein Tools 11061",
        "Irwin Vise-Grip",
        "3. Needle-nose pliers",
        "Needle-nose pliers reach into tight boxes, bend wire into neat hooks for terminal screws and hold small "
        "parts steady while you work on them with the other hand.",
    ]
    out = clean_text("\n".join([*_MENU, "51 Must-Have Electrician Tools", *body, *_FOOTER]))
    kept = out.text.split("\n\n")
    assert [line for line in body if line not in kept] == []
    assert not set(kept) & set(_MENU + _FOOTER)


_ITEM = ("{tool} earns its place in the kit because it saves time on every job, and a good one lasts for years of "
         "daily use in vans, lofts and cramped cupboards.")


def test_listicle_items_keep_their_spec_lines() -> None:
    """A numbered item's short spec lines ("Price: ...") stay, though their weight would end the body after the
    first item; a numbered "Most read" list of headlines after the last item (no prose under its items) goes."""
    body = ["Choosing tools is easier with a short list: these are the ones we reach for first on a working day, "
            "tested over a season of repairs."]
    for n, tool in enumerate(("Multimeter", "Wire strippers", "Torch"), start=1):
        specs = [f"{spec}: {n}{unit}" for spec, unit in (("Price", " pounds"), ("Weight", " kg"), ("Length", " cm"),
                                                          ("Battery", " hours"), ("Warranty", " years"))]
        body += [f"{n}. {tool}", *specs, _ITEM.format(tool=f"The {tool}")]
    most_read = ["Most read", "1. Van prices rise again", "2. A new cordless drill", "3. Storage boxes compared"]
    out = clean_text("\n".join([*_MENU, "Tools we use", *body, *most_read, *_FOOTER]))
    kept = out.text.split("\n\n")
    assert [line for line in body if line not in kept] == []
    assert not set(kept) & set(most_read + _MENU + _FOOTER)


def test_numbered_lines_without_prose_are_no_listicle() -> None:
    rules = rule_pass("\n".join([_ITEM.format(tool="A level"), *(f"{n}. Headline number {n}" for n in range(1, 6))]))
    assert rules.listed == (0, -1)


def test_teaser_cards_after_the_article_are_dropped() -> None:
    """Headline / date / blurb / "Read More" cards after an article read like prose but are furniture."""
    body = [
        "If someone is not careful at the gym, they may get hurt. Dropping equipment or straining too hard are "
        "common causes of injury, and most of them happen in the first weeks of a new routine.",
        "Whether a member can sue depends on the waiver they signed, on what the staff knew and on whether the "
        "equipment was kept in a safe condition, which is often the hardest point to prove.",
        "Most waivers only protect the gym from claims of ordinary negligence. They do not cover gross "
        "negligence, and a court will look closely at how the injury actually happened.",
    ]
    cards = []
    for n, day in enumerate(("March 29, 2025", "March 27, 2025", "March 24, 2025")):
        cards += [f"Can you appeal a denied claim? Part {n + 1} of our guide", day,
                  f"When a claim is denied it can feel like a dead end, but there are steps you can take in part "
                  f"{n + 1} of this series to ask for a second review.", "Read More"]
    out = clean_text("\n".join([*_MENU, "Can you sue a gym for an injury?", *body, "Latest News", *cards, *_FOOTER]))
    kept = out.text.split("\n\n")
    assert [line for line in body if line not in kept] == []
    assert not [line for line in cards if line in kept]


def test_line_features_one_finite_row_per_line() -> None:
    rules = rule_pass("\n".join([*_MENU, "A headline", "A sentence of the article that is long enough to count.",
                                 *_FOOTER]))
    x = line_features(rules.page.lines, rules.page.keep, rules.lo, rules.hi)
    assert x.shape == (len(rules.page.lines), len(FEATURES))
    assert np.isfinite(x).all()
    assert line_features([], [], 0, -1).shape == (0, len(FEATURES))


def test_trees_apply_as_fitted() -> None:
    """A stump on the first feature: rows at or below the threshold take the left leaf's value."""
    stump = {"feature": [0, 0, 0], "threshold": [0.5, 0.0, 0.0], "left": [1, 1, 2], "right": [2, 1, 2],
             "value": [0.0, -2.0, 2.0]}
    model = Trees.from_dict({"features": list(FEATURES), "baseline": 0.5, "depth": 1, "trees": [stump, stump]},
                            FEATURES)
    x = np.zeros((2, len(FEATURES)))
    x[1, 0] = 1.0
    assert np.allclose(model.predict(x), 1 / (1 + np.exp(-np.array([0.5 - 4, 0.5 + 4]))))
    with pytest.raises(ValueError):
        Trees.from_dict({"features": ["other"], "baseline": 0.0, "depth": 1, "trees": [stump]}, FEATURES)
    first, second, _ = scorer()
    assert first.feature.shape[0] > 0 and second.feature.shape[0] > 0  # the shipped trees load and match the code


def test_overrule_only_when_sure() -> None:
    """Below the thresholds the rules' verdict stands; the default lets every score through."""
    chance, keep = np.array([0.4, 0.05, 0.9, 0.97]), [True, True, False, False]
    assert Overrule(0.1, 0.95).apply(chance, keep).tolist() == [1.0, 0.05, 0.0, 0.97]
    assert Overrule().apply(chance, keep).tolist() == chance.tolist()


def test_shipped_scorer_names_its_training_pages() -> None:
    """The trees come from readability's train pages, chosen on its dev pages: no evaluation set."""
    doc = json.loads((Path(__file__).resolve().parents[1] / "src" / "eventwire" / MODEL_PATH).read_text())
    assert doc["source"].startswith("mozilla/readability test pages, Apache-2.0, commit ")
    assert doc["train_pages"] and doc["dev_pages"] and not set(doc["train_pages"]) & set(doc["dev_pages"])
    assert "macro_f1" in doc["readability_dev"]["scorer"]


def test_scored_keep_is_one_run() -> None:
    """Lines scored above even odds stay, but only inside the best-scoring run: a far-off lone line goes."""
    rules = rule_pass("\n".join(f"Line number {i} of a page that says something in a sentence." for i in range(8)))
    lines = rules.page.lines
    chance = np.array([0.9, 0.9, 0.2, 0.9, 0.1, 0.1, 0.1, 0.95])
    assert scored_keep(lines, chance, [False] * 8) == [True, True, False, True, False, False, False, False]


def test_scores_overrule_the_rules_only_when_sure() -> None:
    """A good line the rules keep stays at a middling score; "Advertisement" goes even when scored high."""
    sentence = "A line of the article that is long enough to read as a sentence of prose, and ends like one."
    rules = rule_pass("\n".join([f"{sentence} ({i})" for i in range(3)] + ["Advertisement"]))
    lines = rules.page.lines
    assert rules.page.keep[:3] == [True] * 3 and lines[3].cls == "bad"
    assert scored_keep(lines, np.array([0.9, 0.9, 0.35, 0.9]), rules.page.keep) == [True, True, True, False]
    assert scored_keep(lines, np.array([0.9, 0.9, 0.2, 0.9]), rules.page.keep) == [True, True, False, False]
    ended = rule_pass("\n".join([f"{sentence} ({i})" for i in range(4)] + ["42 Comments", f"{sentence} (reader)"]))
    assert ended.page.lines[4].tail and not ended.page.keep[4]
    assert scored_keep(ended.page.lines, np.full(6, 0.9), ended.page.keep)[4] is False


def test_scores_keep_nothing_past_the_end_heading() -> None:
    """Readers' comments read like good prose and score like it, but after "42 Comments" nothing stays."""
    sentence = "A line of the article that is long enough to read as a sentence of prose, and ends like one."
    comment = "I read this twice and I still think the council got it wrong, for the reasons the author gives."
    rules = rule_pass("\n".join([f"{sentence} ({i})" for i in range(4)] + ["42 Comments", comment, comment + "!"]))
    assert scored_keep(rules.page.lines, np.full(7, 0.9), rules.page.keep) == [True] * 4 + [False] * 3
