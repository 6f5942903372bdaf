"""The fetcher against a real 127.0.0.1 server, plus its guards as pure functions.

Blocked destinations are checked with an injectable resolver and a wrapped
``socket.create_connection``: the tests prove nothing is resolved or connected for them.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import threading
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from swapwatch.errors import FetchError
from swapwatch.fetch import (
    Fetcher,
    FetchLimits,
    FetchPolicy,
    classify_status,
    is_transient,
    parse_retry_after,
)
from swapwatch.models import FetchResult, Outcome, Validators
from swapwatch.netguard import (
    AddressGuard,
    BodyDecoder,
    DecodeError,
    GuardedTransport,
    HostGate,
    non_public_reason,
    parse_ip_literal,
)
from tests.hostile.server import OK_FEED, HostileHTTPServer

# Scaled down, with headroom for a loaded machine (nothing here waits for a limit to expire).
LIMITS = FetchLimits(connect_timeout=2, read_timeout=2, total_deadline=5, feed_max_bytes=1 << 20)
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class Spy:
    """A resolver that records calls; and a connect recorder."""

    def __init__(self, table: dict[str, list[str]] | None = None) -> None:
        self.table = table or {}
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, host)
        return self.table[host]


@pytest.fixture(scope="module")
def server() -> Iterator[HostileHTTPServer]:
    srv = HostileHTTPServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    real, seen = socket.create_connection, []

    def spy(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        seen.append(address)
        assert address[0] == "127.0.0.1", f"attempted connection to {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    return seen


def fetcher(server: HostileHTTPServer, resolver: Spy | None = None, **policy: Any) -> Fetcher:
    options: dict[str, Any] = {"allow_hosts": frozenset({f"127.0.0.1:{server.port}"}), "per_host_delay": 0.0}
    options.update(policy)
    return Fetcher(FetchPolicy(**options), LIMITS, resolver=resolver or Spy())


def test_fetches_from_the_allow_listed_port(server: HostileHTTPServer, connects: list[Any]) -> None:
    server.reset_stats()
    with fetcher(server) as f:
        result = f.get(server.url("/ok"), max_bytes=1 << 20)
    assert result.outcome is Outcome.OK and result.body == OK_FEED and result.status == 200
    assert result.etag == '"v1"' and result.content_type and "rss" in result.content_type
    headers = server.seen[-1][1]
    assert headers["user-agent"].startswith("swapwatch/0.1 (+https://")
    assert headers["accept-encoding"] == "gzip, deflate"  # never br
    assert connects == [("127.0.0.1", server.port)]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{other}/", "http://127.0.0.2:{port}/", "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/", "http://[::1]/", "http://[::1]:{port}/", "http://0.0.0.0:{port}/",
        "http://2130706433:{other}/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.1/",
        "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://100.64.0.1/", "http://[fc00::1]/",
        "http://[fe80::1%25eth0]/", "http://224.0.0.1/", "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/",
    ],
)
def test_internal_targets_are_blocked_without_any_packet(server: HostileHTTPServer, connects: list[Any], url: str) -> None:
    resolver = Spy()
    with fetcher(server, resolver) as f:
        result = f.get(url.format(port=server.port, other=server.port + 1), max_bytes=100)
    assert result.outcome is Outcome.BLOCKED_SSRF, result.error
    assert resolver.calls == [] and connects == []


def test_an_obfuscated_form_of_the_allowed_address_is_the_allowed_address(server: HostileHTTPServer) -> None:
    with fetcher(server) as f:  # the decision is on the address, not the spelling
        assert f.get(f"http://2130706433:{server.port}/ok", max_bytes=1 << 20).outcome is Outcome.OK


def test_hostnames_are_checked_on_their_resolved_address(server: HostileHTTPServer, connects: list[Any]) -> None:
    resolver = Spy({"intranet.test": ["10.1.2.3"], "mixed.test": ["8.8.8.8", "192.168.0.1"]})
    with fetcher(server, resolver) as f:
        assert f.get("http://intranet.test/", max_bytes=100).outcome is Outcome.BLOCKED_SSRF
        assert f.get("http://mixed.test/", max_bytes=100).outcome is Outcome.BLOCKED_SSRF
        assert f.get("http://nxdomain.test/", max_bytes=100).outcome is Outcome.CONN_ERROR
    assert resolver.calls == ["intranet.test", "mixed.test", "nxdomain.test"] and connects == []


def test_only_hosts_refuses_everything_else_before_dns(server: HostileHTTPServer, connects: list[Any]) -> None:
    resolver = Spy({"feeds.test": ["127.0.0.1"]})
    only = frozenset({f"feeds.test:{server.port}"})
    with fetcher(server, resolver, only_hosts=only) as f:
        blocked = f.get("http://example.com/", max_bytes=100)
        allowed = f.get(f"http://feeds.test:{server.port}/ok", max_bytes=1 << 20)
        other_port = f.get(f"http://feeds.test:{server.port + 1}/ok", max_bytes=100)
    assert blocked.outcome is Outcome.BLOCKED_SSRF and "only_hosts" in (blocked.error or "")
    assert allowed.outcome is Outcome.OK
    assert other_port.outcome is Outcome.BLOCKED_SSRF
    assert resolver.calls == ["feeds.test"]
    assert server.seen[-1][1]["host"] == f"feeds.test:{server.port}"


def test_allow_private_lets_loopback_through(server: HostileHTTPServer, connects: list[Any]) -> None:
    with fetcher(server, allow_hosts=frozenset(), allow_private=True) as f:
        assert f.get(server.url("/ok"), max_bytes=1 << 20).outcome is Outcome.OK
    with fetcher(server, allow_hosts=frozenset()) as f:
        assert f.get(server.url("/ok"), max_bytes=1 << 20).outcome is Outcome.BLOCKED_SSRF


@pytest.mark.parametrize(
    ("url", "outcome"),
    [("javascript:alert(1)", Outcome.BLOCKED_SCHEME), ("file:///etc/passwd", Outcome.BLOCKED_SCHEME),
     ("ftp://127.0.0.1/", Outcome.BLOCKED_SCHEME), ("not a url", Outcome.INVALID_URL),
     ("http://", Outcome.INVALID_URL), ("http://a.test:bad/", Outcome.INVALID_URL),
     ("http://a.test/" + "x" * 3000, Outcome.INVALID_URL), ("http://a.test/\x00", Outcome.INVALID_URL)],
)
def test_bad_urls(server: HostileHTTPServer, connects: list[Any], url: str, outcome: Outcome) -> None:
    with fetcher(server) as f:
        result = f.get(url, max_bytes=100)
    assert result.outcome is outcome and result.error and connects == []


def test_conditional_headers(server: HostileHTTPServer) -> None:
    server.reset_stats()
    with fetcher(server) as f:
        f.get(server.url("/ok"), max_bytes=1 << 20, validators=Validators(etag='"e"', last_modified="Mon"))
        f.get(server.url("/ok"), max_bytes=1 << 20, validators=Validators(last_modified="Mon"))
        f.get(server.url("/ok"), max_bytes=1 << 20)
    first, second, third = (h for _, h in server.seen)
    assert first["if-none-match"] == '"e"' and "if-modified-since" not in first
    assert second["if-modified-since"] == "Mon" and "if-none-match" not in second
    assert "if-none-match" not in third and "if-modified-since" not in third


def test_concurrent_use_from_threads(server: HostileHTTPServer) -> None:
    with fetcher(server, max_per_host=3) as f, ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: f.get(server.url("/ok"), max_bytes=1 << 20), range(24)))
    assert {r.outcome for r in results} == {Outcome.OK}


def test_injected_transport_keeps_the_url_guards() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/r":
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/"})
        return httpx.Response(200, content=OK_FEED, headers={"Content-Type": "application/rss+xml"})

    with Fetcher(FetchPolicy(per_host_delay=0), LIMITS, transport=httpx.MockTransport(handler)) as f:
        assert f.get("https://feeds.test/feed", max_bytes=1 << 20).outcome is Outcome.OK
        assert f.get("https://feeds.test/r", max_bytes=1 << 20).outcome is Outcome.BLOCKED_SSRF
    assert seen == ["https://feeds.test/feed", "https://feeds.test/r"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("120", 120.0), ("0", 0.0), ("31536000", 86400.0), ("-5", None), ("soon", None), ("", None), (None, None),
     ("1.5", None), (format_datetime(NOW + dt.timedelta(minutes=10), usegmt=True), 600.0),
     (format_datetime(NOW - dt.timedelta(minutes=10), usegmt=True), None)],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW, 86400.0) == expected


@pytest.mark.parametrize(
    ("status", "headers", "outcome"),
    [(200, {}, Outcome.OK), (204, {}, Outcome.OK), (304, {}, Outcome.NOT_MODIFIED), (404, {}, Outcome.HTTP_4XX),
     (403, {}, Outcome.HTTP_4XX), (403, {"cf-mitigated": "challenge"}, Outcome.BLOCKED_BY_CHALLENGE),
     (410, {}, Outcome.GONE), (429, {}, Outcome.RATE_LIMITED), (500, {}, Outcome.HTTP_5XX),
     (599, {}, Outcome.HTTP_5XX), (100, {}, Outcome.HTTP_4XX)],
)
def test_classify_status(status: int, headers: dict[str, str], outcome: Outcome) -> None:
    assert classify_status(status, httpx.Headers(headers)) is outcome


def test_is_transient() -> None:
    assert {o for o in Outcome if is_transient(FetchResult(url="u", outcome=o))} == {
        Outcome.TIMEOUT, Outcome.CONN_ERROR, Outcome.HTTP_5XX, Outcome.RATE_LIMITED}


@pytest.mark.parametrize(
    ("host", "ip"),
    [("2130706433", "127.0.0.1"), ("0x7f000001", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"),
     ("[::1]", "::1"), ("10.0.0.1", "10.0.0.1"), ("fe80::1%eth0", "fe80::1"), ("news.test", None), ("1e5", None),
     ("0x", None), ("", None)],
)
def test_parse_ip_literal(host: str, ip: str | None) -> None:
    parsed = parse_ip_literal(host)
    assert (str(parsed) if parsed else None) == ip


@pytest.mark.parametrize(
    ("ip", "public"),
    [("8.8.8.8", True), ("2606:4700::1111", True), ("127.0.0.1", False), ("10.1.1.1", False), ("172.16.0.1", False),
     ("192.168.1.1", False), ("100.64.0.1", False), ("169.254.169.254", False), ("0.0.0.0", False),
     ("224.0.0.1", False), ("239.255.255.250", False), ("240.0.0.1", False), ("255.255.255.255", False),
     ("::1", False), ("::", False), ("fc00::1", False), ("fd12::1", False), ("fe80::1", False), ("ff02::1", False),
     ("::ffff:127.0.0.1", False), ("::ffff:8.8.8.8", True), ("64:ff9b::a9fe:a9fe", False), ("64:ff9b::808:808", True),
     ("64:ff9b:1::1", False), ("2002:c0a8:0101::", False), ("2001:0::1", False), ("fec0::1", False)],
)
def test_non_public_reason(ip: str, public: bool) -> None:
    assert (non_public_reason(ipaddress.ip_address(ip)) is None) is public


def test_guard_allow_hosts_matches_host_or_resolved_ip() -> None:
    guard = AddressGuard(allow_hosts=frozenset({"127.0.0.1:8123", "[::1]:9000"}))
    lo, lo6 = ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")
    assert guard.check("feeds.test", 8123, [lo]) == [lo]
    assert guard.check("::1", 9000, [lo6]) == [lo6]
    with pytest.raises(FetchError, match="non-public"):
        guard.check("feeds.test", 8124, [lo])


def test_body_decoder_gzip_members_deflate_and_bounded_pieces() -> None:
    def gz(data: bytes) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, 31)
        return c.compress(data) + c.flush()

    dec = BodyDecoder("gzip")
    assert b"".join(dec.feed(gz(b"ab") + gz(b"cd"))) == b"abcd"
    dec.finish()
    raw = zlib.compressobj(9, zlib.DEFLATED, -15)
    for body in (zlib.compress(b"hello"), raw.compress(b"hello") + raw.flush()):
        d = BodyDecoder("deflate")
        assert b"".join(d.feed(body[:1])) + b"".join(d.feed(body[1:])) == b"hello"
    bomb = BodyDecoder("gzip, gzip")
    pieces = bomb.feed(gz(gz(bytes(8 << 20))))
    assert max(len(next(pieces)) for _ in range(10)) <= 64 * 1024
    assert b"".join(BodyDecoder("identity").feed(b"x")) == b"x"
    with pytest.raises(DecodeError):
        BodyDecoder("br")
    with pytest.raises(DecodeError):
        BodyDecoder("gzip, gzip, gzip, gzip")
    truncated = BodyDecoder("gzip")
    list(truncated.feed(gz(b"abc")[:-4]))
    with pytest.raises(DecodeError):
        truncated.finish()


def test_host_gate_limits_in_flight_and_spaces_starts() -> None:
    import time

    gate, lock, state = HostGate(delay=0.05, max_in_flight=2), threading.Lock(), {"now": 0, "max": 0}
    starts: list[float] = []

    def work(_: int) -> None:
        with gate.slot("h:80", None):
            with lock:
                state["now"] += 1
                state["max"] = max(state["max"], state["now"])
                starts.append(time.monotonic())
            time.sleep(0.1)
            with lock:
                state["now"] -= 1

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(work, range(6)))
    assert state["max"] == 2
    starts.sort()
    assert all(b - a >= 0.045 for a, b in zip(starts, starts[1:], strict=False))
    with gate.slot("h:80", None), gate.slot("h:80", 1.0), pytest.raises(Exception, match="politeness"):  # noqa: PT012
        with gate.slot("h:80", 0.1):
            pass


# --- TLS: SNI and certificate checks use the hostname while the IP is pinned -------------

def _certificates(tmp: Path) -> tuple[Path, Path, Path]:
    crypto = pytest.importorskip("cryptography")
    del crypto
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "feeds.test")])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
        .not_valid_after(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("feeds.test")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path, cert_path


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    cert, key, ca = _certificates(tmp_path)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(OK_FEED)))
            self.end_headers()
            self.wfile.write(OK_FEED)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield int(httpd.server_address[1]), ca
    httpd.shutdown()
    httpd.server_close()


def test_tls_self_signed_is_a_tls_error(tls_server: tuple[int, Path], connects: list[Any]) -> None:
    port, _ = tls_server
    resolver = Spy({"feeds.test": ["127.0.0.1"]})
    with Fetcher(FetchPolicy(allow_hosts=frozenset({f"127.0.0.1:{port}"})), LIMITS, resolver=resolver) as f:
        result = f.get(f"https://feeds.test:{port}/", max_bytes=1 << 20)
    assert result.outcome is Outcome.TLS_ERROR, result.error
    assert not is_transient(result)


def test_tls_verifies_the_hostname_on_the_pinned_ip(tls_server: tuple[int, Path], connects: list[Any]) -> None:
    port, ca = tls_server
    resolver = Spy({"feeds.test": ["127.0.0.1"], "wrong.test": ["127.0.0.1"]})
    guard = AddressGuard(allow_hosts=frozenset({f"127.0.0.1:{port}"}), resolver=resolver)
    context = ssl.create_default_context(cafile=str(ca))
    for host, outcome in (("feeds.test", Outcome.OK), ("wrong.test", Outcome.TLS_ERROR)):
        transport = GuardedTransport(guard, ssl_context=context)
        with Fetcher(FetchPolicy(per_host_delay=0), LIMITS, resolver=resolver, transport=transport) as f:
            assert f.get(f"https://{host}:{port}/", max_bytes=1 << 20).outcome is outcome
    assert connects and all(addr == ("127.0.0.1", port) for addr in connects)
