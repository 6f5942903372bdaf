"""The demo site: served feeds and pages, conditional GET, stages, and clean extraction."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
import trafilatura
import yaml

from swapwatch.demo import SITE_DIR, DemoServer, load_expected, serve
from swapwatch.demo.server import overlay_dir

EXPECTED = load_expected()
ARTICLES = EXPECTED["articles"]
BASE_ARTICLES = [a for a in ARTICLES if a["stage"] == "base"]


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


@pytest.fixture(scope="module")
def site() -> Iterator[DemoServer]:
    with serve() as server:
        yield server


@pytest.fixture
def day2_site() -> Iterator[DemoServer]:
    with serve(stage="day2") as server:
        yield server


def test_binds_loopback_and_substitutes_base(site: DemoServer) -> None:
    assert site.base_url == f"http://127.0.0.1:{site.port}"
    assert site.port > 0
    for feed in EXPECTED["feeds"]:
        status, headers, body = fetch(site.url(feed["path"]))
        assert status == 200
        assert b"{BASE}" not in body
        assert site.base_url.encode() in body
        parsed = feedparser.parse(body)
        for entry in parsed.entries:
            assert entry.link.startswith(site.base_url + "/")


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("kyiv-ledger/rss.xml", "application/rss+xml"),
        ("kyiv-ledger/uk/rss.xml", "application/rss+xml"),
        ("baltic-dispatch/rss.xml", "application/rss+xml"),
        ("northern-wire/atom.xml", "application/atom+xml"),
        (BASE_ARTICLES[0]["path"], "text/html; charset=utf-8"),
    ],
)
def test_content_types(site: DemoServer, path: str, content_type: str) -> None:
    status, headers, _ = fetch(site.url(path))
    assert status == 200
    assert headers["Content-Type"].startswith(content_type)


def test_missing_and_traversal_are_404(site: DemoServer) -> None:
    assert fetch(site.url("nope/rss.xml"))[0] == 404
    assert fetch(site.url("..%2F..%2Fpyproject.toml"))[0] == 404
    assert fetch(site.url("kyiv-ledger/../../expected.json"))[0] == 404


def test_tracking_query_is_ignored_when_serving(site: DemoServer) -> None:
    feed = feedparser.parse(fetch(site.url("baltic-dispatch/rss.xml"))[2])
    tracked = [e.link for e in feed.entries if "utm_source=rss" in e.link]
    assert tracked
    for link in tracked:
        assert fetch(link)[0] == 200


def test_conditional_get_with_etag_and_last_modified(site: DemoServer) -> None:
    url = site.url("northern-wire/atom.xml")
    status, headers, body = fetch(url)
    assert status == 200
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    assert etag.startswith('"') and last_modified.endswith("GMT")

    status, headers304, body304 = fetch(url, {"If-None-Match": etag})
    assert status == 304
    assert body304 == b""
    assert headers304["ETag"] == etag
    assert fetch(url, {"If-Modified-Since": last_modified})[0] == 304
    assert fetch(url, {"If-None-Match": '"something-else"'})[0] == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110)
    assert fetch(url, {"If-None-Match": '"stale"', "If-Modified-Since": last_modified})[0] == 200
    assert fetch(url, {"If-Modified-Since": "Thu, 01 Jan 2026 00:00:00 GMT"})[0] == 200

    logged = [r for r in site.requests if r.path == "/northern-wire/atom.xml" and r.status == 304]
    assert any(r.if_none_match == etag for r in logged)


def test_day2_stage_adds_items_and_changes_validators() -> None:
    with serve() as server:
        counts = {}
        for feed in EXPECTED["feeds"]:
            status, headers, body = fetch(server.url(feed["path"]))
            entries = feedparser.parse(body).entries
            counts[feed["name"]] = (len(entries), headers["ETag"], headers["Last-Modified"])
            assert counts[feed["name"]][0] == feed["items"]["base"]
        new_paths = [a["path"] for a in ARTICLES if a["stage"] == "day2"]
        assert all(fetch(server.url(p))[0] == 404 for p in new_paths)

        server.set_stage("day2")
        assert server.stage == "day2"
        for feed in EXPECTED["feeds"]:
            base_items, etag, last_modified = counts[feed["name"]]
            status, headers, body = fetch(server.url(feed["path"]), {"If-None-Match": etag})
            changed = feed["name"] in EXPECTED["stages"]["day2"]["changed_feeds"]
            assert status == (200 if changed else 304), feed["name"]
            ims_status = fetch(server.url(feed["path"]), {"If-Modified-Since": last_modified})[0]
            assert ims_status == (200 if changed else 304), feed["name"]
            if changed:
                parsed = feedparser.parse(body)
                assert len(parsed.entries) == feed["items"]["day2"] == base_items + 1
        assert all(fetch(server.url(p))[0] == 200 for p in new_paths)
        # base articles are still there
        assert all(fetch(server.url(a["path"]))[0] == 200 for a in BASE_ARTICLES)

        server.set_stage(None)
        assert all(fetch(server.url(p))[0] == 404 for p in new_paths)
        with pytest.raises(ValueError, match="no overlay"):
            server.set_stage("day99")


def test_serve_with_stage_argument(day2_site: DemoServer) -> None:
    body = fetch(day2_site.url("kyiv-ledger/rss.xml"))[2]
    titles = [e.title for e in feedparser.parse(body).entries]
    assert any("214" in t for t in titles)


def test_custom_root_and_overlay(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "x").mkdir(parents=True)
    (root / "x" / "page.html").write_text('<a href="{BASE}/x/page.html">self</a>', encoding="utf-8")
    overlay = overlay_dir(root, "later")
    (overlay / "x").mkdir(parents=True)
    (overlay / "x" / "new.html").write_text("new", encoding="utf-8")
    with serve(root, stage="later") as server:
        status, _, body = fetch(server.url("x/page.html"))
        assert body.decode() == f'<a href="{server.base_url}/x/page.html">self</a>'
        assert fetch(server.url("x/new.html"))[0] == 200
    with pytest.raises(FileNotFoundError):
        serve(tmp_path / "missing")


def test_feeds_yaml_matches_config_schema(site: DemoServer, tmp_path: Path) -> None:
    hook = "http://127.0.0.1:9/hook"
    path = site.feeds_yaml(tmp_path / "feeds.yaml", db_hint=tmp_path / "demo.duckdb", webhook=hook)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(config) == {"fetch", "alerts", "feeds"}
    assert set(config["fetch"]) == {"allow_private", "allow_hosts", "per_host_delay"}
    assert config["fetch"]["allow_hosts"] == [f"127.0.0.1:{site.port}"]
    assert config["fetch"]["allow_private"] is False
    assert config["alerts"] == {"webhook": hook}
    feeds = {f["name"]: f for f in config["feeds"]}
    assert set(feeds) == {f["name"] for f in EXPECTED["feeds"]}
    for feed in EXPECTED["feeds"]:
        want = {"name": feed["name"], "url": site.url(feed["path"]), "lang": feed["lang"], "enabled": True}
        assert feeds[feed["name"]] == want
    plain = yaml.safe_load(site.feeds_yaml(tmp_path / "plain.yaml").read_text(encoding="utf-8"))
    assert plain["alerts"] == {"webhook": None}


@pytest.mark.parametrize("stage", ["base", "day2"])
def test_every_feed_parses_with_entries(stage: str) -> None:
    with serve(stage=stage) as server:
        for name, url, _lang in server.feeds():
            status, headers, body = fetch(url)
            parsed = feedparser.parse(body, response_headers={"content-type": headers["Content-Type"]})
            assert status == 200
            assert not parsed.bozo, (name, parsed.get("bozo_exception"))
            assert parsed.entries, name
            for entry in parsed.entries:
                assert entry.get("title") and entry.get("link") and entry.get("published_parsed"), name
                assert fetch(entry.link)[0] == 200, entry.link


def test_feed_items_and_articles_match_expected(day2_site: DemoServer) -> None:
    linked = set()
    for _name, url, _lang in day2_site.feeds():
        for entry in feedparser.parse(fetch(url)[2]).entries:
            linked.add(entry.link.removeprefix(day2_site.base_url + "/").split("?")[0])
    assert linked == {a["path"] for a in ARTICLES}
    on_disk = {p.relative_to(SITE_DIR).as_posix() for p in SITE_DIR.rglob("*.html")}
    day2_dir = overlay_dir(SITE_DIR, "day2")
    on_disk |= {p.relative_to(day2_dir).as_posix() for p in day2_dir.rglob("*.html")}
    assert on_disk == linked


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_article_extracts_body_without_page_noise(day2_site: DemoServer, article: dict) -> None:
    status, headers, raw = fetch(day2_site.url(article["path"]))
    assert status == 200
    html = raw.decode("utf-8")
    assert f'lang="{article["lang"]}"' in html
    assert f'<time datetime="{article["published"]}' in html
    text = trafilatura.extract(html)
    assert text and len(text) > 600
    # the body is there: every count the article was written to report appears in the text
    for event in article["events"]:
        for counts in event["returned"].values():
            for value in counts.values():
                for number in value if isinstance(value, list) else [value]:
                    if number is not None and number > 1:
                        assert f"{number:,}" in text or str(number) in text, (article["id"], number)
    # ...and the sidebar, ticker, cookie banner and footer are not
    feed_noise = EXPECTED["page_noise"][article["feed"]]
    for noise in feed_noise:
        assert noise in html, (article["id"], noise)  # the noise really is on the page
        assert noise not in text, (article["id"], noise)
    markers = ("Most read", "Найпопулярніше", "Ticker", "Стрічка", "cookie", "Sign up", "Related stories")
    for marker in markers:
        assert marker not in text
    metadata = trafilatura.bare_extraction(html, with_metadata=True)
    meta = metadata if isinstance(metadata, dict) else metadata.as_dict()
    assert meta["date"] == article["published"]
    assert meta["title"] == article["title"]


def test_syndicated_copy_has_identical_body(site: DemoServer) -> None:
    by_id = {a["id"]: a for a in ARTICLES}
    for article in ARTICLES:
        if article["duplicate_of"]:
            original = by_id[article["duplicate_of"]]
            assert article["outlet"] != original["outlet"]
            copy_text = trafilatura.extract(fetch(site.url(article["path"]))[2].decode())
            original_text = trafilatura.extract(fetch(site.url(original["path"]))[2].decode())
            assert copy_text == original_text


def test_expected_json_is_consistent() -> None:
    ids = [a["id"] for a in ARTICLES]
    assert len(ids) == len(set(ids))
    swaps = {s["id"]: s for s in EXPECTED["swaps"]}
    for article in ARTICLES:
        assert article["is_swap"] == (article["swap"] is not None)
        if article["swap"]:
            assert article["id"] in swaps[article["swap"]]["articles"][article["stage"]]
        for event in article["events"]:
            assert event["parties"] == sorted(event["parties"]) and event["role"] in {"main", "background"}
    for stage, summary in EXPECTED["stages"].items():
        visible = {s["id"] for s in swaps.values() if s["first_seen"] in ("base", stage)}
        assert set(summary["swaps"]) == visible
    assert json.loads(json.dumps(EXPECTED)) == EXPECTED


def test_head_and_close_are_safe() -> None:
    server = serve()
    request = urllib.request.Request(server.url("kyiv-ledger/rss.xml"), method="HEAD")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.read() == b""
        assert int(response.headers["Content-Length"]) > 0
    server.close()
    server.close()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(server.url("kyiv-ledger/rss.xml"), timeout=2)
