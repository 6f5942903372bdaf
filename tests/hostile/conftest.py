"""Fixtures: one hostile server per session, a fetcher with scaled-down limits, a fake DNS.

Nothing may leave 127.0.0.1: the resolver is a table (unknown names fail without a DNS query),
and ``socket.create_connection`` is wrapped so any non-loopback destination fails the test.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from swapwatch.fetch import Fetcher, FetchLimits, FetchPolicy
from tests.hostile.server import HostileHTTPServer, Sentinel

MiB = 1024 * 1024
# Scaled-down limits (README "change them in one place"): 5 s deadline (headroom for a loaded 2-core machine), 1 MiB caps.
LIMITS = FetchLimits(
    connect_timeout=2.0,
    read_timeout=2.0,
    total_deadline=5.0,
    feed_max_bytes=1 * MiB,
    article_max_bytes=1 * MiB,
    max_redirects=5,
)


class FakeDNS:
    """A resolver table: name -> answers, or a list of answer lists served in turn (rebinding)."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.table = table
        self.calls: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append((host, port))
        answers = self.table.get(host.lower())
        if answers is None:
            raise socket.gaierror(socket.EAI_NONAME, f"fake DNS: no such host {host}")
        if answers and isinstance(answers[0], list):  # successive answers
            return list(answers.pop(0) if len(answers) > 1 else answers[0])
        return list(answers)


def default_table() -> dict[str, Any]:
    """Names the hostile cases use; everything maps onto loopback."""
    return {
        "localhost": ["127.0.0.1", "::1"],
        "feeds.test": ["127.0.0.1"],
        "other.test": ["127.0.0.1"],
    }


@pytest.fixture(scope="session")
def hostile() -> Iterator[HostileHTTPServer]:
    """The hostile server, on an ephemeral loopback port for the whole session."""
    server = HostileHTTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def server(hostile: HostileHTTPServer) -> HostileHTTPServer:
    """The session server with its counters reset for this test."""
    hostile.reset_stats()
    return hostile


@pytest.fixture
def sentinel() -> Iterator[Sentinel]:
    """Another loopback port that must never see a connection."""
    s = Sentinel()
    yield s
    s.close()


@pytest.fixture
def dns() -> FakeDNS:
    """The fake resolver (per test, so rebinding sequences start fresh)."""
    return FakeDNS(default_table())


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Record every outgoing connect; refuse (and later fail on) anything but 127.0.0.1."""
    real = socket.create_connection
    seen: list[Any] = []

    def guarded(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        seen.append(address)
        if address[0] != "127.0.0.1":
            raise OSError(f"test guard: connection to {address} refused")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    yield seen
    assert all(addr[0] == "127.0.0.1" for addr in seen), seen


def make_fetcher(
    server: HostileHTTPServer, dns: FakeDNS, *, limits: FetchLimits = LIMITS,
    extra_allow: Iterable[str] = (), **policy: Any,
) -> Fetcher:
    """A fetcher allowed to reach only the server's own port (plus extra_allow)."""
    options: dict[str, Any] = {"per_host_delay": 0.0, "max_per_host": 16}
    options.update(policy)
    allow = frozenset({f"127.0.0.1:{server.port}", *extra_allow})
    return Fetcher(FetchPolicy(allow_hosts=allow, **options), limits, resolver=dns)


@pytest.fixture
def fetcher(server: HostileHTTPServer, dns: FakeDNS) -> Iterator[Fetcher]:
    """The default hostile-suite fetcher."""
    with make_fetcher(server, dns) as f:
        yield f
