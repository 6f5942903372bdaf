"""The run's worker processes: what they import, what they parse, and how a batch streams to them.

Real processes (spawn) and real HTTP from the demo site on 127.0.0.1; no Prefect.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from swapwatch.config import load_config
from swapwatch.demo import DemoServer
from swapwatch.feeds import parse_feed
from swapwatch.models import ArticleRecord, Outcome
from swapwatch.pipeline import (
    _WARM,
    AnalysisPool,
    analyse_pages,
    fetch_and_analyse,
    fetch_pages,
    make_fetcher,
    poll_feed,
    prestart_pool,
)

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
WORKER_MODULES = "sorted(m for m in ('httpx', 'feedparser', 'prefect', 'duckdb', 'polars', 'trafilatura') " \
                 "if m in __import__('sys').modules)"


@pytest.fixture(scope="module")
def pool() -> Iterator[AnalysisPool]:
    with AnalysisPool(2) as workers:
        workers.start()
        yield workers


def _timeless(records: list[ArticleRecord]) -> list[ArticleRecord]:
    return [replace(r, fetched_at=EPOCH) for r in records]


def test_a_worker_imports_extraction_only_not_the_http_client_or_prefect(pool: AnalysisPool) -> None:
    # Each worker's start-up is paid once per run on the same two cores as the run itself.
    imported = pool._executor().submit(eval, WORKER_MODULES).result()
    assert imported == ["trafilatura"]


def test_feeds_parsed_in_a_worker_are_the_feeds_parsed_here(site: DemoServer, tmp_path: Path,
                                                            pool: AnalysisPool) -> None:
    config = load_config(site.feeds_yaml(tmp_path / "feeds.yaml"))
    with make_fetcher(config.fetch) as fetcher:
        for feed in config.feeds:
            body = fetcher.get(feed.url, max_bytes=config.fetch.feed_max_bytes).body
            assert body is not None
            kwargs = {"feed_name": feed.name, "base_url": feed.url, "content_type": "application/rss+xml"}
            here, there = parse_feed(body, **kwargs), pool.parse_feed(body, **kwargs)
            assert there == here
            assert there.entries


def test_a_batch_streams_to_the_workers_and_comes_back_in_entry_order(site: DemoServer, tmp_path: Path,
                                                                      pool: AnalysisPool) -> None:
    config = load_config(site.feeds_yaml(tmp_path / "feeds.yaml"))
    langs = {f.name: f.lang for f in config.feeds}
    with make_fetcher(config.fetch) as fetcher:
        entries = [e for f in config.feeds for e in poll_feed(fetcher, f, None, config.fetch).entries]
        streamed = fetch_and_analyse(fetcher, pool, entries, langs, config.fetch, chunk=3)
        here = analyse_pages(fetch_pages(fetcher, entries, config.fetch), langs)
    assert len(entries) > 8  # several chunks, some analysed in the workers
    assert [r.article_id for r in streamed] == [r.article_id for r in here]
    assert _timeless(streamed) == _timeless(here)
    assert any(r.outcome is Outcome.OK and r.analysis and r.analysis.verdict.is_swap for r in streamed)


def test_a_prestarted_pool_is_taken_over_by_the_run() -> None:
    prestart_pool(3)
    warm = _WARM[3]
    with AnalysisPool(3) as run_pool:
        assert run_pool._executor() is warm
    assert 3 not in _WARM
