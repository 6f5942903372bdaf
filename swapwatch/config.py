"""Load and validate the pipeline configuration (feeds, fetch limits, alerts, analysis knobs).

One loader, strict models: an unknown key, a wrong type or a bad URL is a `ConfigError` that names
the file and the offending field, raised before any work starts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from swapwatch.errors import ConfigError
from swapwatch.models import Feed

WEBHOOK_ENV = "SWAPWATCH_WEBHOOK_URL"
SLACK_ENV = "SWAPWATCH_SLACK_WEBHOOK_URL"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _http_url(value: str, what: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        msg = f"{what} must be an absolute http(s) URL, got {value!r}"
        raise ValueError(msg)
    return value


class FeedConfig(_Strict):
    """One feed entry of the config file."""

    name: str = Field(min_length=1, max_length=200, pattern=r"^[\w.\-]+$")
    url: str
    lang: str | None = None
    enabled: bool = True

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _http_url(value, "feed url")


class FetchConfig(_Strict):
    """HTTP politeness, limits and the SSRF escape hatches (CONTRACT.md §3)."""

    allow_private: bool = False
    allow_hosts: tuple[str, ...] = ()
    only_hosts: tuple[str, ...] | None = None
    per_host_delay: float = Field(default=1.0, ge=0, le=60)
    max_per_host: int = Field(default=2, ge=1, le=16)
    connect_timeout: float = Field(default=10.0, gt=0, le=120)
    read_timeout: float = Field(default=10.0, gt=0, le=120)
    total_deadline: float = Field(default=30.0, gt=0, le=600)
    feed_max_bytes: int = Field(default=10 * 2**20, gt=0)
    article_max_bytes: int = Field(default=5 * 2**20, gt=0)
    max_items_per_feed: int = Field(default=2000, ge=1)
    max_new_per_feed: int = Field(default=200, ge=1)
    concurrency: int = Field(default=8, ge=1, le=64)
    respect_robots: bool = True  # check each article host's robots.txt (RFC 9309); feeds never are


class AlertConfig(_Strict):
    """Where alerts go; URLs may also come from the environment (never commit secrets)."""

    webhook: str | None = None
    slack_webhook: str | None = None
    prefect_events: bool = True
    max_attempts: int = Field(default=8, ge=1)

    @field_validator("webhook", "slack_webhook")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else _http_url(value, "alert webhook")


class AnalysisConfig(_Strict):
    """Knobs of the pure core, and where its article batches run."""

    swap_threshold: float | None = Field(default=None, ge=0, le=1)
    # Pages per fetch task: fewer, larger tasks cut Prefect's per-task cost (benchmarks/README.md).
    batch_size: int = Field(default=250, ge=1, le=1000)
    # Extraction processes of the run's own pool (executor "local" only: a task worker analyses its
    # batches in its own process, so there one runs a `swapwatch worker` per core instead).
    processes: int = Field(default=2, ge=1, le=64)
    # "local": batches are fetched and analysed by the run itself (threads + its process pool).
    # "task-workers": batches are Prefect background tasks run by `swapwatch worker` processes, on
    # this machine or others, that share result storage with the run; the run still stores alone.
    executor: Literal["local", "task-workers"] = "local"
    # Seconds the run waits, from submitting them, for every task-worker batch to end; past it the
    # run fails naming the unfinished batches (most often: no worker running). One schedule
    # interval by default, so a stuck run does not hold back the next one for long.
    task_worker_timeout: float = Field(default=900.0, gt=0, le=86400)


class PipelineConfig(_Strict):
    """The whole configuration of one ingest run."""

    feeds: tuple[FeedConfig, ...] = ()
    fetch: FetchConfig = FetchConfig()
    alerts: AlertConfig = AlertConfig()
    analysis: AnalysisConfig = AnalysisConfig()

    @field_validator("feeds")
    @classmethod
    def _unique_names(cls, feeds: tuple[FeedConfig, ...]) -> tuple[FeedConfig, ...]:
        names = [f.name for f in feeds]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            msg = f"feed names must be unique; repeated: {', '.join(dupes)}"
            raise ValueError(msg)
        return feeds

    def enabled_feeds(self) -> tuple[Feed, ...]:
        """The enabled feeds as core records."""
        return tuple(Feed(f.name, f.url, f.lang, f.enabled) for f in self.feeds if f.enabled)

    def webhook_url(self) -> str | None:
        """The JSON webhook: config first, else the environment."""
        return self.alerts.webhook or os.environ.get(WEBHOOK_ENV) or None

    def slack_url(self) -> str | None:
        """The Slack-compatible webhook: config first, else the environment."""
        return self.alerts.slack_webhook or os.environ.get(SLACK_ENV) or None


def parse_config(data: Any, source: str = "<config>") -> PipelineConfig:
    """Validate an already-loaded mapping; `source` names it in errors."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        msg = f"{source}: expected a mapping at the top level, got {type(data).__name__}"
        raise ConfigError(msg)
    try:
        return PipelineConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}" for err in exc.errors()
        )
        msg = f"{source}: invalid config: {problems}"
        raise ConfigError(msg) from exc


def load_config(path: Path) -> PipelineConfig:
    """Read and validate a YAML config file; raise ConfigError naming the file and the field."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"{path}: cannot read config: {exc.strerror or exc}"
        raise ConfigError(msg) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        msg = f"{path}: not valid YAML: {exc}"
        raise ConfigError(msg) from exc
    return parse_config(data, str(path))
