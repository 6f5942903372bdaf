"""Thin task: poll one feed (fetch with conditional GET, parse, next state)."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from swapwatch.config import FetchConfig
from swapwatch.fetch import Fetcher
from swapwatch.models import Feed, FeedState
from swapwatch.pipeline import FeedPoll, poll_feed


# NO_CACHE on purpose: every run must fetch again, and the fetcher is a live client.
@task(name="poll-feed", cache_policy=NO_CACHE, task_run_name="poll-{feed.name}")
def poll_feed_task(fetcher: Fetcher, feed: Feed, state: FeedState | None, cfg: FetchConfig) -> FeedPoll:
    """Poll one feed; every ending is a recorded outcome, never an exception."""
    poll = poll_feed(fetcher, feed, state, cfg)
    get_run_logger().info(
        "feed %s: %s (HTTP %s), %d entries, %d tossed%s",
        feed.name, poll.outcome, poll.status, len(poll.entries), poll.tossed,
        f": {poll.error}" if poll.error else "",
    )
    return poll
