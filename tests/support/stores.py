"""Stores as an earlier version of the app wrote them, and reaching past a store to its rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager

import pytest

from canvas.storage import CanvasStore, SqliteStore
from canvas.storage import sqlite as store_module


@contextmanager
def writing_as_version_1(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Inside, a store writes revision bodies as version 1 did: as text, not compressed."""
    with monkeypatch.context() as old_app:
        old_app.setattr(store_module, "pack_body", lambda body: body)
        yield


def raw(store: CanvasStore, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Run `sql` (with ? placeholders) on the store's database past the store object: its rows,
    if it returns any."""
    if isinstance(store, SqliteStore):
        with closing(sqlite3.connect(store.path)) as conn, conn:  # closed, not left to the GC
            return conn.execute(sql, params).fetchall()
    import psycopg

    with psycopg.connect(store.url, autocommit=True) as conn:  # type: ignore[attr-defined]
        cursor = conn.execute(sql.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description else []


def reopened(store: CanvasStore) -> CanvasStore:
    """A new store object on the same file or database (nothing remembered from before)."""
    if isinstance(store, SqliteStore):
        return SqliteStore(store.path)
    from canvas.storage.postgres import PostgresStore

    return PostgresStore(store.url, wait_seconds=1)  # type: ignore[attr-defined]
