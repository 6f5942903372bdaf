"""Rules added in rules-1.5.0: general phrasings of exchange news, on sentences written for the tests."""

from __future__ import annotations

from datetime import date

from swapwatch.classify import classify
from swapwatch.counts import extract_events
from swapwatch.dates import find_dates
from swapwatch.models import Article, SideCounts, SwapEvent
from swapwatch.numbers import find_numbers
from swapwatch.parties import find_parties, party_code, party_name
from swapwatch.sentences import mask_embeds

PUBLISHED = date(2026, 4, 16)


def _article(text: str, title: str | None = None, published: date | None = PUBLISHED) -> Article:
    return Article(text=text, published=published, title=title)


def _main(text: str, title: str | None = None, published: date | None = PUBLISHED) -> SwapEvent:
    events, _ = extract_events(_article(text, title, published))
    mains = [e for e in events if e.role == "main"]
    assert len(mains) == 1, events
    return mains[0]


# --- sides: a broad table of states, not only the pairs seen so far ---------------------------------

def test_world_table_knows_names_demonyms_and_capitals() -> None:
    assert party_code("Poland") == "PL"
    assert party_code("Warsaw") == "PL"
    assert party_code("Poles") == "PL"
    assert party_code("Georgian") == "GE"
    assert party_code("Burkina Faso") == "BF"
    assert party_code("Lithuanian") == "LT"
    assert party_code("Belarusians") == "BY"
    assert party_name("PL") == "Poland"
    assert party_name("LT") == "Lithuania"


def test_world_table_reads_multiword_names_and_possessives() -> None:
    text = "Officials of the Democratic Republic of the Congo and South Korea's envoy met Kenyans."
    found = [(p.code, p.kind, text[p.start:p.end]) for p in find_parties(text)]
    assert found == [("CD", "country", "Democratic Republic of the Congo"), ("KR", "country", "South Korea"),
                     ("KE", "people", "Kenyans")]


def test_swap_between_two_states_outside_the_usual_pairs() -> None:
    text = ("Poland and Belarus exchanged prisoners on Wednesday at a border crossing, officials in Warsaw said.\n"
            "Four Polish citizens who had been held in Belarus on charges their families call invented, "
            "three of them for more than a year, returned to Poland in the afternoon. "
            "Warsaw handed over two Belarusian nationals convicted of spying.")
    art = _article(text, "Poland and Belarus swap prisoners at the border")
    assert classify(art).is_swap
    event = _main(text, "Poland and Belarus swap prisoners at the border")
    assert event.parties == ("BY", "PL")
    assert event.returned["PL"].total == 4
    assert event.returned["BY"].total == 2


# --- non-prisoner senses of swap and trade; people for things ------------------------------------

def test_sports_trade_is_not_a_prisoner_swap() -> None:
    text = ("The Bulls and Celtics completed a three-player swap on Monday before the trade deadline. "
            "Chicago sends a point guard and two second-round picks to Boston in exchange for a veteran forward. "
            "\"We were prisoners of our own salary cap,\" the coach said.")
    verdict = classify(_article(text, "Bulls, Celtics agree three-player swap"))
    assert not verdict.is_swap
    assert "not-captives" in verdict.reasons


def test_a_swap_of_detained_athletes_is_still_a_prisoner_swap() -> None:
    text = ("Russia and the United States swapped prisoners on Thursday. A basketball player jailed in Moscow "
            "on drug charges was freed in exchange for a Russian arms dealer held in a US prison. "
            "The NBA welcomed her release.")
    verdict = classify(_article(text, "US and Russia swap prisoners"))
    assert "not-captives" not in verdict.reasons


def test_people_freed_in_return_for_sanctions_relief_is_not_a_swap() -> None:
    text = ("Country authorities in Minsk released 14 prisoners on Friday, and Washington said it was lifting "
            "sanctions on a state potash company in exchange.\nNo prisoners were handed to Belarus in return.")
    verdict = classify(_article(text, "Belarus frees 14 prisoners as US lifts sanctions"))
    assert not verdict.is_swap
    assert "people-for-things" in verdict.reasons


def test_thanks_for_aid_is_no_people_for_things_deal() -> None:
    text = ("Sixty Ukrainian soldiers came home from Russian captivity on Wednesday in a new exchange, Kyiv said. "
            "President Zelensky thanked the Emirates for their aid.")
    verdict = classify(_article(text, "Sixty soldiers return home in prisoner swap"))
    assert verdict.is_swap
    assert "people-for-things" not in verdict.reasons


def test_people_handed_over_for_maps_is_not_a_swap() -> None:
    text = ("Azerbaijan on Monday handed over 10 Armenian detainees in return for maps of minefields, officials "
            "said. The exchange took place at the border, and mediators thanked both sides.")
    verdict = classify(_article(text, "Azerbaijan frees 10 Armenians in exchange for minefield maps"))
    assert not verdict.is_swap


# --- page furniture ------------------------------------------------------------------------------

