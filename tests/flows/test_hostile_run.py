"""One whole run over every hostile case, every feedparser test feed and one good site.

The run must complete, record an outcome per feed, contact nothing outside its allow-list, put no
local file's content into the warehouse, stay within memory, and still record the good site's swap.
"""

from __future__ import annotations

import functools
import http.server
import resource
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from flows.ingest import ingest
from swapwatch.demo import DemoServer
from tests.flows.conftest import query
from tests.hostile.server import HostileHTTPServer, Sentinel

pytestmark = [pytest.mark.flow, pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]

CANARY = "swapwatch-canary-7f3a9c"
HOSTILE_PATHS = [
    "/size/cl-50mb", "/size/chunked-50mb", "/size/cl-lies-small", "/size/cl-lies-large", "/gzip/bomb",
    "/deflate/zlib-bomb", "/deflate/raw-bomb", "/gzip/stacked-bomb", "/gzip/nested-bomb", "/gzip/bad-crc",
    "/gzip/truncated", "/gzip/plain", "/br/bomb", "/time/drip", "/time/slow-headers", "/time/endless-feed",
    "/redir/a", "/chain/1", "/redir/no-location", "/redir/tab", "/redir/sub/dir/rel",
    "/status/429?ra=120", "/status/503", "/status/410", "/status/404", "/status/403c", "/conn/reset",
    "/conn/reset-mid", "/conn/http10", "/conn/huge-header", "/conn/many-cookies", "/body/empty", "/body/ws",
    "/body/bom", "/type/html", "/type/png", "/type/octet-xml", "/enc/invalid-utf8", "/xml/billion",
    "/items/bad-links", "/items/same-guid", "/feed/5000",
]


class CorpusServer(http.server.ThreadingHTTPServer):
    """Serves a folder of feed files as they are."""

    daemon_threads = True


@pytest.fixture
def corpus_server(shared_dir: Path) -> Iterator[tuple[CorpusServer, list[str]]]:
    root = shared_dir / "corpus" / "feeds" / "feedparser"
    if not root.is_dir():
        pytest.skip(f"{root} not present")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = CorpusServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.suffix != ".md")
    yield server, files
    server.shutdown()
    server.server_close()


@pytest.fixture
def hostile_server() -> Iterator[HostileHTTPServer]:
    server = HostileHTTPServer().start()
    yield server
    server.stop()


class ConnectAudit:
    """Records every outbound connect and DNS lookup the process makes."""

    def __init__(self) -> None:
        self.connects: list[Any] = []
        self.lookups: list[str] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo
        audit = self

        def connect(sock: socket.socket, address: Any) -> Any:
            audit.connects.append(address)
            return real_connect(sock, address)

        def getaddrinfo(host: Any, *args: Any, **kw: Any) -> Any:
            audit.lookups.append(str(host))
            return real_getaddrinfo(host, *args, **kw)

        monkeypatch.setattr(socket.socket, "connect", connect)
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_whole_run_over_hostile_and_odd_feeds(site: DemoServer, hostile_server: HostileHTTPServer,
                                              corpus_server: tuple[CorpusServer, list[str]], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, files = corpus_server
    secret = tmp_path / "secret.txt"
    secret.write_text(CANARY, encoding="utf-8")
    sentinel = Sentinel()  # another loopback port: nothing may ever connect to it
    hosts = [f"127.0.0.1:{site.port}", f"127.0.0.1:{hostile_server.port}", f"127.0.0.1:{corpus.server_address[1]}"]
    feeds = [{"name": f"hostile-{i}", "url": hostile_server.url(p)} for i, p in enumerate(HOSTILE_PATHS)]
    feeds += [
        {"name": "xxe-file", "url": hostile_server.url(f"/xml/xxe-file?path={secret}")},
        {"name": "xxe-http", "url": hostile_server.url(f"/xml/xxe-http?port={sentinel.port}")},
        {"name": "external-dtd", "url": hostile_server.url(f"/xml/dtd?port={sentinel.port}")},
        {"name": "redirect-to-sentinel",
         "url": hostile_server.url(f"/redir/to?u=http://127.0.0.1:{sentinel.port}/feed")},
        {"name": "redirect-to-metadata", "url": hostile_server.url("/redir/to?u=http://169.254.169.254/latest/")},
        {"name": "redirect-to-file", "url": hostile_server.url("/redir/to?u=file:///etc/passwd")},
    ]
    feeds += [{"name": f"fp-{i}", "url": f"http://127.0.0.1:{corpus.server_address[1]}/{f}"}
              for i, f in enumerate(files)]
    feeds += [{"name": name, "url": url, "lang": lang} for name, url, lang in site.feeds()]
    config = {
        "fetch": {"allow_private": False, "allow_hosts": hosts, "only_hosts": hosts, "per_host_delay": 0,
                  # Scaled down, with headroom for a loaded 2-core machine; tests/hostile pins the exact limits.
                  "max_per_host": 8, "connect_timeout": 2, "read_timeout": 2, "total_deadline": 6,
                  "feed_max_bytes": 2**20, "article_max_bytes": 2**20},
        "feeds": feeds,
    }
    path = tmp_path / "feeds.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    db = tmp_path / "w.duckdb"

    audit = ConnectAudit()
    audit.install(monkeypatch)
    started = time.monotonic()
    summary = ingest(feeds_path=str(path), db_path=str(db))
    elapsed = time.monotonic() - started
    monkeypatch.undo()

    assert elapsed < 240
    assert summary.feeds_polled == len(feeds)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1_500_000  # KiB: under 1.5 GB
    # Every feed ended in a recorded outcome.
    outcomes = dict(query(db, "SELECT feed_name, last_outcome FROM feed_state"))
    assert len(outcomes) == len(feeds) and all(outcomes.values())
    assert outcomes["hostile-4"] == "TOO_LARGE"  # the gzip bomb
    assert outcomes["hostile-13"] == "TIMEOUT"  # the slow drip
    assert outcomes["redirect-to-metadata"] == "BLOCKED_SSRF"
    assert outcomes["redirect-to-file"] == "BLOCKED_SCHEME"
    assert query(db, "SELECT enabled FROM feed_state WHERE feed_name = 'hostile-23'") == [(False,)]  # 410
    # Nothing outside the allow-list was contacted; no name was looked up.
    allowed_ports = {int(h.rsplit(":", 1)[1]) for h in hosts}
    assert allowed_ports <= {a[1] for a in audit.connects if isinstance(a, tuple)}  # the audit saw them
    outside = [a for a in audit.connects if isinstance(a, tuple) and a[0] not in ("127.0.0.1", "::1")]
    assert outside == []
    assert sentinel.port not in {a[1] for a in audit.connects if isinstance(a, tuple)}
    assert not sentinel.touched()
    assert [h for h in audit.lookups if h not in ("127.0.0.1", "localhost", "::1")] == []
    # No local file's content reached the warehouse.
    leaks = query(db, f"SELECT count(*) FROM entries WHERE title LIKE '%{CANARY}%' OR summary LIKE '%{CANARY}%'")
    assert leaks == [(0,)]
    assert query(db, f"SELECT count(*) FROM articles WHERE text LIKE '%{CANARY}%'") == [(0,)]
    # And the good site's swap is still there.
    events = query(db, "SELECT event_date::VARCHAR, parties FROM swap_events WHERE NOT background_only")
    assert ("2026-10-14", ["RU", "UA"]) in events
    sentinel.close()
