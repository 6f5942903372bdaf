"""The `swapwatch` command: extract, run, demo, sql, report, reprocess, backfill, serve, worker.

Prefect is imported only by the commands that run flows, so `swapwatch extract` and `swapwatch sql`
start in a fraction of a second.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DB = Path("data/swapwatch.duckdb")
DEFAULT_FEEDS = Path("configs/feeds.yaml")
DEMO_PORT = 8123


def _quiet_prefect_defaults(level: str | None = None) -> None:
    """Offline, quiet Prefect unless the operator set otherwise (shared/notes/toolchain.md)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    if level:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", level)


def cmd_extract(args: argparse.Namespace) -> int:
    """Offline core only: JSONL articles in, JSONL predictions out (CONTRACT.md §2)."""
    from swapwatch.offline import extract_file

    try:
        extract_file(Path(args.input), sys.stdout)
    except (OSError, ValueError) as exc:
        print(f"swapwatch extract: {exc}", file=sys.stderr)
        return 2
    return 0


def _run_flow(feeds: Path, db: Path, *, force: bool = False) -> int:
    from flows.ingest import ingest

    state = ingest(feeds_path=str(feeds), db_path=str(db), force=force, return_state=True)
    if not state.is_completed():
        print(f"swapwatch run: flow run {state.name}: {state.message}", file=sys.stderr)
        return 1
    summary = state.result()
    print(summary.describe())
    return 0


def _prestart_workers(feeds: Path) -> None:
    """Start the run's extraction processes while Prefect is imported (a bad config is the flow's to report)."""
    from swapwatch.config import load_config
    from swapwatch.errors import ConfigError
    from swapwatch.pipeline import prestart_pool

    try:
        analysis = load_config(feeds).analysis
    except (ConfigError, OSError):
        return
    if analysis.executor == "local":
        prestart_pool(analysis.processes)


def cmd_run(args: argparse.Namespace) -> int:
    """One ingest cycle as a real Prefect flow run (CONTRACT.md §3)."""
    _quiet_prefect_defaults()
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    _prestart_workers(Path(args.feeds))
    return _run_flow(Path(args.feeds), Path(args.db), force=args.force)


