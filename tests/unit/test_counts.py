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
    event = _one("In the exchange on Wednesday, Azerbaijan received 6 captives and Armenia got back 11 prisoners.")
    assert event.returned["AZ"].total == 6
    assert event.returned["AM"].total == 11


def test_captivity_of_one_side_means_the_other_side_receives() -> None:
    event = _one("In a prisoner swap on Wednesday, Kyiv said 40 people returned from Russian captivity.")
    assert event.returned["UA"].total == 40


def test_formula_n_for_n_counts_for_both_sides() -> None:
    event = _one("Moscow and Kyiv carried out a 60-for-60 prisoner exchange on Tuesday.")
    assert event.returned["RU"].total == event.returned["UA"].total == 60


def test_military_and_civilian_add_up_to_the_total() -> None:
    event = _one("On Monday Ukraine brought home 30 Ukrainian soldiers and 5 civilians in an exchange with Russia.")
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
