"""Re-resolve events over every stored mention and write what changed (called inside a transaction).

One pass: load mentions and the previous mention -> event assignment, `swapwatch.events.resolve`,
`swapwatch.reconcile.reconcile`, then write events, figures, revisions, aliases and the alert
outbox. Nothing here opens or commits a transaction: the caller's transaction makes it all-or-nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from swapwatch.alerts import (
    Alert,
    EventSnapshot,
    best_values,
    plan_alerts,
    slack_payload,
    snapshot,
    webhook_payload,
)
from swapwatch.events import Mention, ResolvedEvent, resolve
from swapwatch.models import Claim
from swapwatch.reconcile import Figure, reconcile
from warehouse.db import insert, upsert
from warehouse.models import frame_of
from warehouse.rows import claim_of, figure_of, figure_row, mention_of


@dataclass(frozen=True, slots=True)
class RefreshSummary:
    """What one re-resolution changed."""

    swaps_new: int
    swaps_revised: int
    alerts_queued: int
    revisions: int
    events_total: int


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def load_assignments(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The previous mention key -> event id assignment."""
    rows = con.execute("SELECT article_id || '#' || event_index, event_id FROM article_events "
                       "WHERE event_id IS NOT NULL").fetchall()
    return {key: event_id for key, event_id in rows}


def load_mentions(con: duckdb.DuckDBPyConnection) -> tuple[list[Mention], dict[str, str]]:
    """Every mention that counts (fetched, analysed, not a syndicated copy) and article URLs."""
    claims: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for row in _dicts(con, "SELECT * FROM claims WHERE kind = 'event' AND event_index IS NOT NULL "
                           "ORDER BY article_id, event_index, span_start, claim_id"):
        claims[(row["article_id"], row["event_index"])].append(claim_of(row))
    rows = _dicts(con, """
        SELECT ae.*, a.published, a.feed_name, a.url, c.is_swap
        FROM article_events AS ae
        JOIN articles AS a USING (article_id)
        JOIN classifications AS c USING (article_id)
        WHERE a.duplicate_of IS NULL AND a.outcome = 'OK'
        ORDER BY ae.article_id, ae.event_index""")
    mentions = [mention_of(r, claims.get((r["article_id"], r["event_index"]), [])) for r in rows]
    return mentions, {r["article_id"]: r["url"] for r in rows}


def load_snapshots(
    con: duckdb.DuckDBPyConnection,
) -> tuple[dict[str, EventSnapshot], dict[str, dict[str, Any]]]:
    """The stored events as snapshots, plus their bookkeeping columns (first_seen_at, updated_at)."""
    figures: dict[str, list[Figure]] = defaultdict(list)
    for row in _dicts(con, "SELECT * FROM event_figures ORDER BY event_id, side, category"):
        figures[row["event_id"]].append(figure_of(row))
    snapshots: dict[str, EventSnapshot] = {}
    meta: dict[str, dict[str, Any]] = {}
    for row in _dicts(con, "SELECT * FROM events ORDER BY event_id"):
        snapshots[row["event_id"]] = EventSnapshot(
            event_id=row["event_id"], event_date=row["event_date"], event_month=row["event_month"],
            parties=tuple(row["parties"]), background_only=row["background_only"],
            figures=tuple(figures.get(row["event_id"], ())), n_articles=row["n_articles"],
            mediators=tuple(row["mediators"]), location=row["location"],
        )
        meta[row["event_id"]] = row
    return snapshots, meta


def _material(snap: EventSnapshot) -> tuple[object, ...]:
    """What makes an event row 'updated': everything but the list of source URLs."""
    figures = tuple((f.side, f.category, f.value, f.disputed, f.values) for f in snap.figures)
    return (snap.event_date, snap.event_month, snap.parties, snap.background_only, snap.n_articles,
            snap.mediators, snap.location, figures)


def _culprit(event: ResolvedEvent, side: str, category: str, value: int | None,
             trigger: Collection[str]) -> str | None:
    """The newest triggering article that states the new value (else any triggering article)."""
    def states(mention: Mention) -> bool:
        return any(c.side.upper() == side and c.category == category and c.value == value
                   for c in mention.claims) or value in _values_of(mention, side, category)

    ranked = sorted((m for m in event.mentions if m.article_id in trigger),
                    key=lambda m: (not states(m), -(m.published or date.min).toordinal(), m.article_id))
    return ranked[0].article_id if ranked else None


def _values_of(mention: Mention, side: str, category: str) -> tuple[int, ...]:
    counts = mention.event.returned.get(side)
    value = counts.get(category) if counts is not None else None
    return () if value is None else (value,) if isinstance(value, int) else value


