"""Event resolution: phases, disputes, background mentions, order independence, stable ids."""

from __future__ import annotations

import itertools
import random
from datetime import date

import pytest

from swapwatch.events import Mention, Resolution, fresh_event_id, parse_event_date, resolve
from swapwatch.models import SideCounts, SwapEvent


def mention(article: str, when: str | None, *, published: date | None = None, role: str = "main",
            is_swap: bool = True, index: int = 0, outlet: str | None = None,
            parties: tuple[str, ...] = ("RU", "UA"), **counts: int | tuple[int, ...]) -> Mention:
    """counts like UA_total=390, RU_military=(207, 195)."""
    returned: dict[str, dict[str, int | tuple[int, ...]]] = {}
    for name, value in counts.items():
        side, category = name.split("_")
        returned.setdefault(side, {})[category] = value
    event = SwapEvent(date=when, parties=parties, role=role,  # type: ignore[arg-type]
                      returned={s: SideCounts(**c) for s, c in returned.items()})  # type: ignore[arg-type]
    return Mention(article, published, outlet or f"outlet-{article}", event, (), is_swap, index)


def shape(resolution: Resolution) -> list[tuple[str, tuple[str, ...], bool]]:
    return [(e.event_id, tuple(m.key for m in e.mentions), e.background_only) for e in resolution.events]


PHASES = [
    mention("a1", "2025-05-23", UA_total=390, RU_total=390),
    mention("a2", "2025-05-23", UA_total=390),
    mention("b1", "2025-05-24", UA_total=307, RU_total=307),
    mention("b2", "2025-05-24", UA_military=307),
    mention("c1", "2025-05-25", UA_total=303, RU_total=303),
    mention("c2", "2025-05-26", UA_total=303, published=date(2025, 5, 26)),  # a day late, same figure
]


def test_phases_on_consecutive_days_stay_separate_events() -> None:
    events = resolve(PHASES).events
    assert [e.event_id for e in events] == [
        "sw-RU-UA-2025-05-23", "sw-RU-UA-2025-05-24", "sw-RU-UA-2025-05-25"]
    members = [sorted(m.article_id for m in e.mentions) for e in events]
    assert members == [["a1", "a2"], ["b1", "b2"], ["c1", "c2"]]


def test_same_day_different_figures_are_one_disputed_event() -> None:
    result = resolve([mention("k", "2024-01-31", UA_military=207),
                      mention("m", "2024-01-31", UA_military=195)])
    assert len(result.events) == 1
    assert result.events[0].n_articles == 2


def test_a_day_apart_with_the_same_figures_is_one_event() -> None:
    result = resolve([mention("x", "2024-01-31", UA_total=207), mention("y", "2024-02-01", UA_total=207)])
    assert len(result.events) == 1
    assert result.events[0].date == date(2024, 1, 31)


def test_different_parties_never_merge() -> None:
    result = resolve([mention("x", "2024-08-01", US_total=5, parties=("RU", "US")),
                      mention("y", "2024-08-01", UA_total=5)])
    assert {e.parties for e in result.events} == {("RU", "US"), ("RU", "UA")}


def test_undated_report_uses_its_publication_date() -> None:
    dated = mention("d", "2025-05-24", UA_total=307)
    undated = mention("u", None, published=date(2025, 5, 26), UA_total=307)
    too_late = mention("v", None, published=date(2025, 6, 10), UA_total=307)
    result = resolve([dated, undated, too_late])
    assert shape(result)[0][1] == ("d#0", "u#0")
    assert result.events[1].event_id == "sw-RU-UA-undated-2025-06-10"
    assert result.events[1].date is None


def test_undated_report_picks_the_phase_whose_figures_it_repeats() -> None:
    result = resolve([*PHASES, mention("u", None, published=date(2025, 5, 25), UA_total=307)])
    assignment = result.assignment
    assert assignment["u#0"] == "sw-RU-UA-2025-05-24"


def test_background_creates_background_only_then_merges_with_a_main_report() -> None:
    background = mention("old", "2024-08", role="background", published=date(2025, 1, 5),
                         UA_total=115, RU_total=115)
    first = resolve([background])
    assert shape(first) == [("sw-RU-UA-2024-08", ("old#0",), True)]

    main = mention("new", "2024-08-24", UA_total=115, RU_total=115)
    second = resolve([background, main], previous=first.assignment)
    assert shape(second) == [("sw-RU-UA-2024-08", ("new#0", "old#0"), False)]
    assert second.events[0].date == date(2024, 8, 24)


def test_undated_background_joins_only_on_agreeing_figures() -> None:
    main = mention("m", "2024-08-24", UA_total=115)
    agrees = mention("b1", None, role="background", published=date(2025, 1, 5), UA_total=115)
    unknown = mention("b2", None, role="background", published=date(2025, 1, 5), UA_total=90)
    result = resolve([main, agrees, unknown])
    assert result.assignment["b1#0"] == result.assignment["m#0"]
    assert result.assignment["b2#0"] != result.assignment["m#0"]
    assert result.events[-1].background_only


def test_not_a_swap_article_does_not_make_an_event_primary() -> None:
    result = resolve([mention("x", "2024-08-24", is_swap=False, UA_bodies=50)])
    assert result.events[0].background_only


