"""Analysts never fight the writer: a reader holding the snapshot open does not block a run."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.ingest import ingest
from swapwatch.demo import DemoServer
from warehouse.queries import run_sql, snapshot_path

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM swap_events").fetchone()[0], flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_reader_on_the_snapshot_never_blocks_the_next_run(site: DemoServer, tmp_path: Path) -> None:
    feeds = site.feeds_yaml(tmp_path / "feeds.yaml")
    db = tmp_path / "w.duckdb"
    ingest(feeds_path=str(feeds), db_path=str(db))
    snapshot = snapshot_path(db)
    assert snapshot.exists()
    reader = subprocess.Popen([sys.executable, "-c", HOLD, str(snapshot), "60"], stdout=subprocess.PIPE)
    try:
        assert reader.stdout is not None and int(reader.stdout.readline()) >= 1  # the analyst is in
        site.set_stage("day2")
        started = time.monotonic()
        state = ingest(feeds_path=str(feeds), db_path=str(db), return_state=True)
        assert state.is_completed()
        assert time.monotonic() - started < 50  # it did not wait for the reader to leave
        assert reader.poll() is None  # and the reader was not thrown out either
    finally:
        reader.kill()
        reader.wait()
    # The next reader sees the new run's data in the republished snapshot.
    assert "2026-10-24" in run_sql(db, "SELECT event_date::VARCHAR AS d FROM swap_events ORDER BY d")