def test_most_read_sidebar_is_masked_with_offsets_kept() -> None:
    text = ("The city opened a new bridge on Saturday.\n\nMost popular\n"
            "1. Russia and Ukraine swap 250 prisoners each\n2. Storm warning for the weekend\n\nNext paragraph.")
    masked = mask_embeds(text)
    assert len(masked) == len(text)
    assert "swap" not in masked
    assert "Next paragraph." in masked
    assert masked.count("\n") == text.count("\n")


def test_sidebar_headline_makes_no_swap() -> None:
    text = ("Kyiv's zoo welcomed two lion cubs on Sunday, keepers said. Visitors queued for hours.\n\n"
            "Trending\nUkraine and Russia exchange 120 prisoners each in new swap\nPetrol prices rise again")
    verdict = classify(_article(text, "Kyiv zoo welcomes two lion cubs"))
    assert not verdict.is_swap
    events, _ = extract_events(_article(text, "Kyiv zoo welcomes two lion cubs"))
    assert events == ()


def test_read_also_line_is_masked() -> None:
    text = "Main story here.\nЧитайте також: Обмін полоненими: додому повернулися 90 захисників\nEnd."
    assert "90" not in mask_embeds(text)


# --- Ukrainian / Russian phrasing ---------------------------------------------------------------

def test_ukrainian_homecoming_from_captivity_is_a_swap_report() -> None:
    text = ("Сьогодні з російського полону додому повернулися 64 українці.\n"
            "Серед них – 60 військовослужбовців та 4 цивільних. "
            "Обмін відбувся за посередництва партнерів.")
    verdict = classify(_article(text, "Україна повернула з полону 64 громадян"))
    assert verdict.is_swap
    assert "swap-verb" in verdict.reasons


def test_among_the_freed_breakdown_in_ukrainian() -> None:
    text = ("Сьогодні з російської неволі додому повернулися 75 українців. "
            "Серед звільнених – 70 військовослужбовців Збройних сил і Національної гвардії, а також 5 цивільних. "
            "Обмін відбувся за посередництва партнерів.")
    event = _main(text, "Україна повернула з полону 75 громадян")
    assert event.returned["UA"] == SideCounts(military=70, civilian=5, total=75)


def test_exchange_total_outranks_a_regional_subset() -> None:
    text = ("Учора під час обміну полоненими додому повернулися двоє захисників з Житомирщини.\n"
            "Загалом під час обміну з російського полону вдалося повернути 180 військовослужбовців.")
    event = _main(text, "Двоє захисників з області повернулися з полону")
    assert event.returned["UA"].military == 180
    assert event.returned["UA"].total == 180


def test_uchora_is_yesterday() -> None:
    found = find_dates("Учора відбувся обмін.", PUBLISHED)
    assert found[0].value == "2026-04-15"


# --- breakdowns of a group ------------------------------------------------------------------------

def test_breakdown_after_a_dash_belongs_to_the_group() -> None:
    text = ("Armenia and Azerbaijan swapped detainees on Monday. Baku handed over six Armenian citizens - "
            "four soldiers who were captured after a patrol got lost and two civilians - officials said. "
            "In return Armenia released three Azerbaijani servicemen.")
    event = _main(text)
    assert event.returned["AM"] == SideCounts(military=4, civilian=2, total=6)
    assert event.returned["AZ"].military == 3


def test_among_the_n_who_returned_to_x_were_m_civilians() -> None:
    text = ("Russia and Ukraine on Monday each handed over 60 people in an exchange. "
            "Among the 60 who returned to Ukraine were nine civilians, officials said.")
    event = _main(text)
    assert event.returned["UA"] == SideCounts(civilian=9, total=60)
    assert event.returned["RU"].total == 60


def test_unsided_parts_that_add_up_to_the_lead_group_are_its_breakdown() -> None:
    text = ("Ninety Ukrainians came home on Tuesday in a prisoner exchange with Russia. "
            "According to officials in Kyiv, 81 servicemen and 9 civilians returned.")
    event = _main(text)
    assert event.returned["UA"] == SideCounts(military=81, civilian=9, total=90)


def test_parts_that_do_not_add_up_stay_unassigned() -> None:
    text = ("Ninety Ukrainians came home on Tuesday in a prisoner exchange with Russia. "
            "According to officials in Kyiv, 70 servicemen and 9 civilians returned.")
    event = _main(text)
    assert event.returned["UA"].military is None


def test_the_same_number_in_the_same_sentence() -> None:
    text = ("One hundred and ten Ukrainian soldiers were freed on Wednesday in an exchange, and Moscow received "
            "the same number of its own troops, officials said.")
    event = _main(text)
    assert event.returned["UA"].military == 110
    assert event.returned["RU"].military == 110


def test_handed_back_with_residents_of_a_region() -> None:
    text = ("Ukraine and Russia swapped prisoners on Monday. Russia's ministry said 50 Russian soldiers had been "
            "handed back, along with three civilians from the Belgorod region.")
    event = _main(text)
    assert event.returned["RU"] == SideCounts(military=50, civilian=3, total=53)


