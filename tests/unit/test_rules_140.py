"""Rules added in rules-1.4.0: general phrasings of exchange news, on sentences written for the tests."""

from __future__ import annotations

from datetime import date

import pytest

from swapwatch.classify import classify
from swapwatch.counts import extract_events
from swapwatch.models import Article, SideCounts, SwapEvent


def _events(text: str, published: date | None = date(2026, 3, 12), title: str | None = None) -> list[SwapEvent]:
    events, _ = extract_events(Article(text=text, published=published, title=title))
    return list(events)


def _main(text: str, published: date | None = date(2026, 3, 12)) -> SwapEvent:
    mains = [e for e in _events(text, published) if e.role == "main"]
    assert len(mains) == 1, mains
    return mains[0]


def test_apposition_puts_the_noun_before_the_number() -> None:
    event = _main("Russia and Ukraine exchanged captives on Tuesday. Ukrainian marines, 41 of them, came home.")
    assert event.returned["UA"] == SideCounts(military=41, total=41)


def test_of_its_own_soldiers_in_return_goes_to_the_receiving_subject() -> None:
    event = _main("Ukraine and Russia traded prisoners on Monday. The Russian ministry said it had handed over "
                  "64 Ukrainian troops and received 64 of its own soldiers in return.")
    assert event.returned["UA"].military == 64
    assert event.returned["RU"].military == 64


def test_got_n_back() -> None:
    event = _main("Ukraine and Russia swapped prisoners on Monday. Moscow said it got 33 servicemen back.")
    assert event.returned["RU"].military == 33


def test_a_homecoming_counted_by_one_side_is_that_side() -> None:
    text = ("The 58 soldiers who returned from captivity on Wednesday include two medics, Ukraine's "
            "ombudsman said.")
    event = _main(text)
    assert event.returned["UA"].military == 58
    assert classify(Article(text=text, published=date(2026, 3, 12))).is_swap


def test_children_back_from_captivity_are_not_an_exchange() -> None:
    text = "Three Ukrainian children returned from Russian captivity on Monday with Qatari help, officials said."
    assert not classify(Article(text=text, published=date(2026, 3, 12))).is_swap


def test_a_breakdown_after_a_total() -> None:
    event = _main("Armenia and Azerbaijan exchanged prisoners on Tuesday. Among the 14 Armenians returned, "
                  "11 were soldiers and 3 civilians.")
    assert event.returned["AM"] == SideCounts(military=11, civilian=3, total=14)


def test_coordinated_figures_share_a_destination_named_after_them() -> None:
    event = _main("Russia and Ukraine swapped prisoners on Tuesday. Moscow said 80 servicemen and 12 civilians "
                  "had been returned to Russia.")
    assert event.returned["RU"] == SideCounts(military=80, civilian=12, total=92)


def test_coordinated_figures_of_one_group_add_up() -> None:
    event = _main("Armenia and Azerbaijan swapped prisoners on Tuesday. Nine personnel from Armenia's armed "
                  "forces captured in 2021-2022 and one serviceman captured in May have crossed the border.")
    assert event.returned["AM"].military == 10


@pytest.mark.parametrize("phrase", ["per side", "from each side", "for each side"])
def test_n_per_side_is_n_for_both(phrase: str) -> None:
    event = _main(f"Russia and Ukraine exchanged 70 prisoners {phrase} on Tuesday.")
    assert event.returned["RU"].total == event.returned["UA"].total == 70


def test_the_previous_swap_with_a_date_is_background() -> None:
    events = _events("Russia and Ukraine exchanged 70 prisoners each on Tuesday. The previous swap, held on "
                     "Feb. 20, saw 150 Ukrainians freed.")
    main = [e for e in events if e.role == "main"]
    background = [e for e in events if e.role == "background"]
    assert main[0].returned["UA"].total == 70
    assert background and background[0].date == "2026-02-20" and background[0].returned["UA"].total == 150


def test_the_last_swap_per_side_in_a_planning_story_is_background_only() -> None:
    text = ("Kyiv and Moscow agreed on Tuesday to exchange 300 prisoners each in the coming days. "
            "The last swap, on February 2, freed 60 people per side, officials said.")
    events = _events(text, title="Kyiv and Moscow agree to swap 300 prisoners each")
    assert [e.role for e in events] == ["background"]
    assert not classify(Article(text=text, published=date(2026, 3, 12),
                                title="Kyiv and Moscow agree to swap 300 prisoners each")).is_swap


def test_a_dateline_anchors_but_does_not_date_the_exchange() -> None:
    event = _main("KYIV, March 12 (Newswire) - Russia and Ukraine exchanged prisoners on Tuesday in their "
                  "first swap of 2026, officials said. Each side released 44 soldiers.", published=None)
    assert event.date == "2026-03-10"


def test_a_dateline_is_not_the_exchange_date_when_the_page_is_dated() -> None:
    event = _main("MOSCOW, March 12 (Wire) - Russia and Ukraine exchanged prisoners on Monday, officials said. "
                  "Each side released 44 soldiers.", published=date(2026, 3, 12))
    assert event.date == "2026-03-09"


@pytest.mark.parametrize("thing", ["minefield maps", "fuel deliveries", "a ransom payment"])
def test_people_for_things_is_not_an_exchange_of_prisoners(thing: str) -> None:
    text = f"Azerbaijan on Monday released 12 Armenian detainees in return for {thing}, officials said."
    assert not classify(Article(text=text, published=date(2026, 3, 12))).is_swap


def test_people_for_people_is_still_an_exchange() -> None:
    text = "Azerbaijan on Monday released 12 Armenian detainees in return for four Azerbaijani soldiers."
    assert classify(Article(text=text, published=date(2026, 3, 12))).is_swap


def test_exchanging_strikes_with_words_between_is_not_a_swap() -> None:
    text = ("Russia and Ukraine exchanged some of the heaviest drone strikes of the year overnight, "
            "officials said. Three people were killed.")
    assert not classify(Article(text=text, published=date(2026, 3, 12),
                                title="Russia and Ukraine exchange massive drone strikes")).is_swap


def test_a_formula_stated_by_one_side_gives_it_the_first_number() -> None:
    event = _main("Ukraine's ombudsman said the 48-for-40 exchange took place on Tuesday.")
    assert event.returned["UA"].total == 48
    assert event.returned["RU"].total == 40


def test_also_came_home_adds_to_the_lead_group() -> None:
    event = _main("After the exchange on Tuesday, 60 Ukrainian defenders have returned home from Russian "
                  "captivity. Three civilians also returned home.")
    assert event.returned["UA"] == SideCounts(military=60, civilian=3, total=63)


def test_living_hostages_freed_by_a_group_go_home() -> None:
    event = _main("Seven living hostages came home on Wednesday, freed by Hamas, while Israel released "
                  "350 Palestinian prisoners.")
    assert event.returned["IL"].total == 7
    assert event.returned["PS"].total == 350
