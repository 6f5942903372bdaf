"""Alert planning: which events deserve a notification, and what it says.

Pure decisions only; the warehouse queues alerts in an outbox keyed by `alert_key`, and delivery
goes through `fetch.Fetcher.post_json`. Kinds:

    new      an event that is not background_only is seen for the first time (once per event, ever)
    revised  a known event's best figures changed (a value, or a figure appearing or vanishing);
             changes only in who said it do not alert
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from swapwatch.events import ResolvedEvent
from swapwatch.models import CATEGORIES
from swapwatch.reconcile import Figure

AlertKind = Literal["new", "revised"]
FigureKey = tuple[str, str]  # (side, category)
# Slack renders at most 3000 characters per text object; long source lists are cut to this many.
MAX_SLACK_SOURCES = 5


@dataclass(frozen=True, slots=True)
class EventSnapshot:
    """What an alert needs to know about one event at one moment."""

    event_id: str
    event_date: date | None
    event_month: str | None
    parties: tuple[str, ...]
    background_only: bool
    figures: tuple[Figure, ...] = ()
    n_articles: int = 0
    mediators: tuple[str, ...] = ()
    location: str | None = None
    sources: tuple[str, ...] = ()  # article URLs, oldest first


@dataclass(frozen=True, slots=True)
class Alert:
    """One planned notification with its idempotency key."""

    key: str
    kind: AlertKind
    event: EventSnapshot
    previous: tuple[Figure, ...] = ()  # the figures before a revision


def snapshot(event: ResolvedEvent, figures: Iterable[Figure], sources: Iterable[str] = ()) -> EventSnapshot:
    """Freeze a resolved event and its figures into what alert planning compares."""
    return EventSnapshot(
        event_id=event.event_id, event_date=event.date, event_month=event.month,
        parties=event.parties, background_only=event.background_only,
        figures=tuple(sorted(figures, key=lambda f: (f.side, f.category))),
        n_articles=event.n_articles, mediators=event.mediators, location=event.location,
        sources=tuple(sources),
    )


def best_values(figures: Iterable[Figure]) -> dict[FigureKey, int]:
    """The best value per (side, category): the material content of an event's figures."""
    return {(f.side, f.category): f.value for f in figures}


def figures_fingerprint(figures: Iterable[Figure]) -> str:
    """A sha256 of the best values only, so a new source for the same number changes nothing."""
    items = sorted(best_values(figures).items())
    text = json.dumps([[side, category, value] for (side, category), value in items])
    return hashlib.sha256(text.encode()).hexdigest()


def alert_key(event_id: str, kind: AlertKind, figures_fingerprint: str) -> str:
    """The idempotency key of an alert: re-planning the same change yields the same key."""
    return hashlib.sha256(f"{event_id}|{kind}|{figures_fingerprint}".encode()).hexdigest()


def plan_alerts(before: Mapping[str, EventSnapshot], after: Mapping[str, EventSnapshot]) -> list[Alert]:
    """Alerts for the step from `before` to `after` (both keyed by event id), sorted by event."""
    alerts: list[Alert] = []
    for event_id in sorted(after):
        now = after[event_id]
        if now.background_only:
            continue
        old = before.get(event_id)
        if old is None or old.background_only:
            # The fingerprint is left out: an event is announced once in its life, whatever it says.
            alerts.append(Alert(alert_key(event_id, "new", ""), "new", now))
        elif best_values(old.figures) != best_values(now.figures):
            key = alert_key(event_id, "revised", figures_fingerprint(now.figures))
            alerts.append(Alert(key, "revised", now, previous=old.figures))
    return alerts


def _counts(figures: Iterable[Figure]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for figure in figures:
        out.setdefault(figure.side, {})[figure.category] = figure.value
    return {side: dict(sorted(cats.items(), key=lambda kv: CATEGORIES.index(kv[0])))
            for side, cats in sorted(out.items())}


def webhook_payload(alert: Alert) -> dict[str, Any]:
    """The JSON body POSTed to a webhook (CONTRACT §5)."""
    event = alert.event
    payload: dict[str, Any] = {
        "event_id": event.event_id,
        "event_date": event.event_date.isoformat() if event.event_date else None,
        "event_month": event.event_month,
        "parties": list(event.parties),
        "kind": alert.kind,
        "counts": _counts(event.figures),
        "disputed": [
            {"side": f.side, "category": f.category, "values": list(f.values), "best": f.value}
            for f in event.figures if f.disputed
        ],
        "sources": list(event.sources),
        "mediators": list(event.mediators),
        "location": event.location,
        "n_articles": event.n_articles,
        "idempotency_key": alert.key,
    }
    if alert.kind == "revised":
        payload["previous_counts"] = _counts(alert.previous)
    return payload


def _side_phrase(side: str, cats: Mapping[str, int], disputed: set[FigureKey]) -> str:
    def num(category: str) -> str:
        mark = "*" if (side, category) in disputed else ""
        return f"{cats[category]}{mark}"

    parts = [f"{num(c)} {c}" for c in ("military", "civilian") if c in cats]
    if "total" in cats:
        phrase = f"{side} received {num('total')}" + (f" ({', '.join(parts)})" if parts else "")
    else:
        phrase = f"{side} received {', '.join(parts)}" if parts else ""
    if "bodies" in cats:
        bodies = f"{num('bodies')} bodies"
        phrase = f"{phrase} and {bodies}" if phrase else f"{side} received {bodies}"
    return phrase


def slack_text(alert: Alert) -> str:
    """One human-readable line: "New swap 2025-05-23 RU-UA: UA received 390 (270 military, ...)"."""
    event = alert.event
    when = event.event_date.isoformat() if event.event_date else event.event_month or "(date unknown)"
    disputed = {(f.side, f.category) for f in event.figures if f.disputed}
    sides = [_side_phrase(s, c, disputed) for s, c in _counts(event.figures).items()]
    head = "New swap" if alert.kind == "new" else "Revised swap"
    text = f"{head} {when} {'-'.join(event.parties)}: " + ("; ".join(sides) or "no figures yet") + "."
    if alert.kind == "revised":
        old = best_values(alert.previous)
        changes = [f"{s} {c} {old.get((s, c), '?')}->{v}" for (s, c), v in
                   sorted(best_values(event.figures).items()) if old.get((s, c)) != v]
        text += f" Changed: {', '.join(changes)}." if changes else ""
    return text


def slack_payload(alert: Alert) -> dict[str, Any]:
    """A Slack incoming-webhook body: `text` for notifications plus `blocks` for the message."""
    text = slack_text(alert)
    event = alert.event
    notes = [f"*disputed* {f.side} {f.category}: {' vs '.join(map(str, f.values))}"
             for f in event.figures if f.disputed]
    links = [f"<{url}|source {n}>" for n, url in enumerate(event.sources[:MAX_SLACK_SOURCES], 1)]
    context = notes + ([" · ".join(links)] if links else []) + [f"`{event.event_id}`"]
    return {
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": c} for c in context]},
        ],
    }
