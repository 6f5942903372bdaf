"""Thin tasks: drain the alert outbox (webhook, Slack, Prefect event) and publish the run artifact."""

from __future__ import annotations

import uuid
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.events import emit_event

from swapwatch.config import PipelineConfig
from swapwatch.notify import deliver, targets_from
from swapwatch.pipeline import RunSummary, make_fetcher
from warehouse.db import connect, transaction
from warehouse.store import OutboxAlert, mark_attempt, pending_alerts

EVENT_NAMES = {"new": "swapwatch.swap.reported", "revised": "swapwatch.swap.revised"}


def emit_swap_event(alert: OutboxAlert) -> None:
    """A Prefect event operators can hang Automations on; its id is derived from the alert key."""
    emit_event(
        event=EVENT_NAMES.get(alert.kind, "swapwatch.swap.reported"),
        resource={"prefect.resource.id": f"swapwatch.swap.{alert.event_id}",
                  "prefect.resource.name": alert.event_id},
        payload=alert.payload,
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"swapwatch:{alert.alert_key}"),
    )


@task(name="deliver-alerts", cache_policy=NO_CACHE)
def deliver_alerts_task(db_path: str, config: PipelineConfig, summary: RunSummary) -> RunSummary:
    """Send every due alert once (at least once, keyed), then record each attempt."""
    with closing(connect(Path(db_path))) as con:
        pending = pending_alerts(con, limit=1000)
    targets = targets_from(config.webhook_url(), config.slack_url())
    outcomes = []
    with make_fetcher(config.fetch) as fetcher:  # webhooks pass the same SSRF guard as feeds
        for alert in pending:
            if config.alerts.prefect_events and alert.attempts == 0:
                emit_swap_event(alert)
            outcomes.append((alert, deliver(fetcher, alert.alert_key, alert.payload, alert.slack, targets)))
    now = datetime.now(UTC)
    with closing(connect(Path(db_path))) as con, transaction(con):
        for alert, result in outcomes:
            mark_attempt(con, alert.alert_key, delivered=result.delivered, error=result.error, at=now,
                         max_attempts=config.alerts.max_attempts)
    failed = [f"{a.event_id}: {r.error}" for a, r in outcomes if not r.delivered]
    for line in failed:
        get_run_logger().warning("alert not delivered (will retry): %s", line)
    lines = tuple(str(a.slack.get("text", a.event_id)) for a, _ in outcomes)
    return replace(summary, alerts_delivered=len(outcomes) - len(failed), alerts_failed=len(failed),
                   new_swaps=summary.new_swaps + lines)


@task(name="publish-summary", cache_policy=NO_CACHE)
def publish_summary_task(summary: RunSummary) -> None:
    """A markdown artifact for the Prefect UI: the swaps alerted in this run and the run's counts."""
    rows = "\n".join(f"| {line} |" for line in summary.new_swaps) or "| no new or revised swaps |"
    body = "\n".join(f"- {line}" for line in summary.describe().splitlines()[:3])
    markdown = f"## Swaps reported in this run\n\n| swap |\n|---|\n{rows}\n\n## Run\n\n{body}\n"
    create_markdown_artifact(markdown=markdown, key="swapwatch-run", description="swapwatch ingest summary")
