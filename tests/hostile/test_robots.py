"""H-ROBOTS-1..5 (shared/corpus/feeds/hostile/README.md §G): robots.txt of article hosts, real server.

Every case is a host name (robots-<case>.test) that the fake DNS maps onto the hostile server, whose
/robots.txt answers by Host; articles go through ``pipeline.fetch_pages`` as in a run.
"""

from __future__ import annotations

import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from swapwatch.config import FetchConfig
from swapwatch.fetch import Fetcher
from swapwatch.models import Feed, FeedEntry, Outcome
from swapwatch.pipeline import analyse_page, fetch_pages, poll_feed
from swapwatch.robots import MAX_ROBOTS_BYTES
from swapwatch.urls import url_key
from tests.hostile.conftest import LIMITS, FakeDNS
from tests.hostile.server import HostileHTTPServer, Sentinel
from warehouse.db import connect, migrate
from warehouse.queries import retryable_articles
from warehouse.store import store_batch

CFG = FetchConfig(article_max_bytes=LIMITS.article_max_bytes)


@pytest.fixture(autouse=True)
def robots_hosts(dns: FakeDNS) -> None:
    """Every robots-*.test name resolves to the hostile server's loopback address."""
    for case in ("404", "503", "slow", "big", "wild", "loop", "metadata"):
        dns.table[f"robots-{case}.test"] = ["127.0.0.1"]


def entry(url: str) -> FeedEntry:
    return FeedEntry("robots", url_key(url), None, url, url, "t", None, datetime(2026, 1, 1, tzinfo=UTC))


def fetch(fetcher: Fetcher, server: HostileHTTPServer, host: str, *paths: str) -> dict[str, Outcome]:
    urls = [f"http://{host}:{server.port}{p}" for p in paths]
    pages = fetch_pages(fetcher, [entry(u) for u in urls], CFG)
    return {p: page.result.outcome for p, page in zip(paths, pages, strict=True)}


def robots_requests(server: HostileHTTPServer) -> list[str]:
    """The Host header of every /robots.txt request the server saw."""
    return [headers.get("host", "") for path, headers in server.seen if path == "/robots.txt"]


