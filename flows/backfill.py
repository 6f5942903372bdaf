"""The backfill flow: re-poll feeds now (one or all, ignoring back-off), then re-analyse a date range."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from prefect import flow

from flows.ingest import ingest
from flows.reprocess import reprocess_task
from swapwatch.config import load_config
from swapwatch.errors import ConfigError
from swapwatch.pipeline import RunSummary


@flow(name="backfill")
def backfill(
    feeds_path: str = "configs/feeds.yaml",
    db_path: str = "data/swapwatch.duckdb",
    feed: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> RunSummary:
    """Ingest `feed` (or every feed) now, then re-analyse stored articles published in [since, until]."""
    config = load_config(Path(feeds_path))
    if feed is not None and feed not in {f.name for f in config.feeds}:
        msg = f"{feeds_path}: no feed named {feed!r} to backfill"
        raise ConfigError(msg)
    with tempfile.TemporaryDirectory() as tmp:
        chosen = Path(feeds_path)
        if feed is not None:  # a one-feed copy of the config, so the ingest flow stays unchanged
            data = config.model_dump(mode="json")
            data["feeds"] = [f for f in data["feeds"] if f["name"] == feed]
            chosen = Path(tmp) / "feeds.yaml"
            chosen.write_text(yaml.safe_dump(data), encoding="utf-8")
        summary = ingest(feeds_path=str(chosen), db_path=db_path, force=True)
    reprocess_task(db_path, force=True, since=since, until=until)
    return summary
