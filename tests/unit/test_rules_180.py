"""Rules added in rules-1.8: general phrasing classes of exchange news, on sentences written for the tests."""

from __future__ import annotations

from datetime import date

from swapwatch.classify import classify
from swapwatch.models import Article
from tests.support.rules import Reader, figures_of

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
    figs = figures_of("An Italian engineer held in Iran was freed in exchange for an Iranian businessman.", ("IR", "IT"))
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
    (fig,) = figures_of("Kyiv said 88 Ukrainian soldiers and civilians came home on Monday.")
    assert (fig.value, fig.category) == (88, "total")


def test_soldiers_and_officers_stay_military() -> None:
    (fig,) = figures_of("Kyiv said 88 Ukrainian soldiers and officers came home on Monday.")
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


def test_a_stage_of_a_deal_without_an_article_is_still_the_whole_deal() -> None:
    text = ("400 more soldiers freed in third stage of 1,500-for-1,500 exchange. Russia and Ukraine carried out "
            "the third stage of the exchange on Tuesday, with 400 Ukrainian servicemen returning home and 400 "
            "Russian servicemen handed back, officials said.")
    main = _main(text)
    assert main.returned["RU"].total == 400
    assert main.returned["UA"].total == 400


def test_what_a_side_committed_to_release_is_a_plan() -> None:
    figs = figures_of("Under the deal each side committed to releasing 900 prisoners in stages.")
    assert all(f.kind != "event" for f in figs)


def test_last_weeks_exchange_is_background_in_a_bodies_story() -> None:
    text = ("Ukraine on Tuesday received the bodies of 640 people that Russia says are Ukrainian soldiers. Russia "
            "received the remains of 29 of its servicemen. Last week's prisoner exchange, in which 120 prisoners "
            "of war were freed by each side, also included remains.")
    events = _READER.events(text, "Ukraine repatriates bodies of 640 fallen soldiers")
    background = [e for e in events if e.role == "background"]
    assert [(e.returned["UA"].total, e.date) for e in background] == [(120, "2026-05")]
    assert not classify(_article(text, "Ukraine repatriates bodies of 640 fallen soldiers")).is_swap


def test_one_late_mention_of_a_state_does_not_make_it_a_side() -> None:
    text = ("The paramilitary forces released 40 captured army soldiers on Tuesday in Sudan, handing them to the "
            "Red Cross. The army did not release anyone in return. Efforts by the United States to broker a "
            "truce have failed.")
    assert _READER.events(text, "Sudan paramilitaries free 40 soldiers") == ()


def test_hockey_trade_is_no_prisoner_swap() -> None:
    text = ("The club acquired a defenceman on Thursday in exchange for a forward and a fourth-round pick. "
            "\"I felt like a prisoner of the bench,\" the forward said.")
    assert not classify(_article(text, "Club trades forward for defenceman in one-for-one swap")).is_swap


def test_a_counted_demonym_is_not_the_subject_of_a_coordinated_verb() -> None:
    text = "Azerbaijan returns four Armenians, receives three soldiers in border handover on Monday."
    main = _main(text)
    assert main.returned["AZ"].military == 3
    assert main.returned["AM"].total == 4


def test_civilians_among_the_group_that_follows_are_its_part() -> None:
    text = ("Eleven civilians, two of them women, were among 70 Ukrainians released from Russian captivity on "
            "Sunday in an exchange of prisoners, officials said.")
    main = _main(text)
    assert (main.returned["UA"].civilian, main.returned["UA"].total) == (11, 70)


def test_soldiers_from_a_region_among_the_group_are_a_local_angle() -> None:
    text = ("Four soldiers from the Rivne region were among the 150 Ukrainians freed from Russian captivity in "
            "Wednesday's exchange, the regional administration said.")
    main = _main(text)
    assert main.returned["UA"].military is None


def test_the_counted_peoples_states_are_the_sides_not_a_helper() -> None:
    text = ("Belarus frees four Lithuanians in exchange for three Belarusians. Four Lithuanian citizens held in "
            "Belarus were released on Friday in exchange for three Belarusians held in Lithuania, in a swap "
            "carried out with the help of the United States. A U.S. diplomat attended; Washington welcomed it.")
    main = _main(text)
    assert set(main.parties) == {"BY", "LT"}
    assert (main.returned["LT"].total, main.returned["BY"].total) == (4, 3)


