"""Polling decisions: validators, failure weights, back-off, jitter, Retry-After, 410."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from swapwatch.models import FeedState, FetchResult, Outcome
from swapwatch.polling import (
    MAX_BACKOFF,
    body_hash,
    failure_class,
    is_due,
    next_state,
    unchanged,
    validators_for,
)

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
STATE = FeedState(feed_name="f", url="https://news.test/feed")


def res(outcome: Outcome, **kw: object) -> FetchResult:
    return FetchResult(url=STATE.url, outcome=outcome, **kw)  # type: ignore[arg-type]


def step(state: FeedState, result: FetchResult, parse: Outcome | None = None, seed: int = 1) -> FeedState:
    return next_state(state, result, parse, NOW, random.Random(seed))


def test_success_stores_validators_hash_and_resets() -> None:
    failing = replace(STATE, consecutive_failures=3, failure_score=1.5)
    new = step(failing, res(Outcome.OK, status=200, body=b"<rss/>", etag='"a"', last_modified="Mon"), Outcome.OK)
    assert (new.etag, new.last_modified, new.body_hash) == ('"a"', "Mon", body_hash(b"<rss/>"))
    assert new.consecutive_failures == 0 and new.failure_score == 0
    assert new.last_success_at == NOW and new.last_outcome == "OK"
    assert validators_for(new).etag == '"a"'


def test_ok_without_validators_clears_the_old_ones() -> None:
    new = step(replace(STATE, etag='"old"'), res(Outcome.OK, body=b"x"), Outcome.OK)
    assert new.etag is None


def test_304_without_etag_clears_it_and_keeps_last_modified() -> None:  # H-HTTP-1
    state = replace(STATE, etag='"v1"', last_modified="Mon")
    new = step(state, res(Outcome.NOT_MODIFIED, status=304))
    assert new.etag is None and new.last_modified == "Mon"
    assert new.consecutive_failures == 0


def test_304_with_new_etag_stores_it_verbatim() -> None:  # H-HTTP-2
    new = step(replace(STATE, etag='"v1"'), res(Outcome.NOT_MODIFIED, status=304, etag='W/"v2"'))
    assert new.etag == 'W/"v2"'


def test_304_without_having_sent_validators_is_a_soft_anomaly() -> None:
    assert failure_class(STATE, res(Outcome.NOT_MODIFIED), None) == "soft"


@pytest.mark.parametrize(
    ("outcome", "status", "parse", "kind"),
    [
        (Outcome.GONE, 410, None, "hard"),
        (Outcome.BLOCKED_SSRF, None, None, "hard"),
        (Outcome.BLOCKED_SCHEME, None, None, "hard"),
        (Outcome.BLOCKED_BY_CHALLENGE, 403, None, "hard"),
        (Outcome.HTTP_4XX, 401, None, "hard"),
        (Outcome.HTTP_4XX, 403, None, "hard"),
        (Outcome.HTTP_4XX, 404, None, "soft"),
        (Outcome.HTTP_4XX, 408, None, "transient"),
        (Outcome.TOO_LARGE, 200, None, "soft"),
        (Outcome.TOO_MANY_REDIRECTS, 302, None, "soft"),
        (Outcome.EMPTY, 200, None, "soft"),
        (Outcome.TLS_ERROR, None, None, "soft"),
        (Outcome.OK, 200, Outcome.NOT_A_FEED, "soft"),
        (Outcome.OK, 200, Outcome.PARSE_ERROR, "soft"),
        (Outcome.OK, 200, Outcome.PARSED_WITH_WARNINGS, "none"),
        (Outcome.OK, 200, None, "none"),
        (Outcome.TIMEOUT, None, None, "transient"),
        (Outcome.CONN_ERROR, None, None, "transient"),
        (Outcome.HTTP_5XX, 503, None, "transient"),
        (Outcome.RATE_LIMITED, 429, None, "transient"),
        (Outcome.INVALID_URL, None, None, "hard"),
    ],
)
def test_failure_classes(outcome: Outcome, status: int | None, parse: Outcome | None, kind: str) -> None:
    assert failure_class(STATE, res(outcome, status=status), parse) == kind


def test_weights_accumulate() -> None:
    state = step(STATE, res(Outcome.GONE, status=410))
    state = replace(state, enabled=True)
    state = step(state, res(Outcome.HTTP_4XX, status=404))
    state = step(state, res(Outcome.TIMEOUT))
    assert state.failure_score == pytest.approx(1.75) and state.consecutive_failures == 3


def test_backoff_grows_and_is_capped_at_24h() -> None:
    state, delays = STATE, []
    for i in range(100):
        state = step(state, res(Outcome.HTTP_5XX, status=503), seed=i)
        assert state.next_poll_at is not None
        delays.append((state.next_poll_at - NOW).total_seconds())
    assert delays[10] > delays[0]
    assert max(delays) <= MAX_BACKOFF
    assert state.enabled  # H-HTTP-6/7: never disabled by 5xx


def test_recovery_resumes_normal_polling() -> None:
    state = STATE
    for _ in range(5):
        state = step(state, res(Outcome.HTTP_5XX, status=503))
    state = step(state, res(Outcome.OK, body=b"<rss/>"), Outcome.OK)
    assert state.failure_score == 0 and state.next_poll_at is not None
    assert state.next_poll_at - NOW <= timedelta(seconds=900)


def test_retry_after_is_honoured() -> None:  # H-HTTP-4
    new = step(STATE, res(Outcome.RATE_LIMITED, status=429, retry_after=120.0))
    assert new.next_poll_at is not None and new.next_poll_at >= NOW + timedelta(seconds=120)


def test_huge_retry_after_is_capped() -> None:
    new = step(STATE, res(Outcome.RATE_LIMITED, status=429, retry_after=31_536_000.0))
    assert new.next_poll_at is not None and new.next_poll_at <= NOW + timedelta(seconds=MAX_BACKOFF)


def test_mass_429_is_spread_by_jitter() -> None:  # H-HTTP-11
    times = {step(STATE, res(Outcome.RATE_LIMITED, retry_after=3600.0), seed=i).next_poll_at for i in range(50)}
    assert len(times) == 50


def test_gone_disables_with_a_reason() -> None:  # H-HTTP-9
    new = step(STATE, res(Outcome.GONE, status=410, final_url=STATE.url))
    assert not new.enabled and new.disabled_reason and "410" in new.disabled_reason
    assert not is_due(new, NOW + timedelta(days=365))


def test_is_due() -> None:
    assert is_due(STATE, NOW)
    later = replace(STATE, next_poll_at=NOW + timedelta(minutes=5))
    assert not is_due(later, NOW) and is_due(later, NOW + timedelta(minutes=5))


def test_unchanged_body_hash() -> None:  # H-DUP-4
    state = step(STATE, res(Outcome.OK, body=b"same", etag='"1"'), Outcome.OK)
    assert unchanged(state, b"same") and not unchanged(state, b"other")
    assert not unchanged(STATE, b"same")


def test_failure_keeps_validators_and_hash() -> None:
    state = replace(STATE, etag='"e"', body_hash="h")
    new = step(state, res(Outcome.TIMEOUT, error="slow"))
    assert (new.etag, new.body_hash, new.last_error, new.last_outcome) == ('"e"', "h", "slow", "TIMEOUT")


def test_parse_failure_is_reported_with_its_outcome() -> None:
    new = step(STATE, res(Outcome.OK, body=b"<html/>", final_url=STATE.url), Outcome.NOT_A_FEED)
    assert new.last_outcome == "NOT_A_FEED" and new.last_error and "NOT_A_FEED" in new.last_error