def _revision_rows(before: Mapping[str, EventSnapshot], after: Mapping[str, EventSnapshot],
                   events: Mapping[str, ResolvedEvent], trigger: Collection[str], reason: str,
                   run_id: str, now: datetime) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for event_id in sorted(set(before) & set(after)):
        old, new = best_values(before[event_id].figures), best_values(after[event_id].figures)
        rules = {(f.side, f.category): f.rule for f in after[event_id].figures}
        for side, category in sorted(set(old) | set(new)):
            was, now_value = old.get((side, category)), new.get((side, category))
            if was == now_value:
                continue
            article = _culprit(events[event_id], side, category, now_value, trigger)
            why = f"{side} {category} {was}->{now_value} (rule {rules.get((side, category), 'gone')})"
            why += f" after article {article} ({reason})" if article else f" after {reason}"
            ident = f"{event_id}|{side}|{category}|{was}|{now_value}|{now.isoformat()}"
            rows.append({
                "revision_id": hashlib.sha256(ident.encode()).hexdigest()[:32], "event_id": event_id,
                "side": side, "category": category, "old_value": was, "new_value": now_value,
                "revised_at": now, "reason": why, "article_id": article, "run_id": run_id,
            })
    return rows


def _queue(con: duckdb.DuckDBPyConnection, alerts: list[Alert], run_id: str, now: datetime) -> int:
    """Insert alerts whose key is not in the outbox yet; the primary key backs this up."""
    if not alerts:
        return 0
    present = {k for (k,) in con.execute("SELECT alert_key FROM alerts WHERE alert_key = ANY(?)",
                                         [[a.key for a in alerts]]).fetchall()}
    rows = [{
        "alert_key": a.key, "event_id": a.event.event_id, "kind": a.kind,
        "payload": json.dumps(webhook_payload(a)), "slack": json.dumps(slack_payload(a)),
        "created_at": now, "status": "pending", "attempts": 0, "last_error": None,
        "next_attempt_at": now, "delivered_at": None, "run_id": run_id,
    } for a in alerts if a.key not in present]
    insert(con, "alerts", frame_of(rows, "alerts"))
    return len(rows)


def refresh_events(con: duckdb.DuckDBPyConnection, *, run_id: str, now: datetime,
                   trigger: Collection[str], reason: str) -> RefreshSummary:
    """Re-resolve all mentions, reconcile figures, and write events, revisions and alerts."""
    previous = load_assignments(con)
    before, meta = load_snapshots(con)
    mentions, urls = load_mentions(con)
    resolution = resolve(mentions, previous)
    events = {e.event_id: e for e in resolution.events}
    after: dict[str, EventSnapshot] = {}
    for event in resolution.events:
        sources = sorted({urls[m.article_id] for m in event.mentions if m.article_id in urls})
        after[event.event_id] = snapshot(event, reconcile(event), sources)

    rows = []
    for event_id, snap in after.items():
        old = meta.get(event_id)
        unchanged = old is not None and _material(before[event_id]) == _material(snap)
        rows.append({
            "event_id": event_id, "event_date": snap.event_date, "event_month": snap.event_month,
            "parties": list(snap.parties), "mediators": list(snap.mediators), "location": snap.location,
            "background_only": snap.background_only, "n_articles": snap.n_articles,
            "first_seen_at": old["first_seen_at"] if old else now,
            "updated_at": old["updated_at"] if old and unchanged else now,
        })
    live = list(after)
    con.execute("DELETE FROM events WHERE NOT (event_id = ANY(?))", [live])
    upsert(con, "events", frame_of(rows, "events"), ["event_id"])
    con.execute("DELETE FROM event_figures")
    insert(con, "event_figures", frame_of([figure_row(f) for s in after.values() for f in s.figures],
                                          "event_figures"))
    con.execute("UPDATE article_events SET event_id = NULL")
    assignment = frame_of([{"article_id": k.rsplit("#", 1)[0], "event_index": int(k.rsplit("#", 1)[1]),
                            "event_id": v} for k, v in sorted(resolution.assignment.items())],
                          "article_events").select("article_id", "event_index", "event_id")
    con.register("_assignment", assignment)
    try:
        con.execute("UPDATE article_events AS ae SET event_id = a.event_id FROM _assignment AS a "
                    "WHERE ae.article_id = a.article_id AND ae.event_index = a.event_index")
    finally:
        con.unregister("_assignment")
    aliases = [{"old_event_id": old, "event_id": new, "merged_at": now, "run_id": run_id}
               for old, new in sorted(resolution.retired.items())]
    upsert(con, "event_aliases", frame_of(aliases, "event_aliases"), ["old_event_id"])

    revisions = _revision_rows(before, after, events, trigger, reason, run_id, now)
    upsert(con, "event_revisions", frame_of(revisions, "event_revisions"), ["revision_id"],
           preserve=[c for c in revisions[0] if c != "revision_id"] if revisions else ())
    alerts = plan_alerts(before, after)
    return RefreshSummary(
        swaps_new=sum(a.kind == "new" for a in alerts),
        swaps_revised=sum(a.kind == "revised" for a in alerts),
        alerts_queued=_queue(con, alerts, run_id, now), revisions=len(revisions), events_total=len(after),
    )
