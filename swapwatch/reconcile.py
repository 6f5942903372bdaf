"""Reconciliation: the best figure of an event for each receiving side and category.

Rules, in order (the first that decides wins; `Figure.rule` records which):

    official   a value stated by an official of the RECEIVING side's own government about its own
               people ("Zelensky: 390 Ukrainians are home" decides UA's figure, not RU's)
    agreement  the value repeated by the most independent outlets (then the most articles)
    recent     the value of the most recently published report among those still tied
    single     nobody disagrees: one value only

`disputed` is True as soon as two distinct values were claimed for one side and category; every
claim is kept in `claimed` so an analyst can see who said what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from swapwatch.events import Mention, ResolvedEvent, counts_of

Rule = Literal["official", "agreement", "recent", "single"]

# Names and institutions whose statements are their government's (lower-case substrings).
_OFFICIALS: dict[str, tuple[str, ...]] = {
    "UA": ("zelensk", "coordination headquarters", "coordination hq", "lubinets", "yermak", "budanov",
           "umerov", "sybiha", "kuleba", "sbu", "kyiv", "kiev"),
    "RU": ("putin", "peskov", "kremlin", "moskalkova", "lavrov", "zakharova", "fsb", "moscow",
           "medinsky", "shoigu", "belousov"),
    "US": ("white house", "state department", "biden", "trump", "blinken", "rubio", "pentagon",
           "washington"),
    "IL": ("netanyahu", "idf", "prime minister's office", "cogat"),
    "PS": ("hamas",),
    "BY": ("lukashenko", "minsk"),
    "AM": ("pashinyan", "yerevan"),
    "AZ": ("aliyev", "baku"),
    "YE": ("houthi", "ansar allah", "sanaa"),
}
# Country adjectives that make a government word ("ministry", "president") an official source.
_COUNTRIES: dict[str, str] = {
    "ukrain": "UA", "russia": "RU", "israel": "IL", "united states": "US", "u.s.": "US",
    "american": "US", "belarus": "BY", "armenia": "AM", "azerbaijan": "AZ", "palestin": "PS",
    "yemen": "YE", "iran": "IR",
}
_GOVERNMENT = re.compile(
    r"ministry|minister|president|government|headquarters|ombuds|commissioner|office|military|army|"
    r"defen[cs]e|armed forces|security service|intelligence|spokes|official|authorit|embassy"
)
# Outlets are not officials even when their name carries a country ("Ukrainska Pravda").
_MEDIA = re.compile(
    r"media|news|pravda|\btass\b|\bria\b|interfax|reuters|\bap\b|\bafp\b|\bbbc\b|\btv\b|channel"
)
_ISO_PREFIX = re.compile(r"^([A-Z]{2})\b")


@dataclass(frozen=True, slots=True)
class ClaimedValue:
    """One value claimed for a figure: by whom, in which article and outlet, published when."""

    value: int
    source: str | None
    article_id: str
    outlet: str | None = None
    published: date | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """The best value of one figure of one event, with every claim behind it."""

    event_id: str
    side: str
    category: str
    value: int
    disputed: bool
    rule: Rule
    claimed: tuple[ClaimedValue, ...]

    @property
    def values(self) -> tuple[int, ...]:
        """The distinct values claimed, ascending."""
        return tuple(sorted({c.value for c in self.claimed}))


def official_side(source: str | None) -> str | None:
    """The country whose government a source speaks for, or None (outlets, unknown voices)."""
    if not source:
        return None
    prefix = _ISO_PREFIX.match(source.strip())
    if prefix:
        return prefix.group(1)
    text = source.lower()
    if _MEDIA.search(text):
        return None
    for side, names in _OFFICIALS.items():
        if any(name in text for name in names):
            return side
    if _GOVERNMENT.search(text):
        for stem, side in _COUNTRIES.items():
            if stem in text:
                return side
    return None


def _claims_of(mention: Mention) -> list[tuple[str, str, ClaimedValue]]:
    """(side, category, claimed value) for every figure a mention states, sourced where known."""
    out: list[tuple[str, str, ClaimedValue]] = []
    seen: set[tuple[str, str, int]] = set()
    for claim in mention.claims:
        if claim.kind != "event" or claim.event_index not in (None, mention.index):
            continue
        side = claim.side.upper()
        out.append((side, claim.category, ClaimedValue(
            claim.value, claim.source, mention.article_id, mention.outlet, mention.published)))
        seen.add((side, claim.category, claim.value))
    # Figures the extractor put on the event without a claim still count, attributed to the outlet.
    for (side, category), values in sorted(counts_of(mention.event).items()):
        for value in sorted(values):
            if (side, category, value) not in seen:
                out.append((side, category, ClaimedValue(
                    value, None, mention.article_id, mention.outlet, mention.published)))
    return out


def _support(pool: list[ClaimedValue], value: int) -> tuple[int, int]:
    """(independent outlets, articles) behind one value; an unnamed outlet counts per article."""
    backers = [c for c in pool if c.value == value]
    outlets = {c.outlet or f"article:{c.article_id}" for c in backers}
    return len(outlets), len({c.article_id for c in backers})


def best_value(side: str, claimed: list[ClaimedValue]) -> tuple[int, Rule]:
    """Pick one value for a side's figure from its claims by the module's rules."""
    officials = [c for c in claimed if official_side(c.source) == side]
    pool = officials or claimed
    values = sorted({c.value for c in pool})
    if len({c.value for c in claimed}) == 1:
        return values[0], "official" if officials else "single"
    support = {v: _support(pool, v) for v in values}
    top = max(support.values())
    leaders = [v for v in values if support[v] == top]
    if len(leaders) == 1:
        return leaders[0], "official" if officials else "agreement"

    def recency(value: int) -> tuple[date, str]:
        return max((c.published or date.min, c.article_id) for c in pool if c.value == value)

    # Ties go to the latest report; a same-day tie to the higher article id, only to stay stable.
    chosen = max(leaders, key=lambda v: (recency(v), v))
    return chosen, "official" if officials else "recent"


def reconcile(event: ResolvedEvent) -> tuple[Figure, ...]:
    """The best figure per (side, category) of one event, sorted by side then category."""
    grouped: dict[tuple[str, str], list[ClaimedValue]] = {}
    for mention in event.mentions:
        for side, category, claimed in _claims_of(mention):
            grouped.setdefault((side, category), []).append(claimed)
    figures: list[Figure] = []
    for (side, category), values in sorted(grouped.items()):
        unique = sorted(set(values), key=lambda c: (c.value, c.article_id, c.source or ""))
        value, rule = best_value(side, unique)
        figures.append(Figure(
            event_id=event.event_id, side=side, category=category, value=value,
            disputed=len({c.value for c in unique}) > 1, rule=rule, claimed=tuple(unique),
        ))
    return tuple(figures)
