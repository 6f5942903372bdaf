"""Thin tasks around the warehouse: migrate, pick new entries, write a run's batch."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from swapwatch.models import ArticleRecord, FeedEntry, FeedState, Outcome
from swapwatch.pipeline import FeedPoll, RunSummary, new_entries
from swapwatch.urls import url_key
from warehouse.db import checkpoint, connect, migrate
from warehouse.queries import publish_snapshot, retryable_articles
from warehouse.rows import FeedPollRecord
from warehouse.store import StoreSummary, known_articles, known_entries, load_feed_states, store_batch


@task(name="prepare-warehouse", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[2, 10])
def prepare_warehouse_task(db_path: str) -> dict[str, FeedState]:
    """Open (retrying on a lock), apply pending migrations, and load every feed's state."""
    with closing(connect(Path(db_path))) as con:
        applied = migrate(con)
        states = load_feed_states(con)
    if applied:
        get_run_logger().info("warehouse %s: applied migrations %s", db_path, ", ".join(applied))
    return states


@task(name="select-new-entries", cache_policy=NO_CACHE)
def select_new_entries_task(db_path: str, polls: Sequence[FeedPoll], cap_per_feed: int) -> list[FeedEntry]:
    """Entries whose article is not yet stored whole (dedupe against the warehouse)."""
    entries = [e for p in polls for e in p.entries]
    keys = {url_key(e.url_norm) for e in entries if e.url_norm}
    with closing(connect(Path(db_path))) as con:
        known = known_entries(con, [e.entry_id for e in entries])
        good = known_articles(con, keys)
        retry = retryable_articles(con, keys)
    chosen = new_entries(polls, known, good, retry, cap_per_feed)
    get_run_logger().info("%d entries in feeds, %d need fetching", len(entries), len(chosen))
    return chosen


@task(name="store", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[5, 20])
def store_task(
    db_path: str,
    run_id: str,
    polls: Sequence[FeedPoll],
    entries: Sequence[FeedEntry],
    records: Sequence[ArticleRecord],
    waiting: int,
) -> RunSummary:
    """The run's single writer: one transaction (whole or nothing), a checkpoint, a reader snapshot."""
    now = datetime.now(UTC)
    with closing(connect(Path(db_path))) as con:
        stored = store_batch(con, run_id=run_id, entries=entries, articles=records, now=now,
                             polls=poll_records(polls, entries, run_id))
        checkpoint(con)
    publish_snapshot(Path(db_path))
    summary = summarise(polls, stored, waiting)
    get_run_logger().info("stored run %s:\n%s", run_id, summary.describe())
    return summary


def poll_records(polls: Sequence[FeedPoll], chosen: Sequence[FeedEntry], run_id: str) -> list[FeedPollRecord]:
    """The feed_state / feed_polls rows of this run's polls."""
    new_by_feed: dict[str, int] = {}
    for entry in chosen:
        new_by_feed[entry.feed_name] = new_by_feed.get(entry.feed_name, 0) + 1
    return [
        FeedPollRecord(state=p.state, outcome=str(p.outcome), http_status=p.status, error=p.error,
                       n_entries=len(p.entries), n_new=new_by_feed.get(p.feed.name, 0), tossed=p.tossed,
                       polled_at=p.polled_at, run_id=run_id)
        for p in polls
    ]


_GOOD_FEED = {Outcome.OK, Outcome.PARSED_WITH_WARNINGS, Outcome.NOT_MODIFIED}


def summarise(polls: Sequence[FeedPoll], stored: StoreSummary, waiting: int) -> RunSummary:
    """Fold the polls and the store counts into the run summary."""
    failed = [p for p in polls if p.outcome not in _GOOD_FEED]
    return RunSummary(
        feeds_polled=len(polls), feeds_ok=len(polls) - len(failed),
        feeds_unchanged=sum(p.unchanged for p in polls), feeds_failed=len(failed), feeds_skipped=waiting,
        entries_new=stored.entries_new, articles_new=stored.articles_new,
        articles_duplicate=stored.articles_duplicate, articles_failed=stored.articles_failed,
        swaps_new=stored.swaps_new, swaps_revised=stored.swaps_revised, alerts_queued=stored.alerts_queued,
        failures=tuple(f"{p.feed.name}: {p.outcome}: {p.error or ''}".rstrip(": ") for p in failed),
    )
