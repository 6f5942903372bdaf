"""Reconciliation: official figures of the receiving side, agreement, recency, disputes."""

from __future__ import annotations

from datetime import date

import pytest

from swapwatch.events import Mention, ResolvedEvent
from swapwatch.models import Claim, SideCounts, SwapEvent
from swapwatch.reconcile import Figure, official_side, reconcile


def report(article: str, value: int | tuple[int, ...], *, side: str = "UA", category: str = "total",
           source: str | None = None, outlet: str | None = None, published: date | None = None) -> Mention:
    event = SwapEvent(date="2025-05-23", parties=("RU", "UA"),
                      returned={side: SideCounts(**{category: value})})  # type: ignore[arg-type]
    claims = ()
    if source is not None and isinstance(value, int):
        claim = Claim(side, category, value, "event", source, f"{value} returned", 0, 3, 0)
        claims = (claim,)
    day = published or date(2025, 5, 23)
    return Mention(article, day, outlet or f"outlet-{article}", event, claims, True, 0)


def figures(*mentions: Mention) -> dict[tuple[str, str], Figure]:
    event = ResolvedEvent("sw-x", date(2025, 5, 23), "2025-05", ("RU", "UA"), tuple(mentions), False)
    return {(f.side, f.category): f for f in reconcile(event)}


def test_receiving_sides_official_beats_a_majority_of_outlets() -> None:
    got = figures(report("z", 390, source="Zelensky"), report("a", 380), report("b", 380), report("c", 380))
    best = got[("UA", "total")]
    assert (best.value, best.rule, best.disputed, best.values) == (390, "official", True, (380, 390))
    claimed = {(c.value, c.source, c.article_id) for c in best.claimed}
    assert claimed >= {(390, "Zelensky", "z"), (380, None, "a")}


def test_the_other_sides_official_is_not_authoritative() -> None:
    got = figures(report("p", 400, source="Kremlin spokesman Peskov"), report("a", 390), report("b", 390))
    assert (got[("UA", "total")].value, got[("UA", "total")].rule) == (390, "agreement")


def test_agreement_counts_independent_outlets_not_articles() -> None:
    same_outlet = [report(f"s{i}", 195, outlet="wire") for i in range(3)]
    got = figures(*same_outlet, report("x", 207), report("y", 207))
    assert got[("UA", "total")].value == 207


def test_a_tie_goes_to_the_most_recent_report() -> None:
    got = figures(report("old", 207, published=date(2025, 5, 23)),
                  report("new", 195, published=date(2025, 5, 24)))
    assert (got[("UA", "total")].value, got[("UA", "total")].rule) == (195, "recent")


def test_a_single_value_is_not_disputed() -> None:
    got = figures(report("a", 390), report("b", 390))
    assert (got[("UA", "total")].rule, got[("UA", "total")].disputed) == ("single", False)


def test_a_disputed_value_inside_one_article_is_kept() -> None:
    got = figures(report("a", (207, 195), category="military"))
    assert got[("UA", "military")].disputed
    assert got[("UA", "military")].values == (195, 207)


def test_figures_are_sorted_and_per_side() -> None:
    got = figures(report("a", 390), report("b", 390, side="RU"))
    assert list(got) == [("RU", "total"), ("UA", "total")]


@pytest.mark.parametrize(("source", "side"), [
    ("Zelensky", "UA"), ("Ukraine's Coordination Headquarters for the Treatment of POWs", "UA"),
    ("RU defence ministry", "RU"), ("Russian Defence Ministry", "RU"), ("Kremlin", "RU"),
    ("Ukrainska Pravda", None), ("Russian state media", None), ("a witness", None), (None, None),
    ("US State Department", "US"), ("Hamas", "PS"),
])
def test_official_side(source: str | None, side: str | None) -> None:
    assert official_side(source) == side
