"""Fixtures for the reliability tests: the app-test fixtures (reused, not copied) and store faults."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from canvas.storage import SqliteStore
from tests.app.conftest import new_canvas, open_page, store

__all__ = ["fault", "new_canvas", "open_page", "store"]


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class FullDisk:
    """A connection on a full disk. `max_page_count` alone lets writes that fit in free space of
    existing pages succeed, so every row write fails as SQLite does when the disk is full."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if sql.lstrip().upper().startswith(WRITES):
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)


class Fault:
    """Makes every store connection behave like a full or read-only disk while `kind` is set.

    "full": SQLite may not grow the file, and row writes fail with "database or disk is full".
    "read_only": writes are refused (SQLITE_READONLY), reads still work.
    "unreadable": the file cannot be opened at all (SQLITE_CANTOPEN).
    """

    def __init__(self) -> None:
        self.kind: str | None = None

    def wrap(self, connect):  # type: ignore[no-untyped-def]
        def faulty(store: SqliteStore) -> sqlite3.Connection:
            if self.kind == "unreadable":
                raise sqlite3.OperationalError("unable to open database file")
            conn = connect(store)
            if self.kind == "full":
                pages = conn.execute("PRAGMA page_count").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {pages}")
                return FullDisk(conn)
            elif self.kind == "read_only":
                conn.execute("PRAGMA query_only = ON")
            return conn

        return faulty


@pytest.fixture
def fault(monkeypatch: pytest.MonkeyPatch) -> Iterator[Fault]:
    injected = Fault()
    monkeypatch.setattr(SqliteStore, "_connect", injected.wrap(SqliteStore._connect))
    yield injected
    injected.kind = None
