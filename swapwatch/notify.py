"""Deliver one queued alert to its targets through the run's single HTTP seam.

Each POST carries the alert's stable idempotency key (header and body), so a receiver can drop the
duplicates that at-least-once delivery allows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from swapwatch.fetch import Fetcher
from swapwatch.models import Outcome


@dataclass(frozen=True, slots=True)
class Target:
    """One alert destination: a generic JSON webhook or a Slack-compatible one."""

    kind: str  # "webhook" | "slack"
    url: str


@dataclass(frozen=True, slots=True)
class Delivery:
    """How delivering one alert to every target ended."""

    delivered: bool
    error: str | None = None


def targets_from(webhook: str | None, slack: str | None) -> tuple[Target, ...]:
    """The configured targets, webhook first."""
    found = [Target("webhook", webhook)] if webhook else []
    return (*found, *([Target("slack", slack)] if slack else []))


def deliver(
    fetcher: Fetcher,
    key: str,
    payload: Mapping[str, Any],
    slack: Mapping[str, Any],
    targets: Sequence[Target],
) -> Delivery:
    """POST the alert to every target; delivered only when every target answered 2xx."""
    errors: list[str] = []
    for target in targets:
        body = payload if target.kind == "webhook" else slack
        headers = {"Idempotency-Key": key, "X-Swapwatch-Alert-Kind": str(payload.get("kind", ""))}
        result = fetcher.post_json(target.url, dict(body), headers)
        if result.outcome is not Outcome.OK:
            # The outcome name leads, so the outbox can tell a refused (BLOCKED_SSRF) target.
            errors.append(f"{result.outcome}: {target.kind} {target.url}: {result.error or result.status}")
    return Delivery(not errors, "; ".join(errors) or None)
