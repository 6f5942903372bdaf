"""Thin tasks: fetch a batch of article pages; extract and analyse a batch in the run's worker pool."""

from __future__ import annotations

from collections.abc import Sequence

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from swapwatch.config import AnalysisConfig, FetchConfig
from swapwatch.fetch import Fetcher
from swapwatch.models import ArticleRecord, FeedEntry, Outcome
from swapwatch.pipeline import AnalysisPool, Page, fetch_pages


@task(name="fetch-pages", cache_policy=NO_CACHE)
def fetch_pages_task(fetcher: Fetcher, entries: Sequence[FeedEntry], cfg: FetchConfig) -> list[Page]:
    """Fetch one batch of article pages through the run's single HTTP seam."""
    pages = fetch_pages(fetcher, entries, cfg)
    ok = sum(p.result.outcome is Outcome.OK for p in pages)
    get_run_logger().info("fetched batch: %d pages, %d ok, %d failed", len(pages), ok, len(pages) - ok)
    return pages


# NO_CACHE on purpose: the pool is a live resource shared by the run's tasks.
@task(name="analyse-pages", cache_policy=NO_CACHE)
def analyse_pages_task(
    pool: AnalysisPool, pages: Sequence[Page], langs: dict[str, str | None], cfg: AnalysisConfig
) -> list[ArticleRecord]:
    """Extract text and analyse one fetched batch in the run's worker processes."""
    records = pool.analyse(pages, langs, cfg.swap_threshold)
    swaps = sum(bool(r.analysis and r.analysis.verdict.is_swap) for r in records)
    get_run_logger().info("analysed batch: %d pages, %d swap reports", len(records), swaps)
    return records
