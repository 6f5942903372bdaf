"""robots.txt of each article host, fetched once per run through the Fetcher (the one HTTP seam).

The request goes through ``Fetcher.get``, so the SSRF guard, the redirect limit, the deadline and
the per-host politeness apply to robots.txt too (reliability.md §5, §10). What a response means
follows RFC 9309 §2.3.1: 2xx is parsed; 4xx means "no robots.txt", every path allowed; a server
or network error (5xx, timeout, reset, TLS, redirect loop, SSRF-blocked redirect) means complete
disallow for that host for the rest of the run, and the articles are retried on a later run.
Feeds never pass through here: they are published for machines (reliability.md §10).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from swapwatch.models import FetchResult, Outcome
from swapwatch.robots import MAX_ROBOTS_BYTES, RobotsRules, parse_robots, path_of

if TYPE_CHECKING:
    from swapwatch.fetch import Fetcher

logger = logging.getLogger(__name__)

ROBOTS_ACCEPT = "text/plain, */*;q=0.5"
# 4xx: "unavailable", the crawler MAY access any resource (RFC 9309 §2.3.1.3). An empty 2xx body
# is a robots.txt without rules. 429 is not here: like Google we read it as "server busy" (disallow).
_ALLOW_ALL = frozenset({Outcome.HTTP_4XX, Outcome.GONE, Outcome.BLOCKED_BY_CHALLENGE, Outcome.EMPTY})
# Refused before any request: the host itself is off limits (SSRF guard, only_hosts), so the article
# fetch is refused the same way and records that reason itself, as a settled failure.
_HOST_REFUSED = frozenset({Outcome.BLOCKED_SSRF, Outcome.BLOCKED_SCHEME, Outcome.INVALID_URL})


@dataclass(frozen=True, slots=True)
class HostRobots:
    """What one host's robots.txt said this run."""

    robots_url: str
    rules: RobotsRules
    reachable: bool  # False: a server or network error, so every path is disallowed this run
    note: str  # how the fetch ended, for error messages ("HTTP 404: all allowed", the fetch error, ...)


def robots_location(url: str) -> tuple[str, str] | None:
    """(scheme://host:port cache key, robots.txt URL) of an http(s) URL; None when it has no usable host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host:
        return None
    shown = f"[{host}]" if ":" in host else host
    default = 443 if scheme == "https" else 80
    netloc = shown if port is None or port == default else f"{shown}:{port}"
    return f"{scheme}://{shown}:{port or default}", f"{scheme}://{netloc}/robots.txt"


def host_robots(result: FetchResult, robots_url: str, user_agent: str) -> HostRobots:
    """Turn the fetch of a robots.txt into the rules for the host (RFC 9309 §2.3.1)."""
    if result.outcome is Outcome.OK and result.body is not None:
        rules = parse_robots(result.body, user_agent)
        return HostRobots(robots_url, rules, reachable=True, note=f"HTTP {result.status}")
    if result.outcome in _HOST_REFUSED and result.redirects == 0:
        note = f"{result.outcome}: {result.error}; the article fetch is refused the same way"
        return HostRobots(robots_url, RobotsRules.allow_all(), reachable=True, note=note)
    if result.outcome in _ALLOW_ALL:
        note = f"{result.outcome} (HTTP {result.status}): all allowed"
        return HostRobots(robots_url, RobotsRules.allow_all(), reachable=True, note=note)
    note = result.error or f"{result.outcome} (HTTP {result.status})"
    return HostRobots(robots_url, RobotsRules.disallow_all(), reachable=False, note=f"{result.outcome}: {note}")


class _Slot:
    """One host's entry: its own lock, so only one thread fetches while the others wait."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.value: HostRobots | None = None


class RobotsCache:
    """robots.txt per scheme+host+port for the life of one Fetcher (one run); thread-safe."""

    def __init__(self, fetcher: Fetcher) -> None:
        self._fetcher = fetcher
        self._lock = threading.Lock()
        self._slots: dict[str, _Slot] = {}

    def for_url(self, url: str) -> HostRobots | None:
        """The robots.txt verdict of url's host, fetched on first use; None for a URL with no http(s) host."""
        where = robots_location(url)
        if where is None:
            return None
        key, robots_url = where
        with self._lock:
            slot = self._slots.setdefault(key, _Slot())
        with slot.lock:
            if slot.value is None:
                slot.value = self._load(robots_url)
            return slot.value

    def refusal(self, url: str) -> FetchResult | None:
        """A ROBOTS_* result when robots.txt forbids fetching url this run; None when it may be fetched."""
        robots = self.for_url(url)
        if robots is None:
            return None  # no usable host: the fetcher itself records INVALID_URL / BLOCKED_SCHEME
        if not robots.reachable:
            msg = (f"{url}: {robots.robots_url} unavailable ({robots.note}); the host is treated as "
                   "fully disallowed for this run (RFC 9309 §2.3.1.4) and the article is retried later")
            return FetchResult(url=url, outcome=Outcome.ROBOTS_UNAVAILABLE, error=msg)
        rule = robots.rules.deciding_rule(path_of(url))
        if rule is None or rule.allow:
            return None
        msg = (f"{url}: disallowed by {robots.robots_url} rule {rule.describe()!r} "
               f"for user-agent {robots.rules.agent!r}")
        return FetchResult(url=url, outcome=Outcome.ROBOTS_DISALLOWED, error=msg)

    def _load(self, robots_url: str) -> HostRobots:
        """Fetch and interpret one robots.txt (one request per host per run)."""
        # One byte over the parse limit, so the parser knows the file was cut and drops the half line.
        result = self._fetcher.get(robots_url, max_bytes=MAX_ROBOTS_BYTES + 1, accept=ROBOTS_ACCEPT, truncate=True)
        robots = host_robots(result, robots_url, self._fetcher.policy.user_agent)
        if not robots.reachable:
            logger.warning("robots.txt unavailable, host disallowed for this run: %s", robots.note)
        return robots
