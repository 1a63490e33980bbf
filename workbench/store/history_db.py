"""The history database: SQLite in WAL mode, one connection per thread, versioned by ``user_version``.

Schema changes are appended to `MIGRATIONS`; opening a database runs the ones it has not seen, in
one transaction. A database from a newer Workbench, or a file that is not a database, is reported
(`HistoryUnreadable`) and never written to.

Searching scans a narrow table of one lower-case line per entry (``entry_search``) rather than the
wide rows, so 100,000 entries are read in a few milliseconds without an index SQLite could not use
for a substring match anyway.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from workbench.store.errors import StoreError

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: the first schema
        """CREATE TABLE entry (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at REAL NOT NULL,
            method TEXT NOT NULL,
            url TEXT NOT NULL,
            status INTEGER,
            reason TEXT NOT NULL DEFAULT '',
            final_url TEXT NOT NULL DEFAULT '',
            hops INTEGER NOT NULL DEFAULT 0,
            elapsed_ms REAL NOT NULL DEFAULT 0,
            size INTEGER NOT NULL DEFAULT 0,
            error_kind TEXT NOT NULL DEFAULT '',
            error_message TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            auth_profile TEXT NOT NULL DEFAULT '',
            proxy_profile TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE TABLE entry_search (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
        """CREATE TABLE entry_data (
            id INTEGER PRIMARY KEY,
            spec TEXT NOT NULL,
            masked TEXT NOT NULL DEFAULT '[]',
            exchange TEXT NOT NULL,
            body BLOB
        )""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryUnreadable(StoreError):
    """The history database cannot be used; it is left as it is."""


class Database:
    """Connections to one SQLite file: one per thread, all closed by `close`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        with self.errors("open"):
            conn = self.connection()
            if self._version(conn) == 0:
                conn.execute("PRAGMA auto_vacuum=INCREMENTAL")  # only works before the first table
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode != "wal":
                raise HistoryUnreadable(f"The history database {path} cannot use WAL ({mode}).")
            self._migrate(conn)

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        with self._lock:
            if self._closed:
                raise StoreError("The history is closed.")
            conn = sqlite3.connect(
                self.path, timeout=10, isolation_level=None, check_same_thread=False
            )
            self._all.append(conn)
        self._local.conn = conn
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable except on power loss
        return conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection inside ``BEGIN IMMEDIATE`` ... ``COMMIT`` (rolled back on error)."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @contextlib.contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Turn SQLite failures into `StoreError`s that say what was being done."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise HistoryUnreadable(
                    f"The history database {self.path} cannot be read ({exc}). It was left as "
                    "it is; move it away to start a new history."
                ) from None
            raise StoreError(f"The history could not {doing}: {exc}.") from None
        except sqlite3.Error as exc:
            raise StoreError(f"The history could not {doing}: {exc}.") from None

    def close(self) -> None:
        """Close every thread's connection; later use raises `StoreError`."""
        with self._lock:
            self._closed = True
            for conn in self._all:
                conn.close()
            self._all.clear()

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if self._version(conn) == SCHEMA_VERSION:
            return
        with self.transaction():
            version = self._version(conn)  # again: another process may have migrated meanwhile
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _version(self, conn: sqlite3.Connection) -> int:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise HistoryUnreadable(
                f"The history database {self.path} was written by a newer Workbench (schema "
                f"{version}; this version reads {SCHEMA_VERSION}). It was left as it is."
            )
        return version
