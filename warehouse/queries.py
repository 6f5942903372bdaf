"""Read-side SQL for the shell: dedupe look-ups, the demo summary, ad-hoc analyst queries."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

import duckdb
import polars as pl

from warehouse.db import connect

# Article fetch outcomes worth another try on the next run; anything else is settled.
# ROBOTS_UNAVAILABLE: the host's robots.txt was unreachable, so nothing was asked of it yet (RFC 9309).
RETRYABLE = (
    "TIMEOUT", "CONN_ERROR", "HTTP_5XX", "RATE_LIMITED", "INTERNAL_ERROR", "TLS_ERROR", "ROBOTS_UNAVAILABLE",
)


def retryable_articles(con: duckdb.DuckDBPyConnection, keys: Iterable[str]) -> set[str]:
    """Article ids stored with a transient failure, to fetch again."""
    wanted = sorted(set(keys))
    if not wanted:
        return set()
    rows = con.execute(
        "SELECT article_id FROM articles WHERE article_id = ANY(?) AND outcome = ANY(?)",
        [wanted, list(RETRYABLE)],
    ).fetchall()
    return {r[0] for r in rows}


def snapshot_path(db: Path) -> Path:
    """Where the read-only copy published after each run lives (beside the live file)."""
    return db.with_name(db.stem + ".snapshot.duckdb")


def publish_snapshot(db: Path) -> Path:
    """Copy the checkpointed warehouse to its snapshot (atomic rename), for readers during runs."""
    target = snapshot_path(db)
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(db, tmp)
    tmp.replace(target)
    return target


def open_for_reading(db: Path, *, snapshot: bool = True) -> duckdb.DuckDBPyConnection:
    """A read-only connection: the published snapshot when present, else the live file."""
    snap = snapshot_path(db)
    return connect(snap if snapshot and snap.exists() else db, read_only=True)


def run_sql(db: Path, query: str, *, snapshot: bool = True, max_rows: int = 200) -> str:
    """Run one query read-only and return the result as a text table."""
    with closing(open_for_reading(db, snapshot=snapshot)) as con:
        rel = con.sql(query)
        if rel is None:
            return "(no result)"
        frame = rel.limit(max_rows).pl()
    with pl.Config(tbl_rows=max_rows, tbl_cols=30, fmt_str_lengths=60, tbl_width_chars=160):
        return str(frame)


def _side_text(counts: list[tuple[str, str, int, bool]]) -> str:
    by_side: dict[str, dict[str, str]] = {}
    for side, category, value, disputed in counts:
        by_side.setdefault(side, {})[category] = f"{value}{'*' if disputed else ''}"
    parts = []
    for side, cats in sorted(by_side.items()):
        detail = ", ".join(f"{c} {cats[c]}" for c in ("military", "civilian", "bodies") if c in cats)
        total = cats.get("total", "?")
        parts.append(f"{side} received {total}" + (f" ({detail})" if detail else ""))
    return "; ".join(parts) or "no figures"


def demo_report(db: Path) -> str:
    """What a newcomer wants to see after the demo: the swaps found and how to query them."""
    with closing(connect(db, read_only=True)) as con:
        events = con.execute(
            "SELECT event_id, event_date, parties, n_articles FROM swap_events "
            "WHERE NOT background_only ORDER BY event_date NULLS LAST, event_id"
        ).fetchall()
        background = con.execute("SELECT count(*) FROM swap_events WHERE background_only").fetchone()
        counts = con.execute(
            "SELECT event_id, side, category, value, disputed FROM swap_event_counts ORDER BY 1, 2, 3"
        ).fetchall()
        articles = con.execute("SELECT count(*), count(*) FILTER (WHERE outcome = 'OK') FROM articles").fetchone()
    per_event: dict[str, list[tuple[str, str, int, bool]]] = {}
    for event_id, side, category, value, disputed in counts:
        per_event.setdefault(event_id, []).append((side, category, value, bool(disputed)))
    lines = ["", f"Swap events found ({len(events)}; * = sources disagree):"]
    for event_id, day, parties, n in events:
        lines.append(f"  {day or 'date unknown'}  {'-'.join(parties)}  {_side_text(per_event.get(event_id, []))}"
                     f"  [{n} report{'s' if n != 1 else ''}]  {event_id}")
    n_background = background[0] if background else 0
    if n_background:
        lines.append(f"  (+{n_background} earlier swap(s) known only from background mentions)")
    total, ok = articles if articles else (0, 0)
    lines += [
        f"Articles stored: {total} ({ok} extracted).",
        "",
        "Query it (read-only while the pipeline runs):",
        f"  .venv/bin/swapwatch sql --db {db} \"SELECT * FROM swap_events\"",
        f"  .venv/bin/swapwatch sql --db {db} \"SELECT * FROM swap_event_counts WHERE disputed\"",
        f"  .venv/bin/swapwatch sql --db {db} \"SELECT * FROM feed_health\"",
        f"  .venv/bin/swapwatch report --db {db} --out data/report.html",
    ]
    return "\n".join(lines)
