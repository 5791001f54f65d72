"""SQLite plumbing: connecting, error translation, retrying transactions, migrations.

Durability settings: WAL (readers never block the writer), ``synchronous=NORMAL``
(a commit survives a process crash; only an OS crash/power loss can lose the last
few commits), foreign keys on, a busy timeout, and every write in a short
``BEGIN IMMEDIATE`` transaction (take the write lock up front so two writers
queue on the busy handler instead of deadlocking on a lock upgrade).  On top of
SQLite's busy handler, :class:`Database` retries a transaction that still got
``SQLITE_BUSY`` until a generous deadline, so "database is locked" never reaches
the user while another Gemdesk process is merely writing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.text import translate_noop

from ._errors import (
    CorruptDatabaseError,
    DiskFullError,
    NewerSchemaError,
    StoreBusyError,
    StoreError,
    StoreUnavailableError,
)
from ._schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

# What the user is told (English; the UI translates). {folder}/{path} are locations,
# {reason} SQLite's or the OS's own words.
_DISK_FULL = translate_noop(
    "Store",
    "The disk holding the history database ({folder}) is full. "
    "The last change was not saved; everything saved before is intact. "
    "Free some space and try again.",
)
_DAMAGED = translate_noop(
    "Store",
    "The history database {path} is damaged ({reason}). "
    "Restart Gemdesk to move it aside and start a fresh history.",
)
_CANNOT_WRITE = translate_noop(
    "Store",
    "Gemdesk cannot write its history database {path} ({reason}). "
    "Check that the folder exists, is writable and that the disk is available.",
)
_BUSY = translate_noop(
    "Store",
    "Another Gemdesk process kept the history database busy for too long; "
    "the change was not saved. Try again.",
)
_DATA_DISK_FULL = translate_noop(
    "Store", "The disk holding Gemdesk's data ({folder}) is full. Free some space and try again."
)
_CANNOT_USE_FOLDER = translate_noop(
    "Store", "Gemdesk cannot use its data folder {folder}: {reason}."
)
_NEWER = translate_noop(
    "Store",
    "The history database was written by a newer version of Gemdesk (schema "
    "{found}, this version knows {known}). Update Gemdesk; the file was left untouched.",
)

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5_000
#: Total time a transaction keeps retrying on SQLITE_BUSY before giving up.
BUSY_DEADLINE_S = 60.0
BACKUPS_KEPT = 3
#: How often the background checkpointer copies committed WAL pages into the database.
CHECKPOINT_INTERVAL_S = 1.0
#: Fallback automatic checkpoint (pages) on the writing connection, should the
#: background one fall behind; normally the WAL never grows this large.
FALLBACK_AUTOCHECKPOINT_PAGES = 10_000

_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_UNAVAILABLE_CODES = {
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_PERM,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_AUTH,
}


def _primary_code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", -1)) & 0xFF


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and _primary_code(exc) in _BUSY_CODES


def is_corrupt(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and _primary_code(exc) in _CORRUPT_CODES


def translate_error(exc: BaseException, path: Path) -> BaseException:
    """The user-facing StoreError for an SQLite/OS error, or *exc* itself for bugs."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, sqlite3.Error):
        code = _primary_code(exc)
        if code == sqlite3.SQLITE_FULL:
            return DiskFullError(_DISK_FULL.format(folder=str(path.parent)))
        if code in _CORRUPT_CODES:
            return CorruptDatabaseError(_DAMAGED.format(path=str(path), reason=str(exc)))
        if code in _UNAVAILABLE_CODES:
            return StoreUnavailableError(_CANNOT_WRITE.format(path=str(path), reason=str(exc)))
        if code in _BUSY_CODES:
            return StoreBusyError(_BUSY)
        return exc
    if isinstance(exc, OSError):
        if exc.errno == 28:  # ENOSPC
            return DiskFullError(_DATA_DISK_FULL.format(folder=str(path.parent)))
        return StoreUnavailableError(
            _CANNOT_USE_FOLDER.format(
                folder=str(path.parent), reason=exc.strerror or exc.__class__.__name__
            )
        )
    return exc


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def _timestamp() -> str:
    return datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%S%fZ")


def connect(path: Path) -> sqlite3.Connection:
    """Open *path* with Gemdesk's pragmas; raises sqlite3 errors untranslated."""
    conn = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,  # we issue BEGIN/COMMIT ourselves
        check_same_thread=False,  # used from asyncio.to_thread workers, under a lock
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Reading the schema is what detects a file that is not a database.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _refuse_newer(user_version(conn))  # before anything (even WAL mode) changes the file
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            _retry_busy(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone())
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Checkpoints (copying the WAL into the file, with an fsync) cost milliseconds;
        # _Checkpointer does them off the writer's path, see below.
        conn.execute(f"PRAGMA wal_autocheckpoint = {FALLBACK_AUTOCHECKPOINT_PAGES}")
    except BaseException:
        conn.close()
        raise
    return conn


