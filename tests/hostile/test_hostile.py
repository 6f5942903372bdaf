"""Each hostile case (shared/corpus/feeds/hostile/README.md) ends in its documented outcome.

Limits are scaled down in conftest.LIMITS (5 s deadline, 1 MiB caps) so the file runs fast.
"""

from __future__ import annotations

import dataclasses
import pyexpat
import resource
import socket
import threading
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

from swapwatch.feeds import parse_feed
from swapwatch.fetch import Fetcher, FetchLimits, is_transient
from swapwatch.models import FetchResult, Outcome, Validators
from tests.hostile.conftest import LIMITS, FakeDNS, MiB, make_fetcher
from tests.hostile.server import HostileHTTPServer, Sentinel

CAP = LIMITS.feed_max_bytes


def get(fetcher: Fetcher, server: HostileHTTPServer, path: str, **kw: object) -> FetchResult:
    return fetcher.get(server.url(path), max_bytes=int(kw.pop("max_bytes", CAP)), **kw)  # type: ignore[arg-type]


def parse(result: FetchResult) -> Outcome:
    assert result.body is not None, result
    return parse_feed(result.body, feed_name="h", base_url=result.final_url or result.url,
                      content_type=result.content_type).outcome


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- A. size and decompression -----------------------------------------------------------

