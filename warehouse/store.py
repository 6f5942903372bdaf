"""The warehouse writer the flows call: one transaction per run, idempotent on rerun.

store_feed_polls / load_feed_states       feed bookkeeping between runs
known_entries / known_articles /
content_duplicates                        dedupe before fetching
store_batch                               entries, articles, analyses, then re-resolved events,
figures, revisions and queued alerts, all or nothing
reprocess                                 re-analyse stored text for a new extractor version
pending_alerts / mark_attempt             the outbox the alert sender drains
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from swapwatch.errors import WarehouseError
from swapwatch.models import Analysis, Article, ArticleRecord, FeedEntry, FeedState, Outcome
from warehouse.db import from_utc, to_utc, transaction, upsert, utc_now
from warehouse.models import frame_of
from warehouse.resolution import RefreshSummary, refresh_events
from warehouse.rows import (
    FeedPollRecord,
    analysis_rows,
    article_row,
    entry_row,
    feed_poll_row,
    feed_state_of,
    feed_state_row,
)

__all__ = [
    "FeedPollRecord", "OutboxAlert", "StoreSummary", "content_duplicates", "known_articles",
    "known_entries", "load_feed_states", "mark_attempt", "pending_alerts", "reprocess", "store_batch",
    "store_feed_polls",
]

# Delivery back-off: 1, 2, 4, ... minutes, capped at 6 hours; after this many attempts we give up.
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class StoreSummary:
    """Counts of what one store call wrote."""

    run_id: str
    entries_new: int = 0
    entries_seen: int = 0
    articles_new: int = 0
    articles_duplicate: int = 0
    articles_failed: int = 0
    articles_analysed: int = 0
    swaps_new: int = 0
    swaps_revised: int = 0
    revisions: int = 0
    alerts_queued: int = 0
    events_total: int = 0


@dataclass(frozen=True, slots=True)
class OutboxAlert:
    """One queued alert as the sender sees it."""

    alert_key: str
    event_id: str
    kind: str
    payload: dict[str, Any]
    slack: dict[str, Any]
    attempts: int
    created_at: datetime
    status: str = "pending"


def _present(con: duckdb.DuckDBPyConnection, table: str, column: str, values: Iterable[str]) -> set[str]:
    wanted = sorted({v for v in values if v})
    if not wanted:
        return set()
    rows = con.execute(f"SELECT {column} FROM {table} WHERE {column} = ANY(?)", [wanted]).fetchall()
    return {r[0] for r in rows}


def known_entries(con: duckdb.DuckDBPyConnection, entry_ids: Iterable[str]) -> set[str]:
    """The entry ids already stored (skip them before fetching)."""
    return _present(con, "entries", "entry_id", entry_ids)


def known_articles(con: duckdb.DuckDBPyConnection, url_keys: Iterable[str]) -> set[str]:
    """The article ids (url keys) already fetched successfully; failed ones may be retried."""
    wanted = sorted(set(url_keys))
    if not wanted:
        return set()
    rows = con.execute("SELECT article_id FROM articles WHERE article_id = ANY(?) AND outcome = 'OK'",
                       [wanted]).fetchall()
    return {r[0] for r in rows}


def content_duplicates(con: duckdb.DuckDBPyConnection, hashes: Iterable[str]) -> dict[str, str]:
    """For each known content hash, the original article (first seen, then lowest id) carrying it."""
    wanted = sorted({h for h in hashes if h})
    if not wanted:
        return {}
    rows = con.execute(
        "SELECT content_hash, arg_min(article_id, (first_seen_at, article_id)) FROM articles "
        "WHERE content_hash = ANY(?) AND duplicate_of IS NULL AND outcome = 'OK' GROUP BY content_hash",
        [wanted]).fetchall()
    return {h: a for h, a in rows}


def load_feed_states(con: duckdb.DuckDBPyConnection) -> dict[str, FeedState]:
    """Every remembered feed state by feed name."""
    cursor = con.execute("SELECT * FROM feed_state ORDER BY feed_name")
    names = [d[0] for d in cursor.description or []]
    return {row[0]: feed_state_of(dict(zip(names, row, strict=True))) for row in cursor.fetchall()}


def _write_polls(con: duckdb.DuckDBPyConnection, polls: Sequence[FeedPollRecord]) -> None:
    upsert(con, "feed_state", frame_of([feed_state_row(p.state) for p in polls], "feed_state"), ["feed_name"])
    upsert(con, "feed_polls", frame_of([feed_poll_row(p) for p in polls], "feed_polls"),
           ["run_id", "feed_name"])


def store_feed_polls(con: duckdb.DuckDBPyConnection, polls: Sequence[FeedPollRecord]) -> int:
    """Remember each feed's new state and append its poll to the history, in one transaction."""
    with transaction(con):
        _write_polls(con, polls)
    return len(polls)


