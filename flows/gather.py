"""Collect mapped task results so that one crashed item is recorded, never fatal to the run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from prefect import get_run_logger

T = TypeVar("T")


def gather(futures: Iterable[Any], on_error: Callable[[int, str], T]) -> list[T]:
    """Wait for each future; a failed one becomes `on_error(index, reason)` and is logged."""
    out: list[T] = []
    for i, future in enumerate(futures):
        future.wait()
        state = future.state
        if state.is_completed():
            out.append(future.result())
            continue
        reason = f"{state.name}: {state.message or 'task failed'}"
        get_run_logger().error("item %d failed: %s", i, reason)
        out.append(on_error(i, reason))
    return out
