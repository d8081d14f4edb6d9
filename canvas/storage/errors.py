"""The store's errors, and a store's failures in plain words a busy owner can act on."""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from canvas.core.document import CanvasFileError

if TYPE_CHECKING:
    from canvas.storage.protocol import StoredCanvas


class ConflictError(Exception):
    """Someone else saved this canvas after the revision the caller started from."""

    def __init__(self, latest: StoredCanvas) -> None:
        super().__init__(
            f"Someone else saved this canvas first (it is now at revision {latest.revision}), "
            "so these changes were not saved."
        )
        self.latest = latest


class CanvasNotFound(LookupError):
    """The canvas (or the revision) to change does not exist, or was deleted."""


class StoreUnavailable(Exception):
    """The store cannot be read or written. `kind`: a key of REASONS (full, read_only, busy,
    damaged or unreachable for a file; offline, db_full, refused or busy for a database)."""

    def __init__(self, message: str, kind: str = "unreachable") -> None:
        super().__init__(message)
        self.kind = kind


REASONS = {
    "full": ("the disk is full", "Free some disk space, then try again."),
    "read_only": (
        "the canvas store is read-only",
        "Whoever runs the app needs to make its data folder writable, then try again.",
    ),
    "busy": ("the canvas store is busy with another save", "Try again in a moment."),
    "damaged": (
        "the canvas store is damaged",
        "Restart the app: it will set the damaged store aside and start a new one.",
    ),
    "unreachable": (
        "the canvas store could not be opened",
        "Check that the disk is available, then try again.",
    ),
    # a database server (the PostgreSQL store)
    "offline": (
        "the canvas database is not answering",
        "Try again in a moment. If it keeps happening, whoever runs the app needs to check the "
        "database.",
    ),
    "db_full": (
        "the canvas database is out of space",
        "Whoever runs the app needs to give the database more room, then try again.",
    ),
    "refused": (
        "the canvas database refused the request",
        "Whoever runs the app needs to check the database and its permissions, then try again.",
    ),
}
CODES = {
    sqlite3.SQLITE_FULL: "full",
    sqlite3.SQLITE_READONLY: "read_only",
    sqlite3.SQLITE_PERM: "read_only",
    sqlite3.SQLITE_BUSY: "busy",
    sqlite3.SQLITE_LOCKED: "busy",
    sqlite3.SQLITE_CORRUPT: "damaged",
    sqlite3.SQLITE_NOTADB: "damaged",
}
WORDS = (
    ("full", "full"),
    ("readonly", "read_only"),
    ("read-only", "read_only"),
    ("locked", "busy"),
    ("malformed", "damaged"),
    ("not a database", "damaged"),
)


def failure_kind(exc: sqlite3.Error) -> str:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in CODES:
        return CODES[code & 0xFF]
    text = str(exc).lower()
    return next((kind for word, kind in WORDS if word in text), "unreachable")


def disk_kind(folder: Path) -> str | None:
    """'read_only' or 'full' when the disk itself says so (SQLite then only reports that it
    could not open its files)."""
    try:
        stats = os.statvfs(folder)
    except OSError:
        return None
    if stats.f_flag & os.ST_RDONLY:
        return "read_only"
    if stats.f_bavail * stats.f_frsize < 64 * 1024:
        return "full"
    # A disk the kernel made read-only after an error (ext4 errors=remount-ro) does not say so
    # in statvfs; creating a file does.
    try:
        handle, probe = tempfile.mkstemp(prefix=".canvas-probe-", dir=folder)
    except OSError as exc:
        return {errno.EROFS: "read_only", errno.ENOSPC: "full"}.get(exc.errno or 0)
    os.close(handle)
    with suppress(OSError):
        os.unlink(probe)
    return None


def unavailable(exc: sqlite3.Error, writing: bool, folder: Path | None = None) -> StoreUnavailable:
    kind = failure_kind(exc)
    if kind == "unreachable" and folder is not None:
        kind = disk_kind(folder) or kind
    return plain_unavailable(kind, writing)


def plain_unavailable(kind: str, writing: bool) -> StoreUnavailable:
    """`StoreUnavailable` of `kind` (a key of REASONS), saying what did not happen and why."""
    reason, advice = REASONS[kind]
    if writing:
        message = f"Your changes could not be saved: {reason}. They are still open here. {advice}"
    else:
        message = f"Your canvases could not be read: {reason}. {advice}"
    return StoreUnavailable(message, kind)


def damaged(what: str) -> CanvasFileError:
    return CanvasFileError(
        f"{what} cannot be opened: it is damaged, or was saved by a newer version of the app. "
        "Earlier versions are kept in its history, where you can restore one."
    )


def is_damage(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and failure_kind(exc) == "damaged"
