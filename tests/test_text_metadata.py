"""Title, byline and publication date of plain-text captures (stages/text_metadata.py and its helpers), on
small capture snippets: a header (menus, headline, byline/date block) above a fixed article body."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.stages.byline import MAX_NAMES
from eventwire.stages.header_dates import find_published, header_window, line_dates, parse_date, plausible
from eventwire.stages.text_lines import EN_STOPS, Line, make_line
from eventwire.stages.text_metadata import read_metadata

BODY = [
    "The city council approved the new harbour budget on Tuesday after a long debate about ferry services.",
    "Council members said the harbour budget would fund two ferries and repair the northern pier this year.",
    "Residents who use the ferry services every day welcomed the decision but asked for lower fares.",
]
MENU = ["Home", "News", "Sport", "Weather", "Contact us"]
HEADLINE = "Council approves harbour budget for ferry services"


def _lines(texts: list[str], body_from: int) -> tuple[list[Line], list[bool]]:
    lines = [make_line(t, EN_STOPS) for t in texts]
    for line in lines[body_from:]:
        line.cls = "good" if len(line.words) >= 8 and line.text.endswith(".") else "short"  # as the cleaner would
    return lines, [i >= body_from for i in range(len(texts))]


def _meta(header: list[str], body: list[str] = BODY):  # type: ignore[no-untyped-def]
    """Metadata of a capture made of the header lines and the body, blocks separated by blank lines."""
    lines, keep = _lines(header + body, len(header))
    return read_metadata(lines, keep, "\n\n".join(header + body))


# ---- headline ----

def test_headline_is_the_line_sharing_the_body_words_not_a_menu_item() -> None:
    meta = _meta([*MENU, HEADLINE, "By Jane Doe", "March 3, 2024"])
    assert meta.title == HEADLINE


def test_headline_printed_twice_beats_a_teaser_above_it() -> None:
    teaser = "Storm closes mountain roads for the weekend"
    meta = _meta([*MENU, teaser, "Latest", HEADLINE, HEADLINE, "March 3, 2024"])
    assert meta.title == HEADLINE


def test_a_sentence_ending_in_a_full_stop_is_not_the_headline() -> None:
    standfirst = "Council approves the harbour budget for ferry services and the pier."
    meta = _meta([*MENU, standfirst])
    assert meta.title != standfirst


# ---- byline ----

def test_by_line_gives_the_author() -> None:
    meta = _meta([*MENU, HEADLINE, "By Jane Doe", "March 3, 2024"])
    assert (meta.author, meta.author_basis) == ("Jane Doe", "capture:byline")


def test_several_names_are_kept_as_written() -> None:
    meta = _meta([*MENU, HEADLINE, "Written by Ann Lee, Bob Stone and Cara Diaz", "March 3, 2024"])
    assert meta.author == "Ann Lee, Bob Stone and Cara Diaz"


def test_a_byline_of_forty_names_is_cut_without_a_crash() -> None:
    names = ", ".join(f"Writer{chr(97 + i % 26)} Surname{chr(97 + i // 26)}" for i in range(40))
    meta = _meta([*MENU, HEADLINE, f"By {names}", "March 3, 2024"])
    assert meta.author is not None and meta.author.count(",") == MAX_NAMES - 1


def test_bare_name_above_a_date_line_is_the_author() -> None:
    meta = _meta([*MENU, HEADLINE, "Jane Doe", "March 3, 2024"])
    assert (meta.author, meta.author_basis) == ("Jane Doe", "capture:name-line")


def test_name_and_date_on_one_line() -> None:
    meta = _meta([*MENU, HEADLINE, "Jane Doe | March 3, 2024"])
    assert (meta.author, meta.author_basis) == ("Jane Doe", "capture:name-date-line")
    assert meta.published == dt.date(2024, 3, 3)


def test_glued_byline_and_date_are_split() -> None:
    meta = _meta([*MENU, HEADLINE, "By Jane DoePublished: Jan 29, 2025"])
    assert (meta.author, meta.published) == ("Jane Doe", dt.date(2025, 1, 29))


def test_photo_credits_and_menu_filters_are_not_bylines() -> None:
    meta = _meta([*MENU, HEADLINE, "Photo by Jane Doe", "Browse by Category", "March 3, 2024"],
                 [*BODY, "Pick a category to browse the archive."])
    assert meta.author is None and meta.author_basis == "none"


def test_capitalised_words_the_page_writes_in_lower_case_are_not_a_name() -> None:
    meta = _meta([*MENU, HEADLINE, "Harbour Budget", "March 3, 2024"])
    assert meta.author is None


def test_an_author_box_after_the_article_names_the_author() -> None:
    meta = _meta([*MENU, HEADLINE, "March 3, 2024"], [*BODY * 6, "Written by Jane Doe", "Share this story"])
    assert (meta.author, meta.author_basis) == ("Jane Doe", "capture:byline-far")


def test_a_by_label_on_its_own_line_above_the_name_away_from_the_header() -> None:
    meta = _meta([*MENU, HEADLINE, "March 3, 2024"], [*BODY * 6, "Written by", "Jane Doe", "Share this story"])
    assert (meta.author, meta.author_basis) == ("Jane Doe", "capture:byline-far")


def test_a_credit_under_a_by_label_is_not_the_author() -> None:
    meta = _meta([*MENU, HEADLINE, "March 3, 2024"], [*BODY * 6, "By", "Fact Checked", "Share this story"])
    assert meta.author is None


def test_a_long_byline_holding_its_stamp_away_from_the_header() -> None:
    line = "By Jane Doe – Updated Mar 5, 2024 at 4:28 PM EST | Fact-checked by Ann Lee and the harbour desk team"
    meta = _meta([*MENU, HEADLINE], [*BODY * 6, line, "Share this story"])
    assert (meta.author, meta.author_basis) == ("Jane Doe", "capture:byline-far")
    assert meta.published == dt.date(2024, 3, 5)


def test_an_initial_or_particle_the_page_writes_in_lower_case_stays_in_a_name() -> None:
    body = [*BODY, "The harbour master's report is due van by van next week, said the ferry operator."]
    assert _meta([*MENU, HEADLINE, "Jane S. Doe", "March 3, 2024"], body).author == "Jane S. Doe"
    assert _meta([*MENU, HEADLINE, "Jane van Doe", "March 3, 2024"], body).author == "Jane van Doe"


def test_a_name_line_two_lines_from_a_short_date_line() -> None:
    meta = _meta([*MENU, HEADLINE, "Jane Doe", "Marketing", "March 3, 2024"])
    assert (meta.author, meta.author_basis) == ("Jane Doe", "capture:name-line")


def test_furniture_beside_a_date_is_not_a_name() -> None:
    assert _meta([*MENU, HEADLINE, "Post Tags", "March 3, 2024"]).author is None
    assert _meta([*MENU, HEADLINE, "Conceptual Article", "Marketing", "March 3, 2024"]).author is None


def test_words_of_web_addresses_are_not_ordinary_words() -> None:
    body = [*BODY, "Write to jane.doe@harbourgazette.com or visit www.janedoe.com for the ferry timetable."]
    assert _meta([*MENU, HEADLINE, "Jane Doe", "March 3, 2024"], body).author == "Jane Doe"


def test_a_glued_by_a_contributors_label_and_a_name_before_a_published_time() -> None:
    assert _meta([*MENU, HEADLINE, "Jane DoeBy Jane DoeMarch 3, 2024"]).author == "Jane Doe"
    assert _meta([*MENU, HEADLINE, "Contributors: Jane Doe", "Share"]).author == "Jane Doe"
    meta = _meta([*MENU, HEADLINE, "Jane Doe Published 10:19am 3 March 2024"])
    assert (meta.author, meta.published) == ("Jane Doe", dt.date(2024, 3, 3))


def test_a_desk_or_team_byline() -> None:
    body = [*BODY, "The harbour team and the ferry staff will meet the editors next week to plan the route."]
    assert _meta([*MENU, HEADLINE, "By Harbour Gazette Staff", "March 3, 2024"], body).author == "Harbour Gazette Staff"
    assert _meta([*MENU, HEADLINE, "by Marketing Team | March 3, 2024"], body).author == "Marketing Team"
    assert _meta([*MENU, HEADLINE, "Ferry Desk Team", "March 3, 2024"], body).author == "Ferry Desk Team"
    assert _meta([*MENU, HEADLINE, "Written by", "The Harbour Team", "Share"], body).author == "The Harbour Team"
    # a menu's "Our Team" beside a date is no byline
    assert _meta([*MENU, HEADLINE, "Our Team", "March 3, 2024"], body).author is None


def test_a_lone_name_after_a_by_label_counts_beside_a_stamp_only() -> None:
    assert _meta([*MENU, HEADLINE, "Written by Kristin", "March 3, 2024"]).author == "Kristin"
    assert _meta([*MENU, HEADLINE, "By", "Kristin", "Updated March 3, 2024"]).author == "Kristin"
    # a menu's facet ("Browse by Category") is no byline, stamp or not
    assert _meta([*MENU, HEADLINE, "By Category", "Share", "Save", "Print"]).author is None


def test_names_with_extended_latin_letters_joined_names_and_a_section_after_the_name() -> None:
    assert _meta([*MENU, HEADLINE, "Josef Průša", "March 3, 2024"]).author == "Josef Průša"
    assert _meta([*MENU, HEADLINE, "Kamil Chodoła", "March 3, 2024"]).author == "Kamil Chodoła"
    meta = _meta([*MENU, HEADLINE, "Ann Lee and Bob Stone | Guest Columnists", "Share"])
    assert meta.author == "Ann Lee and Bob Stone"  # "and" is written in lower case everywhere
    assert _meta([*MENU, HEADLINE, "Mar 3, 2024 • Jane Doe in Harbour News"]).author == "Jane Doe"


def test_an_author_box_whose_bio_opens_with_the_name() -> None:
    box = ["Jane Doe", "Jane Doe is a senior reporter covering the harbour and its ferries for the paper."]
    meta = _meta([*MENU, HEADLINE], [*BODY * 6, *box, "Share this story"])
    assert (meta.author, meta.author_basis) == ("Jane Doe", "capture:author-box")
    box = ["Jane Doe", "Jane Doe", "Senior Writer, Harbour"]
    assert _meta([*MENU, HEADLINE], [*BODY * 6, *box, "Share this story"]).author == "Jane Doe"
    # a listicle's item and its description name a product, not a writer
    item = ["Harbour Ferry Pass", "Harbour Ferry Pass is a travel card that covers two ferries and the pier."]
    assert _meta([*MENU, HEADLINE], [*BODY * 6, *item, "Share this story"]).author is None


def test_a_lone_word_under_the_headline_above_the_date_is_the_byline() -> None:
    meta = _meta([*MENU, HEADLINE, "Quillwright", "March 3, 2024", "5 min read"])
    assert (meta.author, meta.author_basis) == ("Quillwright", "capture:name-line")
    # a section word the page writes in lower case, or a stamp's label, is not a name
    assert _meta([*MENU, HEADLINE, "Harbour", "March 3, 2024"]).author is None
    assert _meta([*MENU, HEADLINE, "PUBLISHED", "March 3, 2024"]).author is None


def test_a_one_word_user_name_on_a_date_line() -> None:
    assert _meta([*MENU, HEADLINE, "by quietwriter | Apr 21, 2025"]).author == "quietwriter"


def test_by_and_a_verb_is_not_a_byline() -> None:
    assert _meta([*MENU, HEADLINE, "By Clicking Continue You Agree", "March 3, 2024"]).author is None


def test_a_name_glued_after_the_date_and_an_avatar_caption() -> None:
    assert _meta([*MENU, HEADLINE, "Dec 17, 2025Jane Doe"]).author == "Jane Doe"
    assert _meta([*MENU, HEADLINE, "Jane Doe's avatar", "5 min read"]).author == "Jane Doe"


# ---- publication date ----

def test_published_line_gives_the_date_and_its_basis() -> None:
    meta = _meta([*MENU, HEADLINE, "By Jane Doe", "Published March 3, 2024 10:00 AM"])
    assert (meta.published, meta.published_basis) == (dt.date(2024, 3, 3), "capture:published-line")


def test_published_wins_over_updated_beside_it() -> None:
    meta = _meta([*MENU, HEADLINE, "By Jane Doe", "Updated: April 9, 2024", "Published: March 3, 2024"])
    assert meta.published == dt.date(2024, 3, 3)


def test_an_updated_date_alone_dates_the_page_under_the_headline_or_with_a_byline() -> None:
    meta = _meta([*MENU, HEADLINE, "Last updated:", "April 9, 2024"])
    assert (meta.published, meta.published_basis) == (dt.date(2024, 4, 9), "capture:updated-line")
    meta = _meta([*MENU, HEADLINE, "By Jane Doe", "Last updated:", "April 9, 2024"])
    assert (meta.published, meta.published_basis) == (dt.date(2024, 4, 9), "capture:updated-line")
    # further down the header block, with neither a byline nor a reading time, it dates a page, not an article
    assert _meta([*MENU, HEADLINE, "Share", "Print", "Save", "Last updated:", "April 9, 2024"]).published is None


def test_a_labelled_date_line_far_below_the_header_dates_the_article() -> None:
    meta = _meta([*MENU, HEADLINE], [*BODY * 6, "Published", "March 3, 2024"])
    assert (meta.published, meta.published_basis) == (dt.date(2024, 3, 3), "capture:published-line-far")


def test_a_bare_date_just_above_the_body_counts_when_the_headline_is_far_above() -> None:
    lines, _keep = _lines([HEADLINE, *MENU * 3, "March 3, 2024", *BODY], 16)
    assert find_published(lines, header_window(0, 16, len(lines)), anchor=0) is None
    found = find_published(lines, header_window(0, 16, len(lines)), anchor=0, start=16)
    assert found is not None and found.date == dt.date(2024, 3, 3)


def test_no_date_in_the_capture_gives_none() -> None:
    meta = _meta([*MENU, HEADLINE, "By Jane Doe"])
    assert (meta.published, meta.published_basis) == (None, "none")


def test_relative_stamp_gives_no_date() -> None:
    meta = _meta([*MENU, HEADLINE, "By Jane Doe", "3 hours ago", "Related", "Older story", "May 1, 2023"])
    assert meta.published is None


def test_copyright_year_is_not_a_date() -> None:
    meta = _meta([*MENU, HEADLINE, "© 2024 Harbour Gazette"], [*BODY, "© 2024 Harbour Gazette. All rights reserved."])
    assert meta.published is None


def test_future_and_pre_1900_dates_are_not_publication_dates() -> None:
    future = (dt.date.today() + dt.timedelta(days=400)).strftime("%B %d, %Y")
    assert _meta([*MENU, HEADLINE, "By Jane Doe", future]).published is None
    assert _meta([*MENU, HEADLINE, "By Jane Doe", "March 3, 1850"]).published is None


def test_a_date_range_is_an_event_not_a_publication() -> None:
    assert _meta([*MENU, HEADLINE, "2024-03-03 - 2024-03-07"]).published is None


def test_a_sentence_mentioning_a_date_is_not_a_stamp() -> None:
    line = "The council first discussed the harbour plan on March 3, 2024, at a meeting that ran late into the night"
    assert _meta([*MENU, HEADLINE, line]).published is None


def test_numbers_inside_a_file_name_are_not_a_date() -> None:
    assert _meta([*MENU, HEADLINE, "image-png-Jan-17-2021-02-16-00-09-PM"]).published is None


def test_a_published_stamp_away_from_the_header_still_dates_the_article() -> None:
    meta = _meta([*MENU, HEADLINE], [*BODY * 6, "Posted on March 3, 2024 in News"])
    assert (meta.published, meta.published_basis) == (dt.date(2024, 3, 3), "capture:published-line-far")


def test_the_one_date_line_of_a_capture_dates_it_wherever_it_stands() -> None:
    meta = _meta([*MENU, HEADLINE], [*BODY * 6, "Share", "March 3, 2024", "Related"])
    assert (meta.published, meta.published_basis) == (dt.date(2024, 3, 3), "capture:only-date-line")
    # two stamps far from the header (teasers, comments): no telling which is the article's
    assert _meta([*MENU, HEADLINE], [*BODY * 6, "March 3, 2024", "Share", "May 1, 2023"]).published is None
    # a lone revision stamp dates the site, a date in an address or a day range dates nothing
    for line in ("Site last updated: March 3, 2024", "www.harbourgazette.com/2024/03/03/ferries",
                 "Harbour fair: 2-3 March 2024"):
        assert _meta([*MENU, HEADLINE], [*BODY * 6, "Share", line, "Related"]).published is None


def test_a_long_line_opening_with_its_posted_label_is_a_stamp() -> None:
    line = ("Posted on March 3, 2024 by Jane Doe (Harbour Desk) - 5 Comments on Council approves harbour budget "
            "for ferry services and the northern pier repairs")
    lines, _keep = _lines([HEADLINE, line, *BODY], 1)
    lines[1].cls = "good"  # the cleaner keeps such a line as prose
    assert [found.date for found in line_dates(lines, 1)] == [dt.date(2024, 3, 3)]
    lines[1] = make_line(f"The council said the ferry plan was {line[0].lower()}{line[1:]}", EN_STOPS)
    lines[1].cls = "good"
    assert line_dates(lines, 1) == []  # a sentence that only mentions the stamp


def test_header_window_takes_lines_below_the_headline_first() -> None:
    assert header_window(10, 20, 40)[:4] == [11, 9, 12, 8]


# ---- parser properties ----

@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_date_lines_never_raise_and_never_give_an_implausible_date(text: str) -> None:
    lines = [make_line(text.replace("\n", " ").strip() or "x", EN_STOPS)]
    for found in line_dates(lines, 0):
        assert plausible(found.date)
    found_date = find_published(lines, [0], anchor=0)
    assert found_date is None or plausible(found_date.date)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2024, 12, 31)))
def test_written_dates_parse_back(day: dt.date) -> None:
    for form in (day.isoformat(), day.strftime("%B %d, %Y"), f"{day.day} {day.strftime('%b')} {day.year}"):
        assert parse_date(form) == day


def test_a_paragraph_deep_in_the_body_is_not_the_headline() -> None:
    """A capture whose headline line was not kept: a body paragraph must not be taken for it (and lost)."""
    from eventwire.stages.clean_text import clean_text

    body = ["David Axelrod on Wednesday called on Howard Dean to apologize to Donald Trump for his remarks.",
            "\u201cMy reaction, that was outrageous,\u201d the former strategist said in an interview on Tuesday.",
            "Dean, a former party chairman and presidential candidate, poked at Trump during the debate, tweeting.",
            "Dean, a medical doctor, then appeared on television and said he would never diagnose anyone.",
            "Axelrod said the tweet was really outrageous and that Dean ought to pull that back at once."]
    out = clean_text("\n\n".join(body))
    assert all(p in out.text for p in body)
    assert out.title is None or out.title not in body[2:]
