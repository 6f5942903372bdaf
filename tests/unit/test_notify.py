"""Delivering one alert: every target gets the idempotency key; refused targets never get a packet."""

from __future__ import annotations

from swapwatch.fetch import Fetcher, FetchLimits, FetchPolicy
from swapwatch.notify import Target, deliver, targets_from
from tests.support.receiver import Receiver

PAYLOAD = {"event_id": "sw-RU-UA-2026-10-14", "kind": "new", "counts": {"UA": {"total": 212}}}
SLACK = {"text": "New swap 2026-10-14 RU-UA: UA received 212.", "blocks": []}


def fetcher_for(*hosts: str) -> Fetcher:
    limits = FetchLimits(connect_timeout=1, read_timeout=1, total_deadline=3)
    return Fetcher(FetchPolicy(allow_hosts=frozenset(hosts), per_host_delay=0), limits)


def test_targets_come_in_a_stable_order() -> None:
    assert targets_from("http://a/hook", "http://b/slack") == (
        Target("webhook", "http://a/hook"), Target("slack", "http://b/slack"))
    assert targets_from(None, None) == ()


def test_webhook_and_slack_each_get_their_body_and_the_key() -> None:
    with Receiver() as hook, fetcher_for(hook.host_port) as fetcher:
        result = deliver(fetcher, "key-1", PAYLOAD, SLACK, targets_from(hook.url, hook.url + "/slack"))
        assert result.delivered and result.error is None
        assert [p.key for p in hook.posts] == ["key-1", "key-1"]
        assert hook.posts[0].body == PAYLOAD
        assert hook.posts[1].body["text"].startswith("New swap")


def test_a_failing_receiver_is_not_delivered_and_says_why() -> None:
    with Receiver(fail_next=1) as hook, fetcher_for(hook.host_port) as fetcher:
        result = deliver(fetcher, "key-2", PAYLOAD, SLACK, targets_from(hook.url, None))
        assert not result.delivered
        assert result.error is not None and result.error.startswith("HTTP_5XX")


def test_a_webhook_on_a_private_address_is_refused_before_any_packet() -> None:
    with Receiver() as hook, fetcher_for() as fetcher:  # the receiver's port is NOT allowed
        metadata = deliver(fetcher, "k", PAYLOAD, SLACK, targets_from("http://169.254.169.254/hook", None))
        loopback = deliver(fetcher, "k", PAYLOAD, SLACK, targets_from(hook.url, None))
        assert metadata.error is not None and metadata.error.startswith("BLOCKED_SSRF")
        assert loopback.error is not None and loopback.error.startswith("BLOCKED_SSRF")
        assert hook.posts == []
