"""Thin task: poll a group of feeds (fetch with conditional GET, parse, next state)."""

from __future__ import annotations

from collections.abc import Sequence

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from swapwatch.config import FetchConfig
from swapwatch.fetch import Fetcher
from swapwatch.models import Feed, FeedState
from swapwatch.pipeline import AnalysisPool, FeedPoll, poll_feeds


# NO_CACHE on purpose: every run must fetch again, and the fetcher is a live client shared by the
# run's tasks so that per-host politeness holds across them (the pool too is a live resource).
@task(name="poll-feeds", cache_policy=NO_CACHE)
def poll_feeds_task(
    fetcher: Fetcher, pool: AnalysisPool, feeds: Sequence[Feed], states: dict[str, FeedState], cfg: FetchConfig
) -> list[FeedPoll]:
    """Poll a group of feeds, parsing in the run's worker processes; every ending is a recorded outcome."""
    polls = poll_feeds(fetcher, feeds, states, cfg, parse=pool.parse_feed)
    log = get_run_logger()
    for poll in polls:
        log.info("feed %s: %s (HTTP %s), %d entries, %d tossed%s", poll.feed.name, poll.outcome,
                 poll.status, len(poll.entries), poll.tossed, f": {poll.error}" if poll.error else "")
    return polls
