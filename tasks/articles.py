"""Thin tasks: fetch a batch of article pages; extract and analyse pages over a process pool."""

from __future__ import annotations

from collections.abc import Sequence

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from swapwatch.config import AnalysisConfig, FetchConfig
from swapwatch.fetch import Fetcher
from swapwatch.models import ArticleRecord, FeedEntry, Outcome
from swapwatch.pipeline import Page, analyse_in_processes, fetch_pages


@task(name="fetch-pages", cache_policy=NO_CACHE)
def fetch_pages_task(fetcher: Fetcher, entries: Sequence[FeedEntry], cfg: FetchConfig) -> list[Page]:
    """Fetch one batch of article pages through the run's single HTTP seam."""
    pages = fetch_pages(fetcher, entries, cfg)
    ok = sum(p.result.outcome is Outcome.OK for p in pages)
    get_run_logger().info("fetched batch: %d pages, %d ok, %d failed", len(pages), ok, len(pages) - ok)
    return pages


@task(name="analyse-pages", cache_policy=NO_CACHE)
def analyse_pages_task(
    pages: Sequence[Page], langs: dict[str, str | None], cfg: AnalysisConfig
) -> list[ArticleRecord]:
    """Extract text and analyse every page, spread over `cfg.processes` worker processes."""
    records = analyse_in_processes(pages, langs, processes=cfg.processes, threshold=cfg.swap_threshold)
    swaps = sum(bool(r.analysis and r.analysis.verdict.is_swap) for r in records)
    get_run_logger().info("analysed %d pages: %d swap reports", len(records), swaps)
    return records
