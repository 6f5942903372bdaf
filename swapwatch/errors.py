"""The exception tree of swapwatch (in the style of httpx).

    SwapwatchError
    ├── ConfigError          a config file is missing, malformed or invalid (run-level: fail loudly)
    ├── FetchError           an HTTP fetch could not complete (carries an Outcome)
    │   └── BlockedError     the SSRF or scheme guard refused the URL
    ├── FeedError            a feed body could not be used
    ├── WarehouseError       the DuckDB file cannot be opened, migrated or written (run-level)
    └── TaskWorkerError      article batches handed to task workers did not come back (run-level)

Per-item problems (one feed down, one article empty) are *recorded as outcomes*, not raised
past the task that met them; only run-level problems escape to fail the flow run.
"""

from __future__ import annotations


class SwapwatchError(Exception):
    """Base class of every error swapwatch raises on purpose."""


class ConfigError(SwapwatchError):
    """A configuration file is missing, malformed or invalid."""


class FetchError(SwapwatchError):
    """An HTTP fetch could not complete; ``outcome`` says how it ended."""

    def __init__(self, message: str, outcome: str = "CONN_ERROR") -> None:
        super().__init__(message)
        self.outcome = outcome


class BlockedError(FetchError):
    """The SSRF or scheme guard refused a URL or a resolved address."""


class FeedError(SwapwatchError):
    """A feed body could not be parsed into entries."""


class WarehouseError(SwapwatchError):
    """The warehouse cannot be opened, migrated or written."""


class TaskWorkerError(SwapwatchError):
    """Article batches handed to task workers did not come back: no worker, too few, or unshared storage."""
