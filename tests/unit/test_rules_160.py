"""Rules added in rules-1.6.0: general phrasing classes of exchange news, on sentences written for the tests."""

from __future__ import annotations

from datetime import date

import pytest

from swapwatch.classify import classify
from swapwatch.numbers import find_numbers
from swapwatch.sentences import mask_embeds
from tests.support.rules import Reader

PUBLISHED = date(2026, 5, 20)
_READER = Reader(PUBLISHED)
_article, _events, _main = _READER.article, _READER.events, _READER.main


# --- numbers: vague quantities and pronouns are no counts ----------------------------------------------

@pytest.mark.parametrize("phrase", ["several hundred", "many thousand", "a few hundred", "some hundred"])
def test_vague_scale_words_are_not_numbers(phrase: str) -> None:
    assert find_numbers(f"They swapped {phrase} detainees.") == []


def test_a_hundred_and_one_hundred_stay_numbers() -> None:
    assert [n.value for n in find_numbers("a hundred men and one hundred twenty women")] == [100, 120]


@pytest.mark.parametrize("phrase", ["for each one", "every one of them", "not any one"])
def test_one_after_each_or_every_is_a_pronoun(phrase: str) -> None:
    assert find_numbers(phrase) == []


@pytest.mark.parametrize(("word", "value"), [("шестеро", 6), ("четверо", 4), ("пятеро", 5), ("п'ятеро", 5),
                                             ("семеро", 7)])
def test_collective_numerals(word: str, value: int) -> None:
    assert [n.value for n in find_numbers(f"повернули {word} людей")] == [value]


def test_several_hundred_gives_no_count() -> None:
    events = _events("Kyiv and Moscow exchanged several hundred prisoners of war on Tuesday, officials said.")
    assert all(v is None for e in events for c in e.returned.values() for v in (c.military, c.total))


# --- a rate in a deal is not a count -------------------------------------------------------------------

@pytest.mark.parametrize("rate", ["for each hostage", "for every soldier", "per captive"])
def test_ratio_terms_are_not_counts(rate: str) -> None:
    text = (f"Hamas returned the remains of three hostages on Monday. Under the truce Israel hands back the "
            f"bodies of 15 Palestinians {rate} returned.")
    events = _events(text)
    values = [c.bodies for e in events for c in e.returned.values()]
    assert 15 not in values


# --- classification -------------------------------------------------------------------------------------

def test_live_blog_with_a_swap_item_below_other_news_is_not_a_swap() -> None:
    title = "War live: strikes on the port; ministers agree new sanctions"
    text = ("09.10 Ministers have agreed a new package of sanctions targeting oil tankers, diplomats said.\n"
            "10.20 The air force said it shot down 40 of 52 drones launched overnight.\n"
            "11.05 Officials said a grain warehouse was damaged and two workers were hurt.\n"
            "11.40 Power was restored to most homes in the region by the afternoon, the utility said.\n"
            "12.15 The mayor said schools would reopen on Monday after the holiday break ends.\n"
            "13.30 Russia and Ukraine have each returned 60 prisoners of war in a swap, both sides said.")
    assert classify(_article(text, title)).is_swap is False


def test_two_way_handover_without_the_word_swap_is_still_a_swap() -> None:
    title = "Country A frees five soldiers, Armenia returns two"
    text = ("Azerbaijan handed five Armenians, three servicemen and two civilians, over to Armenia on Tuesday, "
            "while Yerevan returned two Azerbaijani soldiers, both governments said. The prime minister "
            "welcomed the exchange.")
    verdict = classify(_article(text, title))
    assert "swap-not-in-lead" not in verdict.reasons
    assert verdict.is_swap is True


@pytest.mark.parametrize("deal", ["under the ceasefire agreement", "as part of a deal brokered by Qatar"])
def test_a_plan_word_after_a_completed_verb_does_not_undo_it(deal: str) -> None:
    title = "Hamas frees three captives, Israel releases 90 Palestinians"
    text = (f"Hamas has handed three Israeli captives to the Red Cross, and Israel has released 90 Palestinian "
            f"prisoners on Tuesday in the latest exchange {deal}.")
    assert classify(_article(text, title)).is_swap is True


# --- sides: the two named subjects of the exchange verb --------------------------------------------------