def test_conflicting_month_only_events_get_distinct_ids() -> None:
    result = resolve([mention("x", "2025-05", UA_total=390), mention("y", "2025-05", UA_total=1000)])
    assert sorted(e.event_id for e in result.events) == ["sw-RU-UA-2025-05", "sw-RU-UA-2025-05-2"]


def test_month_only_mention_joins_the_event_of_its_month_sharing_most_figures() -> None:
    days = [mention("d1", "2025-03-05", UA_total=84, RU_total=84),
            mention("d2", "2025-03-19", UA_total=175, RU_total=175),
            mention("d3", "2025-03-27", UA_total=175, UA_civilian=22)]
    both = mention("m1", "2025-03", role="background", UA_total=175, RU_total=175)
    one = mention("m2", "2025-03", role="background", UA_total=175)
    neither = mention("m3", "2025-03", role="background", UA_total=12, RU_total=12)
    bare = mention("m4", "2025-03", role="background")
    members = {e.event_id: sorted(m.article_id for m in e.mentions) for e in resolve([*days, both, one, neither, bare]).events}
    # Most shared figures wins (m1: both sides of 03-19), then the earliest event (m2 ties 03-19 and 03-27);
    # no event without a conflicting figure: a new month-only event (m3); no figures: the earliest (m4).
    assert members == {"sw-RU-UA-2025-03-05": ["d1", "m4"], "sw-RU-UA-2025-03-19": ["d2", "m1", "m2"],
                       "sw-RU-UA-2025-03-27": ["d3"], "sw-RU-UA-2025-03": ["m3"]}


def test_order_independence_over_all_permutations() -> None:
    expected = shape(resolve(PHASES))
    for order in itertools.permutations(PHASES):
        assert shape(resolve(order)) == expected


def test_order_independence_over_random_shuffles_of_a_mixed_set() -> None:
    pool = [*PHASES,
            mention("u1", None, published=date(2025, 5, 25), UA_total=307),
            mention("u2", None, published=date(2025, 5, 27)),
            mention("bg", "2024-08", role="background", published=date(2025, 5, 25), UA_total=115, index=1),
            mention("m1", "2025-05", UA_total=1000),
            mention("d1", "2024-01-31", UA_military=207),
            mention("d2", "2024-01-31", UA_military=195),
            mention("d3", "2024-02-01", UA_military=(207, 195))]
    expected = shape(resolve(pool))
    rng = random.Random(20250523)
    for _ in range(200):
        shuffled = pool[:]
        rng.shuffle(shuffled)
        assert shape(resolve(shuffled)) == expected


def test_ids_do_not_change_when_later_reports_move_the_canonical_day() -> None:
    early = [mention("u", None, published=date(2025, 5, 25), UA_total=307)]
    first = resolve(early)
    assert first.events[0].event_id == "sw-RU-UA-undated-2025-05-25"
    later = [*early, mention("d1", "2025-05-24", UA_total=307), mention("d2", "2025-05-24", UA_total=307)]
    second = resolve(later, previous=first.assignment)
    assert [e.event_id for e in second.events] == ["sw-RU-UA-undated-2025-05-25"]
    assert second.events[0].date == date(2025, 5, 24)
    # Re-running on the same data with the stored assignment changes nothing.
    assert shape(resolve(list(reversed(later)), previous=second.assignment)) == shape(second)


def test_merge_keeps_the_majority_id_and_retires_the_other() -> None:
    previous = {"a#0": "sw-A", "b#0": "sw-A", "c#0": "sw-C"}
    mentions = [mention(k, "2025-05-23", UA_total=390) for k in "abc"]
    result = resolve(mentions, previous=previous)
    assert [e.event_id for e in result.events] == ["sw-A"]
    assert result.retired == {"sw-C": "sw-A"}


def test_split_gives_the_old_id_to_the_larger_part_and_never_reuses_retired_ids() -> None:
    previous = {"a#0": "sw-RU-UA-2025-05-23", "b#0": "sw-RU-UA-2025-05-23", "c#0": "sw-RU-UA-2025-05-23"}
    mentions = [mention("a", "2025-05-23", UA_total=390), mention("b", "2025-05-23", UA_total=390),
                mention("c", "2025-05-21", UA_total=390)]
    ids = resolve(mentions, previous=previous).assignment
    assert ids["a#0"] == ids["b#0"] == "sw-RU-UA-2025-05-23"
    assert ids["c#0"] == "sw-RU-UA-2025-05-21"


def test_duplicate_mention_keys_are_counted_once() -> None:
    m = mention("a", "2025-05-23", UA_total=390)
    assert resolve([m, m]).events[0].n_articles == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-05-23", (date(2025, 5, 23), "2025-05")),
    ("2025-05", (None, "2025-05")),
    (None, (None, None)),
    ("2025-13-01", (None, None)),
    ("May 2025", (None, None)),
])
def test_parse_event_date(text: str | None, expected: tuple[date | None, str | None]) -> None:
    assert parse_event_date(text) == expected


def test_fresh_event_id_forms() -> None:
    assert fresh_event_id(("RU", "UA"), date(2025, 5, 23), "2025-05", None) == "sw-RU-UA-2025-05-23"
    assert fresh_event_id(("RU", "UA"), None, "2025-05", None) == "sw-RU-UA-2025-05"
    assert fresh_event_id(("RU", "UA"), None, None, None) == "sw-RU-UA-undated"
