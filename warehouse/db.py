"""The DuckDB seam: connect with lock retries, numbered migrations, transactions, upserts.

DuckDB allows one writing process per file and refuses even read-only opens while a writer holds
the lock (shared/notes/reliability.md §11, toolchain.md §6), so `connect` retries with back-off and
then raises `WarehouseError` naming the file. All writes of a run go through `transaction`.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from swapwatch.errors import WarehouseError
from warehouse.models import conform, schema_of

SCHEMA_DIR = Path(__file__).parent / "schema"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
# Back-off for a locked file: 0.1, 0.2, 0.4, ... seconds, about 3 s in all with the default retries.
_FIRST_DELAY = 0.1


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


def connect(
    path: Path,
    *,
    read_only: bool = False,
    retries: int = 5,
    sleep: Callable[[float], None] = time.sleep,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file, retrying while another process holds its lock."""
    if read_only and not path.exists():
        msg = f"cannot open warehouse {path} read-only: the file does not exist"
        raise WarehouseError(msg)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    delay = _FIRST_DELAY
    for attempt in range(retries + 1):
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc) or attempt == retries:
                reason = "locked by another process" if _is_lock_error(exc) else "I/O error"
                msg = f"cannot open warehouse {path} ({reason} after {attempt + 1} attempts): {exc}"
                raise WarehouseError(msg) from exc
            sleep(delay)
            delay *= 2
        except duckdb.Error as exc:
            msg = f"cannot open warehouse {path}: {exc}"
            raise WarehouseError(msg) from exc
        else:
            # Timestamps are naive UTC throughout; make now() and casts agree with that.
            con.execute("SET TimeZone = 'UTC'")
            return con
    msg = f"cannot open warehouse {path}: no attempt made (retries={retries})"
    raise WarehouseError(msg)


def migration_files(directory: Path = SCHEMA_DIR) -> list[tuple[int, str, str]]:
    """(id, name, sql) of every migration file, in order; duplicate numbers are refused."""
    found: list[tuple[int, str, str]] = []
    for file in sorted(directory.glob("*.sql")):
        match = _MIGRATION_NAME.match(file.name)
        if not match:
            msg = f"migration file {file} is not named NNN_lower_snake.sql"
            raise WarehouseError(msg)
        found.append((int(match.group(1)), file.name, file.read_text(encoding="utf-8")))
    ids = [i for i, _, _ in found]
    if len(ids) != len(set(ids)):
        msg = f"two migrations in {directory} share a number: {sorted(ids)}"
        raise WarehouseError(msg)
    return found


def _checksum(sql: str) -> str:
    return hashlib.sha256(sql.encode()).hexdigest()


def migrate(con: duckdb.DuckDBPyConnection, directory: Path = SCHEMA_DIR) -> list[str]:
    """Apply every migration not yet recorded in `_migrations`, each once, in order."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "checksum VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    applied = {row[0]: (row[1], row[2]) for row in
               con.execute("SELECT id, name, checksum FROM _migrations").fetchall()}
    done: list[str] = []
    for mig_id, name, sql in migration_files(directory):
        checksum = _checksum(sql)
        if mig_id in applied:
            if applied[mig_id][1] != checksum:
                msg = (f"migration {name} changed after it was applied as {applied[mig_id][0]} "
                       f"(checksum {applied[mig_id][1][:12]} -> {checksum[:12]}); add a new migration")
                raise WarehouseError(msg)
            continue
        with transaction(con, "migrate"):
            try:
                con.execute(sql)
            except duckdb.Error as exc:
                msg = f"migration {name} failed: {exc}"
                raise WarehouseError(msg) from exc
            con.execute("INSERT INTO _migrations VALUES (?, ?, ?, ?)", [mig_id, name, checksum, utc_now()])
        done.append(name)
    if done:
        # DDL left in the WAL is the riskiest thing to replay after a crash (reliability.md §11).
        checkpoint(con)
    return done


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, name: str = "") -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, or ROLLBACK and re-raise: the block is applied whole or not at all."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        fault_point(f"{name}:before-commit")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def fault_point(name: str) -> None:
    """Crash-test hook: when SWAPWATCH_FAULT names this point, signal and wait to be killed.

    Lets tests kill -9 the writer at a known instant (inside an open write transaction) instead
    of at a random one. Does nothing unless the variable is set.
    """
    if os.environ.get("SWAPWATCH_FAULT") != name:
        return
    marker = os.environ.get("SWAPWATCH_FAULT_MARKER")
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(float(os.environ.get("SWAPWATCH_FAULT_SLEEP", "120")))


def upsert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    frame: pl.DataFrame,
    key: Sequence[str],
    *,
    preserve: Sequence[str] = (),
) -> int:
    """Insert or update `frame` into `table` by `key`; `preserve` columns keep their stored value."""
    if not _IDENT.match(table):
        msg = f"refusing to upsert into table {table!r}: not a plain identifier"
        raise WarehouseError(msg)
    schema = schema_of(table)
    missing = [k for k in [*key, *preserve] if k not in schema]
    if missing:
        msg = f"{table}: key or preserved columns {missing} are not in the table"
        raise WarehouseError(msg)
    frame = conform(frame, schema, table=table)
    if frame.is_empty():
        return 0
    # ON CONFLICT keeps the FIRST of duplicate keys in one batch (toolchain.md §6): keep the last here.
    frame = frame.unique(subset=list(key), keep="last", maintain_order=True)
    columns = ", ".join(frame.columns)
    updates = [c for c in frame.columns if c not in key and c not in preserve]
    action = "DO NOTHING"
    if updates:
        action = "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in updates)
    view = f"_upsert_{table}"
    con.register(view, frame)
    try:
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {view} "
                    f"ON CONFLICT ({', '.join(key)}) {action}")
    except duckdb.Error as exc:
        msg = f"upsert into {table} ({frame.height} rows, key {list(key)}) failed: {exc}"
        raise WarehouseError(msg) from exc
    finally:
        con.unregister(view)
    return frame.height


def insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Append `frame` to `table` after checking it against the table's schema."""
    frame = conform(frame, schema_of(table), table=table)
    if frame.is_empty():
        return 0
    view = f"_insert_{table}"
    con.register(view, frame)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(frame.columns)}) "
                    f"SELECT {', '.join(frame.columns)} FROM {view}")
    except duckdb.Error as exc:
        msg = f"insert into {table} ({frame.height} rows) failed: {exc}"
        raise WarehouseError(msg) from exc
    finally:
        con.unregister(view)
    return frame.height


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Merge the WAL into the database file (end of every run, before any backup copy)."""
    con.execute("CHECKPOINT")


def utc_now() -> datetime:
    """The current time as naive UTC, the warehouse's timestamp convention."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_utc(value: datetime | None) -> datetime | None:
    """An aware datetime converted to naive UTC; a naive one is taken to be UTC already."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def from_utc(value: datetime | None) -> datetime | None:
    """A naive UTC datetime read back from the warehouse, made timezone-aware."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value
