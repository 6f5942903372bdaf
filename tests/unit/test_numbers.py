"""Numbers as news writes them: numerals with separators, and numbers in words."""

from __future__ import annotations

import pytest

from swapwatch.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3035", 3035),
        ("1,000", 1000),
        ("1 000", 1000),
        ("1.212", 1212),
        ("eighty-four", 84),
        ("Forty-three", 43),
        ("two hundred and seven", 207),
        ("One hundred and one", 101),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a hundred", 100),
        ("вісім", 8),
        ("восемь", 8),
    ],
)
def test_parse_number_reads_numerals_and_words(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "prisoners", "a", "and"])
def test_parse_number_returns_none_for_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_find_numbers_gives_values_and_spans_in_order() -> None:
    text = "Kyiv got back twenty-five soldiers and 1,040 civilians."
    found = find_numbers(text)
    assert [(n.value, text[n.start:n.end]) for n in found] == [(25, "twenty-five"), (1040, "1,040")]
    assert [n.words for n in found] == [True, False]


def test_find_numbers_leaves_decimal_fractions_alone() -> None:
    assert [n.value for n in find_numbers("более 4,3 тысячи пленных")] == []


def test_find_numbers_trims_joiners_around_word_numbers() -> None:
    text = "a Filipino and eighty-four others"
    assert [(n.value, text[n.start:n.end]) for n in find_numbers(text)] == [(84, "eighty-four")]


def test_runs_start_on_a_number_word_not_on_a_or_and() -> None:
    from swapwatch.numbers import find_numbers

    text = "a man and a woman and seven soldiers, a hundred guards and a dozen medics"
    assert [(n.value, text[n.start:n.end]) for n in find_numbers(text)] == [
        (7, "seven"), (100, "hundred"), (12, "a dozen")]


@pytest.mark.parametrize(("text", "value"), [("та двох цивільних", 2), ("и трех мирных жителей", 3),
                                             ("чотирьох військових", 4)])
def test_slavic_oblique_cardinals(text: str, value: int) -> None:
    assert [n.value for n in find_numbers(text)] == [value]
