"""Article batches on Prefect task workers: the task `swapwatch worker` serves, and the run's wait for it."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from prefect import get_run_logger, task
from prefect.cache_policies import DEFAULT
from prefect.client.schemas.objects import StateType
from prefect.exceptions import ObjectNotFound
from prefect.futures import PrefectFuture
from prefect.settings import PREFECT_API_URL

from swapwatch.config import AnalysisConfig, FetchConfig
from swapwatch.errors import TaskWorkerError
from swapwatch.models import ArticleRecord, FeedEntry, Outcome
from swapwatch.pipeline import analyse_pages, fetch_pages, make_fetcher


# Inputs are plain, picklable values (they travel through result storage to another process, maybe
# another machine), so the worker builds its own fetcher; politeness then holds per batch, and
# `chunked` keeps a host's articles together. Analysis runs in this worker process: run one worker
# per core. DEFAULT because a task worker turns NO_CACHE into DEFAULT anyway; its key includes the
# flow run id, so a batch result is reused only within its own run, never by a later one.
@task(name="articles-batch-remote", cache_policy=DEFAULT)
def remote_articles_batch_task(
    entries: Sequence[FeedEntry], langs: dict[str, str | None], fetch_cfg: FetchConfig, analysis_cfg: AnalysisConfig,
    give_up_at: datetime,
) -> list[ArticleRecord]:
    """Fetch and analyse one batch of article pages on a task worker, with a fetcher built from config."""
    # The server keeps a batch queued after its run stopped waiting (neither cancelling nor deleting the
    # task run stops a worker taking it): without this, workers back from an outage would re-fetch every
    # abandoned batch, for nobody, ahead of the current run's.
    if datetime.now(UTC) > give_up_at:
        msg = f"abandoned batch of {len(entries)} articles, not fetched: its run gave up at {give_up_at:%H:%M:%S} UTC"
        raise TimeoutError(msg)
    with make_fetcher(fetch_cfg) as fetcher:
        pages = fetch_pages(fetcher, entries, fetch_cfg)
    records = analyse_pages(pages, langs, analysis_cfg.swap_threshold)
    fetched = sum(p.result.outcome is Outcome.OK for p in pages)
    swaps = sum(bool(r.analysis and r.analysis.verdict.is_swap) for r in records)
    get_run_logger().info("remote batch: %d pages, %d fetched, %d failed, %d swap reports",
                          len(pages), fetched, len(pages) - fetched, swaps)
    return records


def on_task_workers(
    batches: Sequence[Sequence[FeedEntry]], langs: dict[str, str | None], fetch_cfg: FetchConfig,
    analysis_cfg: AnalysisConfig,
) -> Sequence[PrefectFuture[list[ArticleRecord]]]:
    """Hand each batch to the task workers and wait for every one to end, within the configured timeout."""
    timeout = analysis_cfg.task_worker_timeout
    give_up_at = datetime.now(UTC) + timedelta(seconds=timeout)  # wall clock: workers may be other machines
    futures = [remote_articles_batch_task.delay(b, langs, fetch_cfg, analysis_cfg, give_up_at) for b in batches]
    deadline = time.monotonic() + timeout
    try:
        for future in futures:  # one deadline for all: the batches run side by side on the workers
            future.wait(timeout=max(0.0, deadline - time.monotonic()))
        states = [f.state for f in futures]
    except ObjectNotFound as exc:  # a worker deletes a run whose parameters it cannot read: misconfigured
        msg = (f"an article batch's task run vanished from {PREFECT_API_URL.value()}, most likely deleted by a "
               "task worker that could not read the batch from result storage (its log says 'Failed to read "
               "parameters'); the run and every `swapwatch worker` must share result storage: the same "
               "PREFECT_RESULTS_LOCAL_STORAGE_PATH on one machine, the same PREFECT_RESULTS_DEFAULT_STORAGE_BLOCK "
               "and PREFECT_TASKS_SCHEDULING_DEFAULT_STORAGE_BLOCK across machines")
        raise TaskWorkerError(msg) from exc
    # A batch that failed on a worker is final and becomes failed records in `gather`; one that never
    # ended means no worker took it (or too few, too slow): a run-level problem, so the run fails.
    unfinished = [s for s in states if not s.is_final()]
    if unfinished:
        waiting = sum(s.type is StateType.SCHEDULED for s in unfinished)
        msg = (f"analysis.task_worker_timeout: {len(unfinished)} of {len(futures)} article batches unfinished "
               f"after {timeout:g} s, {waiting} of them never taken by a task worker; is a `swapwatch worker` "
               f"running against {PREFECT_API_URL.value()} with the same result storage as this run? Nothing "
               "was stored; the next run fetches these articles again (workers skip the abandoned batches).")
        raise TaskWorkerError(msg)
    return futures
