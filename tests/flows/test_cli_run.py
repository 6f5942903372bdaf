"""`swapwatch run` as operators and the outside scorer call it: a subprocess, exit codes, kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from swapwatch.demo import DemoServer
from tests.flows.conftest import query, table_counts

pytestmark = [pytest.mark.flow, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run_env(prefect_harness: None) -> dict[str, str]:
    """The environment of a CLI subprocess, pointed at the session's Prefect server."""
    from prefect.settings import get_current_settings

    env = dict(os.environ)
    env["PREFECT_API_URL"] = str(get_current_settings().api.url)
    env.pop("SWAPWATCH_FAULT", None)
    return env


def swapwatch(args: list[str], env: dict[str, str], **kw: object) -> subprocess.Popen[bytes]:
    """Start the console script's entry point in a new process."""
    return subprocess.Popen([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, env=env,  # type: ignore[call-overload]
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def run_ok(args: list[str], env: dict[str, str]) -> str:
    proc = swapwatch(args, env)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()[-3000:]
    return out.decode()


def test_run_exits_zero_and_prints_a_summary(site: DemoServer, tmp_path: Path, run_env: dict[str, str]) -> None:
    feeds = site.feeds_yaml(tmp_path / "feeds.yaml")
    out = run_ok(["run", "--feeds", str(feeds), "--db", str(tmp_path / "w.duckdb")], run_env)
    assert "feeds: 4 polled, 4 ok" in out


def test_run_exits_non_zero_on_a_broken_config(tmp_path: Path, run_env: dict[str, str]) -> None:
    bad = tmp_path / "feeds.yaml"
    bad.write_text(yaml.safe_dump({"feeds": [{"name": "x", "url": "http://h/", "typo": 1}]}), encoding="utf-8")
    proc = swapwatch(["run", "--feeds", str(bad), "--db", str(tmp_path / "w.duckdb")], run_env)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode != 0
    assert b"typo" in err


@pytest.mark.parametrize("point", ["migrate:before-commit", "store:before-commit"])
def test_kill_9_inside_a_write_leaves_a_whole_warehouse(point: str, site: DemoServer, tmp_path: Path,
                                                        run_env: dict[str, str]) -> None:
    feeds = site.feeds_yaml(tmp_path / "feeds.yaml")
    clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    run_ok(["run", "--feeds", str(feeds), "--db", str(clean)], run_env)

    marker = tmp_path / "in-transaction"
    env = {**run_env, "SWAPWATCH_FAULT": point, "SWAPWATCH_FAULT_MARKER": str(marker)}
    proc = swapwatch(["run", "--feeds", str(feeds), "--db", str(crashed)], env, start_new_session=True)
    deadline = time.monotonic() + 240
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()[1].decode()[-3000:]
        assert time.monotonic() < deadline, "the run never reached its write transaction"
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # the writer dies with the transaction open
    proc.communicate(timeout=60)

    # The file opens, and the killed transaction is absent, not half there.
    if point.startswith("store"):
        counts = table_counts(crashed)
        assert counts["articles"] == 0 and counts["entries"] == 0 and counts["events"] == 0
    else:
        assert query(crashed, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'articles'") \
            == [(0,)]

    run_ok(["run", "--feeds", str(feeds), "--db", str(crashed)], run_env)
    assert table_counts(crashed) == table_counts(clean)
    events = "SELECT event_id, event_date, parties, n_articles FROM swap_events ORDER BY event_id"
    figures = "SELECT event_id, side, category, value FROM swap_event_counts ORDER BY ALL"
    assert query(crashed, events) == query(clean, events)
    assert query(crashed, figures) == query(clean, figures)
    alerts = "SELECT alert_key, kind FROM alerts ORDER BY ALL"
    assert query(crashed, alerts) == query(clean, alerts)
