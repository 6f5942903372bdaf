"""Several task workers, extraction fanned out, one writer: `analysis.executor: task-workers` for real.

One scenario, in the order an operator meets it, so that the workers start once (~5 s each on 2 cores)
and their start overlaps a local-executor run: first no worker (the run fails within its timeout and
stores nothing), then two `swapwatch worker` subprocesses on the session's Prefect server and its
local result storage (they skip the batches the first run abandoned, share the new run's batches, and
the run alone stores exactly what a local run stores), then a re-run that adds nothing.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
import yaml

from flows.ingest import ingest
from tests.flows.conftest import query, table_counts

pytestmark = [pytest.mark.flow, pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

ROOT = Path(__file__).resolve().parents[2]
BATCH = 3  # the demo site has 10 new articles: four batches for two workers
TIMEOUT = 3.0  # seconds a run waits for its remote batches when no worker runs
# Seconds between requests to the demo host inside a batch: a batch then outlasts the submission of
# the others (~0.2-0.7 s each here), and a worker with --limit 1 holds at most three runs (one
# running, one waiting, one in flight), so the fourth batch surely goes to the other worker.
PACE = 0.5
RECEIVED = re.compile(r"Received task run: ([0-9a-f-]{36})")
SAME_ROWS = {  # what a run stores, without its clocks and run ids
    "articles": "SELECT article_id, url, feed_name, outcome, error, title, text, published, lang, content_hash, "
                "duplicate_of FROM articles",
    "classifications": "SELECT * EXCLUDE (classified_at) FROM classifications",
    "claims": "SELECT * FROM claims",
    "article_events": "SELECT * FROM article_events",
    "events": "SELECT * EXCLUDE (first_seen_at, updated_at) FROM events",
    "event_figures": "SELECT * FROM event_figures",
    "alerts": "SELECT alert_key, event_id, kind FROM alerts",
}


def with_knobs(feeds: Path, out: Path, per_host_delay: float = 0.0, **analysis: Any) -> Path:
    """A copy of the demo feeds config with these `analysis` knobs and this politeness delay."""
    data = yaml.safe_load(feeds.read_text(encoding="utf-8"))
    data["analysis"] = analysis
    data["fetch"]["per_host_delay"] = per_host_delay
    out.write_text(yaml.safe_dump(data), encoding="utf-8")
    return out


def rows(db: Path) -> dict[str, list[tuple[object, ...]]]:
    return {table: sorted(query(db, sql), key=repr) for table, sql in SAME_ROWS.items()}


@dataclass
class Worker:
    """One `swapwatch worker` subprocess and its log (stdout and stderr)."""

    process: subprocess.Popen[bytes]
    log: Path

    @property
    def client_id(self) -> str:
        return f"{socket.gethostname()}-{self.process.pid}"  # how Prefect's TaskWorker names itself

    def received(self) -> set[str]:
        """The task runs this worker took, from the TaskWorker's own INFO line per run."""
        return set(RECEIVED.findall(self.log.read_text(encoding="utf-8", errors="replace")))