def test_robots_1_missing_robots_allows_everything(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    outcomes = fetch(fetcher, server, "robots-404.test", "/a/ok", "/b/ok", "/private/ok")
    assert set(outcomes.values()) == {Outcome.OK}
    assert robots_requests(server) == [f"robots-404.test:{server.port}"]  # once per host per run
    assert server.seen[0][0] == "/robots.txt"  # asked before the first article


@pytest.mark.parametrize("case", ["503", "slow"])
def test_robots_2_unreachable_robots_disallows_the_host_and_is_retried(
    fetcher: Fetcher, server: HostileHTTPServer, case: str, tmp_path: Path,
) -> None:
    host = f"robots-{case}.test"
    urls = [f"http://{host}:{server.port}/news/{i}/ok" for i in range(3)]
    pages = fetch_pages(fetcher, [entry(u) for u in urls], CFG)
    assert {p.result.outcome for p in pages} == {Outcome.ROBOTS_UNAVAILABLE}
    error = pages[0].result.error or ""
    assert f"http://{host}:{server.port}/robots.txt unavailable" in error
    assert ("HTTP_5XX" if case == "503" else "TIMEOUT") in error
    assert robots_requests(server) == [f"{host}:{server.port}"]  # not asked again this run
    assert not any(path.startswith("/news/") for path, _ in server.seen)  # complete disallow
    # Recorded, then retried on a later run (warehouse.queries.RETRYABLE).
    records = [analyse_page(p) for p in pages]
    con = connect(tmp_path / "w.duckdb")
    migrate(con)
    store_batch(con, run_id="r1", entries=[p.entry for p in pages], articles=records, now=datetime.now(UTC))
    assert retryable_articles(con, [r.article_id for r in records]) == {r.article_id for r in records}
    con.close()


def test_robots_2_a_disallowed_article_is_settled_not_retried(
    fetcher: Fetcher, server: HostileHTTPServer, tmp_path: Path,
) -> None:
    pages = fetch_pages(fetcher, [entry(f"http://robots-wild.test:{server.port}/about/ok")], CFG)
    assert pages[0].result.outcome is Outcome.ROBOTS_DISALLOWED
    record = analyse_page(pages[0])
    con = connect(tmp_path / "w.duckdb")
    migrate(con)
    store_batch(con, run_id="r1", entries=[pages[0].entry], articles=[record], now=datetime.now(UTC))
    assert retryable_articles(con, [record.article_id]) == set()
    con.close()


def test_robots_3_huge_robots_is_parsed_up_to_the_limit(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    tracemalloc.start()
    try:
        outcomes = fetch(fetcher, server, "robots-big.test", "/private/ok", "/public/ok")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The rule at the top applies; the "Disallow: /" after 5 MB is beyond the limit and ignored.
    assert outcomes == {"/private/ok": Outcome.ROBOTS_DISALLOWED, "/public/ok": Outcome.OK}
    assert MAX_ROBOTS_BYTES >= 500 * 1024  # RFC 9309 §2.5
    assert peak < 8 * MAX_ROBOTS_BYTES, f"peak {peak} bytes of Python allocations"


def test_robots_4_wildcards_and_longest_match(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    outcomes = fetch(fetcher, server, "robots-wild.test",
                     "/news/ok", "/news/x/print", "/news/print/ok", "/about/ok", "/ok")
    assert outcomes == {
        "/news/ok": Outcome.OK,  # Allow: /news/ is longer than Disallow: /
        "/news/x/print": Outcome.ROBOTS_DISALLOWED,  # Disallow: /*/print$ is longer still
        "/news/print/ok": Outcome.OK,  # "$": only a path that ends in /print
        "/about/ok": Outcome.ROBOTS_DISALLOWED,  # Disallow: /
        "/ok": Outcome.ROBOTS_DISALLOWED,
    }
    pages = fetch_pages(fetcher, [entry(f"http://robots-wild.test:{server.port}/news/x/print")], CFG)
    assert "Disallow: /*/print$ (line 4)" in (pages[0].result.error or "")
    assert server.hits["/news/x/print"] == 0 and server.hits["/about/ok"] == 0


def test_robots_5_redirect_loop_is_unavailable(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    outcomes = fetch(fetcher, server, "robots-loop.test", "/news/ok")
    assert outcomes == {"/news/ok": Outcome.ROBOTS_UNAVAILABLE}
    # robots.txt itself, then the /redir/a <-> /redir/b loop until the limit of 5 hops.
    assert server.hits["/robots.txt"] + server.hits["/redir/a"] + server.hits["/redir/b"] == LIMITS.max_redirects + 1
    assert server.hits["/news/ok"] == 0


def test_robots_5_redirect_to_private_addresses_is_blocked(
    fetcher: Fetcher, server: HostileHTTPServer, dns: FakeDNS, sentinel: Sentinel,
) -> None:
    host = f"robots-port{sentinel.port}.test"
    dns.table[host] = ["127.0.0.1"]
    for name in ("robots-metadata.test", host):
        pages = fetch_pages(fetcher, [entry(f"http://{name}:{server.port}/news/ok")], CFG)
        assert pages[0].result.outcome is Outcome.ROBOTS_UNAVAILABLE, pages[0].result
        assert "BLOCKED_SSRF" in (pages[0].result.error or "")
    assert not sentinel.touched()
    assert server.hits["/news/ok"] == 0


def test_robots_txt_is_fetched_once_per_host_across_threads(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    urls = [f"http://robots-wild.test:{server.port}/news/{i}/ok" for i in range(16)]
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(lambda u: fetch_pages(fetcher, [entry(u)], CFG)[0].result.outcome, urls))
    assert set(outcomes) == {Outcome.OK}
    assert robots_requests(server) == [f"robots-wild.test:{server.port}"]


def test_feeds_and_switched_off_robots_never_ask_for_robots_txt(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    poll = poll_feed(fetcher, Feed("f", f"http://robots-503.test:{server.port}/ok"), None, CFG)
    assert poll.outcome is Outcome.OK  # a feed on a host whose robots.txt is down
    off = FetchConfig(article_max_bytes=LIMITS.article_max_bytes, respect_robots=False)
    pages = fetch_pages(fetcher, [entry(f"http://robots-wild.test:{server.port}/about/ok")], off)
    assert pages[0].result.outcome is Outcome.OK
    assert robots_requests(server) == []
