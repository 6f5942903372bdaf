"""Rules added in rules-1.8: general phrasing classes of exchange news, on sentences written for the tests."""

from __future__ import annotations

from datetime import date

from swapwatch.classify import classify
from swapwatch.figures import find_figures
from swapwatch.models import Article
from swapwatch.sentences import split_sentences
from tests.support.rules import Reader

PUBLISHED = date(2026, 5, 20)
_READER = Reader(PUBLISHED)
_article, _main = _READER.article, _READER.main


def test_a_flight_between_the_sides_is_the_handover() -> None:
    text = ("Qatar and the Red Cross said 31 Houthi detainees were flown from Jeddah to Sanaa on Tuesday, "
            "while six Saudi soldiers held in Yemen were flown the other way.")
    main = _main(text, "Saudi Arabia and Houthis trade detainees")
    assert main.returned["YE"].total == 31
    assert main.returned["SA"].military == 6
    assert main.date == "2026-05-19"


def test_number_words_after_a_general_noun_start_a_breakdown_not_a_category() -> None:
    text = ("Georgia handed over five Armenian nationals - three servicemen and two civilians - on Monday, "
            "while Armenia returned three Georgian servicemen in exchange.")
    main = _main(text)
    assert (main.returned["AM"].military, main.returned["AM"].civilian, main.returned["AM"].total) == (3, 2, 5)


def test_a_sentence_initial_one_person_is_counted() -> None:
    sentence = split_sentences("An Italian engineer held in Iran was freed in exchange for an Iranian businessman.")[0]
    figs = find_figures(sentence, ("IR", "IT"))
    assert [(f.value, f.sides) for f in figs] == [(1, ("IT",)), (1, ("IR",))]


def test_a_mutual_handback_without_a_swap_word_is_an_exchange() -> None:
    text = ("Pakistan on Friday handed back an Indian fisherman who had drifted across the sea border. "
            "India, in turn, repatriated a Pakistani herdsman detained near the frontier last month. "
            "Officials of both countries attended the handover at the crossing.")
    verdict = classify(_article(text, "Pakistan returns Indian fisherman, India hands back herdsman"))
    assert verdict.is_swap, verdict


def test_a_mutual_plan_without_a_handover_stays_unfinished() -> None:
    text = ("Pakistan said it would hand back an Indian fisherman next week. India, in turn, is expected to "
            "release a Pakistani herdsman once the paperwork is done.")
    assert not classify(_article(text, "Pakistan and India to return detained men")).is_swap


def test_an_opinion_column_about_swaps_is_not_a_report() -> None:
    text = ("Exchanges of prisoners have become the only working channel between the two capitals. The swap "
            "last month returned 250 Ukrainian soldiers and 250 Russian soldiers, and it showed that both "
            "sides can still keep a promise when they want to.")
    assert not classify(_article(text, "Opinion: what the prisoner swaps tell us")).is_swap
    column = Article(text=text, published=PUBLISHED, title="What the prisoner swaps tell us",
                     url="https://paper.example.org/opinion/2026/05/20/swaps/")
    assert not classify(column).is_swap


def test_soldiers_and_civilians_together_are_one_mixed_group() -> None:
    sentence = split_sentences("Kyiv said 88 Ukrainian soldiers and civilians came home on Monday.")[0]
    (fig,) = find_figures(sentence, ("RU", "UA"))
    assert (fig.value, fig.category) == (88, "total")


def test_soldiers_and_officers_stay_military() -> None:
    sentence = split_sentences("Kyiv said 88 Ukrainian soldiers and officers came home on Monday.")[0]
    (fig,) = find_figures(sentence, ("RU", "UA"))
    assert (fig.value, fig.category) == (88, "military")


def test_a_dispute_over_soldiers_disputes_the_military_figure() -> None:
    text = ("Russia and Ukraine swapped prisoners of war on Tuesday. Ukraine's president said 97 Ukrainian "
            "soldiers had come home. Russia's defence ministry said 90 Russian servicemen had been returned "
            "and that 90 Ukrainian prisoners of war had been handed over in return.")
    main = _main(text)
    assert set(main.returned["UA"].military or ()) == {97, 90}
    assert set(main.returned["UA"].total or ()) == {97, 90}


def test_a_dispute_over_a_mixed_group_leaves_the_split_unknown() -> None:
    text = ("Russia and Ukraine swapped prisoners on Tuesday. Russia's defence ministry said 90 soldiers "
            "returned from each side. Ukraine's president said 97 Ukrainian soldiers and civilians had "
            "come home.")
    main = _main(text)
    assert main.returned["UA"].military is None
    assert set(main.returned["UA"].total or ()) == {97, 90}


def test_fishermen_handed_over_in_a_reciprocal_move_are_an_exchange() -> None:
    text = ("Pakistan on Monday released 14 Indian fishermen who had served their sentences. In a reciprocal "
            "move, India handed over nine Pakistani civil prisoners at the same crossing, officials said.")
    assert classify(_article(text, "Pakistan frees Indian fishermen, India returns prisoners")).is_swap
    main = _main(text)
    assert (main.returned["IN"].civilian, main.returned["PK"].civilian) == (14, 9)


def test_last_month_dates_a_recalled_exchange() -> None:
    text = ("Washington eased rules for oil exports on Wednesday, weeks after last month's prisoner exchange in "
            "which Venezuela freed four Americans in return for three Venezuelans.")
    events = _READER.events(text, "US eases oil rules for Venezuela")
    assert [(e.role, e.date) for e in events] == [("background", "2026-04")]
    assert not classify(_article(text, "US eases oil rules for Venezuela")).is_swap


def test_a_month_just_ended_can_still_be_the_news() -> None:
    reader = Reader(date(2026, 5, 4))
    main = reader.main("Russia and Ukraine exchanged 80 prisoners of war each in late April, officials said.")
    assert main.date == "2026-04"


def test_land_lists_and_parcels_exchanged_are_no_prisoner_swap() -> None:
    land = ("The two republics on Tuesday formally exchanged parcels of land along their border, completing a "
            "land exchange agreed last year. Both sides signed protocols at the crossing.")
    assert not classify(_article(land, "Neighbours complete land exchange")).is_swap
    lists = ("Россия и Украина обменялись списками военнопленных. Мы передали украинской стороне список из 300 "
             "военнослужащих, которых готовы освободить, сообщил глава делегации.")
    assert not classify(_article(lists, "Россия и Украина обменялись списками пленных")).is_swap


def test_a_fact_check_is_not_a_report() -> None:
    text = ("Posts claim that Russia and Ukraine swapped 1,500 prisoners each at a sea port on Sunday. This is "
            "false: the video shows an exchange of 2023, in which 100 soldiers returned to each side.")
    assert not classify(_article(text, "Fact check: video does not show a new prisoner swap")).is_swap
