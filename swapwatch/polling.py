"""Pure polling decisions: conditional GET, body hash, failure weights, back-off, jitter, disabling.

The model is Media Cloud's rss-fetcher (reliability.md §8): every failure adds a weight to
``failure_score`` (hard 1, soft 0.5, transient 0.25), a success resets it, the next poll moves
out linearly with the score up to 24 h, and a feed is never stopped silently: only ``410 Gone``
disables it, and then with a ``disabled_reason`` the caller alerts on. Jitter spreads feeds
that failed together (Miniflux #3130); a Retry-After is honoured when it is longer.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal

from swapwatch.models import FeedState, FetchResult, Outcome, Validators

FailureClass = Literal["hard", "soft", "transient", "none"]

# Media Cloud weights: twice as many soft failures as hard ones before a feed looks dead.
WEIGHTS: dict[FailureClass, float] = {"hard": 1.0, "soft": 0.5, "transient": 0.25, "none": 0.0}
MAX_BACKOFF = 86_400.0  # 24 h: a dead-looking feed is still polled daily (never silently dropped)
# Seconds of delay added per point of failure score (linear, Media Cloud): 4 hard failures in a
# row push a 15-minute feed to about 4 h 15 min.
BACKOFF_STEP = 3_600.0
JITTER = 0.1  # the delay is shortened by up to 10 %, so feeds that failed together drift apart
_HARD_4XX = frozenset({400, 401, 402, 403, 405, 407, 451})  # auth, payment, legal, wrong method
_TRANSIENT_4XX = frozenset({408, 425})  # request timeout, too early: the server asks to retry
_HARD = frozenset({Outcome.GONE, Outcome.BLOCKED_SSRF, Outcome.BLOCKED_SCHEME, Outcome.BLOCKED_BY_CHALLENGE})
_SOFT = frozenset(
    {
        Outcome.NOT_A_FEED, Outcome.TOO_LARGE, Outcome.TOO_MANY_REDIRECTS, Outcome.PARSE_ERROR,
        Outcome.EMPTY, Outcome.TLS_ERROR, Outcome.EMPTY_EXTRACTION,
    }
)
_TRANSIENT = frozenset({Outcome.TIMEOUT, Outcome.CONN_ERROR, Outcome.HTTP_5XX, Outcome.RATE_LIMITED})
_PARSED = frozenset({Outcome.OK, Outcome.PARSED_WITH_WARNINGS})


def body_hash(body: bytes) -> str:
    """The sha256 hex of a body: the same hash as last time means nothing to re-parse."""
    return hashlib.sha256(body).hexdigest()


def validators_for(state: FeedState) -> Validators:
    """The conditional-GET validators to send for this feed."""
    return Validators(etag=state.etag, last_modified=state.last_modified)


def is_due(state: FeedState, now: datetime) -> bool:
    """True when an enabled feed's next poll time has come (or was never set)."""
    return state.enabled and (state.next_poll_at is None or now >= state.next_poll_at)


def unchanged(state: FeedState, body: bytes) -> bool:
    """True when body is byte-identical to the last fetched body (skip parsing: H-DUP-4)."""
    return state.body_hash is not None and body_hash(body) == state.body_hash


def failure_class(state: FeedState, result: FetchResult, parse_outcome: Outcome | None) -> FailureClass:
    """How bad one poll was: hard, soft, transient, or none (success)."""
    outcome = result.outcome
    if outcome is Outcome.OK:
        return "none" if parse_outcome is None or parse_outcome in _PARSED else "soft"
    if outcome is Outcome.NOT_MODIFIED:  # success only if we asked conditionally (H-HTTP-1)
        return "none" if (state.etag or state.last_modified) else "soft"
    if outcome is Outcome.HTTP_4XX:
        status = result.status or 0
        if status in _TRANSIENT_4XX:
            return "transient"
        return "hard" if status in _HARD_4XX else "soft"  # 404 and odd 4xx (or 3xx) are soft
    if outcome is Outcome.INVALID_URL:
        return "soft" if result.redirects else "hard"  # a bad Location vs a bad configured URL
    if outcome in _HARD:
        return "hard"
    if outcome in _TRANSIENT:
        return "transient"
    return "soft"


def next_delay(score: float, retry_after: float | None, rng: random.Random, base_interval: float) -> float:
    """Seconds until the next poll: linear back-off on the score, capped, jittered, >= Retry-After."""
    delay = min(base_interval + BACKOFF_STEP * score, MAX_BACKOFF)
    delay *= 1.0 - JITTER * rng.random()
    if retry_after is not None and retry_after > 0:
        honoured = min(retry_after, MAX_BACKOFF * (1 - JITTER))
        delay = max(delay, honoured + JITTER * honoured * rng.random())
    return min(delay, MAX_BACKOFF)


def _validators(state: FeedState, result: FetchResult) -> tuple[str | None, str | None]:
    """Validators to keep after this response (RFC 9110 §15.4.5; Media Cloud saves even NULL)."""
    if result.outcome is Outcome.OK:
        return result.etag, result.last_modified
    if result.outcome is Outcome.NOT_MODIFIED:  # a 304 must repeat its ETag: none clears ours
        return result.etag, result.last_modified or state.last_modified
    return state.etag, state.last_modified


def next_state(
    state: FeedState,
    result: FetchResult,
    parse_outcome: Outcome | None,
    now: datetime,
    rng: random.Random,
    base_interval: float = 900,
) -> FeedState:
    """The feed's state after one poll: validators, body hash, failure counters, next poll time."""
    kind = failure_class(state, result, parse_outcome)
    etag, last_modified = _validators(state, result)
    failed = kind != "none"
    score = state.failure_score + WEIGHTS[kind] if failed else 0.0
    delay = next_delay(score, result.retry_after, rng, base_interval)
    shown = parse_outcome if result.outcome is Outcome.OK and parse_outcome is not None else result.outcome
    error = result.error
    if result.outcome is Outcome.OK and failed:
        error = f"{result.final_url or result.url}: feed body {shown}"
    new = replace(
        state,
        etag=etag,
        last_modified=last_modified,
        body_hash=body_hash(result.body) if result.outcome is Outcome.OK and result.body is not None
        else state.body_hash,
        last_outcome=str(shown),
        last_status=result.status,
        last_error=error,
        last_polled_at=now,
        last_success_at=state.last_success_at if failed else now,
        consecutive_failures=state.consecutive_failures + 1 if failed else 0,
        failure_score=score,
        next_poll_at=now + timedelta(seconds=delay),
    )
    if result.outcome is Outcome.GONE:
        reason = f"410 Gone from {result.final_url or result.url} at {now.isoformat()}: re-enable by hand"
        new = replace(new, enabled=False, disabled_reason=reason)
    return new
