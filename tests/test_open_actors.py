"""Open actor recognition: names and agent phrases no dictionary lists still become mentions, coded where the
text supports a code and kept with a null code where it does not. Real spaCy and the bundled dictionary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from eventwire.pipeline import Resources, process_text
from eventwire.settings import Settings
from eventwire.stages import nlp

DOMESTIC = ("WASHINGTON — President Barack Obama spoke on Monday. Independent candidate Maria Holloway said the "
            "county police had removed her supporters from the rally. Holloway later met reporters.")


@pytest.fixture(scope="module")
def res() -> Resources:
    return Resources(Settings(coder_model="none"))


def _mentions(text: str, res: Resources) -> dict[str, tuple[str, str | None, str]]:
    art = process_text(text, res, published=dt.date(2015, 6, 1))
    return {m.text: (m.actor.code, m.actor.sector, m.via) for m in art.mentions}


def test_a_titled_unknown_person_takes_the_home_country_and_the_titles_sector(res: Resources) -> None:
    found = _mentions(DOMESTIC, res)
    assert found["Independent candidate Maria Holloway"][:2] == ("USA", "PTY")
    assert found["the county police"][:2] == ("USA", "COP")
    assert found["Holloway"][:2] == ("USA", "PTY")  # the short name after the full one
    assert found["her"][:2] == ("USA", "PTY") and found["her"][2] == "pronoun"


def test_an_unknown_name_with_nothing_to_code_it_is_kept_with_a_null_code(res: Resources) -> None:
    found = _mentions("Marek Dvorsky and Lena Ostrova argued for hours about the menu.", res)
    assert found["Marek Dvorsky"][0] == "" and found["Lena Ostrova"][0] == ""


def test_a_phrase_tied_to_a_state_takes_its_code(res: Resources) -> None:
    found = _mentions("Opposition leader Tamas Varga of Hungary denounced the plan.", res)
    assert next(v for k, v in found.items() if "Varga" in k)[0] == "HUN"


def test_uncoded_mentions_are_stored_with_null_codes_and_make_no_event(tmp_path: Path) -> None:
    from eventwire import service

    f = tmp_path / "a.txt"
    f.write_text("Marek Dvorsky accused Lena Ostrova of lying about the budget.\n", encoding="utf-8")
    db = tmp_path / "a.duckdb"
    service.ingest([f], db)
    with duckdb.connect(str(db), read_only=True) as con:
        codes = con.execute("SELECT text, code FROM actor_mentions ORDER BY start_char").fetchall()
        events = con.execute("SELECT count(*) FROM event_mentions").fetchone()
    assert ("Marek Dvorsky", None) in codes and ("Lena Ostrova", None) in codes
    assert events == (0,)


def test_the_gate_parses_a_paragraph_whose_only_actor_is_an_unknown_name(res: Resources) -> None:
    gate = Resources(Settings()).gate
    assert gate is not None
    make = nlp.load_model().make_doc
    assert gate(make("Yesterday the talks with Dvorsky went badly."))
    assert gate(make("the sheriff arrived late"))
    assert not gate(make("stir the flour for two minutes and serve it warm."))


US_STORY = ("President Barack Obama met congressional leaders on Monday. The White House said the talks went well. "
            "Later, David Ferrand criticised Dana Whitcombe on television.\n\n"
            "Andrew Kessel is a correspondent for the Daily Post. He covers Congress.")


def test_full_names_in_a_one_country_story_are_that_countrys_but_the_writer_is_no_party(res: Resources) -> None:
    found = _mentions(US_STORY, res)
    assert found["David Ferrand"][0] == "USA" and found["Dana Whitcombe"][0] == "USA"
    assert found["Andrew Kessel"][:2] == ("", "MED")  # the bio line of the article's writer
    assert "He" not in found  # so "He covers Congress" is no one's


def test_someone_elses_leader_is_not_the_last_leader_named(res: Resources) -> None:
    found = _mentions("Australia's prime minister spoke in Canberra on Monday. South Korea accused the North's "
                      "leader of recklessness.", res)
    assert found["Australia's prime minister"][0] == "AUS"
    assert found["the North's leader"][0] == ""


def test_a_lone_surname_takes_no_home_country(res: Resources) -> None:
    found = _mentions("President Barack Obama met congressional leaders on Monday. The White House said the talks "
                      "went well. Ferrand disagreed.", res)
    assert found.get("Ferrand", ("",))[0] == ""


def test_a_noun_phrase_is_an_actor_only_when_its_head_is_the_agent_word(res: Resources) -> None:
    found = _mentions("Ukrainian lawmakers endorsed an association agreement. Israel shelled the West Bank city "
                      "of Nablus, where a local union organised a strike.", res)
    assert "an association agreement" not in found and not any("Bank city" in k for k in found)
    assert found["a local union"][1] == "LAB"


def test_a_us_title_codes_a_person_when_the_story_has_no_home_country(res: Resources) -> None:
    text = ("Russia and Moscow denied it. Rep. Adam Schiff called on President Obama to act against Russia. The "
            "Kremlin said Russia would respond. Florida Rep. Debbie Wasserman Schultz agreed with the California "
            "congressman.")
    found = _mentions(text, res)
    assert found["Rep. Adam Schiff"][:2] == ("USA", "LEG")
    assert found["Florida Rep. Debbie Wasserman Schultz"][:2] == ("USA", "LEG")  # Florida is no Cuban town here
    assert found["the California congressman"][:2] == ("USA", "LEG")


def test_a_bare_state_conjoined_to_a_demonym_shares_the_phrase_head(res: Resources) -> None:
    found = _mentions("US and British activists staged a protest in Beijing on Wednesday.", res)
    assert found["US"][:2] == ("USA", "OPP") and found["British activists"][:2] == ("GBR", "OPP")


def test_a_surname_the_recogniser_missed_is_still_the_person_named_before(res: Resources) -> None:
    text = ("WASHINGTON — President Barack Obama spoke on Monday. Senator Elizabeth Warren questioned Wells Fargo "
            "chief executive John Stumpf on Tuesday. \"You should resign,\" Warren told Stumpf.")
    art = process_text(text, res, published=dt.date(2016, 9, 20))
    stumpf = [m for m in art.mentions if m.text == "Stumpf"]
    assert stumpf and all(m.actor.code == "USA" and m.actor.sector == "BUS" for m in stumpf)


def test_two_groups_of_one_state_and_sector_are_two_parties() -> None:
    from eventwire.actors.parties import distinct_parties
    from eventwire.records import ActorMention, ActorRef

    dems = ActorMention(0, 9, "Democrats", ActorRef("USA", "PTY"), 0, "open")
    gop = ActorMention(19, 26, "the GOP", ActorRef("USA", "PTY"), 0, "open")
    again = ActorMention(30, 43, "the Democrats", ActorRef("USA", "PTY"), 0, "open")
    assert distinct_parties(dems, gop) and not distinct_parties(dems, again)


def test_an_owned_act_named_again_stands_for_its_owner(res: Resources) -> None:
    text = ("North Korea conducted a nuclear test on Friday. The UN condemned North Korea's latest nuclear test. "
            "The United States condemned Friday's test as provocative.")
    art = process_text(text, res, published=dt.date(2016, 9, 10))
    deed = next(m for m in art.mentions if m.via == "deed")
    assert (deed.text, deed.actor.code) == ("Friday's test", "PRK")
    assert any(e.source.actor.code == "USA" and e.type == "ACCUSE" and e.target is deed for e in art.events)


def test_an_act_two_actors_owned_stands_for_neither(res: Resources) -> None:
    text = "China's test failed. Japan's test worked. The United States condemned the test."
    assert not [m for m in process_text(text, res).mentions if m.via == "deed"]


def test_a_listed_person_with_a_middle_initial_is_the_listed_person(res: Resources) -> None:
    text = "Secretary of State John F. Kerry urged North Korea to resume talks. Kerry left for Seoul."
    art = process_text(text, res, published=dt.date(2016, 9, 10))
    kerry = [m for m in art.mentions if "Kerry" in m.text]
    assert kerry and all((m.actor.code, m.actor.person) == ("USA", "John Kerry") for m in kerry)


def test_a_title_and_a_surname_fit_the_one_listed_holder_of_that_office(res: Resources) -> None:
    day = dt.date(2008, 8, 6)
    found = {m.text: (m.actor.code, m.actor.person) for m in process_text("President Bush met Putin.", res,
                                                                           published=day).mentions}
    assert found["President Bush"] == ("USA", "George W. Bush")
    bare = {m.text: m.actor.code for m in process_text("Bush met Putin.", res, published=day).mentions}
    assert bare["Bush"] == ""  # a bare surname alone never picks a listed person


def test_where_people_come_from_and_the_place_an_office_is_of_tie_them(res: Resources) -> None:
    found = _mentions("Exiled dissidents from Myanmar met the senator. Israel released the mayor of the West "
                      "Bank city of Nablus.", res)
    assert found["Exiled dissidents"][:2] == ("MMR", "OPP")
    assert found["the mayor"][:2] == ("PSE", "GOV")


def test_one_place_name_is_no_home_country(res: Resources) -> None:
    found = _mentions("Before leaving for Beijing, Senator Maria Holloway met exiled activists.", res)
    assert found["exiled activists"][0] != "CHN"


def test_an_agent_word_modifying_a_thing_names_the_actor_only_beside_a_state(res: Resources) -> None:
    found = _mentions("Insurgents attacked an Afghan army base and a rebel-held area, and signed an association "
                      "agreement.", res)
    assert found["an Afghan army base"][:2] == ("AFG", "MIL")
    assert not any("association" in k for k in found)


def test_one_bare_state_name_is_no_home_country(res: Resources) -> None:
    found = _mentions("The observatory, a UK-based group, said eight people were killed by government forces.",
                      res)
    assert found["government forces"][0] != "GBR"
