"""The event coder on real news sentences (the seeds' wording and wire-style sentences), real spaCy."""

from __future__ import annotations

import datetime as dt

import pytest

from eventwire.pipeline import Resources, process_text
from eventwire.settings import Settings


@pytest.fixture(scope="module")
def res() -> Resources:
    return Resources(Settings())


def triples(res: Resources, text: str, published: dt.date | None = dt.date(2023, 1, 31)) -> set[tuple]:
    art = process_text(text, res, published=published)
    return {(e.source.actor.code, e.type, e.target.actor.code if e.target else None) for e in art.events}


@pytest.mark.parametrize("text,expected", [
    ("China on Wednesday slammed NATO for attempting to expand its geopolitical reach.", {("CHN", "ACCUSE", "NATO")}),
    ("The US urged Iran to halt uranium enrichment.", {("USA", "REQUEST", "IRN")}),
    ("Russia rejected the proposal made by Ukraine.", {("RUS", "REJECT", "UKR")}),
    ("Germany praised France for its leadership.", {("DEU", "SUPPORT", "FRA")}),
    ("India and Pakistan agreed to resume talks.", {("IND", "AGREE", "PAK"), ("PAK", "AGREE", "IND")}),
    ("Japan imposed sanctions on North Korea.", {("JPN", "SANCTION", "PRK")}),
])
def test_lexicon_predicates(res: Resources, text: str, expected: set) -> None:
    assert expected <= triples(res, text)


def test_coordinated_subjects_each_get_an_event(res: Resources) -> None:
    got = triples(res, "Stoltenberg and Kishida expressed concern about the growing cooperation between "
                       "China and Russia.")
    assert {("NATO", "ACCUSE", "CHN"), ("NATO", "ACCUSE", "RUS"), ("JPN", "ACCUSE", "CHN"),
            ("JPN", "ACCUSE", "RUS")} <= got


@pytest.mark.parametrize("text", [
    "China did not condemn the test.",
    "Japan would impose sanctions on Russia if talks fail.",
    "Russia may attack Ukraine.",
])
def test_negated_and_hypothetical_not_coded(res: Resources, text: str) -> None:
    assert triples(res, text) == set()


def test_reported_claim_is_the_speakers_event(res: Resources) -> None:
    got = triples(res, "\u201cChina is substantially building up its military forces, bullying its neighbors and "
                       "threatening Taiwan,\u201d Stoltenberg said.")
    assert ("NATO", "ACCUSE", "CHN") in got
    assert not any(s == "CHN" for s, _, _ in got), "the claim about China is not China's event"


def test_requested_action_is_not_coded_as_happening(res: Resources) -> None:
    got = triples(res, "Stoltenberg pushed South Korea to provide military help for Ukraine.")
    assert got == {("NATO", "REQUEST", "KOR")}


def test_event_fields_consistent(res: Resources) -> None:
    art = process_text("Russia attacked Ukraine on Tuesday.", res, published=dt.date(2022, 2, 24))
    (e,) = art.events
    assert (e.type, e.cameo[:2], e.quad_class) == ("ASSAULT", "19", 4)
    assert e.goldstein == -10.0 and e.date == dt.date(2022, 2, 22) and e.date_basis == "text"
    text = "Russia attacked Ukraine on Tuesday."
    assert text[e.source.start:e.source.end] == "Russia"


@pytest.mark.parametrize("text,expected", [
    ("China said it would impose sanctions on Japan.", {("CHN", "THREATEN", "JPN")}),
    ("Russia and China said they would reject the proposal by the United States.",
     {("RUS", "REJECT", "USA"), ("CHN", "REJECT", "USA")}),
    ("The United States will supply arms to Israel.", {("USA", "AID", "ISR")}),
])
def test_reported_future_is_the_speakers_commitment(res: Resources, text: str, expected: set) -> None:
    assert triples(res, text) == expected


def test_refused_cooperation_is_reject_and_a_hostile_act_not_taken_is_nothing(res: Resources) -> None:
    # PLOVER: refusing to cooperate is REJECT; "declined to threaten" is no threat and no refusal of help
    got = triples(res, "Obama said he would not give permission to Russia to help Israel.")
    assert ("USA", "REJECT", "RUS") in got and {t for _s, t, _g in got} == {"REJECT"}
    assert triples(res, "Japan refused to hold talks with China.") == {("JPN", "REJECT", "CHN")}
    assert triples(res, "This week, the president of Iran declined to threaten Israel.") == set()
    assert triples(res, "Israel did not attack Lebanon.") == set()


