"""Warehouse: migrations, upserts, the one-transaction store, outbox, views (tmp_path DuckDB files)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from swapwatch.errors import WarehouseError
from swapwatch.models import (
    Analysis,
    Article,
    ArticleRecord,
    Claim,
    FeedEntry,
    FeedState,
    Outcome,
    SideCounts,
    SwapEvent,
    Verdict,
)
from warehouse import resolution
from warehouse.db import SCHEMA_DIR, connect, migrate, transaction, upsert
from warehouse.models import SCHEMAS, conform
from warehouse.store import (
    FeedPollRecord,
    content_duplicates,
    known_articles,
    known_entries,
    load_feed_states,
    mark_attempt,
    pending_alerts,
    reprocess,
    store_batch,
    store_feed_polls,
)

NOW = datetime(2025, 5, 23, 18, 0)
TABLES = sorted(SCHEMAS)


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(tmp_path / "wh" / "swapwatch.duckdb")
    migrate(connection)
    yield connection
    connection.close()


def analysis(ua_total: int, *, source: str | None = None, when: str = "2025-05-23", role: str = "main",
             version: str = "v1") -> Analysis:
    event = SwapEvent(date=when, parties=("RU", "UA"), role=role,  # type: ignore[arg-type]
                      returned={"UA": SideCounts(total=ua_total), "RU": SideCounts(total=390)})
    claims = (Claim("UA", "total", ua_total, "event", source, f"{ua_total} Ukrainians returned", 10, 13, 0),)
    return Analysis(Verdict(True, 0.93, ("swap words",)), (event,), claims, version)


def article(aid: str, an: Analysis | None, *, feed: str = "feed-a", content_hash: str | None = None,
            outcome: Outcome = Outcome.OK) -> ArticleRecord:
    return ArticleRecord(
        article_id=aid, url=f"https://news.example/{aid}", feed_name=feed, outcome=outcome,
        fetched_at=datetime(2025, 5, 23, 17, tzinfo=UTC), title=f"title {aid}",
        text=None if outcome is not Outcome.OK else f"text of {aid}", published=date(2025, 5, 23),
        lang="en", content_hash=content_hash or f"hash-{aid}", analysis=an,
        error=None if outcome is Outcome.OK else "boom",
    )


def entry(eid: str) -> FeedEntry:
    return FeedEntry("feed-a", eid, eid, f"https://news.example/{eid}", f"https://news.example/{eid}",
                     f"title {eid}", None, datetime(2025, 5, 23, 9, tzinfo=UTC))


def dump(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    return {t: con.sql(f"SELECT * FROM {t}").pl().sort(pl.all()) if t not in {"claims"}
            else con.sql(f"SELECT * FROM {t} ORDER BY claim_id").pl() for t in TABLES}


def count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
    assert row is not None
    return int(row[0])


# --- migrations, schemas, upsert ---------------------------------------------------------------

def test_migrations_are_recorded_and_idempotent(con: duckdb.DuckDBPyConnection) -> None:
    assert migrate(con) == []
    rows = con.execute("SELECT id, name FROM _migrations ORDER BY id").fetchall()
    assert rows == [(1, "001_core.sql"), (2, "002_views.sql")]


def test_a_changed_applied_migration_is_refused(tmp_path: Path) -> None:
    schema = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, schema)
    c = connect(tmp_path / "x.duckdb")
    migrate(c, schema)
    (schema / "002_views.sql").write_text((schema / "002_views.sql").read_text() + "\n-- edited\n")
    with pytest.raises(WarehouseError, match="002_views.sql changed"):
        migrate(c, schema)


def test_frame_schemas_match_the_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table, schema in SCHEMAS.items():
        assert con.sql(f"SELECT * FROM {table} LIMIT 0").pl().schema == schema, table


def test_upsert_twice_gives_the_same_rows_and_keeps_the_last_duplicate(
    con: duckdb.DuckDBPyConnection,
) -> None:
    frame = pl.DataFrame({"feed_name": ["a", "b", "a"], "url": ["u1", "u2", "u3"], "enabled": [True] * 3,
                          "consecutive_failures": [0, 1, 2], "failure_score": [0.0, 0.5, 1.0]})
    upsert(con, "feed_state", frame, ["feed_name"])
    first = con.sql("SELECT * FROM feed_state ORDER BY feed_name").pl()
    upsert(con, "feed_state", frame, ["feed_name"])
    assert_frame_equal(con.sql("SELECT * FROM feed_state ORDER BY feed_name").pl(), first)
    assert first["url"].to_list() == ["u3", "u2"]


def test_conform_rejects_unknown_columns_and_bad_types() -> None:
    with pytest.raises(WarehouseError, match="unexpected columns"):
        conform(pl.DataFrame({"nope": [1]}), SCHEMAS["events"], table="events")
    with pytest.raises(WarehouseError, match="alerts"):
        conform(pl.DataFrame({"attempts": ["many"]}), SCHEMAS["alerts"], table="alerts")


def test_transaction_rolls_back_on_error(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(RuntimeError), transaction(con):
        upsert(con, "feed_state", pl.DataFrame({"feed_name": ["a"], "url": ["u"], "enabled": [True],
                                                "consecutive_failures": [0], "failure_score": [0.0]}),
               ["feed_name"])
        raise RuntimeError
    assert count(con, "SELECT * FROM feed_state") == 0


# --- connect -----------------------------------------------------------------------------------

def test_read_only_connect_while_no_writer(tmp_path: Path) -> None:
    path = tmp_path / "ro.duckdb"
    writer = connect(path)
    migrate(writer)
    writer.close()
    reader = connect(path, read_only=True)
    assert reader.execute("SELECT count(*) FROM swap_events").fetchone() == (0,)
    with pytest.raises(duckdb.Error):
        reader.execute("DELETE FROM events")
    reader.close()


def test_read_only_connect_of_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="missing.duckdb"):
        connect(tmp_path / "missing.duckdb", read_only=True)


def test_connect_retries_then_names_the_locked_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    connect(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(path)!r})
            print("locked", flush=True)
            sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        delays: list[float] = []
        with pytest.raises(WarehouseError, match=r"locked\.duckdb.*locked by another process"):
            connect(path, read_only=True, retries=3, sleep=delays.append)
        assert delays == [0.1, 0.2, 0.4]
    finally:
        holder.communicate("\n", timeout=10)


# --- store_batch ------------------------------------------------------------------------------

def test_store_batch_twice_gives_the_same_rows_and_one_alert(con: duckdb.DuckDBPyConnection) -> None:
    batch = {"entries": [entry("e1"), entry("e2")],
             "articles": [article("a1", analysis(390)), article("a2", analysis(390), feed="feed-b"),
                          article("a3", None, outcome=Outcome.TIMEOUT)]}
    first = store_batch(con, run_id="r1", now=NOW, **batch)
    assert (first.entries_new, first.articles_new, first.articles_failed, first.swaps_new,
            first.alerts_queued) == (2, 3, 1, 1, 1)
    before = dump(con)
    second = store_batch(con, run_id="r1", now=NOW, **batch)
    assert (second.entries_new, second.articles_new, second.swaps_new, second.alerts_queued) == (0, 0, 0, 0)
    after = dump(con)
    for table in TABLES:
        assert_frame_equal(after[table], before[table], check_row_order=False)
    # A later run with the same content (another run id, another clock) still queues nothing.
    third = store_batch(con, run_id="r2", now=NOW + timedelta(hours=1), **batch)
    assert third.alerts_queued == 0
    assert count(con, "SELECT * FROM alerts") == 1


def test_a_revised_figure_gives_one_revised_alert_and_one_revision(con: duckdb.DuckDBPyConnection) -> None:
    store_batch(con, run_id="r1", entries=[], articles=[article("a1", analysis(380))], now=NOW)
    later = NOW + timedelta(hours=2)
    summary = store_batch(con, run_id="r2", entries=[], now=later,
                          articles=[article("z1", analysis(390, source="Zelensky"), feed="feed-z")])
    got = (summary.swaps_new, summary.swaps_revised, summary.alerts_queued, summary.revisions)
    assert got == (0, 1, 1, 1)
    revisions = con.sql("SELECT side, category, old_value, new_value, article_id, reason "
                        "FROM event_revisions").pl()
    assert revisions.select("side", "category", "old_value", "new_value", "article_id").rows() == \
        [("UA", "total", 380, 390, "z1")]
    assert "z1" in revisions["reason"][0]
    kinds = con.sql("SELECT kind FROM alerts ORDER BY created_at").pl()["kind"].to_list()
    assert kinds == ["new", "revised"]
    figure = con.execute("SELECT value, disputed, claimed_values FROM swap_event_counts "
                     "WHERE side = 'UA' AND category = 'total'").fetchone()
    assert figure == (390, True, [380, 390])
    # Rerunning the revising batch changes nothing more.
    again = store_batch(con, run_id="r2", entries=[], now=later,
                        articles=[article("z1", analysis(390, source="Zelensky"), feed="feed-z")])
    assert (again.swaps_revised, again.alerts_queued, again.revisions) == (0, 0, 0)


def test_a_crash_inside_the_transaction_leaves_nothing_partial(con: duckdb.DuckDBPyConnection,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    store_batch(con, run_id="r1", entries=[entry("e1")], articles=[article("a1", analysis(390))], now=NOW)
    before = dump(con)

    def explode(*_: object, **__: object) -> list[object]:
        raise RuntimeError("crash after events were written")

    monkeypatch.setattr(resolution, "plan_alerts", explode)
    with pytest.raises(RuntimeError, match="crash"):
        store_batch(con, run_id="r2", entries=[entry("e2")], now=NOW + timedelta(hours=1),
                    articles=[article("b1", analysis(391, when="2025-06-01"))])
    after = dump(con)
    for table in TABLES:
        assert_frame_equal(after[table], before[table], check_row_order=False)


def test_syndicated_copies_are_linked_and_counted_once(con: duckdb.DuckDBPyConnection) -> None:
    summary = store_batch(con, run_id="r1", entries=[], now=NOW, articles=[
        article("b-copy", analysis(390), content_hash="same"),
        article("a-orig", analysis(390), content_hash="same")])
    assert summary.articles_duplicate == 1
    assert con.execute("SELECT article_id, duplicate_of FROM articles ORDER BY article_id").fetchall() == \
        [("a-orig", None), ("b-copy", "a-orig")]
    assert con.execute("SELECT n_articles FROM swap_events").fetchall() == [(1,)]
    assert content_duplicates(con, ["same", "other"]) == {"same": "a-orig"}
    # A copy arriving in a later run points at the stored original.
    store_batch(con, run_id="r2", entries=[], now=NOW + timedelta(hours=1),
                articles=[article("0-late", analysis(390), content_hash="same")])
    late = con.execute("SELECT duplicate_of FROM articles WHERE article_id = '0-late'").fetchone()
    assert late == ("a-orig",)


def test_a_failed_refetch_does_not_erase_a_good_copy(con: duckdb.DuckDBPyConnection) -> None:
    store_batch(con, run_id="r1", entries=[], articles=[article("a1", analysis(390))], now=NOW)
    store_batch(con, run_id="r2", entries=[], articles=[article("a1", None, outcome=Outcome.HTTP_5XX)],
                now=NOW + timedelta(hours=1))
    assert con.execute("SELECT outcome, text FROM articles").fetchall() == [("OK", "text of a1")]
    assert known_articles(con, ["a1", "zz"]) == {"a1"}


def test_background_event_then_main_report_keeps_its_id(con: duckdb.DuckDBPyConnection) -> None:
    bg = store_batch(con, run_id="r1", entries=[], now=NOW,
                     articles=[article("bg", analysis(115, when="2024-08", role="background"))])
    assert (bg.swaps_new, bg.alerts_queued) == (0, 0)
    assert con.execute("SELECT event_id, background_only FROM swap_events").fetchall() == \
        [("sw-RU-UA-2024-08", True)]
    main = store_batch(con, run_id="r2", entries=[], now=NOW,
                       articles=[article("main", analysis(115, when="2024-08-24"))])
    assert (main.swaps_new, main.alerts_queued) == (1, 1)
    sql = "SELECT event_id, event_date, background_only, n_articles FROM swap_events"
    assert con.execute(sql).fetchall() == \
        [("sw-RU-UA-2024-08", date(2024, 8, 24), False, 2)]


def test_reprocess_reanalyses_stale_articles_and_re_resolves(con: duckdb.DuckDBPyConnection) -> None:
    store_batch(con, run_id="r1", entries=[], articles=[article("a1", analysis(380))], now=NOW)
    seen: list[Article] = []

    def analyse(art: Article) -> Analysis:
        seen.append(art)
        return analysis(385, version="v2")

    summary = reprocess(con, analyse, "v2", now=NOW + timedelta(days=1))
    assert [a.id for a in seen] == ["a1"]
    assert seen[0].text == "text of a1"
    assert (summary.articles_analysed, summary.swaps_revised, summary.revisions) == (1, 1, 1)
    assert con.execute("SELECT extractor_version FROM classifications").fetchall() == [("v2",)]
    assert "reprocess" in str(con.execute("SELECT reason FROM event_revisions").fetchone())
    assert reprocess(con, analyse, "v2").articles_analysed == 0


# --- feeds and dedupe ----------------------------------------------------------------------------

def test_feed_polls_round_trip_and_feed_health(con: duckdb.DuckDBPyConnection) -> None:
    state = FeedState("feed-a", "https://news.example/rss", etag='"x"', last_outcome="TIMEOUT",
                      consecutive_failures=2, failure_score=0.5,
                      last_polled_at=datetime(2025, 5, 23, 12, tzinfo=UTC),
                      next_poll_at=datetime(2025, 5, 23, 13, tzinfo=UTC))
    poll = FeedPollRecord(state, "TIMEOUT", None, "read timeout", 0, 0, 0, datetime(2025, 5, 23, 12), "r1")
    store_feed_polls(con, [poll])
    store_feed_polls(con, [poll])
    assert load_feed_states(con) == {"feed-a": state}
    health = con.sql("SELECT * FROM feed_health").pl()
    columns = ("feed_name", "consecutive_failures", "last_error_kind", "disabled", "n_polls")
    assert health.select(columns).rows() == \
        [("feed-a", 2, "TIMEOUT", False, 1)]


def test_known_entries_and_articles(con: duckdb.DuckDBPyConnection) -> None:
    store_batch(con, run_id="r1", entries=[entry("e1")], articles=[article("a1", None)], now=NOW)
    assert known_entries(con, ["e1", "e2"]) == {"e1"}
    assert known_entries(con, []) == set()
    assert known_articles(con, ["a1"]) == {"a1"}


# --- outbox ------------------------------------------------------------------------------------

def test_outbox_attempts_back_off_and_give_up(con: duckdb.DuckDBPyConnection) -> None:
    store_batch(con, run_id="r1", entries=[], articles=[article("a1", analysis(390))], now=NOW)
    [alert] = pending_alerts(con, 10, now=NOW)
    assert alert.payload["event_id"] == "sw-RU-UA-2025-05-23"
    assert alert.payload["idempotency_key"] == alert.alert_key
    assert alert.slack["text"].startswith("New swap 2025-05-23 RU-UA")

    assert mark_attempt(con, alert.alert_key, delivered=False, error="HTTP_5XX", at=NOW) == "pending"
    assert pending_alerts(con, 10, now=NOW) == []  # backing off
    assert len(pending_alerts(con, 10, now=NOW + timedelta(minutes=2))) == 1
    assert mark_attempt(con, alert.alert_key, delivered=True, error=None, at=NOW) == "delivered"
    assert pending_alerts(con, 10, now=NOW + timedelta(days=1)) == []
    assert con.execute("SELECT attempts, status FROM alerts").fetchall() == [(2, "delivered")]


def test_outbox_blocked_ssrf_is_undeliverable_and_unknown_keys_raise(con: duckdb.DuckDBPyConnection) -> None:
    store_batch(con, run_id="r1", entries=[], articles=[article("a1", analysis(390))], now=NOW)
    [alert] = pending_alerts(con, 10, now=NOW)
    assert mark_attempt(con, alert.alert_key, delivered=False, error="BLOCKED_SSRF: 10.0.0.1", at=NOW) == \
        "undeliverable"
    with pytest.raises(WarehouseError, match="nope"):
        mark_attempt(con, "nope", delivered=True, error=None, at=NOW)


# --- views -------------------------------------------------------------------------------------

def test_views_answer_the_contract_columns_with_the_right_types(con: duckdb.DuckDBPyConnection) -> None:
    store_batch(con, run_id="r1", entries=[], articles=[article("a1", analysis(390))], now=NOW)
    events = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                              "WHERE table_name = 'swap_events'").fetchall())
    assert {k: events[k] for k in ("event_id", "event_date", "parties", "n_articles")} == \
        {"event_id": "VARCHAR", "event_date": "DATE", "parties": "VARCHAR[]", "n_articles": "INTEGER"}
    counts = con.sql("SELECT event_id, side, category, value FROM swap_event_counts ORDER BY side").fetchall()
    assert counts == [("sw-RU-UA-2025-05-23", "RU", "total", 390),
                      ("sw-RU-UA-2025-05-23", "UA", "total", 390)]
    for view in ("swaps_by_month", "totals_by_side", "disputed_figures", "feed_health"):
        con.sql(f"SELECT * FROM {view}").fetchall()
    by_month = con.sql("SELECT month, n_swaps, people_returned FROM swaps_by_month").fetchall()
    assert by_month == [("2025-05", 1, 780)]
    assert con.sql("SELECT side, cumulative_people FROM totals_by_side ORDER BY side").fetchall() == \
        [("RU", 390), ("UA", 390)]
