"""The embedded canvas store: every canvas and its saved revisions, in one SQLite file.

What it promises (docs/reliability.md, "The canvas store"):

- Every write is one transaction. `save` uses optimistic concurrency: it names the revision it was
  based on, and if someone saved in between it raises `ConflictError` and stores nothing.
- The newest `KEEP_REVISIONS` revisions of each canvas are kept, so a user can restore one.
- A canvas id is a bearer secret: it is never logged or put in a message, and a guessed, malformed
  or unknown id simply finds nothing.
- A revision that no longer parses is left out of listings; loading it raises `CanvasFileError`
  with a plain message (the earlier revisions stay available in its history).
- A damaged database file is set aside as `<name>.corrupt-<timestamp>`, a fresh store is started
  and every canvas revision that can still be read is copied into it (`recovery_note` says so).
- A disk that is full or read-only raises `StoreUnavailable` with a plain message on writing;
  reading keeps working, also when the app starts on such a disk.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from datetime import datetime
from pathlib import Path

from canvas.core.document import as_new_canvas
from canvas.core.model import Canvas, new_canvas_id
from canvas.storage.common import (
    KEEP_REVISIONS,
    MAX_NOTE,
    SAMPLE_NAMES,
    RevisionedStore,
    canvas_body,
    summary_from_row,
)
from canvas.storage.errors import (
    CanvasNotFound,
    ConflictError,
    StoreUnavailable,
    disk_kind,
    failure_kind,
    is_damage,
    unavailable,
)
from canvas.storage.files import load_sample
from canvas.storage.protocol import CanvasSummary, RevisionInfo, StoredCanvas
from canvas.storage.revisions import looks_like_id, now_utc, pack_body, parse_time, stamp
from canvas.storage.salvage import SalvagedRevision, salvage

log = logging.getLogger(__name__)

STORE_VERSION = 2  # 2: revision bodies are stored zlib-compressed (BLOB); version 1 rows are TEXT
# Page size of new files. 8 and 16 KB pages (a whole compressed revision in one page) gave back
# less of a file cut short, in bigger files (bench/store_format.py).
PAGE_SIZE = 4096
BUSY_TIMEOUT_MS = 10_000
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "canvas.db"


SCHEMA = f"""
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS canvases (
    id TEXT PRIMARY KEY,
    business_name TEXT NOT NULL,
    group_count INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE TABLE IF NOT EXISTS revisions (
    canvas_id TEXT NOT NULL REFERENCES canvases(id),
    revision INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    business_name TEXT NOT NULL,
    note TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (canvas_id, revision)
);
PRAGMA user_version = {STORE_VERSION};
COMMIT;
"""

LATEST_BODY = """
SELECT r.revision, r.body FROM canvases c
JOIN revisions r ON r.canvas_id = c.id AND r.revision = c.revision
WHERE c.id = ? AND c.deleted_at IS NULL
"""


# --- small helpers ---------------------------------------------------------------------------


def read_only_connection(path: Path) -> sqlite3.Connection | None:
    """A connection for reading a store whose disk refuses the -wal/-shm files a normal one needs
    (a full disk, or a read-only one the app started on): read-only, and failing that immutable,
    which reads the main file alone without locks. Immutable only when no -wal file holds changes
    the main file lacks; a -wal that is there at all is taken as holding some. None if neither
    opens."""
    uri = path.absolute().as_uri() + "?mode=ro"
    wal = Path(f"{path}-wal")
    for options in ("", "&immutable=1"):
        if options and wal.exists() and wal.stat().st_size > 0:
            return None
        try:
            conn = sqlite3.connect(
                uri + options, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error:
            continue
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.Error:
            conn.close()
            continue
        return conn
    return None


class _Damaged(Exception):
    """The database file opens but fails its integrity check."""


# --- the SQLite store ------------------------------------------------------------------------


class SqliteStore(RevisionedStore):
    """A `CanvasStore` in one SQLite file (WAL), one short connection per operation, plus one
    idle connection held open for the store's lifetime (see `_hold_files`).

    Hold one instance per file (e.g. in `st.cache_resource`): opening checks the file's integrity.
    """

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self._held: sqlite3.Connection | None = None
        self._upgrade_pending = False
        self._open()
        self._hold_files()

    def close(self) -> None:
        """Let go of the files (the store stays usable; the next write holds them again)."""
        with self._lock:
            held, self._held = self._held, None
        if held is not None:
            held.close()

    # connections and transactions

    def _hold_files(self) -> None:
        """Keep one idle connection open. SQLite deletes the -wal and -shm files when the last
        connection to a WAL database closes, and the next connection must create them again,
        which a full or read-only disk refuses: reads would then fail as well as writes. While
        this connection is open they stay, and each short connection just opens them.

        A disk cannot be remounted read-only while a file on it is open for writing (EBUSY). A
        store that starts on a full or read-only disk holds nothing and reads through
        `read_only_connection` until its first successful write."""
        if self._held is not None:
            return
        try:
            held = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error:
            return
        try:
            held.execute("PRAGMA schema_version").fetchone()  # opens (or creates) -wal and -shm
        except sqlite3.Error:
            held.close()
            return
        with self._lock:
            if self._held is None:
                self._held = held
                weakref.finalize(self, held.close)
                return
        held.close()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, cached_statements=32
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
        return conn

    @contextmanager
    def _session(self, writing: bool) -> Iterator[sqlite3.Connection]:
        """A short connection; SQLite's errors come out as `StoreUnavailable` in plain words."""
        try:
            conn = self._connect() if writing else self._connect_for_reading()
        except sqlite3.Error as exc:
            raise unavailable(exc, writing, self.path.parent) from exc
        try:
            yield conn
        except sqlite3.Error as exc:
            raise unavailable(exc, writing, self.path.parent) from exc
        finally:
            conn.close()

    def _connect_for_reading(self) -> sqlite3.Connection:
        """A connection that has read the file. When SQLite cannot open its -wal/-shm files and
        the disk says it is full or read-only, one of `read_only_connection`'s instead."""
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            return self._read_only_instead(exc)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            return self._read_only_instead(exc)
        return conn

    def _read_only_instead(self, exc: sqlite3.Error) -> sqlite3.Connection:
        if failure_kind(exc) in ("busy", "damaged") or disk_kind(self.path.parent) is None:
            raise exc
        conn = read_only_connection(self.path)
        if conn is None:
            raise exc
        return conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._session(writing=False) as conn:
            yield conn

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: it takes the write lock before reading, so two saves from
        the same base revision cannot both pass the revision check."""
        if self._upgrade_pending:
            try:
                self._upgrade()
            except sqlite3.Error as exc:
                raise unavailable(exc, True, self.path.parent) from exc
            self._upgrade_pending = False
        with self._session(writing=True) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
            # Copy the pages into the main file now, as closing the last connection did before
            # `_hold_files`: a copy of the file alone stays current. The save is already safe in
            # the -wal file, so a checkpoint that fails (say, on a full disk) changes nothing.
            with suppress(sqlite3.Error):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        self._hold_files()  # after starting on a disk that could not be written

    # opening and recovery

    def _open(self) -> None:
        try:
            self._prepare()
        except _Damaged:
            self._recover()
        except sqlite3.Error as exc:
            if not is_damage(exc):
                raise unavailable(exc, True, self.path.parent) from exc
            self._recover()

    def _prepare(self) -> None:
        try:
            with closing(self._connect_for_reading()) as conn:
                if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                    raise _Damaged
                version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            if is_damage(exc):
                raise
            raise unavailable(exc, False, self.path.parent) from exc
        if version > STORE_VERSION:
            raise StoreUnavailable(
                "The canvas store was written by a newer version of the app, so this version "
                "cannot use it. Update the app.",
                "unreachable",
            )
        if version < STORE_VERSION:
            try:
                self._upgrade()
            except sqlite3.Error:
                if version == 0 or disk_kind(self.path.parent) is None:
                    raise
                self._upgrade_pending = True  # read it as it is; upgrade before the first write

    def _upgrade(self) -> None:
        with closing(self._connect()) as conn:
            if conn.execute("PRAGMA page_count").fetchone()[0] == 0:
                # Only a new, empty file takes a page size (before the first table and WAL).
                conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)

    def _recover(self) -> None:
        aside = self._set_aside()
        try:
            self._prepare()
        except sqlite3.Error as exc:
            raise unavailable(exc, writing=True) from exc
        note = (
            f"The canvas store was damaged, so it was set aside as '{aside.name}' and a new "
            "one started."
        ) + self._salvage(aside)
        self.recovery_note = note
        log.warning("%s (folder: %s)", note, aside.parent)

    def _set_aside(self) -> Path:
        moment = now_utc().strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{moment}")
        counter = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.corrupt-{moment}-{counter}")
            counter += 1
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                side = Path(f"{self.path}{suffix}")
                if side.exists():
                    os.replace(side, Path(f"{aside}{suffix}"))
        except OSError as exc:
            raise StoreUnavailable(
                "The canvas store is damaged and could not be set aside "
                f"({(exc.strerror or 'error').lower()}). Whoever runs the app needs to move "
                f"'{self.path.name}' out of the way.",
                "damaged",
            ) from exc
        return aside

    def _salvage(self, aside: Path) -> str:
        """Copy what still reads from the set-aside file (see `salvage`); a sentence on it."""
        return salvage(aside, self._insert_salvaged)

    def _insert_salvaged(self, canvas_id: str, rows: list[SalvagedRevision]) -> bool:
        try:
            with self._writing() as conn:
                for row in rows:
                    write_revision(conn, row.canvas, row.revision, row.saved_at, row.note, row.body)
        except StoreUnavailable:
            return False
        return True

    # parsing

    def _parses_stored(self, canvas_id: str, revision: int, conn: sqlite3.Connection) -> bool:
        if self._is_known_good(canvas_id, revision):
            return True
        row = conn.execute(
            "SELECT body FROM revisions WHERE canvas_id = ? AND revision = ?", (canvas_id, revision)
        ).fetchone()
        return self._parses(canvas_id, revision, row[0] if row else None)

    # the API

    def create(self, canvas: Canvas, note: str = "Created") -> StoredCanvas:
        """Store a new canvas as revision 1 and return the stored copy.

        If its id is already taken (say, a file exported from this store imported again), the copy
        gets a fresh id, so always carry on with the returned canvas."""
        now = now_utc()
        stored = canvas.model_copy(update={"updated_at": now.replace(microsecond=0)}, deep=True)
        body = canvas_body(stored)
        with self._writing() as conn:
            if conn.execute("SELECT 1 FROM canvases WHERE id = ?", (stored.id,)).fetchone():
                stored = stored.model_copy(update={"id": new_canvas_id()})
                body = canvas_body(stored)
            write_revision(conn, stored, 1, now, note, body)
        return StoredCanvas(stored, 1)

    def load(self, canvas_id: str) -> StoredCanvas | None:
        """The latest revision, or None for an unknown, deleted or malformed id.

        Raises CanvasFileError (plain message) when that latest revision no longer parses."""
        if not looks_like_id(canvas_id):
            return None
        with self._reading() as conn:
            row = conn.execute(LATEST_BODY, (canvas_id,)).fetchone()
        if row is None:
            return None
        revision, body = row
        return StoredCanvas(self._parse(canvas_id, revision, body, "This canvas"), revision)

    def save(self, canvas: Canvas, base_revision: int, note: str = "Edited") -> StoredCanvas:
        """Write revision base_revision + 1, or raise ConflictError (storing nothing) when the
        latest revision is not base_revision. On success sets canvas.updated_at and returns it."""
        now = now_utc()
        stored = canvas.model_copy(update={"updated_at": now.replace(microsecond=0)})
        body = canvas_body(stored)
        conflict: tuple[int, object] | None = None
        with self._writing() as conn:
            latest = latest_revision(conn, canvas.id)
            if latest is None:
                raise CanvasNotFound("This canvas no longer exists: it may have been deleted.")
            if latest != base_revision:
                row = conn.execute(LATEST_BODY, (canvas.id,)).fetchone()
                conflict = latest, row[1] if row else None
            else:
                write_revision(conn, stored, base_revision + 1, now, note, body)
        if conflict is not None:
            revision, latest_body = conflict
            theirs = self._parse(canvas.id, revision, latest_body, "The latest saved version")
            raise ConflictError(StoredCanvas(theirs, revision))
        canvas.updated_at = stored.updated_at
        return StoredCanvas(canvas, base_revision + 1)

    def list_canvases(self) -> list[CanvasSummary]:
        """Live canvases, most recently saved first; any whose latest revision is damaged are
        left out."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT id, business_name, updated_at, revision, group_count FROM canvases "
                "WHERE deleted_at IS NULL ORDER BY updated_at DESC, rowid DESC"
            ).fetchall()
            good = [row for row in rows if self._parses_stored(row[0], row[3], conn)]
        return [summary for row in good if (summary := summary_from_row(row)) is not None]

    def delete(self, canvas_id: str) -> None:
        """Soft delete: hidden from every call, its rows stay in the file."""
        if not looks_like_id(canvas_id):
            return
        with self._writing() as conn:
            conn.execute(
                "UPDATE canvases SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (stamp(now_utc()), canvas_id),
            )

    def revisions(self, canvas_id: str) -> list[RevisionInfo]:
        """The kept revisions, newest first (damaged ones included: loading them says so)."""
        if not looks_like_id(canvas_id):
            return []
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT r.revision, r.saved_at, r.business_name, r.note FROM revisions r "
                "JOIN canvases c ON c.id = r.canvas_id "
                "WHERE c.id = ? AND c.deleted_at IS NULL ORDER BY r.revision DESC",
                (canvas_id,),
            ).fetchall()
        return [
            RevisionInfo(revision, saved_at, name, note)
            for revision, saved, name, note in rows
            if (saved_at := parse_time(saved)) is not None
        ]

    def load_revision(self, canvas_id: str, revision: int) -> Canvas | None:
        if not looks_like_id(canvas_id) or type(revision) is not int:
            return None
        with self._reading() as conn:
            row = conn.execute(
                "SELECT r.body FROM revisions r JOIN canvases c ON c.id = r.canvas_id "
                "WHERE c.id = ? AND c.deleted_at IS NULL AND r.revision = ?",
                (canvas_id, revision),
            ).fetchone()
        if row is None:
            return None
        return self._parse(canvas_id, revision, row[0], "This saved version of the canvas")

    def ensure_samples(self) -> None:
        """On a store that has never held a canvas, add the worked examples."""
        with self._reading() as conn:
            if conn.execute("SELECT EXISTS (SELECT 1 FROM canvases)").fetchone()[0]:
                return
        samples = [as_new_canvas(load_sample(name)) for name in SAMPLE_NAMES]
        now = now_utc()
        with self._writing() as conn:
            if conn.execute("SELECT EXISTS (SELECT 1 FROM canvases)").fetchone()[0]:
                return
            for sample in samples:
                write_revision(conn, sample, 1, now, "Worked example", canvas_body(sample))


