"""Reprocess and backfill: re-analysis over stored text never duplicates rows or alerts."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.backfill import backfill
from flows.ingest import ingest
from flows.reprocess import reprocess
from swapwatch.analysis import EXTRACTOR_VERSION
from tests.flows.conftest import query, table_counts
from tests.support.receiver import Receiver

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_harness")]


def test_reprocess_redoes_stale_rows_only_and_alerts_nothing_new(feeds: Path, hook: Receiver,
                                                                 tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest(feeds_path=str(feeds), db_path=str(db))
    before, sent = table_counts(db), len(hook.posts)
    assert reprocess(db_path=str(db)).swaps_new == 0  # every row is already of this version
    import duckdb

    with duckdb.connect(str(db)) as con:  # as if the rows came from an older extractor
        con.execute("UPDATE classifications SET extractor_version = 'rules-0.0.1'")
    summary = reprocess(db_path=str(db))
    assert (summary.swaps_new, summary.swaps_revised) == (0, 0)
    assert query(db, "SELECT DISTINCT extractor_version FROM classifications") == [(EXTRACTOR_VERSION,)]
    assert {k: v for k, v in table_counts(db).items() if k != "feed_polls"} == {
        k: v for k, v in before.items() if k != "feed_polls"}
    assert len(hook.posts) == sent


def test_backfill_of_one_feed_and_a_date_range_adds_no_duplicates(feeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest(feeds_path=str(feeds), db_path=str(db))
    before = table_counts(db)
    backfill(feeds_path=str(feeds), db_path=str(db), feed="northern-wire", since="2026-10-01",
             until="2026-10-31")
    after = table_counts(db)
    assert {k: v for k, v in after.items() if k != "feed_polls"} == {
        k: v for k, v in before.items() if k != "feed_polls"}
    assert after["feed_polls"] == before["feed_polls"] + 1  # only the chosen feed was polled


def test_backfill_of_an_unknown_feed_fails_loudly(feeds: Path, tmp_path: Path) -> None:
    state = backfill(feeds_path=str(feeds), db_path=str(tmp_path / "w.duckdb"), feed="nope",
                     return_state=True)
    assert state.is_failed()
