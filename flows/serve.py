"""Serve the deployments from one process (`flow.serve`) for a single machine without a worker."""

from __future__ import annotations

from pathlib import Path

from prefect import serve

from flows.ingest import ingest
from flows.reprocess import reprocess


def serve_all(feeds: Path, db: Path) -> None:
    """Ingest every 15 minutes (never overlapping) and reprocess nightly, until interrupted."""
    params = {"feeds_path": str(feeds), "db_path": str(db)}
    serve(
        ingest.to_deployment(name="ingest", interval=900, parameters=params, concurrency_limit=1),
        reprocess.to_deployment(name="reprocess-nightly", cron="30 3 * * *",
                                parameters={"db_path": str(db)}, concurrency_limit=1),
    )
