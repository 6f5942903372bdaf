"""The reprocess flow: re-analyse stored article text when the extractor version changes."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from swapwatch.analysis import EXTRACTOR_VERSION, analyse
from swapwatch.pipeline import RunSummary
from warehouse.db import checkpoint, connect, migrate
from warehouse.queries import publish_snapshot
from warehouse.store import reprocess as reprocess_stored


@task(name="reprocess-articles", cache_policy=NO_CACHE)
def reprocess_task(db_path: str, force: bool = False, since: str | None = None,
                   until: str | None = None) -> RunSummary:
    """Re-analyse stored articles (stale ones, or all with `force`), optionally in a published range."""
    with closing(connect(Path(db_path))) as con:
        migrate(con)
        stored = reprocess_stored(con, analyse, EXTRACTOR_VERSION, force=force,
                                  since=date.fromisoformat(since) if since else None,
                                  until=date.fromisoformat(until) if until else None)
        checkpoint(con)
    publish_snapshot(Path(db_path))
    get_run_logger().info("re-analysed %d articles with extractor %s: %d swaps new, %d revised",
                          stored.articles_analysed, EXTRACTOR_VERSION, stored.swaps_new, stored.swaps_revised)
    return RunSummary(swaps_new=stored.swaps_new, swaps_revised=stored.swaps_revised,
                      alerts_queued=stored.alerts_queued)


@flow(name="reprocess")
def reprocess(db_path: str = "data/swapwatch.duckdb", force: bool = False) -> RunSummary:
    """Bring every stored analysis up to the current extractor version (`force`: redo all of them)."""
    return reprocess_task(db_path, force)