@pytest.mark.parametrize(
    ("path", "outcome"),
    [
        ("/size/cl-50mb", Outcome.TOO_LARGE),  # H-SIZE-1, rejected from Content-Length
        ("/size/chunked-50mb", Outcome.TOO_LARGE),  # H-SIZE-2
        ("/size/cl-lies-large", Outcome.CONN_ERROR),  # H-SIZE-4: truncated
        ("/gzip/bomb", Outcome.TOO_LARGE),  # H-GZIP-1
        ("/deflate/zlib-bomb", Outcome.TOO_LARGE),  # H-GZIP-2
        ("/deflate/raw-bomb", Outcome.TOO_LARGE),  # H-GZIP-2
        ("/gzip/stacked-bomb", Outcome.TOO_LARGE),  # H-GZIP-4
        ("/gzip/bad-crc", Outcome.PARSE_ERROR),  # H-GZIP-5
        ("/gzip/truncated", Outcome.CONN_ERROR),  # H-GZIP-5
        ("/gzip/plain", Outcome.PARSE_ERROR),  # H-GZIP-6
        ("/br/bomb", Outcome.PARSE_ERROR),  # H-GZIP-3: br never advertised, never inflated
    ],
)
def test_size_and_decompression(fetcher: Fetcher, server: HostileHTTPServer, path: str, outcome: Outcome) -> None:
    tracemalloc.start()
    try:
        result = get(fetcher, server, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome is outcome, result.error
    assert result.body is None
    assert peak < 2 * CAP + MiB, f"peak {peak} bytes of Python allocations"
    assert result.error and server.url("") in result.error


def test_size_1_rejected_from_content_length_alone(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    result = get(fetcher, server, "/size/cl-50mb")
    assert "Content-Length 52428800" in (result.error or "")
    assert result.elapsed < 1.0


def test_size_3_lying_small_content_length_reads_only_what_was_declared(
    fetcher: Fetcher, server: HostileHTTPServer
) -> None:
    result = get(fetcher, server, "/size/cl-lies-small")
    assert result.outcome in {Outcome.OK, Outcome.CONN_ERROR}
    assert result.body is None or len(result.body) == 1000


def test_gzip_nested_bomb_is_inflated_once(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    result = get(fetcher, server, "/gzip/nested-bomb")  # the decoded body is itself a gzip file
    assert result.outcome is Outcome.OK
    assert result.body is not None and len(result.body) < CAP
    assert parse(result) is Outcome.NOT_A_FEED


@pytest.mark.parametrize("path", ["/gzip/ok", "/deflate/ok"])
def test_good_compressed_feeds_decode(fetcher: Fetcher, server: HostileHTTPServer, path: str) -> None:
    result = get(fetcher, server, path)
    assert result.outcome is Outcome.OK and parse(result) is Outcome.OK


def test_bomb_keeps_peak_rss_bounded(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    before = peak_rss_mib()
    for path in ("/gzip/bomb", "/gzip/stacked-bomb", "/size/chunked-50mb"):
        assert get(fetcher, server, path).outcome is Outcome.TOO_LARGE
    assert peak_rss_mib() - before < 2 * CAP / MiB + 16  # ru_maxrss is a peak: growth, in MiB


# --- B. time -------------------------------------------------------------------------------

@pytest.mark.slow
def test_time_1_slow_drip_ends_at_total_deadline(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    result = get(fetcher, server, "/time/drip")
    assert result.outcome is Outcome.TIMEOUT, result.error
    assert LIMITS.total_deadline - 0.2 < result.elapsed < LIMITS.total_deadline + 1.0
    assert is_transient(result)


@pytest.mark.slow
def test_time_2_slow_headers_hit_read_timeout(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    result = get(fetcher, server, "/time/slow-headers")
    assert result.outcome is Outcome.TIMEOUT
    assert result.elapsed < LIMITS.read_timeout + 1.0


@pytest.mark.slow
def test_time_3_connect_hang_hits_connect_timeout(server: HostileHTTPServer, dns: FakeDNS) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(8):  # fill the accept backlog; later SYNs are dropped and connect() hangs
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        fillers.append(s)
    time.sleep(0.1)
    try:
        with make_fetcher(server, dns, extra_allow=[f"127.0.0.1:{port}"]) as f:
            result = f.get(f"http://127.0.0.1:{port}/", max_bytes=CAP)
    finally:
        for s in fillers:
            s.close()
        listener.close()
    assert result.outcome is Outcome.TIMEOUT, result.error
    assert result.elapsed < LIMITS.connect_timeout + 1.0


def test_time_4_endless_feed_is_cut_at_the_cap(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    assert get(fetcher, server, "/time/endless-feed").outcome in {Outcome.TOO_LARGE, Outcome.TIMEOUT}


@pytest.mark.slow
def test_time_5_per_host_concurrency_and_delay(server: HostileHTTPServer, dns: FakeDNS) -> None:
    roomy = dataclasses.replace(LIMITS, total_deadline=10.0)  # this case is about politeness, not deadlines
    with make_fetcher(server, dns, limits=roomy, max_per_host=2, per_host_delay=0.1) as f, \
            ThreadPoolExecutor(6) as pool:
        results = list(pool.map(lambda _: f.get(server.url("/time/slow?s=0.3"), max_bytes=CAP), range(6)))
    assert all(r.outcome is Outcome.OK for r in results), [(r.outcome, r.error) for r in results]
    assert server.max_in_flight <= 2
    starts = sorted(server.starts)
    # The client spaces request starts by 0.1 s; the server stamps them when its handler thread runs,
    # which jitters under load, so check the spread of all six rather than each single gap.
    assert len(starts) == 6 and starts[-1] - starts[0] >= 5 * 0.1 * 0.8


# --- C. redirects and SSRF -----------------------------------------------------------------

def test_redir_1_loop(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    result = get(fetcher, server, "/redir/a")
    assert result.outcome is Outcome.TOO_MANY_REDIRECTS
    assert result.redirects == LIMITS.max_redirects
    assert server.hits["/redir/a"] + server.hits["/redir/b"] == LIMITS.max_redirects + 1


def test_redir_2_long_chain_never_reaches_the_end(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    result = get(fetcher, server, "/chain/0")
    assert result.outcome is Outcome.TOO_MANY_REDIRECTS
    assert server.hits["/chain/30"] == 0 and server.hits["/chain/6"] == 0


@pytest.mark.parametrize(
    ("path", "outcomes"),
    [
        ("/redir/no-location", {Outcome.HTTP_4XX}),
        ("/redir/tab", {Outcome.INVALID_URL, Outcome.CONN_ERROR}),
        ("/redir/space", {Outcome.OK}),
        ("/redir/sub/dir/rel", {Outcome.OK}),
    ],
)
def test_redir_3_odd_locations(fetcher: Fetcher, server: HostileHTTPServer, path: str, outcomes: set[Outcome]) -> None:
    result = get(fetcher, server, path)
    assert result.outcome in outcomes, result.error


def test_redir_3_relative_location_resolves_against_current_url(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    result = get(fetcher, server, "/redir/sub/dir/rel")
    assert result.final_url == server.url("/redir/sub/ok")


def test_redir_3_protocol_relative_location(fetcher: Fetcher, server: HostileHTTPServer, dns: FakeDNS) -> None:
    target = f"//other.test:{server.port}/ok"
    result = get(fetcher, server, f"/redir/to?u={quote(target)}")
    assert result.outcome is Outcome.OK  # other.test resolves to the allow-listed 127.0.0.1:port
    assert result.final_url == f"http://other.test:{server.port}/ok"
    assert ("other.test", server.port) in dns.calls


def ssrf_targets(sentinel_port: int) -> list[str]:
    return [
        f"http://127.0.0.1:{sentinel_port}/", "http://localhost/", f"http://localhost:{sentinel_port}/",
        "http://[::1]/", "http://0.0.0.0/", "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/",
        "http://169.254.1.1/", "http://[fc00::1]/", "http://[fe80::1]/", "http://224.0.0.1/",
        "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.1/",
        "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[64:ff9b::a9fe:a9fe]/",
    ]


def test_ssrf_1_to_4_redirects_to_internal_targets_are_blocked(
    fetcher: Fetcher, server: HostileHTTPServer, sentinel: Sentinel, loopback_only: list[object]
) -> None:
    for target in ssrf_targets(sentinel.port):
        result = get(fetcher, server, f"/redir/to?u={quote(target, safe='')}")
        assert result.outcome is Outcome.BLOCKED_SSRF, (target, result)
        assert result.redirects == 1
    assert not sentinel.touched()
    assert {addr[1] for addr in loopback_only} == {server.port}  # only the server was contacted


def test_ssrf_5_mixed_answers_are_refused_before_connecting(
    server: HostileHTTPServer, dns: FakeDNS, loopback_only: list[object]
) -> None:
    dns.table["mixed.test"] = ["93.184.216.34", "10.0.0.5"]
    with make_fetcher(server, dns) as f:
        result = f.get("http://mixed.test/feed", max_bytes=CAP)
    assert result.outcome is Outcome.BLOCKED_SSRF and "10.0.0.5" in (result.error or "")
    assert loopback_only == []


@pytest.mark.parametrize(
    "target",
    ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1:6379/_", "data:text/xml,<rss/>",
     "dict://127.0.0.1:11211/", "smb://host/share"],
)
def test_ssrf_6_redirects_to_other_schemes(fetcher: Fetcher, server: HostileHTTPServer, target: str) -> None:
    result = get(fetcher, server, f"/redir/to?u={quote(target, safe='')}")
    assert result.outcome is Outcome.BLOCKED_SCHEME, result.error


def test_ssrf_8_item_links_with_other_schemes(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    result = get(fetcher, server, "/items/bad-links")
    parsed = parse_feed(result.body or b"", feed_name="h", base_url=result.final_url or "")
    problems = [(e.link, e.link_problem) for e in parsed.entries]
    assert problems[:7] == [(None, "BLOCKED_SCHEME")] * 7
    assert problems[7] == (server.url("/relative/ok"), None)
    for entry in parsed.entries[:7]:  # and the fetcher refuses the raw link too
        assert fetcher.get(entry.guid or "javascript:x", max_bytes=10).outcome is not Outcome.OK


def test_ssrf_9_dns_rebinding_connects_only_to_the_checked_address(
    server: HostileHTTPServer, dns: FakeDNS, loopback_only: list[object]
) -> None:
    dns.table["rebind.test"] = [["127.0.0.1"], ["169.254.169.254"]]
    with make_fetcher(server, dns) as f:
        first = f.get(f"http://rebind.test:{server.port}/ok", max_bytes=CAP)
        second = f.get(f"http://rebind.test:{server.port}/ok", max_bytes=CAP)  # new connection
    assert first.outcome is Outcome.OK
    assert second.outcome is Outcome.BLOCKED_SSRF and "169.254.169.254" in (second.error or "")
    assert [a for a in loopback_only] == [("127.0.0.1", server.port)]
    assert dict(server.seen[0][1])["host"] == f"rebind.test:{server.port}"  # Host kept


def test_ssrf_10_and_hook_3_webhooks(fetcher: Fetcher, server: HostileHTTPServer, sentinel: Sentinel) -> None:
    assert fetcher.post_json(f"http://127.0.0.1:{sentinel.port}/", {"a": 1}).outcome is Outcome.BLOCKED_SSRF
    assert fetcher.post_json("http://169.254.169.254/", {"a": 1}).outcome is Outcome.BLOCKED_SSRF
    hop = server.url("/redir/to?code=307&u=" + quote("http://169.254.169.254/", safe=""))
    assert fetcher.post_json(hop, {"a": 1}).outcome is Outcome.BLOCKED_SSRF
    ok = fetcher.post_json(server.url("/hook"), {"event_id": "e1"})
    assert ok.outcome is Outcome.OK and ok.body == b'{"ok": true}'
    assert not sentinel.touched()


def test_redir_6_credentials_dropped_on_origin_change(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    other = f"http://other.test:{server.port}/echo"
    hop = server.url("/redir/to?code=307&u=" + quote(other, safe=""))
    result = fetcher.post_json(hop, {"a": 1}, headers={"Authorization": "Bearer s3cret", "Cookie": "sid=1"})
    assert result.outcome is Outcome.OK
    first, second = server.seen[0][1], server.seen[1][1]
    assert first["authorization"] == "Bearer s3cret" and first["cookie"] == "sid=1"
    assert "authorization" not in second and "cookie" not in second


# --- D. content and encoding ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("path", "fetched", "parsed"),
    [
        ("/body/empty", Outcome.EMPTY, None),  # H-TYPE-3
        ("/body/ws", Outcome.EMPTY, None),
        ("/body/bom", Outcome.EMPTY, None),
        ("/type/html", Outcome.OK, {Outcome.NOT_A_FEED}),  # H-TYPE-1
        ("/type/png", Outcome.OK, {Outcome.NOT_A_FEED}),  # H-TYPE-4
        ("/type/octet-xml", Outcome.OK, {Outcome.PARSED_WITH_WARNINGS}),  # NonXMLContentType
        ("/enc/invalid-utf8", Outcome.OK, {Outcome.OK, Outcome.PARSED_WITH_WARNINGS}),  # H-ENC-1
        ("/xml/billion", Outcome.OK, {Outcome.PARSE_ERROR, Outcome.PARSED_WITH_WARNINGS}),  # H-XML-1
        ("/conn/http10", Outcome.OK, {Outcome.OK}),  # H-CONN-3
    ],
)
def test_content_cases(
    fetcher: Fetcher, server: HostileHTTPServer, path: str, fetched: Outcome, parsed: set[Outcome] | None
) -> None:
    result = get(fetcher, server, path, max_bytes=10 * MiB)
    assert result.outcome is fetched, result.error
    if parsed is not None:
        started = time.monotonic()
        assert parse(result) in parsed
        assert time.monotonic() - started < 10


def test_enc_1_stored_text_is_valid_utf8(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    result = get(fetcher, server, "/enc/invalid-utf8")
    entry = parse_feed(result.body or b"", feed_name="h", base_url=server.url("/")).entries[0]
    assert entry.title is not None
    entry.title.encode("utf-8")  # no lone surrogates


def test_xml_1_billion_laughs_expat_version_and_no_expansion(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    print("pyexpat.EXPAT_VERSION =", pyexpat.EXPAT_VERSION)
    result = get(fetcher, server, "/xml/billion")
    parsed = parse_feed(result.body or b"", feed_name="h", base_url=server.url("/"))
    assert all(len(e.title or "") < 1000 for e in parsed.entries)


def test_xml_2_xxe_file_is_not_read(fetcher: Fetcher, server: HostileHTTPServer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    result = get(fetcher, server, f"/xml/xxe-file?path={quote(str(secret))}")
    parsed = parse_feed(result.body or b"", feed_name="h", base_url=server.url("/"))
    assert "TOP-SECRET" not in repr(parsed)


@pytest.mark.parametrize("path", ["/xml/xxe-http", "/xml/dtd"])  # H-XML-2 (http), H-XML-4
def test_xml_external_entities_and_dtds_are_never_fetched(
    fetcher: Fetcher, server: HostileHTTPServer, sentinel: Sentinel, path: str
) -> None:
    result = get(fetcher, server, f"{path}?port={sentinel.port}")
    parse_feed(result.body or b"", feed_name="h", base_url=server.url("/"))
    assert not sentinel.touched()


def test_body_that_names_a_local_file_is_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "feed.xml"
    secret.write_text('<rss version="2.0"><channel><item><title>LOCAL FILE</title></item></channel></rss>')
    parsed = parse_feed(str(secret).encode(), feed_name="h", base_url="http://feeds.test/")
    assert parsed.outcome is Outcome.NOT_A_FEED  # feedparser would open() a bytes path


# --- E. volume -----------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("n", [5000, 10000])
def test_vol_1_big_feeds_are_capped(fetcher: Fetcher, server: HostileHTTPServer, n: int) -> None:
    result = get(fetcher, server, f"/feed/{n}", max_bytes=10 * MiB)
    assert result.outcome is Outcome.OK
    parsed = parse_feed(result.body or b"", feed_name="h", base_url=server.url("/"))
    assert parsed.outcome is Outcome.OK
    assert len(parsed.entries) == 2000 and parsed.tossed == n - 2000
    assert len({e.entry_id for e in parsed.entries}) == 2000


def test_dup_1_same_guid_different_links(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    result = get(fetcher, server, "/items/same-guid")
    parsed = parse_feed(result.body or b"", feed_name="h", base_url=server.url("/"))
    assert len({e.entry_id for e in parsed.entries}) == 5


# --- F. status, caching, rate limiting, connections -----------------------------------------

@pytest.mark.parametrize(
    ("path", "outcome", "retry_after"),
    [
        ("/status/429?ra=120", Outcome.RATE_LIMITED, 120.0),  # H-HTTP-4
        ("/status/429?ra=31536000", Outcome.RATE_LIMITED, 86400.0),  # H-HTTP-5: capped
        ("/status/429?ra=-5", Outcome.RATE_LIMITED, None),
        ("/status/429?ra=soon", Outcome.RATE_LIMITED, None),
        ("/status/503?ra=30", Outcome.HTTP_5XX, 30.0),  # H-HTTP-6
        ("/status/503", Outcome.HTTP_5XX, None),
        ("/status/500", Outcome.HTTP_5XX, None),
        ("/status/404", Outcome.HTTP_4XX, None),  # H-HTTP-8
        ("/status/410", Outcome.GONE, None),  # H-HTTP-9
        ("/status/401", Outcome.HTTP_4XX, None),  # H-HTTP-10
        ("/status/403", Outcome.HTTP_4XX, None),
        ("/status/403c", Outcome.BLOCKED_BY_CHALLENGE, None),  # H-TYPE-2
    ],
)
def test_http_statuses(
    fetcher: Fetcher, server: HostileHTTPServer, path: str, outcome: Outcome, retry_after: float | None
) -> None:
    result = get(fetcher, server, path)
    assert result.outcome is outcome
    assert result.retry_after == retry_after
    assert result.error and str(result.status) in result.error


def test_http_5_retry_after_http_date(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    from email.utils import formatdate

    when = formatdate(time.time() + 600, usegmt=True)
    result = get(fetcher, server, f"/status/429?ra={quote(when)}")
    assert result.retry_after is not None and 590 <= result.retry_after <= 601


def test_http_1_304_without_validators_is_an_anomaly(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    anomaly = get(fetcher, server, "/304")
    assert anomaly.outcome is Outcome.NOT_MODIFIED and anomaly.error and "no validator" in anomaly.error
    proper = get(fetcher, server, "/304?etag=%22v2%22", validators=Validators(etag='"v1"'))
    assert proper.outcome is Outcome.NOT_MODIFIED and proper.error is None and proper.etag == '"v2"'
    assert server.seen[-1][1]["if-none-match"] == '"v1"'


@pytest.mark.parametrize(
    "path",
    ["/conn/reset", "/conn/reset-mid", "/conn/huge-header"],  # H-CONN-1, H-CONN-2, H-CONN-4
)
def test_connection_failures(fetcher: Fetcher, server: HostileHTTPServer, path: str) -> None:
    result = get(fetcher, server, path)
    assert result.outcome is Outcome.CONN_ERROR, result.error
    assert result.body is None and is_transient(result)


def test_conn_4_many_cookies_accepted_and_never_stored(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    assert get(fetcher, server, "/conn/many-cookies").outcome is Outcome.OK
    get(fetcher, server, "/echo")
    assert "cookie" not in server.seen[-1][1]  # nothing was kept in a jar and sent back


def test_universal_invariants_after_a_hostile_burst(fetcher: Fetcher, server: HostileHTTPServer) -> None:
    """Many cases in parallel: no exception escapes, every result has an outcome, threads return."""
    paths = ["/gzip/bomb", "/size/chunked-50mb", "/redir/a", "/status/503", "/conn/reset", "/ok",
             "/body/empty", "/type/png", "/time/endless-feed", "/gzip/truncated"] * 2
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda p: get(fetcher, server, p), paths))
    assert all(isinstance(r.outcome, Outcome) for r in results)
    assert threading.active_count() < 200


def test_limits_are_injectable() -> None:
    assert FetchLimits().total_deadline == 30 and LIMITS.total_deadline == 5
