"""Classify and count in one pass: the Analysis the pipeline stores for every article."""

from __future__ import annotations

import re
from dataclasses import replace

from swapwatch.classify import DEFAULT_THRESHOLD, verdict_from
from swapwatch.counts import read_article
from swapwatch.models import Analysis, Article, SwapEvent, Verdict

# Bump whenever a rule changes, so stored analyses can be recomputed on purpose.
EXTRACTOR_VERSION = "rules-1.8.16"

# Words without which no text reports an exchange of people or remains, in the languages we read.
# Most articles in a war-news feed have none of them; they skip the full rule pass (the costly part).
# Plain substrings of the lower-cased text: a case-insensitive regex alternation over Cyrillic
# costs ~3 ms on a 60 KB page, more than the rest of a non-swap page's analysis.
_TOPIC_WORDS = (
    "exchang", "swap", "prisoner", "captiv", "hostage", "detain", "repatriat", "bodies", "remains",
    "in return for", "transfer", "hand over", "handed over", "handover", "переда",
    "обмін", "полон", "заручник", "репатріац", "тіл", "обмен", "плен", "заложник", "репатриац",
    "тела", "тело", "austausch", "gefangen", "geisel", "échang", "prisonnier", "otage",
)
# The boundary before "pow" is looked behind for: a pattern that starts with a literal is found by a fast
# string search, where "\bpows?\b" is tried at every position ("pow" is in most pages: "power").
_POWS = re.compile(r"pow(?<!\wpow)s?\b")


def _has_topic(text: str) -> bool:
    lowered = text.lower()
    return any(map(lowered.__contains__, _TOPIC_WORDS)) or _POWS.search(lowered) is not None


def mentions_exchange(article: Article) -> bool:
    """Whether the article uses any word an exchange report needs (a cheap pre-filter)."""
    return _has_topic(article.text) or _has_topic(article.title or "")


def _bodies_only(event: SwapEvent) -> bool:
    """True when an event returns only the remains of the dead."""
    return all(c.military is None and c.civilian is None and c.total is None for c in event.returned.values())


def analyse(article: Article, threshold: float | None = None) -> Analysis:
    """Verdict, events (main first, then background) and sourced claims for one article."""
    if not mentions_exchange(article):
        verdict = Verdict(is_swap=False, score=0.0, reasons=("no-exchange-vocabulary",))
        return Analysis(verdict=verdict, extractor_version=EXTRACTOR_VERSION)
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
