"""Typed frame schemas, one per warehouse table, and `conform` to check frames against them.

Each `pl.Schema` mirrors a table of `schema/001_core.sql` column for column (a test compares them
with the live DuckDB tables), so a frame that conforms can be inserted by name without surprises.
Timestamps are naive UTC (`pl.Datetime("us")` <-> `TIMESTAMP`); JSON columns travel as strings.
"""

from __future__ import annotations

import polars as pl

from swapwatch.errors import WarehouseError

_TS = pl.Datetime("us")
_STRS = pl.List(pl.String())

FEED_STATE = pl.Schema({
    "feed_name": pl.String(), "url": pl.String(), "enabled": pl.Boolean(), "etag": pl.String(),
    "last_modified": pl.String(), "body_hash": pl.String(), "last_outcome": pl.String(),
    "last_status": pl.Int32(), "last_error": pl.String(), "last_polled_at": _TS,
    "last_success_at": _TS, "consecutive_failures": pl.Int32(), "failure_score": pl.Float64(),
    "next_poll_at": _TS, "disabled_reason": pl.String(),
})
FEED_POLLS = pl.Schema({
    "run_id": pl.String(), "feed_name": pl.String(), "polled_at": _TS, "outcome": pl.String(),
    "http_status": pl.Int32(), "error": pl.String(), "n_entries": pl.Int32(), "n_new": pl.Int32(),
    "tossed": pl.Int32(),
})
ENTRIES = pl.Schema({
    "entry_id": pl.String(), "feed_name": pl.String(), "guid": pl.String(), "link": pl.String(),
    "url_norm": pl.String(), "title": pl.String(), "summary": pl.String(), "published": _TS,
    "link_problem": pl.String(), "first_seen_at": _TS, "last_seen_at": _TS, "run_id": pl.String(),
})
ARTICLES = pl.Schema({
    "article_id": pl.String(), "url": pl.String(), "final_url": pl.String(), "feed_name": pl.String(),
    "outcome": pl.String(), "error": pl.String(), "title": pl.String(), "text": pl.String(),
    "published": pl.Date(), "lang": pl.String(), "content_hash": pl.String(),
    "duplicate_of": pl.String(), "fetched_at": _TS, "first_seen_at": _TS, "run_id": pl.String(),
})
CLASSIFICATIONS = pl.Schema({
    "article_id": pl.String(), "extractor_version": pl.String(), "is_swap": pl.Boolean(),
    "score": pl.Float64(), "reasons": _STRS, "classified_at": _TS,
})
CLAIMS = pl.Schema({
    "claim_id": pl.String(), "article_id": pl.String(), "extractor_version": pl.String(),
    "event_index": pl.Int32(), "side": pl.String(), "category": pl.String(), "value": pl.Int64(),
    "kind": pl.String(), "source": pl.String(), "sentence": pl.String(), "span_start": pl.Int32(),
    "span_end": pl.Int32(),
})
ARTICLE_EVENTS = pl.Schema({
    "article_id": pl.String(), "event_index": pl.Int32(), "role": pl.String(),
    "event_date": pl.String(), "parties": _STRS, "returned": pl.String(), "mediators": _STRS,
    "location": pl.String(), "extractor_version": pl.String(), "event_id": pl.String(),
})
EVENTS = pl.Schema({
    "event_id": pl.String(), "event_date": pl.Date(), "event_month": pl.String(), "parties": _STRS,
    "mediators": _STRS, "location": pl.String(), "background_only": pl.Boolean(),
    "n_articles": pl.Int32(), "first_seen_at": _TS, "updated_at": _TS,
})
EVENT_FIGURES = pl.Schema({
    "event_id": pl.String(), "side": pl.String(), "category": pl.String(), "value": pl.Int64(),
    "disputed": pl.Boolean(), "rule": pl.String(), "claimed_values": pl.List(pl.Int64()),
    "claimed": pl.String(),
})
EVENT_REVISIONS = pl.Schema({
    "revision_id": pl.String(), "event_id": pl.String(), "side": pl.String(), "category": pl.String(),
    "old_value": pl.Int64(), "new_value": pl.Int64(), "revised_at": _TS, "reason": pl.String(),
    "article_id": pl.String(), "run_id": pl.String(),
})
EVENT_ALIASES = pl.Schema({
    "old_event_id": pl.String(), "event_id": pl.String(), "merged_at": _TS, "run_id": pl.String(),
})
ALERTS = pl.Schema({
    "alert_key": pl.String(), "event_id": pl.String(), "kind": pl.String(), "payload": pl.String(),
    "slack": pl.String(), "created_at": _TS, "status": pl.String(), "attempts": pl.Int32(),
    "last_error": pl.String(), "next_attempt_at": _TS, "delivered_at": _TS, "run_id": pl.String(),
})

SCHEMAS: dict[str, pl.Schema] = {
    "feed_state": FEED_STATE, "feed_polls": FEED_POLLS, "entries": ENTRIES, "articles": ARTICLES,
    "classifications": CLASSIFICATIONS, "claims": CLAIMS, "article_events": ARTICLE_EVENTS,
    "events": EVENTS, "event_figures": EVENT_FIGURES, "event_revisions": EVENT_REVISIONS,
    "event_aliases": EVENT_ALIASES, "alerts": ALERTS,
}


def schema_of(table: str) -> pl.Schema:
    """The frame schema of one table; an unknown table is a programming error worth naming."""
    try:
        return SCHEMAS[table]
    except KeyError:
        msg = f"no frame schema for table {table!r} (known: {', '.join(sorted(SCHEMAS))})"
        raise WarehouseError(msg) from None


def conform(frame: pl.DataFrame, schema: pl.Schema, *, table: str = "frame") -> pl.DataFrame:
    """Reorder and cast `frame` to `schema`; missing columns become null, extra ones raise."""
    extra = [c for c in frame.columns if c not in schema]
    if extra:
        msg = f"{table}: unexpected columns {extra} (schema has {list(schema)})"
        raise WarehouseError(msg)
    columns: list[pl.Expr] = []
    for name, dtype in schema.items():
        if name not in frame.columns:
            columns.append(pl.lit(None, dtype=dtype).alias(name))
        elif frame.schema[name] == dtype:
            columns.append(pl.col(name))
        elif frame.schema[name] == pl.Null() or frame.height == 0:
            # An all-null or empty column has no type to lose: adopt the table's.
            columns.append(pl.col(name).cast(dtype))
        else:
            columns.append(pl.col(name).cast(dtype, strict=True))
    try:
        return frame.select(columns)
    except (pl.exceptions.InvalidOperationError, pl.exceptions.ComputeError) as exc:
        msg = f"{table}: frame does not fit the table schema: {exc}"
        raise WarehouseError(msg) from exc


def frame_of(rows: list[dict[str, object]], table: str) -> pl.DataFrame:
    """Build a typed frame for `table` from row dicts (an empty list gives an empty frame)."""
    schema = schema_of(table)
    return pl.DataFrame(rows, schema=schema) if rows else schema.to_frame()