@pytest.mark.parametrize(("title", "pair"), [
    ("Poland and Belarus swap prisoners at the border", ("BY", "PL")),
    ("Houthis and Saudi-led coalition exchange detainees", ("SA", "YE")),
    ("Huthi rebels and Saudi Arabia have swapped prisoners", ("SA", "YE")),
])
def test_the_two_subjects_of_a_swap_verb_are_its_sides(title: str, pair: tuple[str, str]) -> None:
    text = title + ".\nFour people were freed by one side in return for four released by the other, officials said."
    events = _events(text, title)
    assert events == () or events[0].parties == pair


# --- same number, passive voice ---------------------------------------------------------------------------

@pytest.mark.parametrize("tail", ["an equal number of Russian troops had been returned",
                                  "the same number of Russian soldiers were released",
                                  "a matching number of Russian servicemen were handed back"])
def test_same_number_in_the_passive_voice(tail: str) -> None:
    text = f"Forty Ukrainian servicemen came home on Monday in an exchange, Kyiv said, adding that {tail}."
    e = _main(text)
    assert e.returned["UA"].military == 40
    assert e.returned["RU"].military == 40


# --- formulas, possessives, breakdowns ----------------------------------------------------------------------

def test_even_formula_sentence_without_a_swap_word_counts_both_sides() -> None:
    text = ("Сьогодні відбувся обмін полоненими з Росією, повідомляє штаб. Він пройшов за формулою «75 на 75».")
    e = _main(text)
    assert e.returned["UA"].total == 75
    assert e.returned["RU"].total == 75


def test_of_its_citizens_belongs_to_the_nearest_subject() -> None:
    text = ("Russia and Ukraine swapped prisoners on Monday, with Kyiv saying 80 of its citizens, five of them "
            "civilians, had come back.")
    e = _main(text)
    assert e.returned["UA"].total == 80
    assert e.returned["RU"].total is None


def test_crossed_back_into_a_country_is_its_side() -> None:
    text = ("Ukraine and Russia exchanged prisoners on Monday. The ombudsman said 60 servicemen and four "
            "civilians had crossed back into Ukraine.")
    e = _main(text)
    assert e.returned["UA"].military == 60
    assert e.returned["UA"].civilian == 4


def test_put_the_number_at_is_a_figure_not_a_running_total() -> None:
    text = ("Russia and Ukraine exchanged prisoners on Monday. Russia's ministry put the number of Ukrainian "
            "soldiers it handed over at 120, and said it had received 120 Russian troops in return.")
    assert _main(text).returned["RU"].military == 120


def test_residents_in_russian_are_civilians() -> None:
    text = ("С подконтрольной Киеву территории возвращены 50 российских военнослужащих. Кроме того, на родину "
            "возвращены трое жителей Курской области.")
    e = _main(text)
    assert e.returned["RU"].military == 50


def test_single_man_traded_counts_one() -> None:
    text = "Iran freed two Swedish citizens on Monday in exchange for an Iranian man held in Sweden, officials said."
    e = _main(text)
    assert e.returned["SE"].total == 2
    assert e.returned["IR"].total == 1


# --- dates: "since DATE, when ..." dates the earlier exchange -----------------------------------------------

def test_since_date_when_clause_is_a_background_exchange() -> None:
    text = ("Russia and Ukraine swapped prisoners on May 19, with 90 Ukrainian soldiers coming home. "
            "It was the first swap since April 2, when each side handed over 60 prisoners.")
    events = _events(text)
    main = [e for e in events if e.role == "main"][0]
    assert main.returned["UA"].military == 90
    assert main.returned["UA"].total == 90
    bg = [e for e in events if e.role == "background"]
    assert bg and bg[0].date == "2026-04-02" and bg[0].returned["RU"].total == 60


# --- embedded social posts ------------------------------------------------------------------------------------

def test_embedded_post_block_is_masked_with_offsets_kept() -> None:
    text = ("The president reposted an older message:\n\nSome Leader @leader · Jan 3, 2026\nOur people are home. "
            "40 soldiers returned today.\n\nThe headquarters said more work lies ahead.")
    masked = mask_embeds(text)
    assert len(masked) == len(text)
    assert "40 soldiers" not in masked
    assert "The headquarters said" in masked


def test_per_side_stays_symmetric_not_a_rate() -> None:
    text = ("Russia and Ukraine exchanged prisoners on May 19. The previous swap, on April 2, freed 70 people "
            "per side, both governments said.")
    bg = [e for e in _events(text) if e.role == "background"]
    assert bg and bg[0].returned["UA"].total == 70 and bg[0].returned["RU"].total == 70