def test_long_official_names_and_asides_still_name_the_speaker() -> None:
    text = ("Russia and Ukraine swapped prisoners late on Tuesday. Ukraine's Coordination Headquarters for the "
            "Treatment of Prisoners of War says 148 Ukrainians have come home. Russia's defence ministry, in a "
            "statement released after midnight, said 140 Russian servicemen were returned and 140 Ukrainian "
            "prisoners were handed over in return.")
    main = _main(text)
    assert set(main.returned["UA"].total or ()) == {148, 140}


def test_mediators_thanked_or_hyphenated_are_found_and_recalled_ones_are_not() -> None:
    text = ("Russia and Ukraine swapped 90 prisoners each in a UAE-brokered exchange on Tuesday. Zelensky "
            "thanked Qatar, which has helped broker many of the exchanges. The swaps have usually been "
            "arranged with the help of Turkey.")
    assert set(_main(text).mediators) == {"AE", "QA"}
    medical = ("Russia and Ukraine swapped 90 prisoners each on Tuesday. The freed Russians are receiving medical "
               "assistance in Belarus.")
    assert _main(medical).mediators == ()


def test_the_formula_of_a_deal_that_begins_is_the_whole_deal() -> None:
    for text in ("Russia and Ukraine begin 800-for-800 exchange on Monday.",
                 "Under the deal each side is to free 800 prisoners."):
        assert [(f.value, f.kind) for f in figures_of(text)] == [(800, "planned")]


def test_a_breakdown_after_the_source_and_a_dash_belongs_to_the_group() -> None:
    text = ("Ukraine brought 150 people back from Russian captivity on May 19, the headquarters reported – "
            "120 service members and 30 civilians.")
    main = _main(text)
    assert (main.returned["UA"].military, main.returned["UA"].civilian, main.returned["UA"].total) == (120, 30, 150)


def test_the_remains_of_soldiers_are_bodies_handed_over_not_people_still_held() -> None:
    text = ("Ukraine on Monday brought home 60 prisoners of war and received the bodies of 500 soldiers in an "
            "exchange with Russia. Russia received 60 of its servicemen and the remains of 20 soldiers.")
    assert _main(text).returned["RU"].military == 60
    assert _main(text).returned["RU"].bodies == 20


def test_it_said_takes_the_speaker_of_the_sentence_before() -> None:
    text = ("Kyiv and Moscow swapped prisoners on Tuesday. Ukraine's president said 77 Ukrainian soldiers had "
            "returned home. Russia's defence ministry gave a smaller figure. It said 70 Russian servicemen had "
            "come back and that 70 Ukrainian prisoners of war had been handed over in return.")
    assert set(_main(text).returned["UA"].total or ()) == {77, 70}


def test_people_back_from_territory_a_side_controlled_go_to_the_other_side() -> None:
    for text in ("Российская сторона вернула с подконтрольной киевскому режиму территории 75 военнослужащих.",
                 "С подконтрольной киевскому режиму территории возвращен 61 российский военнослужащий."):
        assert [f.sides for f in figures_of(text)] == [("RU",)], text


def test_a_definite_group_broken_down_between_dashes() -> None:
    text = ("Hamas handed five Israeli hostages to the Red Cross on Tuesday, and Israel freed 200 Palestinian "
            "prisoners. The hostages - four civilians and a soldier - were driven to the border fence.")
    main = _main(text, "Five hostages freed as Israel releases 200 Palestinian prisoners")
    assert (main.returned["IL"].military, main.returned["IL"].civilian, main.returned["IL"].total) == (1, 4, 5)
    assert main.returned["PS"].civilian is None


def test_freed_through_exchanges_during_that_period_is_a_running_total() -> None:
    figs = figures_of("According to him, 4,100 Ukrainians have been freed through exchanges during that period.")
    assert all(f.kind == "cumulative" for f in figs)


def test_a_date_before_the_plan_word_still_dates_the_exchange() -> None:
    text = ("Russia and Ukraine exchanged 150 prisoners of war each on Monday, with a third stage expected on "
            "Wednesday. On Sunday, in the first stage of the deal, the two countries exchanged 200 people each, "
            "a group that included both soldiers and civilians.")
    events = _READER.events(text)
    main = next(e for e in events if e.role == "main")
    assert (main.date, main.returned["UA"].total) == ("2026-05-18", 150)
    background = next(e for e in events if e.role == "background")
    assert (background.returned["UA"].total, background.returned["UA"].civilian) == (200, None)


def test_a_pluperfect_relative_clause_does_not_date_the_exchange() -> None:
    text = ("Azerbaijan handed over three Armenian servicemen on Monday. In return, Armenia handed over two "
            "Azerbaijani servicemen, as well as one civilian - a resident who had crossed the border while "
            "grazing livestock in January.")
    main = _main(text)
    assert (main.returned["AZ"].military, main.returned["AZ"].civilian, main.returned["AZ"].total) == (2, 1, 3)


