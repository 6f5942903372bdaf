"""Per-side counts, dates and roles of the exchanges an article reports, and every claim."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from swapwatch.counts import extract_events
from swapwatch.models import Article, SideCounts, SwapEvent

CASES = sorted((Path(__file__).parents[1] / "fixtures" / "articles").glob("*.json"))


def _article(case: dict[str, object]) -> Article:
    published = case.get("published")
    title = case.get("title")
    return Article(text=str(case["text"]), title=title if isinstance(title, str) else None,
                   published=date.fromisoformat(published) if isinstance(published, str) else None)


def _as_gold(event: SwapEvent) -> dict[str, object]:
    def value(v: object) -> object:
        return list(v) if isinstance(v, tuple) else v

    return {
        "date": event.date, "parties": list(event.parties), "role": event.role,
        "returned": {s: {c: value(sc.get(c)) for c in ("military", "civilian", "bodies", "total")}
                     for s, sc in sorted(event.returned.items())},
    }


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_events_match_annotation(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    events, _ = extract_events(_article(case))
    gold = [{k: e[k] for k in ("date", "parties", "role", "returned")} for e in case["events"]]
    for g in gold:
        g["returned"] = dict(sorted(g["returned"].items()))
    assert [_as_gold(e) for e in events] == gold, case["notes"]


def _one(text: str, published: date | None = date(2024, 5, 15)) -> SwapEvent:
    events, _ = extract_events(Article(text=text, published=published))
    mains = [e for e in events if e.role == "main"]
    assert len(mains) == 1, events
    return mains[0]


def test_demonyms_name_the_receiving_side() -> None:
    event = _one("Russia and Ukraine swapped prisoners on Wednesday: 90 Ukrainian soldiers returned home "
                 "and 85 Russian servicemen were flown to Moscow.")
    assert event.returned["UA"] == SideCounts(military=90, total=90)
    assert event.returned["RU"] == SideCounts(military=85, total=85)


def test_a_receiving_subject_takes_the_figure() -> None:
    event = _one("In the exchange on Wednesday, Azerbaijan received 6 captives and Armenia got back "
                 "11 prisoners.")
    assert event.returned["AZ"].total == 6
    assert event.returned["AM"].total == 11


def test_captivity_of_one_side_means_the_other_side_receives() -> None:
    event = _one("In a prisoner swap on Wednesday, Kyiv said 40 people returned from Russian captivity.")
    assert event.returned["UA"].total == 40


def test_formula_n_for_n_counts_for_both_sides() -> None:
    event = _one("Moscow and Kyiv carried out a 60-for-60 prisoner exchange on Tuesday.")
    assert event.returned["RU"].total == event.returned["UA"].total == 60


def test_military_and_civilian_add_up_to_the_total() -> None:
    event = _one("On Monday Ukraine brought home 30 Ukrainian soldiers and 5 civilians in an exchange "
                 "with Russia.")
    assert event.returned["UA"] == SideCounts(military=30, civilian=5, total=35)


def test_hedged_combined_and_cumulative_figures_are_not_counted() -> None:
    event = _one("Russia and Ukraine exchanged more than 200 prisoners on Wednesday. Moscow and Kyiv swapped "
                 "a total of 230 detainees. Since the war began, 4,100 Ukrainians have come home. "
                 "Kyiv said 100 Ukrainian soldiers returned on Wednesday.")
    assert event.returned["UA"] == SideCounts(military=100, total=100)
    assert event.returned["RU"] == SideCounts()


def test_a_differently_dated_exchange_is_background() -> None:
    events, _ = extract_events(Article(
        text="Ukraine and Russia each freed 50 soldiers on Monday. The previous swap, on April 2, "
             "returned 20 prisoners on each side.",
        published=date(2024, 5, 13),
    ))
    assert [(e.role, e.date) for e in events] == [("main", "2024-05-13"), ("background", "2024-04-02")]
    assert events[1].returned["UA"].total == 20


def test_claims_carry_kind_source_and_span() -> None:
    text = ("Zelensky said 207 Ukrainian service members returned on Wednesday. Zelensky said 3,000 "
            "soldiers had come home since the start of the war.")
    events, claims = extract_events(Article(text=text, published=date(2024, 1, 31)))
    first = claims[0]
    assert (first.side, first.category, first.value, first.kind) == ("UA", "military", 207, "event")
    assert text[first.start:first.end] == "207"
    assert first.source == "Zelensky"
    assert first.event_index == 0 and events[0].role == "main"


def test_no_parties_no_events() -> None:
    assert extract_events(Article(text="The weather was fine on Tuesday.")) == ((), ())


# --- round 2: revised figures, named swaps, "the same number", uneven formulas, home side ---

_THU = date(2027, 3, 11)  # a Thursday


def test_a_final_figure_counts_for_the_receiving_side_with_its_civilians() -> None:
    event = _one("The final figure for Wednesday's swap with Russia is 118, including three civilians, "
                 "Kyiv's ombudsman said on Thursday.", _THU)
    assert event.returned["UA"] == SideCounts(civilian=3, total=118)
    assert event.date == "2027-03-10"


def test_bringing_the_number_returned_in_an_exchange_is_an_event_figure() -> None:
    event = _one("Moscow handed over more detainees late on Wednesday, bringing the number of Ukrainians "
                 "returned in Wednesday's exchange to 131.", _THU)
    assert event.returned["UA"].total == 131


def test_a_revised_figure_outranks_the_first_one() -> None:
    event = _one("Kyiv said 90 Ukrainian soldiers came home in Wednesday's exchange. Later the tally of "
                 "Ukrainian soldiers freed rose to 96.", _THU)
    assert event.returned["UA"].military == 96


def test_a_running_total_stays_cumulative() -> None:
    events, claims = extract_events(Article(
        text="Russia and Ukraine each freed 40 soldiers on Wednesday, bringing the total of Ukrainians "
             "returned since 2022 to 5,210.", published=_THU))
    assert events[0].returned["UA"].total == 40
    assert [c.kind for c in claims if c.value == 5210] == ["cumulative"]


def test_a_named_one_for_one_swap_counts_each_person() -> None:
    event = _one("On Monday the two countries swapped prisoners in Doha, freeing Mara Lindqvist, an American "
                 "engineer jailed in Iran, in return for Reza Tavani, an Iranian businessman held in the "
                 "United States.", date(2027, 2, 1))
    assert event.parties == ("IR", "US")
    assert event.returned["US"] == SideCounts(total=1)
    assert event.returned["IR"] == SideCounts(total=1)
    assert event.date == "2027-02-01"


def test_a_named_swap_resolves_sides_by_where_people_were_held() -> None:
    event = _one("Peter Hallam, a pilot from Ohio, was exchanged for Dmitri Sokov, a Russian citizen, "
                 "at Istanbul airport on Monday, the U.S. State Department said.", date(2027, 2, 1))
    assert event.returned["RU"].total == event.returned["US"].total == 1
    held = _one("Peter Hallam, a pilot jailed in Russia, was exchanged for Dmitri Sokov, a programmer "
                "convicted in the United States, on Monday.", date(2027, 2, 1))
    assert held.returned["US"].total == held.returned["RU"].total == 1


def test_a_named_release_without_a_counterpart_is_not_a_swap_figure() -> None:
    events, _ = extract_events(Article(
        text="Russia released Peter Hallam, an American pilot, as a goodwill gesture on Monday, "
             "and pardoned Anna Brill, a US citizen.", published=date(2027, 2, 1)))
    assert all(sc.total is None for e in events for sc in e.returned.values())


def test_the_same_number_goes_to_the_other_side() -> None:
    event = _one("On Friday, 64 Ukrainian servicemen were exchanged for the same number of Russian troops.",
                 date(2027, 2, 5))
    assert event.returned["UA"] == SideCounts(military=64, total=64)
    assert event.returned["RU"] == SideCounts(military=64, total=64)


def test_the_same_number_in_german() -> None:
    event = _one("Am Freitag wurden 41 ukrainische Soldaten gegen die gleiche Anzahl russischer Soldaten "
                 "ausgetauscht.", date(2027, 2, 5))
    assert event.returned["RU"].military == event.returned["UA"].military == 41


def test_an_uneven_formula_needs_a_stated_side() -> None:
    events, _ = extract_events(Article(
        text="Russia and Ukraine carried out an 88-for-80 prisoner swap on Tuesday.",
        published=date(2027, 2, 3)))
    assert all(sc.total is None for e in events for sc in e.returned.values())
    favoured = _one("Russia and Ukraine carried out an 88-for-80 prisoner swap in Ukraine's favour "
                    "on Tuesday.", date(2027, 2, 3))
    # Once the favoured side is stated, the second number is stated for the other side.
    assert favoured.returned["UA"].total == 88 and favoured.returned["RU"].total == 80


def test_a_bare_number_after_for_takes_the_other_side() -> None:
    event = _one("On Tuesday Kyiv swapped 63 Russian soldiers for 70, the ministry said.", date(2027, 2, 3))
    assert event.returned["RU"].military == 63 and event.returned["UA"].military == 70


def test_a_completed_exchange_named_in_an_agreement_sentence_is_background() -> None:
    events, _ = extract_events(Article(
        text="Ukraine and Russia swapped 50 soldiers each on Monday. The talks in March had produced an "
             "agreement on the \"300 for 300\" exchange, which ended on March 20.",
        published=date(2027, 4, 5)))
    background = [e for e in events if e.role == "background"]
    assert background and background[0].returned["UA"].total == 300 and background[0].date == "2027-03-20"


def test_brought_home_takes_the_side_of_the_article_lead() -> None:
    events, _ = extract_events(Article(
        text="Ukraine on Sunday got back 75 Ukrainian soldiers from Russian captivity. Earlier, on March 2, "
             "the two sides had conducted another exchange, in which 60 military personnel were "
             "brought home.",
        published=date(2027, 3, 14)))
    background = [e for e in events if e.role == "background"]
    assert background and background[0].returned["UA"].military == 60


def test_a_past_verb_governs_a_figure_before_a_deal_clause() -> None:
    event = _one("Armenia and Azerbaijan exchanged 12 soldiers each on Monday in a deal that the EU said it "
                 "had brokered.", date(2024, 3, 4))
    assert event.returned["AM"].military == 12
    assert event.returned["AZ"].military == 12


def test_a_civilian_count_joined_by_and_keeps_the_side_of_its_neighbour() -> None:
    event = _one("On Friday Kyiv handed over 60 Russian servicemen and four civilians from the Bryansk area "
                 "in an exchange, and received 64 Ukrainian soldiers.", date(2024, 5, 3))
    assert event.returned["RU"] == SideCounts(military=60, civilian=4, total=64)


def test_a_total_brought_home_by_one_side_is_not_a_combined_figure() -> None:
    event = _one("Ukraine got back a total of 118 people, including 9 civilians, in a swap with Russia on "
                 "Tuesday.", date(2024, 5, 7))
    assert event.returned["UA"].total == 118
    assert event.returned["UA"].civilian == 9
    assert event.returned["UA"].military is None


def test_a_total_exchanged_by_both_sides_stays_combined() -> None:
    events, _ = extract_events(Article(text="Russia and Ukraine swapped a total of 300 prisoners on Tuesday.",
                                       published=date(2024, 5, 7)))
    assert all(c.total is None for e in events for c in e.returned.values())


def test_a_local_group_among_the_whole_is_a_part() -> None:
    event = _one("Five marines from Odesa were among the 140 Ukrainians freed in a swap with Russia on "
                 "Friday.", date(2024, 5, 3))
    assert event.returned["UA"] == SideCounts(total=140)


def test_the_same_number_in_a_later_sentence_goes_to_the_other_side() -> None:
    event = _one("Ukraine brought home 48 soldiers in an exchange on Monday. Moscow said it had received the "
                 "same number of its own servicemen.", date(2024, 5, 6))
    assert event.returned["RU"] == SideCounts(military=48, total=48)


def test_the_same_number_of_the_home_side_is_not_copied() -> None:
    event = _one("Ukraine brought home 48 soldiers in an exchange on Monday. Kyiv hopes to free the same "
                 "number of Ukrainian women next month.", date(2024, 5, 6))
    assert event.returned["RU"].total is None


def test_a_weekday_several_days_back_dates_a_background_exchange() -> None:
    events, _ = extract_events(Article(
        text="Hamas freed two hostages on Saturday in exchange for 60 Palestinian prisoners. In the first "
             "exchange of the truce last Sunday, five hostages were freed for 110 Palestinian prisoners.",
        published=date(2025, 1, 25)))
    main = [e for e in events if e.role == "main"]
    assert main[0].returned["PS"].total == 60
    assert any(e.role == "background" and e.date == "2025-01-19" for e in events)


def test_jede_seite_is_symmetric() -> None:
    event = _one("Russland und die Ukraine haben am Montag Gefangene ausgetauscht. Jede Seite habe 40 Soldaten "
                 "freigelassen.", date(2024, 5, 6))
    assert event.returned["RU"].military == 40
    assert event.returned["UA"].military == 40


def test_a_slavic_receiving_verb_and_genitive_forces_name_the_sides() -> None:
    event = _one("Российская сторона получила 40 военнослужащих после обмена в среду. "
                 "Взамен были переданы 40 военнопленных Вооруженных сил Украины.")
    assert event.returned["RU"] == SideCounts(military=40, total=40)
    assert event.returned["UA"] == SideCounts(military=40, total=40)


def test_a_possessive_between_number_and_noun_keeps_the_figure() -> None:
    event = _one("Під час обміну в середу Україна повернула 60 військових. "
                 "Російська сторона отримала 58 своїх військовослужбовців.")
    assert event.returned["RU"].military == 58
    assert event.returned["UA"].military == 60