def cmd_demo(args: argparse.Namespace) -> int:
    """Serve the bundled sample feeds on 127.0.0.1, ingest them, and show what was found."""
    _quiet_prefect_defaults("WARNING")
    from swapwatch.demo import serve
    from warehouse.queries import demo_report

    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:  # a fixed port keeps article URLs, and so the warehouse, stable across demo runs
        server = serve(port=DEMO_PORT)
    except OSError:
        server = serve()
    with server, tempfile.TemporaryDirectory() as tmp:
        feeds = server.feeds_yaml(Path(tmp) / "feeds.yaml")
        print(f"Serving sample feeds at {server.base_url} ; warehouse: {db}")
        print("Running one ingest flow (Prefect starts a temporary server when none is configured)...")
        code = _run_flow(feeds, db, force=True)
    if code:
        return code
    print(demo_report(db))
    print(f"(demo finished in {time.perf_counter() - started:.1f} s)")
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    """Run one SQL query on the warehouse, read-only, and print the result."""
    from warehouse.queries import run_sql

    try:
        print(run_sql(Path(args.db), args.query, snapshot=not args.live))
    except Exception as exc:  # show the analyst DuckDB's own message, without a traceback
        print(f"swapwatch sql: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write a self-contained HTML report (timeline, totals, latest swaps, feed health)."""
    from warehouse.report import write_report

    out = write_report(Path(args.db), Path(args.out))
    print(f"wrote {out}")
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    """Re-analyse stored articles with the current extractor and re-resolve events."""
    _quiet_prefect_defaults()
    from flows.reprocess import reprocess

    state = reprocess(db_path=str(args.db), force=args.force, return_state=True)
    print(state.result().describe() if state.is_completed() else state.message)
    return 0 if state.is_completed() else 1


def cmd_backfill(args: argparse.Namespace) -> int:
    """Re-ingest feeds (one or all) ignoring back-off, then re-analyse a published-date range."""
    _quiet_prefect_defaults()
    from flows.backfill import backfill

    state = backfill(
        feeds_path=str(args.feeds), db_path=str(args.db), feed=args.feed,
        since=args.since, until=args.until, return_state=True,
    )
    print(state.result().describe() if state.is_completed() else state.message)
    return 0 if state.is_completed() else 1


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the ingest (every 15 min) and nightly reprocess deployments from this process."""
    _quiet_prefect_defaults()
    from flows.serve import serve_all

    serve_all(Path(args.feeds), Path(args.db))
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run a Prefect task worker serving the article batches of runs with `analysis.executor: task-workers`."""
    _quiet_prefect_defaults()
    from prefect.settings import PREFECT_API_URL

    api_url = PREFECT_API_URL.value()
    if not api_url:  # the temporary server of a lone run dies with it; workers and runs must share one
        print("swapwatch worker: PREFECT_API_URL is not set; a task worker needs a running Prefect server "
              "shared with the runs (`prefect server start`, then `prefect config set PREFECT_API_URL=...`)",
              file=sys.stderr)
        return 2
    from prefect.task_worker import serve

    from tasks.remote import remote_articles_batch_task

    print(f"swapwatch worker: serving article batches from {api_url}, {args.limit} at a time (Ctrl-C stops)",
          file=sys.stderr, flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # the operator's Ctrl-C is the normal way to stop a worker
        # No status_server_port: in prefect 3.8.8 its uvicorn logging set-up flushes the API log handler
        # inside the event loop and the worker dies with "Cannot call `APILogWorker.flush`".
        serve(remote_articles_batch_task, limit=args.limit)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `swapwatch` command."""
    parser = argparse.ArgumentParser(prog="swapwatch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="offline core: JSONL articles -> JSONL predictions on stdout")
    p.add_argument("input")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("run", help="one ingest cycle (a Prefect flow run)")
    p.add_argument("--feeds", default=str(DEFAULT_FEEDS))
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--force", action="store_true", help="poll every feed now, ignoring back-off")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("demo", help="serve sample feeds locally and ingest them")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("sql", help="query the warehouse read-only")
    p.add_argument("query")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--live", action="store_true", help="open the live file, not the last published snapshot")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("report", help="write a self-contained HTML report")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--out", default="data/report.html")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("reprocess", help="re-analyse stored articles with the current extractor")
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--force", action="store_true", help="re-analyse even rows of the current version")
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("backfill", help="re-ingest feeds and re-analyse a date range")
    p.add_argument("--feeds", default=str(DEFAULT_FEEDS))
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.add_argument("--feed", default=None, help="only this feed name")
    p.add_argument("--since", default=None, help="YYYY-MM-DD, published on or after")
    p.add_argument("--until", default=None, help="YYYY-MM-DD, published on or before")
    p.set_defaults(func=cmd_backfill)

    p = sub.add_parser("serve", help="serve the deployments from this process (flow.serve)")
    p.add_argument("--feeds", default=str(DEFAULT_FEEDS))
    p.add_argument("--db", default=str(DEFAULT_DB))
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "worker", help="serve article batches to runs with analysis.executor: task-workers (a Prefect task worker)",
        description="Start a Prefect task worker that fetches and analyses the article batches of ingest runs "
        "configured with `analysis.executor: task-workers`; the run itself still stores everything. Needs "
        "PREFECT_API_URL (the server the runs use) and result storage shared with the runs: on one machine, "
        "the same PREFECT_HOME or PREFECT_RESULTS_LOCAL_STORAGE_PATH; across machines, storage blocks set in "
        "PREFECT_RESULTS_DEFAULT_STORAGE_BLOCK and PREFECT_TASKS_SCHEDULING_DEFAULT_STORAGE_BLOCK. "
        "Run one per core, from the same checkout as the runs.",
    )
    p.add_argument("--limit", type=_positive_int, default=2,
                   help="batches this worker runs at once (threads: one can fetch while another is analysed; "
                        "analysis uses one core per worker process; default 2)")
    p.set_defaults(func=cmd_worker)
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        msg = f"must be at least 1, got {value}"
        raise argparse.ArgumentTypeError(msg)
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