# --- rows ------------------------------------------------------------------------------------


def latest_revision(conn: sqlite3.Connection, canvas_id: str) -> int | None:
    row = conn.execute(
        "SELECT revision FROM canvases WHERE id = ? AND deleted_at IS NULL", (canvas_id,)
    ).fetchone()
    return None if row is None else row[0]


def write_revision(
    conn: sqlite3.Connection, canvas: Canvas, revision: int, now: datetime, note: str, body: str
) -> None:
    """Insert one revision, point the canvas at it and prune the oldest beyond KEEP_REVISIONS."""
    conn.execute(
        "INSERT INTO canvases (id, business_name, group_count, revision, updated_at) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "business_name = excluded.business_name, group_count = excluded.group_count, "
        "revision = excluded.revision, updated_at = excluded.updated_at",
        (canvas.id, canvas.business_name, len(canvas.groups), revision, stamp(now)),
    )
    conn.execute(
        "INSERT INTO revisions (canvas_id, revision, saved_at, business_name, note, body) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (canvas.id, revision, stamp(now), canvas.business_name, note[:MAX_NOTE], pack_body(body)),
    )
    conn.execute(
        "DELETE FROM revisions WHERE canvas_id = ? AND revision <= ?",
        (canvas.id, revision - KEEP_REVISIONS),
    )


def open_sqlite_store(path: str | Path | None = None) -> SqliteStore:
    """The store at `path`, else $CANVAS_STORE, else data/canvas.db; creates the folder."""
    target = Path(path or os.environ.get("CANVAS_STORE") or DEFAULT_PATH).expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreUnavailable(
            f"The canvas store's folder could not be created ({(exc.strerror or 'error').lower()}). "
            "Check that the disk is available and writable.",
            "unreachable",
        ) from exc
    return SqliteStore(target)
