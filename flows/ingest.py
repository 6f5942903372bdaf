"""The ingest flow: poll feeds, fetch new articles, analyse, store, alert. One run = one cycle."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, unmapped
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows.gather import gather
from swapwatch.config import load_config
from swapwatch.pipeline import (
    AnalysisPool,
    RunSummary,
    chunked,
    due_feeds,
    failed_poll,
    failed_records,
    feed_groups,
    make_fetcher,
)
from tasks.alerts import deliver_alerts_task, publish_summary_task
from tasks.articles import articles_batch_task
from tasks.feeds import poll_feeds_task
from tasks.remote import on_task_workers
from tasks.warehouse import prepare_warehouse_task, select_new_entries_task, store_task

# Threads for I/O-bound tasks (polls, page batches); CPU work goes to the run's worker processes.
TASK_THREADS = 8
# Feeds are polled in at most this many tasks, each polling 8 feeds at a time: a task run costs
# the Prefect server ~70 ms of CPU (measured on this machine's benchmark), and a SQLite-backed server
# chokes on thousands of them (shared/notes/toolchain.md §3).
FEED_TASKS = 4


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=TASK_THREADS))
def ingest(
    feeds_path: str = "configs/feeds.yaml", db_path: str = "data/swapwatch.duckdb", force: bool = False
) -> RunSummary:
    """Poll every due feed once and record the prisoner exchanges its new articles report."""
    config = load_config(Path(feeds_path))  # ConfigError: the run fails before touching anything
    states = prepare_warehouse_task(db_path)  # WarehouseError: the run fails loudly
    feeds, waiting = due_feeds(config.enabled_feeds(), states, datetime.now(UTC), force=force)
    langs = {f.name: f.lang for f in config.feeds}
    # quote: Prefect would otherwise walk every page, record and claim of a batch looking
    # for futures (visit_collection), which cost ~2 s of the parent's CPU per 1,000 pages.
    local = config.analysis.executor == "local"  # else `swapwatch worker` processes analyse the batches
    with make_fetcher(config.fetch) as fetcher, AnalysisPool(config.analysis.processes if local else 1) as pool:
        pool.start()  # the workers import trafilatura while the feeds are fetched, then parse them
        groups = feed_groups(feeds, FEED_TASKS)
        polled = poll_feeds_task.map(unmapped(fetcher), unmapped(pool), groups, unmapped(states),
                                     unmapped(config.fetch))
        polls = [p for group in gather(polled, lambda i, why: [failed_poll(f, states.get(f.name), why)
                                                               for f in groups[i]]) for p in group]
        entries = select_new_entries_task(db_path, quote(polls), config.fetch.max_new_per_feed)
        batches = chunked(entries, config.analysis.batch_size)
        if not local:
            analysed = on_task_workers(batches, langs, config.fetch, config.analysis)
        else:
            analysed = articles_batch_task.map(unmapped(fetcher), unmapped(pool), quote(batches), unmapped(langs),
                                               unmapped(config.fetch), unmapped(config.analysis))
        records = [r for batch in gather(analysed, lambda i, why: failed_records(batches[i], why)) for r in batch]
    run_id = str(flow_run.get_id() or "local")
    summary = store_task(db_path, run_id, quote(polls), quote(entries), quote(records), len(waiting))
    summary = deliver_alerts_task(db_path, config, summary)
    publish_summary_task(summary)
    return summary