def _retry_busy(fn: Callable[[], T], deadline_s: float = BUSY_DEADLINE_S) -> T:
    deadline = time.monotonic() + deadline_s
    delay = 0.005
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _refuse_newer(found: int) -> None:
    if found > SCHEMA_VERSION:
        raise NewerSchemaError(_NEWER.format(found=found, known=SCHEMA_VERSION))


def backup_file(conn: sqlite3.Connection, backups_dir: Path, version: int) -> Path:
    """Copy the live database with SQLite's backup API; keep the newest few copies."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    target = backups_dir / f"history-v{version}-{_timestamp()}.sqlite3"
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    backups = sorted(backups_dir.glob("history-v*-*.sqlite3"), key=lambda p: p.stat().st_mtime_ns)
    for old in backups[:-BACKUPS_KEPT]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def migrate(
    conn: sqlite3.Connection, backups_dir: Path, target: int = SCHEMA_VERSION
) -> tuple[int | None, Path | None]:
    """Bring the schema to *target*: ``(version found, backup)``, or Nones if nothing to do.

    Another process may migrate concurrently: the version is re-read under the
    write lock, so each step runs exactly once.
    """
    found = user_version(conn)
    _refuse_newer(found)
    if found >= target:
        return None, None
    backup = backup_file(conn, backups_dir, found) if found > 0 else None
    while True:
        _retry_busy(lambda: conn.execute("BEGIN IMMEDIATE"))
        try:
            current = user_version(conn)
            if current >= target:
                conn.execute("COMMIT")
                return found, backup
            MIGRATIONS[current](conn)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        log.info("history schema migrated %d -> %d", current, current + 1)


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm) to ``<name>.corrupt-<timestamp>``."""
    target = path.with_name(f"{path.name}.corrupt-{_timestamp()}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


class _Checkpointer:
    """Runs ``wal_checkpoint(PASSIVE)`` on its own connection and thread.

    A checkpoint copies committed pages from the WAL into the database file and
    fsyncs it; done by SQLite's automatic checkpoint it lands on whichever commit
    crosses the threshold (several ms, the append p99).  PASSIVE checkpoints run
    beside readers and writers without blocking them.
    """

    def __init__(self, path: Path, interval: float) -> None:
        self._path = path
        self._interval = interval
        self._stop = threading.Event()
        self.dirty = False
        self.checkpoints = 0
        self._thread = threading.Thread(
            target=self._run, name="gemdesk-history-checkpoint", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self._path, isolation_level=None, timeout=0)
        except sqlite3.Error:
            log.warning("history checkpointer could not start", exc_info=True)
            return
        try:
            while not self._stop.wait(self._interval):
                if not self.dirty:
                    continue
                self.dirty = False
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except sqlite3.Error:  # busy with another process's checkpoint: next time
                    self.dirty = True
        finally:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class Database:
    """One connection, shared by the UI thread and ``asyncio.to_thread`` workers.

    All access goes through :meth:`read` and :meth:`write`, which hold a lock,
    retry on ``SQLITE_BUSY`` and translate errors to :class:`StoreError`.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._checkpointer = _Checkpointer(path, CHECKPOINT_INTERVAL_S)

    def close(self) -> None:
        self._checkpointer.close()
        with self._lock:
            self.conn.close()

    def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run *fn* outside an explicit transaction (WAL readers are never blocked)."""
        with self._lock:
            try:
                return _retry_busy(lambda: fn(self.conn))
            except BaseException as exc:
                raise translate_error(exc, self.path) from exc

    def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run *fn* in one ``BEGIN IMMEDIATE`` transaction; re-run it if SQLite was busy.

        *fn* must only touch the database (it may run more than once).
        """
        deadline = time.monotonic() + BUSY_DEADLINE_S
        delay = 0.005
        with self._lock:
            while True:
                try:
                    return self._write_once(fn)
                except sqlite3.OperationalError as exc:
                    if not is_busy(exc) or time.monotonic() >= deadline:
                        raise translate_error(exc, self.path) from exc
                except BaseException as exc:
                    raise translate_error(exc, self.path) from exc
                time.sleep(delay)
                delay = min(delay * 2, 0.1)

    def _write_once(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(conn)
            conn.execute("COMMIT")
            self._checkpointer.dirty = True
        except BaseException:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
        return result

    @contextlib.contextmanager
    def locked(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self.conn


def rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    return list(conn.execute(sql, params).fetchall())
