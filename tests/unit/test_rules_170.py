"""Rules added in rules-1.7: general phrasing classes of exchange news, on sentences written for the tests."""

from __future__ import annotations

from datetime import date

from swapwatch.classify import classify
from swapwatch.dates import find_dates
from swapwatch.figures import find_figures
from swapwatch.sentences import split_sentences
from tests.support.rules import Reader

PUBLISHED = date(2026, 3, 14)
_READER = Reader(PUBLISHED)
_article, _events, _main = _READER.article, _READER.events, _READER.main


def test_people_a_report_interviewed_are_no_exchange() -> None:
    text = ("Monitors said they had interviewed 140 Ukrainian prisoners of war freed in exchanges this year. "
            "They also interviewed 52 Russian prisoners of war held by Ukraine. Most described abuse in captivity.")
    verdict = classify(_article(text, "Monitors report abuse of prisoners of war"))
    assert not verdict.is_swap
    assert all(e.role == "background" for e in _events(text))


def test_a_general_noun_before_a_category_noun_is_its_modifier() -> None:
    sentence = split_sentences("Украинской стороне переданы 95 пленных военнослужащих ВСУ.")[0]
    (fig,) = find_figures(sentence, ("RU", "UA"))
    assert (fig.value, fig.category, fig.sides) == (95, "military", ("UA",))


def test_all_civilians_in_apposition_names_the_category_of_the_lead_group() -> None:
    text = ("Hamas handed three Israeli captives to the Red Cross on Saturday, and Israel released 90 Palestinian "
            "prisoners in the exchange. The three men, all civilians, were then driven across the border.")
    main = _main(text)
    assert main.returned["IL"].civilian == 3
    assert main.returned["IL"].total == 3
    assert main.returned["PS"].total == 90


def test_the_group_traded_for_a_named_side_gets_the_other_side() -> None:
    sentence = split_sentences("Two captives were freed in exchange for 60 Palestinian prisoners.")[0]
    figs = find_figures(sentence, ("IL", "PS"))
    assert [(f.value, f.sides) for f in figs] == [(2, ("IL",)), (60, ("PS",))]


def test_one_from_each_country_splits_a_combined_figure() -> None:
    text = ("Armenia and Azerbaijan on Friday exchanged two soldiers who had crossed the border by mistake, "
            "one from each country, at a checkpoint, officials said.")
    main = _main(text)
    assert main.returned["AM"].military == 1
    assert main.returned["AZ"].military == 1


def test_a_split_that_does_not_halve_the_figure_is_ignored() -> None:
    sentence = split_sentences("The two sides exchanged 40 soldiers, three from each side, officials said.")[0]
    figs = find_figures(sentence, ("AM", "AZ"))
    assert not any(f.value == 20 for f in figs)


def test_weeks_and_days_back_are_dates() -> None:
    (week,) = find_dates("A week earlier, the sides met.", PUBLISHED)
    (days,) = find_dates("Three days ago they spoke.", PUBLISHED)
    assert (week.value, week.kind) == ("2026-03-07", "ago")
    assert days.value == "2026-03-11"


def test_a_swap_a_week_earlier_is_background() -> None:
    text = ("Russia and Ukraine exchanged 120 prisoners of war each on Saturday, officials said. "
            "A week earlier, 80 Ukrainian soldiers were freed in exchange for 80 Russian troops.")
    events = _events(text)
    background = [e for e in events if e.role == "background"]
    assert len(background) == 1
    assert background[0].date == "2026-03-07"
    assert background[0].returned["UA"].military == 80


def test_ukrainian_singular_past_verbs_report_a_completed_return() -> None:
    text = ("Україна в четвер повернула додому 120 громадян з російського полону. "
            "Серед звільнених – 110 військовослужбовців та 10 цивільних, повідомив президент.")
    verdict = classify(_article(text, "Україна повернула з полону 120 людей"))
    assert verdict.is_swap, verdict.reasons
    main = _main(text)
    assert (main.returned["UA"].military, main.returned["UA"].civilian, main.returned["UA"].total) == (110, 10, 120)


def test_ukrainian_singular_demonym_after_a_numeral() -> None:
    text = ("Україна повернула 60 військових. Нагадаємо, попередній обмін відбувся 2 березня – тоді з полону "
            "повернувся 41 українець.")
    background = [e for e in _events(text) if e.role == "background"]
    assert background and background[0].returned["UA"].total == 41


def test_a_traded_engineer_is_one_person() -> None:
    text = ("Russia freed an American engineer on Thursday in exchange for a Russian man convicted of "
            "smuggling, officials said.")
    main = _main(text, "Russia frees American engineer in prisoner swap")
    assert main.returned["US"].total == 1
    assert main.returned["RU"].total == 1


def test_an_official_who_speaks_is_not_a_traded_person() -> None:
    text = ("Russia received the remains of 30 of its servicemen in return, a Russian official told reporters. "
            "Ukraine received 500 bodies on Friday.")
    for event in _events(text):
        assert event.returned.get("RU") is None or event.returned["RU"].total is None


def test_a_capture_headline_is_no_handover() -> None:
    text = ("Ukrainian troops have captured 40 Russian servicemen near the border, the brigade said on Friday. "
            "The prisoners will be added to the exchange fund. The last exchange brought home 150 Ukrainian soldiers.")
    verdict = classify(_article(text, "Ukrainian forces capture 40 Russian soldiers for the exchange fund"))
    assert not verdict.is_swap, verdict.reasons


def test_the_formula_of_a_staged_deal_is_not_the_stage() -> None:
    text = ("Two hundred Ukrainian servicemen were freed on Saturday in the second stage of the 500-for-500 "
            "exchange agreed at the talks. Russia said it received 200 of its soldiers.")
    main = _main(text)
    assert main.returned["UA"].military == 200
    assert main.returned["RU"].military == 200
    assert 500 not in (main.returned["UA"].total, main.returned["RU"].total)
