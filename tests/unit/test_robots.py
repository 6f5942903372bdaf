"""robots.txt per RFC 9309: the pure parser, the response-to-rules mapping, the per-run cache."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from swapwatch.fetch import Fetcher, FetchLimits, FetchPolicy
from swapwatch.models import FetchResult, Outcome
from swapwatch.robots import (
    MAX_ROBOTS_BYTES,
    RobotsRules,
    normalise_path,
    parse_robots,
    path_of,
    product_token,
)
from swapwatch.robotscache import host_robots, robots_location

UA = "swapwatch/0.1 (+https://github.com/swapwatch/swapwatch)"
LIMITS = FetchLimits(connect_timeout=2, read_timeout=2, total_deadline=5)


def rules(text: str, agent: str = UA) -> RobotsRules:
    return parse_robots(text.encode("utf-8"), agent)


# --- groups ------------------------------------------------------------------------------------

def test_product_token_of_the_user_agent() -> None:
    assert product_token(UA) == "swapwatch"
    assert product_token("Mozilla/5.0 (compatible)") == "mozilla"
    with pytest.raises(ValueError, match="does not start with a product token"):
        product_token("/0.1")


def test_our_group_wins_over_star_case_insensitively() -> None:
    r = rules("User-agent: *\nDisallow: /\n\nUser-agent: SwapWatch\nDisallow: /secret\n")
    assert r.agent == "swapwatch"
    assert r.allows("/news/1") and not r.allows("/secret/x")


def test_star_group_applies_when_ours_is_absent() -> None:
    r = rules("User-agent: googlebot\nDisallow: /g\n\nUser-agent: *\nDisallow: /s\n")
    assert r.agent == "*"
    assert r.allows("/g/1") and not r.allows("/s/1")


def test_no_matching_group_allows_everything() -> None:
    r = rules("User-agent: googlebot\nDisallow: /\n")
    assert r == RobotsRules.allow_all() and r.allows("/anything")


def test_consecutive_user_agents_share_a_group_and_repeated_groups_merge() -> None:
    text = ("User-agent: bingbot\nUser-agent: swapwatch/2.0\nDisallow: /a\n"
            "User-agent: other\nDisallow: /b\n"
            "User-agent: swapwatch\nDisallow: /c\n")
    r = rules(text)
    assert not r.allows("/a") and r.allows("/b") and not r.allows("/c")


def test_rules_before_any_user_agent_and_unknown_lines_are_ignored() -> None:
    r = rules("Disallow: /early\nUser-agent: *\nSitemap: http://x.test/s.xml\nCrawl-delay: 9\nDisallow: /late\n"
              "no colon here\n")
    assert r.allows("/early") and not r.allows("/late")


def test_empty_disallow_allows_everything() -> None:
    assert rules("User-agent: *\nDisallow:\n").allows("/x")


# --- matching ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/", False),
        ("/news/", True),
        ("/news/2026/swap", True),
        ("/news/2026/print", False),  # /*/print$ (9 octets) beats Allow: /news/ (6)
        ("/news/2026/print?x=1", True),  # "$" anchors the end: the query is part of the path
        ("/news/2026/printer", True),
        ("/sport/print", False),
        ("/robots.txt", True),  # implicitly allowed
    ],
)
def test_wildcards_dollar_and_longest_match(path: str, allowed: bool) -> None:
    r = rules("User-agent: *\nDisallow: /\nAllow: /news/\nDisallow: /*/print$\n")
    assert r.allows(path) is allowed


def test_star_matches_any_run_and_repeated_stars_collapse() -> None:
    r = rules("User-agent: *\nDisallow: /*.pdf$\nDisallow: /a**b*c\nDisallow: *private\n")
    assert not r.allows("/docs/x.pdf") and r.allows("/docs/x.pdf?dl=1")
    assert not r.allows("/a/xx/b/yy/c") and r.allows("/a/c/b")
    assert not r.allows("/x/private/y")


def test_tie_goes_to_allow_whatever_the_order() -> None:
    for text in ("User-agent: *\nDisallow: /page\nAllow: /page\n", "User-agent: *\nAllow: /page\nDisallow: /page\n"):
        r = rules(text)
        assert r.allows("/page/1")
        assert r.deciding_rule("/page/1") is not None and r.deciding_rule("/page/1").allow  # type: ignore[union-attr]


def test_deciding_rule_names_the_line() -> None:
    r = rules("# header\nUser-agent: *\nDisallow: /x  # no x\n")
    rule = r.deciding_rule("/x/1")
    assert rule is not None and rule.describe() == "Disallow: /x (line 3)"


def test_pathological_wildcards_stay_fast() -> None:
    r = rules("User-agent: *\nDisallow: /" + "a*" * 200 + "b$\n")
    assert r.allows("/" + "a" * 5000)  # no backtracking blow-up


# --- percent-encoding -----------------------------------------------------------------------------

def test_percent_encoding_is_normalised_on_both_sides() -> None:
    assert normalise_path("/%7efoo/%2f/%aa") == "/~foo/%2F/%AA"
    assert normalise_path("/ä b") == "/%C3%A4%20b"
    r = rules("User-agent: *\nDisallow: /%7Ejoe/\nDisallow: /ä\nDisallow: /a%2fb\n")
    assert not r.allows("/~joe/page")
    assert not r.allows("/%C3%A4rger") and not r.allows("/ärger")
    assert not r.allows("/a%2Fb") and r.allows("/a/b")  # an encoded "/" is not a "/"


def test_path_of_keeps_the_query() -> None:
    assert path_of("https://x.test/a/b?c=1#frag") == "/a/b?c=1"
    assert path_of("https://x.test") == "/"


# --- text format ------------------------------------------------------------------------------

def test_bom_comments_and_crlf() -> None:
    r = parse_robots(b"\xef\xbb\xbfUser-agent: * # all\r\nDisallow: /a # why\r\n\r\nAllow: /a/b\rDisallow: /c\n", UA)
    assert not r.allows("/a/x") and r.allows("/a/b") and not r.allows("/c")


def test_invalid_utf8_does_not_fail() -> None:
    assert not parse_robots(b"User-agent: *\nDisallow: /\xff\xfe\nDisallow: /x\n", UA).allows("/x")


def test_only_the_first_512_kib_is_parsed() -> None:
    head = b"User-agent: *\nDisallow: /private\n"
    filler = b"#" * (MAX_ROBOTS_BYTES - len(head) - 1) + b"\n"
    late = b"Disallow: /\n"
    r = parse_robots(head + filler + late, UA)
    assert not r.allows("/private/1") and r.allows("/public")


def test_a_line_cut_by_the_limit_is_dropped() -> None:
    head = b"User-agent: *\n"
    cut = b"Disallow: /very/long/prefix"
    body = head + b"#" * (MAX_ROBOTS_BYTES - len(head) - len(cut) - 1) + b"\n" + cut + b"/rest\n"
    r = parse_robots(body, UA)
    assert r.allows("/very/long/prefix/x")  # neither the whole rule nor a shortened one applies


def test_allow_all_and_disallow_all() -> None:
    assert RobotsRules.allow_all().allows("/x")
    assert not RobotsRules.disallow_all().allows("/x") and not RobotsRules.disallow_all().allows("/")


# --- what a robots.txt response means (RFC 9309 §2.3.1) -------------------------------------------

@pytest.mark.parametrize(
    ("outcome", "status", "reachable", "allows"),
    [
        (Outcome.HTTP_4XX, 404, True, True),
        (Outcome.HTTP_4XX, 401, True, True),
        (Outcome.GONE, 410, True, True),
        (Outcome.EMPTY, 200, True, True),
        (Outcome.HTTP_5XX, 503, False, False),
        (Outcome.RATE_LIMITED, 429, False, False),
        (Outcome.TIMEOUT, None, False, False),
        (Outcome.CONN_ERROR, None, False, False),
        (Outcome.TLS_ERROR, None, False, False),
        (Outcome.TOO_MANY_REDIRECTS, 302, False, False),
    ],
)
def test_robots_response_outcomes(outcome: Outcome, status: int | None, reachable: bool, allows: bool) -> None:
    robots = host_robots(FetchResult("u", outcome, status=status, error="why"), "http://x.test/robots.txt", UA)
    assert robots.reachable is reachable and robots.rules.allows("/a") is allows


def test_ssrf_block_after_a_redirect_is_unavailable_but_a_blocked_host_is_left_to_the_fetch() -> None:
    after_redirect = FetchResult("u", Outcome.BLOCKED_SSRF, error="private", redirects=1)
    assert not host_robots(after_redirect, "http://x.test/robots.txt", UA).reachable
    own_host = FetchResult("u", Outcome.BLOCKED_SSRF, error="private", redirects=0)
    assert host_robots(own_host, "http://x.test/robots.txt", UA).reachable  # the article fetch says why


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://News.Test/a?b", ("http://news.test:80", "http://news.test/robots.txt")),
        ("https://news.test:443/a", ("https://news.test:443", "https://news.test/robots.txt")),
        ("http://news.test:8080/a", ("http://news.test:8080", "http://news.test:8080/robots.txt")),
        ("http://u:p@[::1]:81/a", ("http://[::1]:81", "http://[::1]:81/robots.txt")),
        ("ftp://news.test/a", None),
        ("http://news.test:99999/a", None),
        ("not a url", None),
    ],
)
def test_robots_location(url: str, expected: tuple[str, str] | None) -> None:
    assert robots_location(url) == expected


# --- the per-run cache, through the Fetcher ------------------------------------------------------

def mock_fetcher(robots: httpx.Response, seen: list[str]) -> Fetcher:
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            seen.append(f"{request.url.host}{request.url.path}")
        if request.url.path == "/robots.txt":
            return robots
        return httpx.Response(200, content=b"<html>article</html>", headers={"Content-Type": "text/html"})

    return Fetcher(FetchPolicy(per_host_delay=0, max_per_host=16), LIMITS, transport=httpx.MockTransport(handler))


def test_cache_fetches_once_per_host_across_threads() -> None:
    seen: list[str] = []
    response = httpx.Response(200, content=b"User-agent: *\nDisallow: /no\n")
    with mock_fetcher(response, seen) as fetcher, ThreadPoolExecutor(8) as pool:
        urls = [f"https://{h}.test/{p}/{i}" for h in ("a", "b") for p in ("yes", "no") for i in range(10)]
        refusals = list(pool.map(fetcher.robots.refusal, urls))
    assert sorted(s for s in seen if s.endswith("/robots.txt")) == ["a.test/robots.txt", "b.test/robots.txt"]
    assert [r is None for r in refusals] == ["/yes/" in u for u in urls]
    refused = next(r for r in refusals if r is not None)
    assert refused.outcome is Outcome.ROBOTS_DISALLOWED
    assert "https://a.test/robots.txt rule 'Disallow: /no (line 2)'" in (refused.error or "")


def test_fetcher_truncates_a_big_robots_txt_instead_of_failing() -> None:
    seen: list[str] = []
    body = b"User-agent: *\nDisallow: /a\n" + b"#" * (2 * MAX_ROBOTS_BYTES) + b"\nDisallow: /\n"
    with mock_fetcher(httpx.Response(200, content=body), seen) as fetcher:
        result = fetcher.get("https://x.test/robots.txt", max_bytes=1000, truncate=True)
        assert result.outcome is Outcome.OK and result.body == body[:1000]
        assert fetcher.get("https://x.test/robots.txt", max_bytes=1000).outcome is Outcome.TOO_LARGE
        assert fetcher.robots.refusal("https://x.test/a/1") is not None
        assert fetcher.robots.refusal("https://x.test/b/1") is None


def test_unreachable_robots_refuses_with_a_retryable_outcome() -> None:
    seen: list[str] = []
    with mock_fetcher(httpx.Response(503), seen) as fetcher:
        refused = fetcher.robots.refusal("https://x.test/a")
    assert refused is not None and refused.outcome is Outcome.ROBOTS_UNAVAILABLE
    assert "https://x.test/robots.txt unavailable (HTTP_5XX" in (refused.error or "")
