"""The reprocess flow: re-analyse stored article text when the extractor version changes."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from swapwatch.analysis import EXTRACTOR_VERSION, analyse
from swapwatch.pipeline import RunSummary
from warehouse.db import checkpoint, connect, migrate
from warehouse.queries import publish_snapshot
from warehouse.store import reprocess as reprocess_stored


@task(name="reprocess-articles", cache_policy=NO_CACHE)
def reprocess_task(db_path: str, version: str) -> RunSummary:
    """Re-analyse every stored article whose analysis is from another extractor version."""
    with closing(connect(Path(db_path))) as con:
        migrate(con)
        stored = reprocess_stored(con, analyse, version)
        checkpoint(con)
    publish_snapshot(Path(db_path))
    get_run_logger().info("reprocessed %d articles with extractor %s", stored.articles_analysed, version)
    return RunSummary(swaps_new=stored.swaps_new, swaps_revised=stored.swaps_revised,
                      alerts_queued=stored.alerts_queued)


@flow(name="reprocess")
def reprocess(db_path: str = "data/swapwatch.duckdb", force: bool = False) -> RunSummary:
    """Bring every stored analysis up to the current extractor version (`force`: all of them)."""
    version = f"{EXTRACTOR_VERSION}+forced" if force else EXTRACTOR_VERSION
    return reprocess_task(db_path, version)
