"""Dates in news text resolve against the publication date; null when unknowable."""

from __future__ import annotations

from datetime import date

import pytest

from swapwatch.dates import find_dates, resolve_date, weekday_date

WEDNESDAY = date(2024, 1, 31)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on Wednesday", "2024-01-31"),  # the same day is allowed
        ("on Monday", "2024-01-29"),  # the most recent Monday on or before publication
        ("on Thursday", "2024-01-25"),
        ("yesterday", "2024-01-30"),
        ("today", "2024-01-31"),
        ("on January 24", "2024-01-24"),
        ("Feb. 16, 2023", "2023-02-16"),
        ("December 13, 2023", "2023-12-13"),
        ("on December 30", "2023-12-30"),  # a late-year date read in January is last year's
        ("in August 2023", "2023-08"),
        ("in July", "2023-07"),  # a later month than publication without a year: the year before
        ("19 січня", "2024-01-19"),
        ("24 января", "2024-01-24"),
        ("am 30. Dezember", "2023-12-30"),
        ("В четверг", "2024-01-25"),
    ],
)
def test_resolve_date_against_publication(expression: str, expected: str) -> None:
    assert resolve_date(expression, WEDNESDAY) == expected


def test_an_explicit_day_after_a_weekday_wins() -> None:
    assert resolve_date("on Friday, September 13", date(2024, 9, 13)) == "2024-09-13"


def test_relative_dates_are_null_without_a_publication_date() -> None:
    assert resolve_date("on Wednesday", None) is None
    assert resolve_date("yesterday", None) is None


def test_a_stated_year_needs_no_anchor() -> None:
    assert resolve_date("on December 13, 2023", None) == "2023-12-13"


def test_a_weekday_with_only_the_month_known_gives_the_month() -> None:
    (mention,) = find_dates("the swap on Saturday", None, month_hint="2024-09")
    assert mention.value == "2024-09"


def test_lower_case_may_is_a_verb_not_a_month() -> None:
    assert find_dates("talks may 5 times fail", WEDNESDAY) == []


def test_weekday_date_counts_back() -> None:
    assert weekday_date(0, date(2024, 2, 4)) == date(2024, 1, 29)


def test_a_possessive_weekday_is_a_date() -> None:
    (mention,) = find_dates("Saturday's swap went ahead", date(2027, 3, 16))
    assert mention.value == "2027-03-13"


def test_the_exchange_date_outranks_the_statement_date() -> None:
    from swapwatch.counts import read_article
    from swapwatch.models import Article

    text = ("Kyiv said on Tuesday, March 16, that 58 Ukrainian soldiers had come home in Saturday's "
            "prisoner exchange with Russia.")
    reading = read_article(Article(text=text, published=date(2027, 3, 16)))
    assert reading.main_date == "2027-03-13"
