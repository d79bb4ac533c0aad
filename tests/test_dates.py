"""Date resolution against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.stages.dates import resolve_expression

FRI = dt.date(2025, 4, 11)  # a Friday


@pytest.mark.parametrize("expr,expected", [
    ("Friday", FRI),  # the publication day itself
    ("on Wednesday", dt.date(2025, 4, 9)),
    ("Wednesday", dt.date(2025, 4, 9)),
    ("Saturday", dt.date(2025, 4, 5)),  # always the past: news reports what happened
    ("yesterday", dt.date(2025, 4, 10)),
    ("today", FRI),
    ("Jan. 31", dt.date(2025, 1, 31)),
    ("May 25, 2023", dt.date(2023, 5, 25)),
    ("January 31, 2023", dt.date(2023, 1, 31)),
])
def test_resolved(expr: str, expected: dt.date) -> None:
    assert resolve_expression(expr, FRI) == expected


@pytest.mark.parametrize("expr", ["earlier this week", "last year", "in December", "a year ago", "July"])
def test_coarse_expressions_fix_no_day(expr: str) -> None:
    assert resolve_expression(expr, FRI) is None


def test_day_before_uses_anchor() -> None:
    assert resolve_expression("the day before", None, dt.date(2023, 1, 31)) == dt.date(2023, 1, 30)
    assert resolve_expression("the day before", FRI, None) is None


@pytest.mark.parametrize("expr", ["Tuesday", "yesterday", "Jan. 31", "the day before"])
def test_unknown_publication_date_never_guessed(expr: str) -> None:
    assert resolve_expression(expr, None) is None


def test_absolute_date_with_year_needs_no_publication_date() -> None:
    assert resolve_expression("Jan. 31, 2023", None) == dt.date(2023, 1, 31)


@settings(deadline=None)  # dateparser loads its data on first use
@given(st.text(max_size=60), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_never_raises(expr: str, pub: dt.date) -> None:
    out = resolve_expression(expr, pub)
    assert out is None or isinstance(out, dt.date)


def test_coarse_clause_date_is_not_replaced_by_the_story_date() -> None:
    from eventwire.pipeline import Resources, process_text
    from eventwire.settings import Settings

    text = ("China on Friday condemned Japan.\n\n"
            "Last year, Japan criticized Russia.")
    art = process_text(text, Resources(Settings()), published=FRI)
    by_target = {e.target.actor.code: e for e in art.events if e.target}
    assert by_target["JPN"].date == FRI and by_target["JPN"].date_basis == "text"
    assert by_target["RUS"].date is None and by_target["RUS"].date_basis == "unresolved"
    assert by_target["RUS"].date_text == "Last year"