def test_securities_swapped_are_no_prisoner_swap() -> None:
    text = ("Ukraine has completed the exchange of its GDP-linked securities for new bonds, the finance ministry "
            "said. Holders of 97% of the warrants tendered them in the exchange offer.")
    assert not classify(_article(text, "Ukraine completes swap of GDP warrants for new bonds")).is_swap


def test_a_government_weighing_a_swap_has_not_made_one() -> None:
    text = ("Lithuania's government is considering whether to exchange a Belarusian man convicted of spying for "
            "two Lithuanian citizens imprisoned in Belarus, officials said on Tuesday.")
    assert not classify(_article(text, "Vilnius weighs swap for Lithuanians held in Belarus")).is_swap


def test_last_year_and_last_june_date_a_recalled_swap() -> None:
    from swapwatch.dates import find_dates
    found = find_dates("He was freed on May 22 last year. In March last year, two were handed over. The swap "
                       "last June returned three.", date(2026, 2, 10))
    assert [d.value for d in found] == ["2025-05-22", "2025-03", "2025-06"]


def test_prisoners_who_went_each_way_were_exchanged() -> None:
    text = ("Russia and Ukraine exchanged 300 prisoners each on Tuesday. The first stage took place on Monday, "
            "when 250 prisoners went each way.")
    events = _READER.events(text)
    assert [(e.role, e.returned["UA"].total) for e in events] == [("main", 300), ("background", 250)]


def test_a_title_case_headline_that_agrees_a_deal_plans_it() -> None:
    assert [f.kind for f in figures_of("Ukraine, Russia Agree 400-for-400 Prisoner Exchange at Talks")] == ["planned"]


def test_nobody_released_in_return_is_a_one_sided_handover() -> None:
    text = ("Azerbaijan on Thursday handed over four Armenian citizens it had been holding. Armenia did not "
            "release anyone in return, officials in both capitals confirmed.")
    assert not classify(_article(text, "Azerbaijan hands over four Armenian detainees")).is_swap


def test_returned_from_captivity_in_a_recalled_swap_goes_home() -> None:
    text = ("Україна повернула 120 військових у межах обміну полоненими. Попередній обмін відбувся 21 квітня — "
            "тоді з полону вдалося повернути 80 захисників.")
    events = _READER.events(text)
    assert [(e.role, e.returned["UA"].military) for e in events] == [("main", 120), ("background", 80)]


def test_lists_that_were_exchanged_are_no_prisoner_swap() -> None:
    text = ("India and Pakistan on Thursday exchanged lists of civilian prisoners held in each other's custody. "
            "The lists were exchanged simultaneously through diplomatic channels. India shared the names of "
            "300 civilian prisoners, the ministry said.")
    assert not classify(_article(text, "India, Pakistan exchange lists of prisoners")).is_swap


def test_a_total_below_one_of_its_parts_is_not_kept() -> None:
    text = ("Ukraine received 150 Ukrainian soldiers on Monday and Russia got back 120 Russian servicemen in "
            "the exchange. Kyiv freed four Russians for every five Ukrainians returned.")
    main = _main(text)
    assert (main.returned["RU"].military, main.returned["RU"].total) == (120, 120)


def test_a_release_that_officials_say_was_no_swap_is_one_sided() -> None:
    text = ("Iran has released a US-Iranian researcher on medical grounds, the State Department said on Tuesday. "
            "A spokesperson said the United States had not freed any Iranian prisoners or made any payment in "
            "exchange. 'This was not a prisoner swap,' the spokesperson said.")
    assert not classify(_article(text, "Iran releases ailing US-Iranian researcher")).is_swap


def test_planes_that_carried_people_between_the_sides_handed_them_over() -> None:
    text = ("Saudi Arabia and the Houthis exchanged prisoners on Tuesday. Planes chartered by the Red Cross "
            "carried 90 Houthi detainees from Abha to Sanaa. A separate flight took 20 Saudis home from Sanaa, "
            "including soldiers who were captured in border clashes.")
    main = _main(text)
    assert (main.returned["YE"].total, main.returned["SA"].total) == (90, 20)


def test_a_plane_carrying_captives_to_no_destination_hands_nobody_over() -> None:
    figs = figures_of("The plane was carrying 65 captured Ukrainian soldiers, Moscow said.")
    assert all(f.kind != "event" for f in figs)
