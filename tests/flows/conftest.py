"""Fixtures for flow tests: the demo site, a webhook receiver, a feeds file, table counts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import duckdb
import pytest

from swapwatch.demo import DemoServer, serve
from tests.support.receiver import Receiver

TABLES = ("entries", "articles", "classifications", "claims", "article_events", "events",
          "event_figures", "event_revisions", "alerts", "feed_state", "feed_polls")


@pytest.fixture
def site() -> Iterator[DemoServer]:
    with serve() as server:
        yield server


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def feeds(site: DemoServer, hook: Receiver, tmp_path: Path) -> Path:
    return site.feeds_yaml(tmp_path / "feeds.yaml", webhook=hook.url, extra_hosts=(hook.host_port,))


def table_counts(db: Path) -> dict[str, int]:
    """Rows per table: the fingerprint of 'nothing was duplicated'."""
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    """Run one read-only query on a warehouse file."""
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        return con.execute(sql).fetchall()
