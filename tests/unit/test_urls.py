"""normalize_url folds one story's URL variants; check_link gates item links."""

from __future__ import annotations

import pytest

from swapwatch.urls import check_link, normalize_url, url_key

BASE = "https://news.test/feeds/world.xml"


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("https://news.test/a/story", "https://news.test/a/story"),
        ("http://news.test/a/story", "https://news.test/a/story"),
        ("HTTPS://NEWS.TEST/a/story", "https://news.test/a/story"),
        ("https://www.news.test/a/story/", "https://news.test/a/story"),
        ("https://news.test:443/a/story", "https://news.test/a/story"),
        ("http://news.test:80/a/story", "https://news.test/a/story"),
        ("https://news.test/a/story#comments", "https://news.test/a/story"),
        ("https://news.test/a/story?utm_source=rss&utm_medium=feed", "https://news.test/a/story"),
        ("https://news.test/a/story?fbclid=x&gclid=y&ocid=z&cmpid=w&at_medium=q", "https://news.test/a/story"),
        ("https://news.test/a/story/amp", "https://news.test/a/story"),
        ("https://news.test/amp/a/story", "https://news.test/a/story"),
        ("https://news.test/a/story?amp=1", "https://news.test/a/story"),
        ("https://amp.news.test/a/story", "https://news.test/a/story"),
        ("https://m.news.test/a/story", "https://news.test/a/story"),
        ("https://mobile.news.test/a/story", "https://news.test/a/story"),
        ("  https://news.test/a/story  ", "https://news.test/a/story"),
    ],
)
def test_variants_fold_to_one_key(variant: str, canonical: str) -> None:
    assert normalize_url(variant) == canonical
    assert url_key(variant) == url_key(canonical)


def test_content_params_are_kept_and_sorted() -> None:
    assert normalize_url("https://news.test/s?b=2&a=1&utm_x=3") == "https://news.test/s?a=1&b=2"
    assert normalize_url("https://news.test/s?id=7") != normalize_url("https://news.test/s?id=8")


def test_non_default_port_and_ipv6_kept() -> None:
    assert normalize_url("http://news.test:8080/x") == "https://news.test:8080/x"
    assert normalize_url("http://[2001:db8::1]/x") == "https://[2001:db8::1]/x"


def test_bare_alias_hosts_are_not_stripped_to_a_tld() -> None:
    assert normalize_url("https://m.com/x") == "https://m.com/x"
    assert normalize_url("https://www.com/x") == "https://www.com/x"


@pytest.mark.parametrize(
    "url",
    ["https://www.m.news.test/a/amp/?utm_source=x&b=%2f&a=hello+world#f", "http://news.test", "https://news.test/?"],
)
def test_normalize_is_idempotent(url: str) -> None:
    once = normalize_url(url)
    assert normalize_url(once) == once


@pytest.mark.parametrize("junk", ["javascript:alert(1)", "not a url", "", "http://", "mailto:x@y.test"])
def test_normalize_leaves_non_http_input_alone(junk: str) -> None:
    assert normalize_url(junk) == junk.strip()


def test_url_key_is_sha1_hex() -> None:
    key = url_key("https://news.test/a")
    assert len(key) == 40 and int(key, 16) >= 0


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://news.test/a", ("https://news.test/a", None)),
        ("/a/b", ("https://news.test/a/b", None)),
        ("b", ("https://news.test/feeds/b", None)),
        ("//cdn.test/x", ("https://cdn.test/x", None)),
        ("https://news.test/a b", ("https://news.test/a%20b", None)),
        ("javascript:alert(1)", (None, "BLOCKED_SCHEME")),
        ("JaVaScRiPt:alert(1)", (None, "BLOCKED_SCHEME")),
        ("  java\tscript:alert(1)", (None, "BLOCKED_SCHEME")),
        ("\x01javascript:alert(1)", (None, "BLOCKED_SCHEME")),
        ("vbscript:msgbox", (None, "BLOCKED_SCHEME")),
        ("data:text/html;base64,PHA+", (None, "BLOCKED_SCHEME")),
        ("file:///etc/passwd", (None, "BLOCKED_SCHEME")),
        ("mailto:x@y.test", (None, "BLOCKED_SCHEME")),
        ("smb://host/share", (None, "BLOCKED_SCHEME")),
        ("ftp://host/x", (None, "BLOCKED_SCHEME")),
        (None, (None, "EMPTY")),
        ("   ", (None, "EMPTY")),
        ("http://", (None, "INVALID_URL")),
        ("http://news.test:99999/", (None, "INVALID_URL")),
        ("http://news.test/<script>", (None, "INVALID_URL")),
        ("https://news.test/" + "a" * 2100, (None, "INVALID_URL")),
    ],
)
def test_check_link(link: str | None, expected: tuple[str | None, str | None]) -> None:
    assert check_link(link, BASE) == expected


def test_relative_link_without_a_usable_base_is_invalid() -> None:
    assert check_link("/a", "") == (None, "INVALID_URL")
    assert check_link("/a", "file:///tmp/feed.xml") == (None, "INVALID_URL")
    assert check_link("https://news.test/a", "") == ("https://news.test/a", None)


def test_user_info_links_are_kept_as_data() -> None:
    # H-SSRF-7: the link may be stored; the fetcher's guard decides at fetch time.
    assert check_link("http://user:pass@internal.test/", BASE) == ("http://user:pass@internal.test/", None)
