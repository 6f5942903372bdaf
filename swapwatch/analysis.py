"""Classify and count in one pass: the Analysis the pipeline stores for every article."""

from __future__ import annotations

from dataclasses import replace

from swapwatch.classify import DEFAULT_THRESHOLD, verdict_from
from swapwatch.counts import read_article
from swapwatch.models import Analysis, Article, SwapEvent

# Bump whenever a rule changes, so stored analyses can be recomputed on purpose.
EXTRACTOR_VERSION = "rules-1.2.0"


def _bodies_only(event: SwapEvent) -> bool:
    """True when an event returns only the remains of the dead."""
    return all(c.military is None and c.civilian is None and c.total is None for c in event.returned.values())


def analyse(article: Article, threshold: float | None = None) -> Analysis:
    """Verdict, events (main first, then background) and sourced claims for one article."""
    reading = read_article(article)
    verdict = verdict_from(article, reading, DEFAULT_THRESHOLD if threshold is None else threshold)
    events = reading.events
    if not verdict.is_swap:
        # Not the report of a swap: what it recalls is background, except a bodies-only
        # repatriation, which the guide keeps as the article's main (non-swap) event.
        events = tuple(
            e if e.role == "background" or _bodies_only(e) else replace(e, role="background") for e in events
        )
    return Analysis(verdict=verdict, events=events, claims=reading.claims,
                    extractor_version=EXTRACTOR_VERSION)
