"""Conversions between swapwatch records and warehouse rows, in both directions.

Pure functions: a record becomes a dict keyed like the table's `pl.Schema` (warehouse/models.py),
and rows read back become records again (feed states, mentions, figures).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from swapwatch.events import Mention
from swapwatch.models import (
    CATEGORIES,
    Analysis,
    ArticleRecord,
    Claim,
    FeedEntry,
    FeedState,
    SideCounts,
    SwapEvent,
)
from swapwatch.reconcile import ClaimedValue, Figure
from warehouse.db import from_utc, to_utc

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class FeedPollRecord:
    """One feed polled in one run: the state to remember plus what happened."""

    state: FeedState
    outcome: str  # an Outcome value
    http_status: int | None
    error: str | None
    n_entries: int
    n_new: int
    tossed: int
    polled_at: datetime
    run_id: str


def feed_state_row(state: FeedState) -> Row:
    """A `feed_state` row from a FeedState."""
    return {
        "feed_name": state.feed_name, "url": state.url, "enabled": state.enabled, "etag": state.etag,
        "last_modified": state.last_modified, "body_hash": state.body_hash,
        "last_outcome": state.last_outcome, "last_status": state.last_status,
        "last_error": state.last_error, "last_polled_at": to_utc(state.last_polled_at),
        "last_success_at": to_utc(state.last_success_at),
        "consecutive_failures": state.consecutive_failures, "failure_score": state.failure_score,
        "next_poll_at": to_utc(state.next_poll_at), "disabled_reason": state.disabled_reason,
    }


def feed_state_of(row: Mapping[str, Any]) -> FeedState:
    """A FeedState from a `feed_state` row, timestamps made timezone-aware (UTC)."""
    return FeedState(
        feed_name=row["feed_name"], url=row["url"], enabled=row["enabled"], etag=row["etag"],
        last_modified=row["last_modified"], body_hash=row["body_hash"],
        last_outcome=row["last_outcome"], last_status=row["last_status"], last_error=row["last_error"],
        last_polled_at=from_utc(row["last_polled_at"]), last_success_at=from_utc(row["last_success_at"]),
        consecutive_failures=row["consecutive_failures"], failure_score=row["failure_score"],
        next_poll_at=from_utc(row["next_poll_at"]), disabled_reason=row["disabled_reason"],
    )


def feed_poll_row(poll: FeedPollRecord) -> Row:
    """A `feed_polls` history row."""
    return {
        "run_id": poll.run_id, "feed_name": poll.state.feed_name, "polled_at": to_utc(poll.polled_at),
        "outcome": str(poll.outcome), "http_status": poll.http_status, "error": poll.error,
        "n_entries": poll.n_entries, "n_new": poll.n_new, "tossed": poll.tossed,
    }


def entry_row(entry: FeedEntry, *, run_id: str, now: datetime) -> Row:
    """An `entries` row; first_seen_at is preserved by the upsert when the entry is known."""
    return {
        "entry_id": entry.entry_id, "feed_name": entry.feed_name, "guid": entry.guid,
        "link": entry.link, "url_norm": entry.url_norm, "title": entry.title, "summary": entry.summary,
        "published": to_utc(entry.published), "link_problem": entry.link_problem,
        "first_seen_at": now, "last_seen_at": now, "run_id": run_id,
    }


def article_row(record: ArticleRecord, *, duplicate_of: str | None, run_id: str, now: datetime) -> Row:
    """An `articles` row: text, metadata, outcome and the syndicated original if any."""
    return {
        "article_id": record.article_id, "url": record.url, "final_url": record.final_url,
        "feed_name": record.feed_name, "outcome": str(record.outcome), "error": record.error,
        "title": record.title, "text": record.text, "published": record.published, "lang": record.lang,
        "content_hash": record.content_hash, "duplicate_of": duplicate_of,
        "fetched_at": to_utc(record.fetched_at), "first_seen_at": now, "run_id": run_id,
    }


def claim_id(article_id: str, claim: Claim) -> str:
    """A stable id for a claim: the same figure at the same span of the same article."""
    text = f"{article_id}|{claim.event_index}|{claim.start}|{claim.end}|{claim.side}|{claim.category}|" \
           f"{claim.kind}|{claim.value}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def returned_json(returned: Mapping[str, SideCounts]) -> str:
    """SwapEvent.returned as JSON (disputed tuples become lists)."""
    out = {side: {c: (list(v) if isinstance(v, tuple) else v) for c in CATEGORIES
                  for v in [counts.get(c)]} for side, counts in sorted(returned.items())}
    return json.dumps(out, sort_keys=True)


def returned_of(text: str) -> dict[str, SideCounts]:
    """SwapEvent.returned back from its JSON."""
    raw: dict[str, dict[str, Any]] = json.loads(text)
    return {side: SideCounts(**{c: (tuple(v) if isinstance(v, list) else v) for c, v in cats.items()
                                if c in CATEGORIES}) for side, cats in raw.items()}


def analysis_rows(article_id: str, analysis: Analysis, now: datetime) -> tuple[Row, list[Row], list[Row]]:
    """The classification row, claim rows and article_events rows of one analysed article."""
    version = analysis.extractor_version
    classification = {
        "article_id": article_id, "extractor_version": version, "is_swap": analysis.verdict.is_swap,
        "score": float(analysis.verdict.score), "reasons": list(analysis.verdict.reasons),
        "classified_at": now,
    }
    claims = [{
        "claim_id": claim_id(article_id, c), "article_id": article_id, "extractor_version": version,
        "event_index": c.event_index, "side": c.side.upper(), "category": c.category, "value": c.value,
        "kind": c.kind, "source": c.source, "sentence": c.sentence, "span_start": c.start, "span_end": c.end,
    } for c in analysis.claims]
    events = [{
        "article_id": article_id, "event_index": i, "role": e.role, "event_date": e.date,
        "parties": sorted(p.upper() for p in e.parties), "returned": returned_json(e.returned),
        "mediators": list(e.mediators), "location": e.location, "extractor_version": version,
        "event_id": None,
    } for i, e in enumerate(analysis.events)]
    return classification, claims, events


def mention_of(row: Mapping[str, Any], claims: Sequence[Claim]) -> Mention:
    """A Mention from an article_events row joined with its article and classification."""
    event = SwapEvent(
        date=row["event_date"], parties=tuple(row["parties"]), returned=returned_of(row["returned"]),
        mediators=tuple(row["mediators"] or ()), location=row["location"], role=row["role"],
    )
    return Mention(
        article_id=row["article_id"], published=row["published"], outlet=row["feed_name"], event=event,
        claims=tuple(claims), is_swap=bool(row["is_swap"]), index=row["event_index"],
    )


def claim_of(row: Mapping[str, Any]) -> Claim:
    """A Claim from a `claims` row."""
    return Claim(
        side=row["side"], category=row["category"], value=row["value"], kind=row["kind"],
        source=row["source"], sentence=row["sentence"], start=row["span_start"], end=row["span_end"],
        event_index=row["event_index"],
    )


def claimed_json(claimed: Sequence[ClaimedValue]) -> str:
    """The claims behind a figure as JSON: value, source, article, outlet, published."""
    return json.dumps([{
        "value": c.value, "source": c.source, "article_id": c.article_id, "outlet": c.outlet,
        "published": c.published.isoformat() if c.published else None,
    } for c in claimed])


def figure_row(figure: Figure) -> Row:
    """An `event_figures` row."""
    return {
        "event_id": figure.event_id, "side": figure.side, "category": figure.category,
        "value": figure.value, "disputed": figure.disputed, "rule": figure.rule,
        "claimed_values": list(figure.values), "claimed": claimed_json(figure.claimed),
    }


def figure_of(row: Mapping[str, Any]) -> Figure:
    """A Figure back from an `event_figures` row."""
    claimed = tuple(ClaimedValue(
        value=c["value"], source=c["source"], article_id=c["article_id"], outlet=c["outlet"],
        published=date.fromisoformat(c["published"]) if c["published"] else None,
    ) for c in json.loads(row["claimed"]))
    return Figure(event_id=row["event_id"], side=row["side"], category=row["category"], value=row["value"],
                  disputed=row["disputed"], rule=row["rule"], claimed=claimed)