@contextmanager
def task_workers(n: int, tmp_path: Path) -> Iterator[list[Worker]]:
    """Start `n` workers against the harness's server and result storage; stop them whatever happens."""
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    env = dict(os.environ)
    env["PREFECT_API_URL"] = str(settings.api.url)
    env["PREFECT_RESULTS_LOCAL_STORAGE_PATH"] = str(settings.results.local_storage_path)  # parameters and results
    env["PREFECT_LOGGING_LEVEL"] = "INFO"  # the worker logs "Received task run: <id>" for each run it takes
    workers: list[Worker] = []
    with ExitStack() as logs:
        try:
            for i in range(n):
                log = tmp_path / f"worker-{i}.log"
                out = logs.enter_context(log.open("wb"))
                process = subprocess.Popen([sys.executable, "-m", "flows.cli", "worker", "--limit", "1"],
                                           cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
                workers.append(Worker(process, log))
            yield workers
        finally:
            for w in workers:
                w.process.send_signal(signal.SIGTERM)
            for w in workers:
                try:
                    w.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    w.process.kill()
                    w.process.wait()


def wait_until_subscribed(workers: list[Worker], timeout: float = 60) -> None:
    """Block until the server lists every worker as subscribed to the remote batch task."""
    from prefect.settings import get_current_settings

    from tasks.remote import remote_articles_batch_task

    url = f"{get_current_settings().api.url}/task_workers/filter"
    body = {"task_worker_filter": {"task_keys": [remote_articles_batch_task.task_key]}}
    wanted = {w.client_id for w in workers}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for w in workers:
            assert w.process.poll() is None, f"worker exited with {w.process.returncode}:\n{w.log.read_text()}"
        if wanted <= {r["identifier"] for r in httpx.post(url, json=body, timeout=5).json()}:
            return
        time.sleep(0.2)
    logs = "\n".join(w.log.read_text() for w in workers)
    pytest.fail(f"task workers not subscribed after {timeout} s:\n{logs}")


def remote_task_runs(flow_run_id: UUID) -> list[Any]:
    """The remote batch task runs of one flow run, as the server recorded them."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId, TaskRunFilter, TaskRunFilterName

    with get_client(sync_client=True) as client:
        return client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])),
            task_run_filter=TaskRunFilter(name=TaskRunFilterName(like_="articles-batch-remote")),
        )


def test_task_workers_from_none_to_two(feeds: Path, tmp_path: Path) -> None:
    remote_cfg = with_knobs(feeds, tmp_path / "remote.yaml", PACE, executor="task-workers", batch_size=BATCH,
                            task_worker_timeout=60)
    local_cfg = with_knobs(feeds, tmp_path / "local.yaml", batch_size=BATCH)
    remote_db, local_db = tmp_path / "remote.duckdb", tmp_path / "local.duckdb"

    # No worker: the run fails loudly within its timeout and stores nothing.
    alone = with_knobs(feeds, tmp_path / "alone.yaml", executor="task-workers", batch_size=BATCH,
                       task_worker_timeout=TIMEOUT)
    started = time.monotonic()
    failed = ingest(feeds_path=str(alone), db_path=str(tmp_path / "alone.duckdb"), return_state=True)
    elapsed = time.monotonic() - started
    assert failed.is_failed()
    assert "task_worker_timeout" in str(failed.message) and "never taken by a task worker" in str(failed.message)
    assert elapsed < TIMEOUT + 15, f"the run took {elapsed:.1f} s to give up"
    assert table_counts(tmp_path / "alone.duckdb")["articles"] == 0  # the next run fetches them again
    assert failed.state_details.flow_run_id is not None
    abandoned = {str(r.id) for r in remote_task_runs(failed.state_details.flow_run_id)}

    with task_workers(2, tmp_path) as workers:
        local = ingest(feeds_path=str(local_cfg), db_path=str(local_db))  # while the workers start
        wait_until_subscribed(workers)
        state = ingest(feeds_path=str(remote_cfg), db_path=str(remote_db), return_state=True)
        assert state.is_completed(), state.message
        assert state.state_details.flow_run_id is not None
        runs = remote_task_runs(state.state_details.flow_run_id)
        ran = [w.received() for w in workers]
        before = table_counts(remote_db)
        again = ingest(feeds_path=str(remote_cfg), db_path=str(remote_db))
        leftovers = remote_task_runs(failed.state_details.flow_run_id)
    remote = state.result()

    # Both workers ran batches of the run, and the run stored what the local executor stores.
    ids = {str(r.id) for r in runs}
    assert len(ids) >= 4 and all(r.state.is_completed() for r in runs)
    assert all(got & ids for got in ran) and set().union(*ran) >= ids, f"batches {ids}, per worker: {ran}"
    assert remote.articles_new >= 9 and remote.articles_failed == 0
    assert (remote.articles_new, remote.swaps_new) == (local.articles_new, local.swaps_new)
    assert before == table_counts(local_db)
    versions = "SELECT DISTINCT extractor_version FROM classifications"
    assert query(remote_db, versions) == query(local_db, versions), "the workers imported other swapwatch code"
    assert rows(remote_db) == rows(local_db)
    # The batches the first run abandoned were taken (they stay queued) but not fetched.
    assert abandoned and abandoned <= set().union(*ran)
    assert all(not r.state.is_completed() and "abandoned" in str(r.state.message) for r in leftovers), [
        (r.state.name, r.state.message) for r in leftovers]
    # A re-run duplicates nothing.
    assert again.entries_new == 0 and again.articles_new == 0 and again.swaps_new == 0
    assert {k: v for k, v in table_counts(remote_db).items() if k != "feed_polls"} == {
        k: v for k, v in before.items() if k != "feed_polls"}
