"""Thin task: one batch of articles, fetched and then extracted and analysed in the run's worker pool."""

from __future__ import annotations

from collections.abc import Sequence

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from swapwatch.config import AnalysisConfig, FetchConfig
from swapwatch.fetch import Fetcher
from swapwatch.models import ArticleRecord, FeedEntry, Outcome
from swapwatch.pipeline import AnalysisPool, fetch_and_analyse


# One task per batch, not one to fetch and one to analyse: the thread running it hands every few
# pages to the worker processes as soon as they are fetched, so fetching and analysis overlap
# (two mapped tasks queue every fetch ahead of the first analysis). NO_CACHE on purpose: the
# fetcher and the pool are live resources shared by the run's tasks.
@task(name="articles-batch", cache_policy=NO_CACHE)
def articles_batch_task(
    fetcher: Fetcher, pool: AnalysisPool, entries: Sequence[FeedEntry], langs: dict[str, str | None],
    fetch_cfg: FetchConfig, analysis_cfg: AnalysisConfig,
) -> list[ArticleRecord]:
    """Fetch one batch of article pages through the HTTP seam, extracting and analysing as they arrive."""
    records = fetch_and_analyse(fetcher, pool, entries, langs, fetch_cfg, analysis_cfg.swap_threshold)
    ok = sum(r.outcome is Outcome.OK for r in records)
    swaps = sum(bool(r.analysis and r.analysis.verdict.is_swap) for r in records)
    get_run_logger().info("batch: %d pages, %d extracted, %d failed, %d swap reports",
                          len(records), ok, len(records) - ok, swaps)
    return records
