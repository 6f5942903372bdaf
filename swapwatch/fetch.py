"""The ONLY module of swapwatch that does HTTP: one hardened client for feeds, articles and webhooks.

``Fetcher.get`` / ``Fetcher.post_json`` never raise for a per-URL problem: they return a
``FetchResult`` whose ``outcome`` says how the request ended (vocabulary of
shared/corpus/feeds/hostile/README.md) and whose ``error`` says what, where and why.

Defences (reliability.md §0-§5, §10): http/https only; the SSRF guard runs on the resolved
address of every connection (``netguard``); redirects followed by hand, at most
``max_redirects`` hops, each re-validated, credentials dropped on a change of origin; the body
cap counts *decoded* bytes and is checked piece by piece; a wall-clock deadline bounds the
whole request, redirects and body included; per-host politeness (delay + in-flight cap).
"""

from __future__ import annotations

import json
import logging
import re
import ssl
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from swapwatch.errors import FetchError
from swapwatch.feeds import is_empty_body
from swapwatch.models import FetchResult, Outcome, Validators
from swapwatch.netguard import (
    AddressGuard,
    BodyDecoder,
    GuardedTransport,
    HostGate,
    Resolver,
    deadline_scope,
    host_port,
    parse_ip_literal,
    system_resolver,
)
from swapwatch.robotscache import RobotsCache

logger = logging.getLogger(__name__)

MiB = 1024 * 1024
DEFAULT_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5"
)
# Only encodings we can inflate piece by piece: no br (CVE-2025-6176 class) and no zstd.
ACCEPT_ENCODING = "gzip, deflate"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Headers that carry credentials: never forwarded to another origin (Scrapy CVE-2024-3574/1968).
CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
TRANSIENT = frozenset({Outcome.TIMEOUT, Outcome.CONN_ERROR, Outcome.HTTP_5XX, Outcome.RATE_LIMITED})
_LOCATION = "swapwatch.location"  # where _take_location keeps a redirect target
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Size and time limits of one request (reliability.md §0); injectable so tests scale them."""

    connect_timeout: float = 10.0  # Miniflux dialer timeout
    read_timeout: float = 10.0  # one socket read; the total deadline bounds the sum
    total_deadline: float = 30.0  # whole request incl. redirects and body (Media Cloud 30 s)
    feed_max_bytes: int = 10 * MiB  # decoded bytes (Miniflux caps after the gzip reader)
    article_max_bytes: int = 5 * MiB  # decoded bytes; also caps a webhook's response
    max_redirects: int = 5  # FreshRSS 4, Go 10: 5 covers real http->https->www chains
    max_url_len: int = 2048  # Media Cloud MAX_URL
    retry_after_cap: float = 86400.0  # a year-long Retry-After is clamped to one day


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Where the fetcher may go and how politely (CONTRACT.md §3 ``fetch.*`` keys)."""

    allow_private: bool = False
    allow_hosts: frozenset[str] = frozenset()  # "host:port" exempt from the private-address check
    only_hosts: frozenset[str] | None = None  # strict allow-list: any other host:port is refused
    user_agent: str = "swapwatch/0.1 (+https://github.com/swapwatch/swapwatch)"
    per_host_delay: float = 1.0  # seconds between request starts to one host (politeness)
    max_per_host: int = 2  # requests in flight to one host (Scrapy/news-please use 4-8)


def is_transient(result: FetchResult) -> bool:
    """True when retrying the same request later may succeed (task retry condition)."""
    return result.outcome in TRANSIENT


