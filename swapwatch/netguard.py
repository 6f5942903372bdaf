"""Guards on what goes to and what comes from the network, used only by ``swapwatch.fetch``.

* ``AddressGuard`` decides on the **resolved** address: resolve once, refuse the whole host if any
  answer is non-public (loopback, RFC 1918, CGNAT, link-local, multicast, ULA, reserved,
  ``::ffff:``-mapped or NAT64/6to4-embedded private IPv4), then connect to the checked IP.
* ``GuardedTransport`` is an ``httpx.HTTPTransport`` whose httpcore network backend runs that
  guard inside ``connect_tcp``, so every connection (first request, every redirect hop,
  every reconnect) is checked and DNS rebinding cannot slip between check and connect. TLS SNI
  and certificate verification still use the hostname (httpcore passes it to ``start_tls``).
* ``deadline_scope`` sets a per-thread wall-clock deadline that bounds every connect, read
  and write, so a server dripping one byte per read timeout cannot hold a worker forever.
* ``HostGate`` is per-host politeness: at most N requests in flight and a gap between starts.
* ``BodyDecoder`` undoes gzip/deflate in bounded pieces, so a bomb is cut at the cap.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpcore
import httpx

from swapwatch.errors import BlockedError, FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

# Ranges not covered (or not in every Python version) by ipaddress' is_private/is_global.
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")  # RFC 6598 shared space: carrier-internal hosts
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052: the low 32 bits are an IPv4 target
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215 local-use NAT64: site-internal
# Lenient IPv4 literals (2130706433, 0x7f000001, 0177.0.0.1, 127.1): inet_aton accepts these
# forms, and so do the resolvers and browsers an attacker targets, so we must too.
_IPV4ISH_CHARS = frozenset("0123456789abcdefxABCDEFX.")
# One decoded piece handed on at a time: keeps a bomb's expansion at this size per step.
DECODE_PIECE = 64 * 1024
# More stacked Content-Encodings than this is an attack, not a server configuration.
MAX_ENCODINGS = 3


def system_resolver(host: str, port: int) -> list[str]:
    """Resolve a hostname with the system resolver into IP strings (A and AAAA)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def parse_ip_literal(host: str) -> IPAddress | None:
    """The IP a host string denotes by itself (incl. decimal/hex/octal IPv4 forms), or None."""
    text = host.strip("[]")
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        pass
    if text and set(text) <= _IPV4ISH_CHARS and text[0].isdigit():
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def non_public_reason(ip: IPAddress) -> str | None:
    """Why an address must not be contacted from a public fetcher, or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = non_public_reason(embedded)
            return f"embeds {embedded}: {inner}" if inner else None
        if ip in _NAT64_LOCAL or ip.teredo:
            return "tunnel/translation prefix"
        if ip.is_site_local:
            return "site-local"
    checks: tuple[tuple[bool, str], ...] = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT, "CGNAT 100.64/10"),
        (ip.is_private, "private"),
        (ip.is_reserved, "reserved"),
        (not ip.is_global, "not globally routable"),
    )
    return next((reason for hit, reason in checks if hit), None)


def host_port(host: str, port: int) -> str:
    """The ``host:port`` key used by allow-lists (IPv6 in brackets, lower-case)."""
    host = host.strip("[]").lower()
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@dataclass(frozen=True)
class AddressGuard:
    """Resolve-once-and-check policy for destinations (see the module docstring)."""

    allow_private: bool = False
    allow_hosts: frozenset[str] = frozenset()
    resolver: Resolver = field(default=system_resolver)

    def check(self, host: str, port: int, ips: Iterable[IPAddress]) -> list[IPAddress]:
        """Return ips if every one may be contacted; raise BlockedError naming the bad one."""
        checked = list(ips)
        if self.allow_private or host_port(host, port) in self.allow_hosts:
            return checked
        for ip in checked:
            reason = non_public_reason(ip)
            if reason and host_port(str(ip), port) not in self.allow_hosts:
                msg = f"{host_port(host, port)} resolves to {ip} ({reason}); non-public addresses are refused"
                raise BlockedError(msg, outcome="BLOCKED_SSRF")
        return checked

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        """Resolve host once (literals without DNS), check every answer, return them in order."""
        literal = parse_ip_literal(host)
        if literal is not None:
            return self.check(host, port, [literal])
        try:
            answers = self.resolver(host, port)
        except OSError as exc:
            msg = f"DNS lookup failed for {host}:{port}: {exc}"
            raise httpcore.ConnectError(msg) from exc
        ips: list[IPAddress] = []
        for answer in answers:
            ip = parse_ip_literal(answer)
            if ip is None:
                msg = f"{host}:{port} resolved to unparseable address {answer!r}"
                raise BlockedError(msg, outcome="BLOCKED_SSRF")
            ips.append(ip)
        if not ips:
            msg = f"DNS lookup for {host}:{port} returned no address"
            raise httpcore.ConnectError(msg)
        return self.check(host, port, ips)


_LOCAL = threading.local()


@contextmanager
def deadline_scope(deadline_at: float) -> Iterator[None]:
    """Bound every socket operation in this thread by an absolute ``time.monotonic()`` deadline."""
    previous = getattr(_LOCAL, "deadline", None)
    _LOCAL.deadline = deadline_at
    try:
        yield
    finally:
        _LOCAL.deadline = previous


def _bounded(timeout: float | None, exc_type: type[Exception]) -> float | None:
    """The per-operation timeout shortened to the thread's deadline; raise once it has passed."""
    deadline: float | None = getattr(_LOCAL, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        msg = "total deadline exceeded"
        raise exc_type(msg)
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read/write waits at most until the thread's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read with the timeout capped by the deadline."""
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write with the timeout capped by the deadline."""
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        """Close the underlying stream."""
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        """Handshake (SNI and certificate check against server_hostname), deadline-bounded."""
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        """Delegate (httpcore asks for ``is_readable`` before reusing a pooled connection)."""
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore backend: resolve and check in connect_tcp, then connect to the checked IP only."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect to the first reachable checked address of host (never re-resolving)."""
        ips = self._guard.resolve(host, port)
        last: httpcore.ConnectError | None = None
        for ip in ips:
            bounded = _bounded(timeout, httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(str(ip), port, bounded, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
                continue
            return _DeadlineStream(stream)
        assert last is not None  # resolve() never returns an empty list
        raise last

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        """Refuse: a fetch of untrusted URLs never talks to a local socket file."""
        msg = f"unix socket {path} refused"
        raise BlockedError(msg, outcome="BLOCKED_SSRF")

    def sleep(self, seconds: float) -> None:
        """Sleep (httpcore uses it between connect retries; we configure none)."""
        time.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """An HTTP/1.1 transport that checks and pins the resolved address of every connection."""

    def __init__(self, guard: AddressGuard, *, ssl_context: ssl.SSLContext | None = None) -> None:
        context = ssl_context if ssl_context is not None else httpx.create_ssl_context()
        super().__init__(verify=context, trust_env=False)
        limits = httpx.Limits()
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            retries=0,  # a retry is the task's decision (is_transient), not the socket's
            network_backend=_GuardedBackend(guard),
        )


class HostGate:
    """Per-host politeness: at most N in flight and a minimum gap between request starts."""

    def __init__(self, delay: float, max_in_flight: int) -> None:
        self._delay = delay
        self._max = max(1, max_in_flight)
        self._cond = threading.Condition()
        self._in_flight: dict[str, int] = {}
        self._next_start: dict[str, float] = {}

    def _acquire(self, key: str, timeout: float | None) -> bool:
        end = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while True:
                now = time.monotonic()
                busy = self._in_flight.get(key, 0) >= self._max
                gap = self._next_start.get(key, 0.0) - now
                if not busy and gap <= 0:
                    self._in_flight[key] = self._in_flight.get(key, 0) + 1
                    self._next_start[key] = now + self._delay
                    return True
                wait = None if busy else gap
                if end is not None:
                    if end - now <= 0:
                        return False
                    wait = end - now if wait is None else min(wait, end - now)
                self._cond.wait(wait)

    def _release(self, key: str) -> None:
        with self._cond:
            self._in_flight[key] -= 1
            if not self._in_flight[key]:
                del self._in_flight[key]
            self._cond.notify_all()

    @contextmanager
    def slot(self, key: str, timeout: float | None) -> Iterator[None]:
        """Hold one of key's slots; raise FetchError(TIMEOUT) when none frees up within timeout."""
        if not self._acquire(key, timeout):
            msg = f"no politeness slot for {key} before the deadline"
            raise FetchError(msg, outcome="TIMEOUT")
        try:
            yield
        finally:
            self._release(key)


class DecodeError(FetchError):
    """The body's Content-Encoding is unsupported, corrupt or truncated."""


class _Layer:
    """One bounded inflater (gzip, or deflate with or without the zlib wrapper)."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._z: Any = None
        self._head = b""  # deflate: first bytes kept until the wrapper can be sniffed

    def _start(self, data: bytes) -> None:
        if self.encoding == "gzip":
            self._z = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        else:  # RFC 9110 says zlib-wrapped; many servers send raw deflate: sniff the header
            zlib_header = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            self._z = zlib.decompressobj(wbits=zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decode data into pieces of at most DECODE_PIECE bytes."""
        if self._z is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            self._start(data)
        tail = data
        while True:
            try:
                out = self._z.decompress(tail, DECODE_PIECE)
            except zlib.error as exc:
                msg = f"corrupt {self.encoding} body: {exc}"
                raise DecodeError(msg, outcome="PARSE_ERROR") from exc
            if out:
                yield out
            tail = self._z.unconsumed_tail
            if self._z.eof and self._z.unused_data and self.encoding == "gzip":
                tail = self._z.unused_data  # concatenated gzip members are one stream (RFC 1952)
                self._z = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
            elif not tail and not out:
                return

    def finish(self) -> None:
        """Raise when the compressed stream stopped before its end (truncated transfer)."""
        if self._z is None and not self._head:
            return
        if self._z is None or not self._z.eof:
            msg = f"truncated {self.encoding} body (stream ended before its trailer)"
            raise DecodeError(msg, outcome="CONN_ERROR")


class BodyDecoder:
    """Undo a response's Content-Encoding chain piece by piece, never inflating past a piece."""

    def __init__(self, content_encoding: str | None) -> None:
        names = [n.strip().lower() for n in (content_encoding or "").split(",")]
        names = [n for n in names if n and n != "identity"]
        unsupported = [n for n in names if n not in ("gzip", "x-gzip", "deflate")]
        if unsupported or len(names) > MAX_ENCODINGS:
            msg = f"unsupported Content-Encoding {content_encoding!r} (we only advertise gzip, deflate)"
            raise DecodeError(msg, outcome="PARSE_ERROR")
        # Encodings are listed in the order applied, so undo them from the last one.
        self._layers = [_Layer("gzip" if n == "x-gzip" else n) for n in reversed(names)]

    def feed(self, data: bytes) -> Iterator[bytes]:
        """Decoded pieces for one raw chunk, lazily, so the caller can stop at its cap."""
        pieces: Iterator[bytes] = iter((data,))
        for layer in self._layers:
            pieces = _through(layer, pieces)
        yield from pieces

    def finish(self) -> None:
        """Check every layer reached its end."""
        for layer in self._layers:
            layer.finish()


def _through(layer: _Layer, pieces: Iterator[bytes]) -> Iterator[bytes]:
    """Chain one layer lazily after the previous ones."""
    for piece in pieces:
        yield from layer.feed(piece)