def _originals(con: duckdb.DuckDBPyConnection, records: Sequence[ArticleRecord],
               stored: set[str], now: datetime) -> dict[str, str]:
    """Article id -> the article it is a syndicated copy of (same content hash, seen earlier)."""
    ok = [r for r in records if r.outcome is Outcome.OK and r.content_hash]
    known = content_duplicates(con, [r.content_hash for r in ok if r.content_hash])
    first: dict[str, tuple[datetime, str]] = {}
    for article_id, seen in con.execute(
            "SELECT article_id, first_seen_at FROM articles WHERE article_id = ANY(?)",
            [sorted(known.values())]).fetchall():
        first[article_id] = (seen, article_id)
    # The original is the earliest first_seen_at, then the lowest id: the same answer on every rerun.
    best: dict[str, tuple[datetime, str]] = {h: first[a] for h, a in known.items() if a in first}
    for record in ok:
        digest = record.content_hash or ""
        candidate = (now, record.article_id)
        if digest not in best or (record.article_id not in stored and candidate < best[digest]):
            best[digest] = candidate
    return {r.article_id: best[r.content_hash or ""][1] for r in ok
            if best[r.content_hash or ""][1] != r.article_id}


def _write_analyses(con: duckdb.DuckDBPyConnection, analysed: Sequence[tuple[str, Analysis]],
                    now: datetime) -> None:
    """Replace classification, claims and mentions of each article (event ids are kept as hints)."""
    if not analysed:
        return
    classifications, claims, mentions = [], [], []
    for article_id, analysis in analysed:
        c, cl, ev = analysis_rows(article_id, analysis, now)
        classifications.append(c)
        claims += cl
        mentions += ev
    ids = sorted({a for a, _ in analysed})
    upsert(con, "classifications", frame_of(classifications, "classifications"), ["article_id"])
    con.execute("DELETE FROM claims WHERE article_id = ANY(?)", [ids])
    upsert(con, "claims", frame_of(claims, "claims"), ["claim_id"])
    keep = [f"{m['article_id']}#{m['event_index']}" for m in mentions]
    con.execute("DELETE FROM article_events WHERE article_id = ANY(?) "
                "AND NOT (article_id || '#' || event_index = ANY(?))", [ids, keep])
    # The stored event_id is the previous assignment resolve() reuses; a re-analysis keeps it.
    upsert(con, "article_events", frame_of(mentions, "article_events"), ["article_id", "event_index"],
           preserve=["event_id"])


def _refresh(con: duckdb.DuckDBPyConnection, analysed: Sequence[tuple[str, Analysis]], *, run_id: str,
             now: datetime, reason: str) -> RefreshSummary:
    """Re-resolve events when something was (re-)analysed; an idle run leaves every event as it was."""
    if not analysed:  # events depend only on stored analyses: nothing new, nothing to re-resolve
        row = con.execute("SELECT count(*) FROM events").fetchone()
        return RefreshSummary(0, 0, 0, 0, int(row[0]) if row else 0)
    return refresh_events(con, run_id=run_id, now=now, trigger={a for a, _ in analysed}, reason=reason)


def store_batch(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    entries: Sequence[FeedEntry],
    articles: Sequence[ArticleRecord],
    now: datetime,
    polls: Sequence[FeedPollRecord] = (),
) -> StoreSummary:
    """Write one run's entries, articles and analyses, then re-resolve events, all in one transaction."""
    now = to_utc(now) or utc_now()
    records = list({r.article_id: r for r in articles}.values())  # last copy of an id wins
    with transaction(con, "store"):
        if polls:
            _write_polls(con, polls)
        seen_entries = known_entries(con, [e.entry_id for e in entries])
        upsert(con, "entries", frame_of([entry_row(e, run_id=run_id, now=now) for e in entries], "entries"),
               ["entry_id"], preserve=["first_seen_at"])
        stored = _present(con, "articles", "article_id", [r.article_id for r in records])
        good = known_articles(con, stored)
        # A failed refetch never overwrites a good stored copy of the article.
        records = [r for r in records if r.outcome is Outcome.OK or r.article_id not in good]
        originals = _originals(con, records, stored, now)
        rows = [article_row(r, duplicate_of=originals.get(r.article_id), run_id=run_id, now=now)
                for r in records]
        upsert(con, "articles", frame_of(rows, "articles"), ["article_id"], preserve=["first_seen_at"])
        analysed = [(r.article_id, r.analysis) for r in records
                    if r.outcome is Outcome.OK and r.analysis is not None]
        _write_analyses(con, analysed, now)
        refresh = _refresh(con, analysed, run_id=run_id, now=now, reason=f"run {run_id}")
    new_records = [r for r in records if r.article_id not in stored]
    return StoreSummary(
        run_id=run_id, entries_new=len({e.entry_id for e in entries} - seen_entries),
        entries_seen=len({e.entry_id for e in entries}), articles_new=len(new_records),
        articles_duplicate=sum(r.article_id in originals for r in new_records),
        articles_failed=sum(r.outcome is not Outcome.OK for r in articles), articles_analysed=len(analysed),
        swaps_new=refresh.swaps_new, swaps_revised=refresh.swaps_revised, revisions=refresh.revisions,
        alerts_queued=refresh.alerts_queued, events_total=refresh.events_total,
    )