def test_verb_after_a_relative_clause_governs_the_figure() -> None:
    text = ("Latvia and Belarus exchanged prisoners on Sunday. Two Latvian citizens who had been jailed in Minsk, "
            "one of them for nearly three years on charges Riga rejects as absurd, crossed back into Latvia. "
            "Latvia handed over one Belarusian national.")
    event = _main(text)
    assert event.returned["LV"].total == 2


def test_kin_nouns_count_as_people() -> None:
    text = ("Venezuela released five Americans on Tuesday in exchange for two nephews of a senior official who "
            "had been jailed in the United States.")
    event = _main(text)
    assert event.returned["US"].total == 5
    assert event.returned["VE"].total == 2


def test_captured_after_is_not_a_stock_figure() -> None:
    text = ("Armenia and Azerbaijan swapped prisoners on Friday. Baku handed over three soldiers who had been "
            "captured after crossing the line, and Yerevan released two Azerbaijani servicemen.")
    event = _main(text)
    assert event.returned["AZ"].military == 2


def test_ukrainian_and_russian_compound_number_words() -> None:
    assert [n.value for n in find_numbers("повернулися двісті п'ять захисників")] == [205]
    assert [n.value for n in find_numbers("вернулись сто пятьдесят три военнослужащих")] == [153]
    assert [n.value for n in find_numbers("три два")] == [3, 2]


def test_a_country_in_a_border_name_is_no_mediator() -> None:
    text = ("Ukraine and Russia swapped prisoners on Tuesday on the Belarus-Ukraine border, with mediation by "
            "the United Arab Emirates. 90 Ukrainian servicemen came home.")
    assert _main(text).mediators == ("AE",)


def test_help_of_names_a_mediator() -> None:
    text = ("Russia and Ukraine on Tuesday each handed over 30 people in an exchange carried out with the "
            "humanitarian help of the Holy See.")
    assert _main(text).mediators == ("VA",)


def test_predicate_names_the_category_of_a_demonym_group() -> None:
    text = ("Armenia and Azerbaijan exchanged detainees on Monday. Baku handed over six Armenian soldiers, "
            "while Yerevan released three Azerbaijanis. All three Azerbaijanis were servicemen who had "
            "crossed the line in March, Baku said.")
    event = _main(text)
    assert event.returned["AZ"].military == 3
    assert event.returned["AZ"].total == 3


def test_a_date_in_a_pluperfect_relative_clause_dates_no_exchange() -> None:
    text = ("Armenia and Azerbaijan exchanged detainees on Monday: Baku handed over six Armenian soldiers. "
            "Yerevan released three Azerbaijani servicemen who had crossed the border in March.")
    events, _ = extract_events(_article(text))
    assert [e.role for e in events] == ["main"]
    assert events[0].returned["AZ"].military == 3


def test_among_them_breakdown_of_a_defenders_count() -> None:
    text = ("Сьогодні Україна повернула додому двісті п'ять захисників. Вони повернулися з російського полону. "
            "Серед них – 190 військовослужбовців та 15 цивільних.")
    event = _main(text)
    assert event.returned["UA"] == SideCounts(military=190, civilian=15, total=205)


def test_russian_homecoming_with_a_counterpart() -> None:
    text = ("Сегодня из украинского плена вернулись 150 российских военнослужащих, сообщило Минобороны. "
            "В обмен Украине передали 150 военнопленных ВСУ.")
    verdict = classify(_article(text, "Из украинского плена вернулись 150 российских военнослужащих"))
    assert verdict.is_swap
    event = _main(text)
    assert event.returned["RU"].military == 150
    assert event.returned["UA"].military == 150


def test_an_equal_number_freed_by_the_other_side() -> None:
    text = "Ukraine returned 75 Russian servicemen on Wednesday, and Russia freed an equal number of Ukrainian soldiers."
    event = _main(text)
    assert event.returned["RU"].military == 75
    assert event.returned["UA"].military == 75


def test_a_bare_number_to_each_side_in_a_background_swap() -> None:
    text = ("Ukraine and Russia swapped 95 prisoners each on Wednesday. The previous swap, in February, returned "
            "115 to each side.")
    events, _ = extract_events(_article(text))
    background = [e for e in events if e.role == "background"]
    assert len(background) == 1
    assert background[0].returned["UA"].total == 115
    assert background[0].returned["RU"].total == 115


def test_a_swap_between_central_asian_neighbours() -> None:
    text = ("Kyrgyzstan and Tajikistan exchanged detainees on Wednesday. Bishkek handed over seven Tajik citizens, "
            "and Dushanbe freed five Kyrgyz border guards.")
    event = _main(text)
    assert event.parties == ("KG", "TJ")
    assert event.returned["TJ"].total == 7
    assert event.returned["KG"].military == 5


def test_hostages_freed_for_a_ransom_are_no_swap() -> None:
    verdict = classify(_article("Gunmen freed three hostages on Wednesday in return for a ransom payment, police said."))
    assert not verdict.is_swap
    assert "people-for-things" in verdict.reasons
