"""A misbehaving HTTP server on 127.0.0.1 (shared/corpus/feeds/hostile/README.md, client-side cases).

Every payload is generated at run time (zeros through zlib.compressobj, generated XML); nothing is
stored. One route per behaviour; raw socket writes where the server must break HTTP on purpose.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MiB = 1024 * 1024
ZEROS = bytes(MiB)
RSS_HEAD = b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>hostile</title>\n'
RSS_TAIL = b"</channel></rss>\n"
DRIP_INTERVAL = 0.4  # below the tests' 2 s read timeout: each read succeeds, the total never ends


def item(i: int, link: str | None = None, guid: str | None = None) -> bytes:
    """One RSS item."""
    link = link if link is not None else f"http://news.test/story/{i}"
    guid_xml = f"<guid>{guid}</guid>" if guid is not None else ""
    return (
        f"<item><title>Story {i}</title><link>{link}</link>{guid_xml}"
        f"<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate><description>Body {i}</description></item>\n"
    ).encode()


def rss(items: bytes = b"") -> bytes:
    """A whole RSS document around items."""
    return RSS_HEAD + items + RSS_TAIL


OK_FEED = rss(item(1) + item(2))


def zeros_compressed(total: int, wbits: int) -> Iterator[bytes]:
    """Stream the compression of `total` zero bytes (gzip wbits=31, zlib 15, raw deflate -15)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, wbits)
    for n in range(total // MiB):
        out = comp.compress(ZEROS)
        if n % 4 == 0:  # flush now and then so the first bytes go out at once
            out += comp.flush(zlib.Z_SYNC_FLUSH)
        if out:
            yield out
    yield comp.flush()


def gzip_bytes(data: bytes) -> bytes:
    """A gzip member of data."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    return comp.compress(data) + comp.flush()


def stacked(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """gzip the output of another generator again (Content-Encoding: gzip, gzip)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    for chunk in chunks:
        out = comp.compress(chunk) + comp.flush(zlib.Z_SYNC_FLUSH)
        if out:
            yield out
    yield comp.flush()


def png() -> bytes:
    """A real 1x1 PNG, built by hand."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(
        b"IEND", b""
    )


def billion_laughs() -> bytes:
    """Nested internal entities: about 1 KB that expands to 10^9 'lol's."""
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    ]
    doctype = f"<!DOCTYPE rss [{''.join(ents)}]>"
    body = '<rss version="2.0"><channel><title>&lol9;</title>' + item(1).decode() + "</channel></rss>"
    return f'<?xml version="1.0"?>{doctype}{body}'.encode()


class Handler(BaseHTTPRequestHandler):
    """Dispatch on the path; every response closes the connection unless a case says otherwise."""

    protocol_version = "HTTP/1.1"
    server: HostileHTTPServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Stay quiet."""

    def do_GET(self) -> None:
        """Serve one case."""
        self._dispatch()

    def do_POST(self) -> None:
        """Serve one case (webhooks)."""
        length = int(self.headers.get("content-length") or 0)
        self.body = self.rfile.read(length)
        self._dispatch()

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        self.query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.server.record(parts.path, dict(self.headers.items()))
        route = self.server.route(parts.path)
        try:
            route(self)
        except (TimeoutError, BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            pass  # the client gave up, which is what most cases are for
        self.close_connection = True

    # -- building blocks -------------------------------------------------------------------
    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
             content_type: str = "application/rss+xml; charset=utf-8") -> None:
        """A complete response with Content-Length."""
        head = {"Content-Type": content_type, "Content-Length": str(len(body)), "Connection": "close"}
        head.update(headers or {})
        self.raw_head(status, head)
        self.wfile.write(body)

    def raw_head(self, status: int, headers: dict[str, str], version: str = "HTTP/1.1") -> None:
        """Write a status line and headers as given."""
        lines = [f"{version} {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def chunked(self, chunks: Iterator[bytes], headers: dict[str, str]) -> None:
        """Stream chunks with Transfer-Encoding: chunked until done or the client leaves."""
        head = {"Content-Type": "application/rss+xml", "Transfer-Encoding": "chunked", "Connection": "close"}
        self.raw_head(200, head | headers)
        for chunk in chunks:
            if self.server.stopping.is_set():
                return
            if chunk:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def reset(self) -> None:
        """Close with RST instead of FIN (SO_LINGER 0)."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def wait(self, seconds: float) -> None:
        """Sleep, but wake up when the server stops."""
        self.server.stopping.wait(seconds)


def filler(prefix: bytes, total: int) -> Iterator[bytes]:
    """`prefix` then filler up to `total` bytes, in 64 KiB chunks."""
    yield prefix
    sent, block = len(prefix), b"<!-- filler -->" * 4096
    while sent < total:
        yield block
        sent += len(block)


def endless_items() -> Iterator[bytes]:
    """A valid feed that never ends (H-TIME-4)."""
    yield RSS_HEAD
    i = 0
    while True:
        yield b"".join(item(i + k) for k in range(200))
        i += 200


def drip(h: Handler) -> None:
    """H-TIME-1: headers at once, then one byte per DRIP_INTERVAL, forever."""
    h.raw_head(200, {"Content-Type": "application/rss+xml", "Connection": "close"})  # close-delimited
    for _ in range(10_000):
        h.wfile.write(b" ")
        h.wait(DRIP_INTERVAL)
        if h.server.stopping.is_set():
            return


def slow_politely(h: Handler) -> None:
    """H-TIME-5: a slow but fine response; the server measures how many are in flight."""
    with h.server.lock:
        h.server.in_flight += 1
        h.server.max_in_flight = max(h.server.max_in_flight, h.server.in_flight)
        h.server.starts.append(time.monotonic())
    h.wait(float(h.query.get("s", "0.4")))
    with h.server.lock:
        h.server.in_flight -= 1
    h.send(200, OK_FEED)


def redirect(h: Handler, status: int = 302) -> None:
    """302 (or ?code=) to ?u=<target>, verbatim."""
    h.send(int(h.query.get("code", status)), b"", {"Location": h.query["u"]})


def chain(h: Handler) -> None:
    """H-REDIR-2: /chain/N -> /chain/N+1 ... /chain/30 serves a feed."""
    n = int(h.path.split("?")[0].rsplit("/", 1)[-1])
    if n >= 30:
        h.send(200, OK_FEED)
    else:
        h.send(302, b"", {"Location": f"/chain/{n + 1}"})


def status(h: Handler) -> None:
    """/status/<code>[?ra=<Retry-After>]; /status/403c is a Cloudflare-style challenge."""
    code = h.path.split("?")[0].rsplit("/", 1)[-1]
    headers = {"Retry-After": h.query["ra"]} if "ra" in h.query else {}
    if code == "403c":
        headers["cf-mitigated"] = "challenge"
        h.send(403, b"<html>Just a moment...</html>", headers, "text/html")
        return
    h.send(int(code), b"<html>status page</html>", headers, "text/html")


def not_modified(h: Handler) -> None:
    """H-HTTP-1/2: 304, with ?etag= if given, whatever the request said."""
    headers = {"ETag": h.query["etag"]} if "etag" in h.query else {}
    h.raw_head(304, headers | {"Connection": "close"})


def reset_mid_body(h: Handler) -> None:
    """H-CONN-2: half of a feed, then RST."""
    body = rss(b"".join(item(i) for i in range(200)))
    h.raw_head(200, {"Content-Type": "application/rss+xml", "Content-Length": str(len(body))})
    h.wfile.write(body[: len(body) // 2])
    time.sleep(0.05)
    h.reset()


def http10(h: Handler) -> None:
    """H-CONN-3: HTTP/1.0, no Content-Length, the body ends when the connection closes."""
    h.raw_head(200, {"Content-Type": "application/rss+xml"}, version="HTTP/1.0")
    h.wfile.write(OK_FEED)


def many_cookies(h: Handler) -> None:
    """H-CONN-4: 1,000 Set-Cookie headers on an otherwise fine feed."""
    cookies = "".join(f"Set-Cookie: c{i}=v{i}; Path=/\r\n" for i in range(1000))
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(OK_FEED)}\r\nConnection: close\r\n{cookies}\r\n"
    h.wfile.write(head.encode() + OK_FEED)


def xml_doc(doctype: str, title: str) -> bytes:
    """An RSS document with a DOCTYPE and an entity reference in the channel and item titles."""
    return (
        f'<?xml version="1.0"?>\n{doctype}\n<rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{title}</title><link>http://news.test/x</link></item></channel></rss>"
    ).encode()


ROBOTS_WILDCARDS = b"User-agent: *\nDisallow: /\nAllow: /news/\nDisallow: /*/print$\n"  # H-ROBOTS-4
# H-ROBOTS-3: 5 MB; the rules in the first 512 KiB apply, the "Disallow: /" at the end must be ignored.
ROBOTS_BIG_HEAD = b"User-agent: *\nDisallow: /private/\n"
ROBOTS_BIG_SIZE = 5 * 1000 * 1000


def big_robots() -> Iterator[bytes]:
    """A 5 MB robots.txt: two rules, comment filler, then a late "Disallow: /" past any parse limit."""
    tail = b"\nUser-agent: *\nDisallow: /\n"
    yield ROBOTS_BIG_HEAD
    sent, block = len(ROBOTS_BIG_HEAD), (b"# filler line of a huge robots.txt\n" * 2000)
    while sent + len(block) + len(tail) < ROBOTS_BIG_SIZE:
        yield block
        sent += len(block)
    yield b"#" * (ROBOTS_BIG_SIZE - sent - len(tail)) + tail


def robots(h: Handler) -> None:
    """/robots.txt, chosen by the Host name (robots-<case>.test); other hosts get the 404 they always got."""
    case = h.headers.get("Host", "").split(":")[0].removesuffix(".test").removeprefix("robots-")
    if case == "503":
        h.send(503, b"busy", content_type="text/plain")
    elif case == "slow":
        h.wait(30)
    elif case == "big":
        h.chunked(big_robots(), {"Content-Type": "text/plain"})
    elif case == "wild":
        h.send(200, ROBOTS_WILDCARDS, content_type="text/plain")
    elif case == "loop":
        h.send(302, b"", {"Location": "/redir/a"})
    elif case == "metadata":
        h.send(302, b"", {"Location": "http://169.254.169.254/robots.txt"})
    elif case.startswith("port"):  # robots-port<N>.test: a redirect to another loopback port
        h.send(302, b"", {"Location": f"http://127.0.0.1:{case.removeprefix('port')}/robots.txt"})
    else:
        h.send(404, b"not here", content_type="text/plain")


ROUTES: dict[str, Callable[[Handler], None]] = {
    "/robots.txt": robots,
    "/ok": lambda h: h.send(200, OK_FEED, {"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"}),
    "/echo": lambda h: h.send(200, OK_FEED),
    "/hook": lambda h: h.send(200, b'{"ok": true}', content_type="application/json"),
    "/size/cl-50mb": lambda h: (h.raw_head(200, {"Content-Type": "application/rss+xml",
                                                 "Content-Length": str(50 * MiB)}),
                                [h.wfile.write(c) for c in filler(RSS_HEAD, 50 * MiB)]),
    "/size/chunked-50mb": lambda h: h.chunked(filler(RSS_HEAD, 50 * MiB), {}),
    "/size/cl-lies-small": lambda h: (h.raw_head(200, {"Content-Type": "application/rss+xml",
                                                       "Content-Length": "1000"}),
                                      [h.wfile.write(c) for c in filler(RSS_HEAD, 50 * MiB)]),
    "/size/cl-lies-large": lambda h: (h.raw_head(200, {"Content-Type": "application/rss+xml",
                                                       "Content-Length": "900000"}),
                                      h.wfile.write(RSS_HEAD[:100])),
    "/gzip/bomb": lambda h: h.chunked(zeros_compressed(1024 * MiB, 31), {"Content-Encoding": "gzip"}),
    "/deflate/zlib-bomb": lambda h: h.chunked(zeros_compressed(1024 * MiB, 15), {"Content-Encoding": "deflate"}),
    "/deflate/raw-bomb": lambda h: h.chunked(zeros_compressed(1024 * MiB, -15), {"Content-Encoding": "deflate"}),
    "/gzip/stacked-bomb": lambda h: h.chunked(stacked(zeros_compressed(1024 * MiB, 31)),
                                              {"Content-Encoding": "gzip, gzip"}),
    "/gzip/nested-bomb": lambda h: h.chunked(stacked(zeros_compressed(64 * MiB, 31)), {"Content-Encoding": "gzip"}),
    "/gzip/ok": lambda h: h.send(200, gzip_bytes(OK_FEED), {"Content-Encoding": "gzip"}),
    "/deflate/ok": lambda h: h.send(200, zlib.compress(OK_FEED), {"Content-Encoding": "deflate"}),
    "/gzip/bad-crc": lambda h: h.send(200, (lambda g: g[:-8] + bytes([g[-8] ^ 0xFF]) + g[-7:])(gzip_bytes(OK_FEED)),
                                      {"Content-Encoding": "gzip"}),
    "/gzip/truncated": lambda h: h.send(200, gzip_bytes(OK_FEED)[:-6], {"Content-Encoding": "gzip"}),
    "/gzip/plain": lambda h: h.send(200, OK_FEED, {"Content-Encoding": "gzip"}),
    "/br/bomb": lambda h: h.send(200, b"\x1b\xff\xff" * 100, {"Content-Encoding": "br"}),
    "/time/drip": drip,
    "/time/slow-headers": lambda h: h.wait(30),
    "/time/endless-feed": lambda h: h.chunked(endless_items(), {}),
    "/time/slow": slow_politely,
    "/redir/a": lambda h: h.send(302, b"", {"Location": "/redir/b"}),
    "/redir/b": lambda h: h.send(302, b"", {"Location": "/redir/a"}),
    "/redir/to": redirect,
    "/redir/no-location": lambda h: h.send(302, b""),
    "/redir/tab": lambda h: h.send(302, b"", {"Location": "/o\tk"}),
    "/redir/space": lambda h: h.send(302, b"", {"Location": "/sp ace/ok"}),
    "/redir/sub/dir/rel": lambda h: h.send(302, b"", {"Location": "../ok"}),
    "/status": status,
    "/304": not_modified,
    "/conn/reset": lambda h: h.reset(),
    "/conn/reset-mid": reset_mid_body,
    "/conn/http10": http10,
    "/conn/huge-header": lambda h: h.send(200, OK_FEED, {"X-Big": "a" * 200_000}),
    "/conn/many-cookies": many_cookies,
    "/body/empty": lambda h: h.send(200, b""),
    "/body/ws": lambda h: h.send(200, b" \r\n\t \n"),
    "/body/bom": lambda h: h.send(200, b"\xef\xbb\xbf"),
    "/type/html": lambda h: h.send(200, b"<!doctype html><html><head><title>Home</title></head><body>"
                                        b"<h1>Welcome</h1><a href='/news'>News</a></body></html>"),
    "/type/png": lambda h: h.send(200, png(), content_type="image/png"),
    "/type/octet-xml": lambda h: h.send(200, OK_FEED, content_type="application/octet-stream"),
    "/enc/invalid-utf8": lambda h: h.send(200, rss(b"<item><title>bad \xff\xfe \xc0\xaf \xed\xa0\x80 end</title>"
                                                   b"<link>http://news.test/u</link></item>")),
    "/xml/billion": lambda h: h.send(200, billion_laughs()),
    "/xml/xxe-file": lambda h: h.send(200, xml_doc(
        f'<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{h.query["path"]}">]>', "&x;")),
    "/xml/xxe-http": lambda h: h.send(200, xml_doc(
        f'<!DOCTYPE rss [<!ENTITY x SYSTEM "http://127.0.0.1:{h.query["port"]}/x">]>', "&x;")),
    "/xml/dtd": lambda h: h.send(200, xml_doc(
        f'<!DOCTYPE rss SYSTEM "http://127.0.0.1:{h.query["port"]}/x.dtd">', "plain")),
    "/items/bad-links": lambda h: h.send(200, rss(b"".join(item(i, link) for i, link in enumerate(
        ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
         "file:///etc/passwd", "smb://host/share", "mailto:x@y.test", "vbscript:msgbox", "/relative/ok"])))),
    "/items/same-guid": lambda h: h.send(200, rss(b"".join(item(i, guid="same") for i in range(5)))),
}


class HostileHTTPServer(ThreadingHTTPServer):
    """The server plus what the tests inspect: hits, request headers, in-flight counts."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.starts: list[float] = []

    @property
    def port(self) -> int:
        """The ephemeral port."""
        return int(self.server_address[1])

    def url(self, path: str) -> str:
        """An absolute URL on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def record(self, path: str, headers: dict[str, str]) -> None:
        """Remember one request."""
        with self.lock:
            self.hits[path] += 1
            self.seen.append((path, {k.lower(): v for k, v in headers.items()}))

    def route(self, path: str) -> Callable[[Handler], None]:
        """The handler of a path (exact, then /ok suffix, then first segment, then 404)."""
        if path in ROUTES:
            return ROUTES[path]
        if path.endswith("/ok"):
            return ROUTES["/ok"]
        for prefix in ("/chain/", "/status/", "/feed/"):
            if path.startswith(prefix):
                return chain if prefix == "/chain/" else status if prefix == "/status/" else big_feed
        return lambda h: h.send(404, b"not here", content_type="text/plain")

    def reset_stats(self) -> None:
        """Forget what earlier tests did."""
        with self.lock:
            self.hits.clear()
            self.seen.clear()
            self.in_flight = self.max_in_flight = 0
            self.starts.clear()

    def start(self) -> HostileHTTPServer:
        """Serve in a daemon thread."""
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving and wake sleeping handlers."""
        self.stopping.set()
        self.shutdown()
        self.server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up mid-case are expected: no tracebacks."""


def big_feed(h: Handler) -> None:
    """/feed/<n>: a generated feed of n items (H-VOL-1)."""
    n = int(h.path.split("?")[0].rsplit("/", 1)[-1])
    h.send(200, rss(b"".join(item(i, guid=f"g{i}") for i in range(n))))


class Sentinel:
    """A listening socket on another loopback port that must never receive a connection."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.setblocking(False)
        self.port = int(self.sock.getsockname()[1])

    def touched(self) -> bool:
        """True if anything connected since it was opened."""
        try:
            conn, _ = self.sock.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True

    def close(self) -> None:
        """Close the listener."""
        self.sock.close()