def reprocess(
    con: duckdb.DuckDBPyConnection,
    analyse: Callable[[Article], Analysis],
    extractor_version: str,
    *,
    now: datetime | None = None,
    run_id: str | None = None,
    force: bool = False,
    since: date | None = None,
    until: date | None = None,
) -> StoreSummary:
    """Re-analyse stored article text from another extractor version (`force`: every article).

    `since` / `until` keep it to articles published in that range (a backfill of a period).
    """
    now = to_utc(now) or utc_now()
    run_id = run_id or f"reprocess-{extractor_version}-{now:%Y%m%dT%H%M%S}"
    stale = con.execute("""
        SELECT a.article_id, a.text, a.title, a.url, a.published, a.lang
        FROM articles AS a LEFT JOIN classifications AS c USING (article_id)
        WHERE a.outcome = 'OK' AND a.text IS NOT NULL
          AND (? OR c.extractor_version IS NULL OR c.extractor_version <> ?)
          AND (CAST(? AS DATE) IS NULL OR a.published >= CAST(? AS DATE))
          AND (CAST(? AS DATE) IS NULL OR a.published <= CAST(? AS DATE))
        ORDER BY a.article_id""", [force, extractor_version, since, since, until, until]).fetchall()
    # Analysis is pure and may be slow: run it before taking the write transaction.
    analysed = [
        (aid, analyse(Article(text=text, title=title, url=url, published=published, lang=lang, id=aid)))
        for aid, text, title, url, published, lang in stale
    ]
    with transaction(con):
        _write_analyses(con, analysed, now)
        refresh = _refresh(con, analysed, run_id=run_id, now=now,
                           reason=f"reprocess with extractor {extractor_version}")
    return StoreSummary(
        run_id=run_id, articles_analysed=len(analysed), swaps_new=refresh.swaps_new,
        swaps_revised=refresh.swaps_revised, revisions=refresh.revisions,
        alerts_queued=refresh.alerts_queued, events_total=refresh.events_total,
    )


def pending_alerts(
    con: duckdb.DuckDBPyConnection, limit: int = 50, *, now: datetime | None = None
) -> list[OutboxAlert]:
    """Alerts due for delivery, oldest first."""
    due = to_utc(now) or utc_now()
    rows = con.execute(
        "SELECT alert_key, event_id, kind, payload, slack, attempts, created_at, status FROM alerts "
        "WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) "
        "ORDER BY created_at, event_id, kind, alert_key LIMIT ?", [due, limit]).fetchall()
    return [OutboxAlert(alert_key=k, event_id=e, kind=kind, payload=json.loads(p), slack=json.loads(s),
                        attempts=n, created_at=from_utc(c) or c, status=st)
            for k, e, kind, p, s, n, c, st in rows]


def mark_attempt(
    con: duckdb.DuckDBPyConnection,
    key: str,
    *,
    delivered: bool,
    error: str | None,
    at: datetime,
    max_attempts: int = MAX_ATTEMPTS,
) -> str:
    """Record one delivery attempt; returns the alert's new status."""
    at = to_utc(at) or utc_now()
    row = con.execute("SELECT attempts, status FROM alerts WHERE alert_key = ?", [key]).fetchone()
    if row is None:
        msg = f"alerts: no alert with key {key!r} to mark"
        raise WarehouseError(msg)
    attempts = int(row[0]) + 1
    next_at: datetime | None = None
    if delivered:
        status = "delivered"
    elif attempts >= max_attempts or (error is not None and Outcome.BLOCKED_SSRF.value in error):
        # Retrying a refused target or a dead hook forever only hides the problem.
        status = "undeliverable"
    else:
        status = "pending"
        next_at = at + min(FIRST_RETRY * 2 ** (attempts - 1), MAX_RETRY)
    con.execute(
        "UPDATE alerts SET attempts = ?, status = ?, last_error = ?, next_attempt_at = ?, "
        "delivered_at = ? WHERE alert_key = ?",
        [attempts, status, None if delivered else error, next_at, at if delivered else None, key])
    return status
