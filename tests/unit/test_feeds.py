"""parse_feed: outcomes, stable ids, link validation, text cleaning, dates, caps."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from swapwatch.feeds import MAX_SUMMARY, MAX_TITLE, defuse_prolog, parse_feed
from swapwatch.models import Outcome

NOW = datetime(2026, 1, 1, tzinfo=UTC)
BASE = "https://news.test/feed.xml"


def rss(items: str, extra: str = "") -> bytes:
    return f'<?xml version="1.0" encoding="utf-8"?>{extra}<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def item(link: str = "https://news.test/a", guid: str | None = "g1", title: str = "T", date: str = "") -> str:
    g = f"<guid>{guid}</guid>" if guid is not None else ""
    d = f"<pubDate>{date}</pubDate>" if date else ""
    return f"<item><title>{title}</title><link>{link}</link>{g}{d}<description>S</description></item>"


def parse(body: bytes, **kw: object) -> object:
    return parse_feed(body, feed_name="f", base_url=BASE, now=NOW, **kw)  # type: ignore[arg-type]


def test_a_plain_feed() -> None:
    parsed = parse_feed(rss(item(date="Mon, 01 Dec 2025 10:00:00 +0200")), feed_name="f", base_url=BASE, now=NOW)
    assert parsed.outcome is Outcome.OK and parsed.version == "rss20" and parsed.tossed == 0
    (entry,) = parsed.entries
    assert entry.link == "https://news.test/a" and entry.url_norm == "https://news.test/a"
    assert entry.guid == "g1" and entry.title == "T" and entry.summary == "S"
    assert entry.published == datetime(2025, 12, 1, 8, 0, tzinfo=UTC)


def test_entry_ids_are_stable_and_scoped_by_feed() -> None:
    body = rss(item())
    a = parse_feed(body, feed_name="f", base_url=BASE).entries[0]
    b = parse_feed(body, feed_name="f", base_url="https://elsewhere.test/").entries[0]
    c = parse_feed(body, feed_name="other", base_url=BASE).entries[0]
    assert a.entry_id == b.entry_id != c.entry_id


def test_repeated_guid_is_disambiguated_by_link() -> None:  # H-DUP-1
    body = rss("".join(item(link=f"https://news.test/{i}", guid="same") for i in range(4)))
    ids = {e.entry_id for e in parse_feed(body, feed_name="f", base_url=BASE).entries}
    assert len(ids) == 4


def test_no_guid_falls_back_to_link_then_text() -> None:
    body = rss(item(guid=None) + "<item><title>only a title</title></item>")
    a, b = parse_feed(body, feed_name="f", base_url=BASE).entries
    assert a.entry_id != b.entry_id and b.link is None and b.link_problem == "EMPTY"


@pytest.mark.parametrize(
    ("link", "problem"),
    [("javascript:alert(1)", "BLOCKED_SCHEME"), ("JaVaScRiPt:alert(1)", "BLOCKED_SCHEME"),
     ("data:text/html,x", "BLOCKED_SCHEME"), ("file:///etc/passwd", "BLOCKED_SCHEME"),
     ("mailto:x@y.test", "BLOCKED_SCHEME"), ("smb://h/s", "BLOCKED_SCHEME"),
     ("https://news.test/" + "a" * 3000, "INVALID_URL")],
)
def test_bad_links_become_none_with_a_reason(link: str, problem: str) -> None:
    (entry,) = parse_feed(rss(item(link=link)), feed_name="f", base_url=BASE).entries
    assert entry.link is None and entry.url_norm is None and entry.link_problem == problem


def test_relative_links_resolve_against_the_final_url() -> None:
    (entry,) = parse_feed(rss(item(link="/world/1?utm_source=rss")), feed_name="f", base_url=BASE).entries
    assert entry.link == "https://news.test/world/1?utm_source=rss"
    assert entry.url_norm == "https://news.test/world/1"


def test_control_characters_are_removed_and_text_truncated() -> None:  # H-ENC-5, H-VOL-3
    title = "a\x00b\x01c\x1f d " + "x" * 5000
    body = rss(f"<item><title><![CDATA[{title}]]></title><link>https://news.test/a</link>"
               f"<description>{'y' * 50_000}</description></item>")
    (entry,) = parse_feed(body, feed_name="f", base_url=BASE).entries
    assert entry.title is not None and entry.title.startswith("abc d")
    assert len(entry.title) == MAX_TITLE
    assert entry.summary is not None and len(entry.summary) == MAX_SUMMARY


@pytest.mark.parametrize(
    "date",
    ["Fri, 01 Jan 2099 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "not a date", "Mon, 01 Jan 1900 00:00:00 GMT"],
)
def test_implausible_dates_become_none(date: str) -> None:  # H-DATE-1
    (entry,) = parse_feed(rss(item(date=date)), feed_name="f", base_url=BASE, now=NOW).entries
    assert entry.published is None


def test_timezone_abbreviation_is_parsed_to_utc() -> None:
    (entry,) = parse_feed(rss(item(date="Mon, 01 Dec 2025 10:00:00 EDT")), feed_name="f", base_url=BASE, now=NOW).entries
    assert entry.published == datetime(2025, 12, 1, 14, 0, tzinfo=UTC)


def test_items_beyond_the_cap_are_tossed() -> None:
    body = rss("".join(item(link=f"https://news.test/{i}", guid=f"g{i}") for i in range(30)))
    parsed = parse_feed(body, feed_name="f", base_url=BASE, max_items=10)
    assert len(parsed.entries) == 10 and parsed.tossed == 20
    assert parsed.entries[0].guid == "g0"


@pytest.mark.parametrize("body", [b"", b"   \n\t", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
def test_empty_bodies(body: bytes) -> None:
    assert parse_feed(body, feed_name="f", base_url=BASE).outcome is Outcome.EMPTY


@pytest.mark.parametrize(
    "body", [b"<!doctype html><html><body><p>home</p></body></html>", b"\x89PNG\r\n\x1a\n\x00\x00", b"/etc/passwd"]
)
def test_not_a_feed(body: bytes) -> None:
    assert parse_feed(body, feed_name="f", base_url=BASE).outcome is Outcome.NOT_A_FEED


def test_bozo_with_entries_is_usable() -> None:
    body = rss(item(title="broken &amp entity <b>"))
    parsed = parse_feed(body, feed_name="f", base_url=BASE)
    assert parsed.outcome is Outcome.PARSED_WITH_WARNINGS and parsed.entries and parsed.warning


def test_truncated_feed_without_entries_is_a_parse_error() -> None:
    assert parse_feed(b'<rss version="2.0"><channel><title>t</ti', feed_name="f", base_url=BASE).outcome in {
        Outcome.PARSE_ERROR, Outcome.OK}


def test_a_valid_feed_without_items_is_ok_and_empty() -> None:
    parsed = parse_feed(rss(""), feed_name="f", base_url=BASE)
    assert parsed.outcome is Outcome.OK and parsed.entries == ()


def test_content_type_is_passed_to_feedparser() -> None:
    parsed = parse_feed(rss(item()), feed_name="f", base_url=BASE, content_type="application/octet-stream")
    assert parsed.outcome is Outcome.PARSED_WITH_WARNINGS and "NonXMLContentType" in (parsed.warning or "")


def test_json_feed() -> None:
    body = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "j", "items": ['
            b'{"id": "1", "url": "https://news.test/j1", "title": "J", "content_text": "x",'
            b' "date_published": "2025-12-01T10:00:00+02:00"}, {"id": 2, "url": "javascript:x"}]}')
    parsed = parse_feed(body, feed_name="f", base_url=BASE, now=NOW)
    assert parsed.outcome is Outcome.OK and parsed.version == "json11"
    first, second = parsed.entries
    assert first.link == "https://news.test/j1" and first.published == datetime(2025, 12, 1, 8, tzinfo=UTC)
    assert second.guid == "2" and second.link_problem == "BLOCKED_SCHEME"


def test_one_line_billion_laughs_is_defused() -> None:
    ents = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    body = rss(item(title="&l9;"), extra=f'<!DOCTYPE rss [<!ENTITY l0 "lol">{ents}]>')
    assert b"\n<!ENTITY l9" in defuse_prolog(body)
    parsed = parse_feed(body, feed_name="f", base_url=BASE)
    assert all(len(e.title or "") < 100 for e in parsed.entries)


def test_defuse_leaves_ordinary_documents_alone() -> None:
    body = rss(item())
    assert defuse_prolog(body) is body