def parse_retry_after(value: str | None, now: datetime, cap: float) -> float | None:
    """Retry-After (delta-seconds or HTTP-date) as seconds, capped; None for garbage or the past."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), cap)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - now).total_seconds()
    return min(seconds, cap) if seconds >= 0 else None


def classify_status(status: int, headers: httpx.Headers) -> Outcome:
    """Map a final (non-redirect) HTTP status to an Outcome."""
    if 200 <= status < 300:
        return Outcome.OK
    if status == 304:
        return Outcome.NOT_MODIFIED
    if status == 403 and headers.get("cf-mitigated", "").lower() == "challenge":
        return Outcome.BLOCKED_BY_CHALLENGE
    specific = {410: Outcome.GONE, 429: Outcome.RATE_LIMITED}
    if status in specific:
        return specific[status]
    return Outcome.HTTP_5XX if status >= 500 else Outcome.HTTP_4XX


class _Stop(Exception):
    """Internal: ends a request with an outcome (turned into a FetchResult, never escapes)."""

    def __init__(self, outcome: Outcome, message: str, response: httpx.Response | None = None) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.response = response


@dataclass
class _Hop:
    """Mutable state of one request as it follows redirects."""

    method: str
    url: str
    headers: dict[str, str]
    content: bytes | None
    max_bytes: int
    empty_is_error: bool
    truncate: bool = False  # keep the first max_bytes instead of failing TOO_LARGE (robots.txt)
    redirects: int = 0
    deadline_at: float | None = None
    validators_sent: bool = False
    started: float = field(default_factory=time.monotonic)


class Fetcher:
    """One hardened ``httpx.Client`` (context manager), safe to share between threads."""

    def __init__(
        self,
        policy: FetchPolicy,
        limits: FetchLimits | None = None,
        resolver: Resolver | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.policy = policy
        self.limits = limits if limits is not None else FetchLimits()
        allow = frozenset(h.lower() for h in policy.allow_hosts)
        self._only = None if policy.only_hosts is None else frozenset(h.lower() for h in policy.only_hosts)
        self._guard = AddressGuard(policy.allow_private, allow, resolver or system_resolver)
        lim = self.limits
        self._client = httpx.Client(
            transport=transport if transport is not None else GuardedTransport(self._guard),
            follow_redirects=False,
            trust_env=False,  # no env proxies (they would bypass the guard) and no .netrc
            timeout=httpx.Timeout(lim.connect_timeout, read=lim.read_timeout, pool=lim.connect_timeout),
            headers={"User-Agent": policy.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            # Refuse every cookie: no state may leak between feeds, hosts or threads.
            cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
            event_hooks={"response": [_take_location]},
        )
        self._gate = HostGate(policy.per_host_delay, policy.max_per_host)
        self.robots = RobotsCache(self)  # article hosts' robots.txt, fetched once per Fetcher (run)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def get(
        self, url: str, *, max_bytes: int, validators: Validators | None = None, accept: str = DEFAULT_ACCEPT,
        truncate: bool = False,
    ) -> FetchResult:
        """GET url (conditional with validators), following checked redirects; truncate: keep max_bytes, OK."""
        headers = {"Accept": accept}
        if validators is not None and validators.etag:  # one or the other (Media Cloud)
            headers["If-None-Match"] = validators.etag
        elif validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        hop = _Hop("GET", url, headers, None, max_bytes, empty_is_error=True, truncate=truncate)
        hop.validators_sent = "If-None-Match" in headers or "If-Modified-Since" in headers
        return self._run(url, hop)

    def post_json(self, url: str, payload: object, headers: dict[str, str] | None = None) -> FetchResult:
        """POST payload as JSON (webhooks) through the same guards; 2xx with any body is OK."""
        body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
        merged = {"Content-Type": "application/json", "Accept": "application/json, */*;q=0.5"}
        merged.update(headers or {})
        hop = _Hop("POST", url, merged, body, self.limits.article_max_bytes, empty_is_error=False)
        return self._run(url, hop)

    def _run(self, url: str, hop: _Hop) -> FetchResult:
        try:
            result = self._follow(url, hop)
        except _Stop as stop:
            result = FetchResult(url=url, outcome=stop.outcome, final_url=hop.url, error=str(stop))
            if stop.response is not None:
                result = self._with_response(result, stop.response)
        except Exception as exc:  # noqa: BLE001 - the contract is "outcomes, never exceptions"
            outcome, why = _outcome_for(exc)
            result = FetchResult(url=url, outcome=outcome, final_url=hop.url, error=f"{hop.url}: {why}")
        if result.outcome in (Outcome.BLOCKED_SSRF, Outcome.BLOCKED_SCHEME):
            logger.warning("security: %s %s", result.outcome, result.error)
        return replace(result, redirects=hop.redirects, elapsed=time.monotonic() - hop.started)

    def _follow(self, url: str, hop: _Hop) -> FetchResult:
        while True:
            target = self._preflight(hop.url)
            remaining = None if hop.deadline_at is None else hop.deadline_at - time.monotonic()
            port = target.port or (443 if target.scheme == "https" else 80)
            with self._gate.slot(host_port(target.host, port), remaining):
                if hop.deadline_at is None:  # politeness waits before the first byte don't count
                    hop.deadline_at = time.monotonic() + self.limits.total_deadline
                with deadline_scope(hop.deadline_at):
                    result, redirect = self._exchange(url, target, hop)
            if redirect is None:
                assert result is not None
                return result
            self._redirect(hop, *redirect)

    def _preflight(self, url: str) -> httpx.URL:
        """Validate scheme, length, host and any literal address before a byte is sent."""
        if len(url) > self.limits.max_url_len:
            msg = f"URL of {len(url)} chars exceeds max_url_len {self.limits.max_url_len}: {url[:80]}..."
            raise _Stop(Outcome.INVALID_URL, msg)
        scheme = _SCHEME_RE.match(url)
        if scheme is None:
            raise _Stop(Outcome.INVALID_URL, f"{url!r}: not an absolute URL")
        if scheme.group(1).lower() not in ("http", "https"):
            raise _Stop(Outcome.BLOCKED_SCHEME, f"{url[:200]!r}: scheme {scheme.group(1)!r} is not http(s)")
        if _CONTROL_RE.search(url):
            raise _Stop(Outcome.INVALID_URL, f"{url!r}: whitespace or control characters")
        try:
            parts = urlsplit(url)
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except ValueError as exc:
            raise _Stop(Outcome.INVALID_URL, f"{url!r}: {exc}") from exc
        host = parts.hostname or ""
        if not host:
            raise _Stop(Outcome.INVALID_URL, f"{url!r}: no host")
        key = host_port(host, port)
        if self._only is not None and key not in self._only:
            raise _Stop(Outcome.BLOCKED_SSRF, f"{url}: {key} is not in only_hosts")
        literal = parse_ip_literal(host)
        if literal is not None:
            try:
                self._guard.check(host, port, [literal])
            except FetchError as exc:
                raise _Stop(Outcome.BLOCKED_SSRF, f"{url}: {exc}") from exc
            if str(literal) != host.strip("[]"):  # decimal/hex/octal form: hand httpx the canonical IP
                canon = f"[{literal}]" if literal.version == 6 else str(literal)
                userinfo = parts.netloc.rpartition("@")[0]
                url = parts._replace(netloc=(f"{userinfo}@" if userinfo else "") + f"{canon}:{port}").geturl()
        try:
            return httpx.URL(url)
        except httpx.InvalidURL as exc:
            raise _Stop(Outcome.INVALID_URL, f"{url!r}: {exc}") from exc

    def _exchange(
        self, url: str, target: httpx.URL, hop: _Hop
    ) -> tuple[FetchResult | None, tuple[int, str] | None]:
        """One request/response: (result, None) when final, (None, (status, Location)) to redirect."""
        request = self._client.build_request(hop.method, target, headers=hop.headers, content=hop.content)
        response = self._client.send(request, stream=True)
        try:
            status = response.status_code
            if status in REDIRECT_STATUSES:
                location = response.extensions.get(_LOCATION)
                if location is None:
                    msg = f"{target}: HTTP {status} redirect without a Location header"
                    raise _Stop(Outcome.HTTP_4XX, msg, response)
                return None, (status, location)
            result = FetchResult(url=url, outcome=classify_status(status, response.headers), final_url=str(target))
            result = self._with_response(result, response)
            if result.outcome is Outcome.OK:
                return self._with_body(result, response, hop), None
            return replace(result, error=self._status_error(result, target, hop)), None
        finally:
            response.close()

    def _with_response(self, result: FetchResult, response: httpx.Response) -> FetchResult:
        """Copy status, validators, content type and a parsed Retry-After onto result."""
        headers = response.headers
        retry = None
        if response.status_code in (429, 503):
            retry = parse_retry_after(headers.get("retry-after"), datetime.now(UTC), self.limits.retry_after_cap)
        return replace(
            result,
            status=response.status_code,
            content_type=headers.get("content-type"),
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            retry_after=retry,
        )

    def _status_error(self, result: FetchResult, target: httpx.URL, hop: _Hop) -> str | None:
        """The error text for a non-OK final status (None for an expected 304)."""
        if result.outcome is Outcome.NOT_MODIFIED:
            return None if hop.validators_sent else f"{target}: 304 Not Modified although no validator was sent"
        return f"{target}: HTTP {result.status} ({result.outcome})"

    def _with_body(self, result: FetchResult, response: httpx.Response, hop: _Hop) -> FetchResult:
        """Stream the body with the decoded-byte cap, the deadline and the emptiness check."""
        cap = hop.max_bytes
        declared = response.headers.get("content-length", "")
        if not hop.truncate and declared.strip().isdigit() and int(declared) > cap:
            msg = f"{result.final_url}: Content-Length {declared} exceeds the cap of {cap} bytes"
            raise _Stop(Outcome.TOO_LARGE, msg, response)
        # A response built in memory (httpx.MockTransport) arrives already read and decoded.
        preloaded = response.is_stream_consumed
        decoder = BodyDecoder(None if preloaded else response.headers.get("content-encoding"))
        body = bytearray()
        for raw in [response.content] if preloaded else response.iter_raw():
            for piece in decoder.feed(raw):
                if len(body) + len(piece) > cap and hop.truncate:
                    body += piece[: cap - len(body)]
                    break
                if len(body) + len(piece) > cap:
                    msg = f"{result.final_url}: body exceeds the cap of {cap} decoded bytes"
                    raise _Stop(Outcome.TOO_LARGE, msg, response)
                body += piece
            if hop.deadline_at is not None and time.monotonic() > hop.deadline_at:
                msg = f"{result.final_url}: total deadline of {self.limits.total_deadline}s exceeded in body"
                raise _Stop(Outcome.TIMEOUT, msg, response)
            if len(body) >= cap and hop.truncate:
                break  # the rest is ignored, never read
        else:
            decoder.finish()
        data = bytes(body)
        if hop.empty_is_error and is_empty_body(data):
            return replace(result, outcome=Outcome.EMPTY, body=data, error=f"{result.final_url}: empty body")
        return replace(result, body=data)

    def _redirect(self, hop: _Hop, status: int, location: str) -> None:
        """Move hop to the Location target: count, resolve, switch method, drop credentials."""
        if hop.redirects >= self.limits.max_redirects:
            msg = f"{hop.url}: more than {self.limits.max_redirects} redirects"
            raise _Stop(Outcome.TOO_MANY_REDIRECTS, msg)
        if _CONTROL_RE.search(location.strip().replace(" ", "")):
            raise _Stop(Outcome.INVALID_URL, f"{hop.url}: malformed Location {location!r}")
        new_url = urljoin(hop.url, location.strip().replace(" ", "%20"))
        old, new = urlsplit(hop.url), urlsplit(new_url)
        if old.scheme == "https" and new.scheme == "http":
            logger.warning("redirect downgrades https to http: %s -> %s", hop.url, new_url)
        if (old.scheme, old.netloc) != (new.scheme, new.netloc):
            hop.headers = {k: v for k, v in hop.headers.items() if k.lower() not in CREDENTIAL_HEADERS}
        if status in (301, 302, 303) and hop.method == "POST":  # as browsers do; 307/308 keep POST
            hop.method, hop.content = "GET", None
            hop.headers = {k: v for k, v in hop.headers.items() if k.lower() != "content-type"}
        hop.redirects += 1
        hop.url = new_url


def _take_location(response: httpx.Response) -> None:
    """Move Location out of httpx's sight: it would parse (and choke on) hostile targets itself."""
    if "location" in response.headers:
        response.extensions[_LOCATION] = response.headers["location"]
        del response.headers["location"]


def _outcome_for(exc: Exception) -> tuple[Outcome, str]:
    """Classify an exception raised while talking to a server."""
    if isinstance(exc, FetchError):
        return Outcome(exc.outcome), str(exc)
    chain: BaseException | None = exc
    while chain is not None:
        if isinstance(chain, ssl.SSLError):
            return Outcome.TLS_ERROR, f"TLS failure: {chain}"
        chain = chain.__cause__ or chain.__context__
    if isinstance(exc, httpx.TimeoutException):
        return Outcome.TIMEOUT, f"{type(exc).__name__}: {exc or 'timed out'}"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return Outcome.BLOCKED_SCHEME, str(exc)
    if isinstance(exc, httpx.InvalidURL):
        return Outcome.INVALID_URL, str(exc)
    return Outcome.CONN_ERROR, f"{type(exc).__name__}: {exc}"