@pytest.mark.parametrize("text,expected", [
    ("Obama wants to attack Switzerland.", {("USA", "THREATEN", "CHE")}),
    ("Japan plans to hold talks with India.", {("JPN", "AGREE", "IND")}),
    ("Obama wants Putin to attack Switzerland.", set()),
    ("The US claimed that ISIL had attacked Iraq.", {("USA", "ACCUSE", "IMG")}),
    ("Israel launched air strikes against Hamas in Gaza.", {("ISR", "ASSAULT", "PSE")}),
])
def test_wishes_plans_denials_and_allegations(res: Resources, text: str, expected: set) -> None:
    assert triples(res, text) == expected


def test_two_people_of_one_state_are_a_domestic_dyad_for_the_rules() -> None:
    rules = Resources(Settings(coder_model="none"))
    text = ("President Barack Obama met congressional leaders on Monday. The White House said the talks went well. "
            "David Axelrod on Wednesday called on Howard Dean to apologize.")
    art = process_text(text, rules, published=dt.date(2016, 9, 28))
    got = {(e.source.text, e.type, e.target.text if e.target else None) for e in art.events}
    assert ("David Axelrod", "REQUEST", "Howard Dean") in got


@pytest.mark.parametrize("text,expected", [
    ('"You must withdraw your troops," the Russian president told the Ukrainian president.',
     {("RUS", "REQUEST", "UKR")}),
    ('"You should not worry," the Russian president told the Ukrainian president.', set()),
    ('"We must withdraw our troops," the Russian president told the Ukrainian president.', set()),
])
def test_telling_someone_what_they_must_do_is_a_demand(res: Resources, text: str, expected: set) -> None:
    found = {t for t in triples(res, text) if t[1] == "REQUEST"}
    assert found == expected


def test_a_passive_subject_is_the_patterns_object(res: Resources) -> None:
    assert ("USA", "ACCUSE", "RUS") in triples(res, "Evidence against Russia was presented by the US.")


def test_the_state_sharing_a_phrase_head_does_what_the_phrase_does(res: Resources) -> None:
    found = triples(res, "US and British activists staged a protest in Beijing on Wednesday.")
    assert {("USA", "PROTEST", "CHN"), ("GBR", "PROTEST", "CHN")} <= found


def test_an_announced_release_is_a_concession() -> None:
    res = Resources(Settings(coder_model="none"))
    assert ("ISR", "CONCEDE", "PSE") in triples(res, "Israel said it would free 150 Palestinian prisoners.")


def test_an_expected_or_planned_meeting_is_an_agreement_to_come_not_a_meeting(res: Resources) -> None:
    for text in ("The Japanese prime minister is expected to meet the NATO secretary general in Brussels.",
                 "Kishida is planning on attending a NATO summit in Lithuania."):
        art = process_text(text, res, published=dt.date(2023, 6, 1))
        coded = [(e.type, e.modality) for e in art.events]
        assert coded and all(m == "todo" for _t, m in coded), (text, coded)
        assert "CONSULT" not in {t for t, _m in coded}, (text, coded)


@pytest.mark.parametrize("text,expected", [
    ("Ukraine received military aid from the United States.", ("USA", "AID", "UKR")),
    ("Georgian rebels received assurances from the Russian government.", ("RUS", "AGREE", "GEO")),
    ("The Japanese prime minister received the Indian prime minister.", ("JPN", "CONSULT", "IND")),
])
def test_receiving_from_someone_is_the_givers_act(res: Resources, text: str, expected: tuple) -> None:
    assert expected in triples(res, text)


@pytest.mark.parametrize("text,expected", [
    ("The US urged Iran to halt uranium enrichment.", {("USA", "REQUEST", "IRN")}),
    ("China demanded an apology from Japan.", {("CHN", "REQUEST", "JPN")}),
    ("A senator urged retaliation on Russia.", set()),
])
def test_a_request_is_made_of_the_one_asked(res: Resources, text: str, expected: set) -> None:
    assert {t for t in triples(res, text) if t[1] == "REQUEST"} == expected


def test_a_summary_bullet_restating_the_body_is_one_report() -> None:
    """A page's bullet summary repeats its body's sentences: the event is coded once, from the fuller sentence."""
    from eventwire.pipeline import Resources, process_text
    from eventwire.settings import Settings

    res = Resources(Settings())
    text = ("\u2022 Japan has imposed sanctions on Russia.\n\n"
            "Japan, along with its G7 partners, has imposed sanctions on Russia and barred exports of steel.")
    events = [(e.sentence, e.source.actor.code, e.type, e.target.actor.code if e.target else None)
              for e in process_text(text, res).events]
    assert events == [(1, "JPN", "SANCTION", "RUS")]
    # two tellings of different moments are two reports
    text = ("Japan imposed sanctions on Russia in May.\n\n"
            "Japan imposed new sanctions on Russia in December over attacks.")
    assert len({e.sentence for e in process_text(text, res).events}) == 2
