"""The shared canvas store: every canvas and its saved revisions in a PostgreSQL database, for an
app hosted on several servers. Chosen with CANVAS_STORE=postgresql://… (see `opening.py`).

It keeps the SQLite store's promises (docs/reliability.md, "The PostgreSQL store"):

- Every write is one transaction. `save` locks the canvas's row (`SELECT … FOR UPDATE`) before it
  compares revisions, so two saves from the same base revision, from any number of store objects
  or servers, cannot both pass: one wins, the other raises `ConflictError` and stores nothing.
  A revision's (canvas id, revision) is its primary key besides.
- The newest `KEEP_REVISIONS` revisions of each canvas are kept; delete is soft.
- A canvas id is a bearer secret: never logged or put in a message; a malformed or unknown id finds
  nothing. A revision that no longer parses is left out of listings and raises `CanvasFileError`.
- When the database is down or refuses, reads and writes raise `StoreUnavailable` in plain words
  (no address, no password, no id; the log gets the error's class and SQLSTATE only). The pool
  connects again by itself, so the same store object works once the database is back.
- The tables are made by numbered migrations (`postgres_migrations/NNNN_*.sql`), applied at
  open in one transaction under an advisory lock, so servers starting together do not race.
  A store whose role may not change the tables (the hosted app's) only checks they are current.
- Hosted, every call is made for someone: `for_caller(Caller)` gives a view of the store that
  finds only what that person may open (`access.py`), in the queries themselves and again by
  row-level security (each transaction sets `app.user_id`). What they may not open behaves
  exactly as a canvas that does not exist. `open_shared(token)` reads one canvas by share link.
"""

from __future__ import annotations

import copy
import logging
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg_pool import ConnectionPool

from canvas.core.document import as_new_canvas
from canvas.core.model import Canvas, new_canvas_id
from canvas.storage.access import Caller, looks_like_token, token_digest
from canvas.storage.common import (
    KEEP_REVISIONS,
    MAX_NOTE,
    SAMPLE_NAMES,
    RevisionedStore,
    canvas_body,
    copy_name,
    summary_from_row,
)
from canvas.storage.errors import (
    CanvasNotFound,
    ConflictError,
    StoreUnavailable,
    plain_unavailable,
)
from canvas.storage.files import load_sample
from canvas.storage.protocol import CanvasSummary, RevisionInfo, StoredCanvas
from canvas.storage.revisions import looks_like_id, now_utc, pack_body, parse_time

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("postgres_migrations")
# Keys of transaction-level advisory locks (any fixed numbers; they only need to differ).
MIGRATION_LOCK = 0x63_616E_7661_7301
SAMPLES_LOCK = 0x63_616E_7661_7302
WAIT_SECONDS = 5.0  # how long an operation waits for a connection before saying the store is down
# How long the pool keeps retrying one lost connection (1, 2, 4 … s apart) before it gives up and
# tries afresh at the next call: short, so a database that is back is used again within seconds.
RECONNECT_SECONDS = 10.0
SESSION_OPTIONS = "-c timezone=UTC -c lock_timeout=10s -c statement_timeout=30s"

LATEST_BODY = """
SELECT r.revision, r.body FROM canvases c
JOIN revisions r ON r.canvas_id = c.id AND r.revision = c.revision
WHERE c.id = %s AND c.deleted_at IS NULL AND {access}
"""
SHARED_BODY = """
SELECT c.id, r.revision, r.body FROM share_links s
JOIN canvases c ON c.id = s.canvas_id AND c.deleted_at IS NULL
JOIN revisions r ON r.canvas_id = c.id AND r.revision = c.revision
WHERE s.token_digest = %s AND s.revoked_at IS NULL AND s.expires_at > now()
"""
OPEN_TO_ANYONE = "TRUE"  # the filter of a store used for no one in particular (laptop, CLI)
OPEN_TO_CALLER = "canvas_open_to(%s, c.owner)"  # migration 0002
CANVAS_IS_KNOWN = "SELECT EXISTS (SELECT 1 FROM canvases)"


# --- migrations ------------------------------------------------------------------------------


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) of every migration file, in order: `0001_canvases.sql` is version 1."""
    files = sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    return [(int(file.name[:4]), file.read_text(encoding="utf-8")) for file in files]


def applied_versions(conn: psycopg.Connection) -> set[int]:
    """The migrations the database has had (none if it has no migrations table yet)."""
    if conn.execute("SELECT to_regclass('schema_migrations') IS NULL").fetchone()[0]:
        return set()
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def refuse_newer(applied: set[int], known: list[tuple[int, str]]) -> None:
    if max(applied, default=0) > max(version for version, _ in known):
        raise StoreUnavailable(
            "The canvas database was set up by a newer version of the app, so this version "
            "cannot use it. Update the app.",
            "refused",
        )


def apply_migrations(conn: psycopg.Connection) -> list[int]:
    """Bring the database's tables up to date, inside the caller's transaction; the versions
    applied now. Refuses a database that a newer app has migrated further. A database already
    up to date is only read, so a role that may not change tables can open it."""
    known = migrations()
    applied = applied_versions(conn)
    refuse_newer(applied, known)
    if applied >= {version for version, _ in known}:
        return []
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
    )
    applied = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
    refuse_newer(applied, known)
    done = []
    for version, sql in known:
        if version not in applied:
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
            done.append(version)
    return done


# --- failures in plain words -----------------------------------------------------------------

BUSY_STATES = ("40001", "40P01", "55P03", "57014")  # serialization, deadlock, lock wait, timeout
OFFLINE_STATES = ("57P01", "57P02", "57P03", "53200", "53300")  # shut down, starting, no room


def failure_kind(exc: psycopg.Error) -> str:
    """The REASONS kind of a psycopg error, from its SQLSTATE; none means no connection."""
    state = exc.sqlstate or ""
    if not state or state.startswith("08") or state in OFFLINE_STATES:
        return "offline"
    if state in BUSY_STATES:
        return "busy"
    if state.startswith("53"):
        return "db_full"
    return "refused"


def database_unavailable(exc: psycopg.Error, writing: bool) -> StoreUnavailable:
    """`StoreUnavailable` for a failed database call. psycopg's own text may hold the server's
    address or a canvas id (in a key's detail), so neither the message nor the log repeats it."""
    kind = failure_kind(exc)
    log.warning(
        "The canvas database failed (%s, SQLSTATE %s): %s",
        type(exc).__name__,
        exc.sqlstate or "none",
        kind,
    )
    return plain_unavailable(kind, writing)


# --- the PostgreSQL store --------------------------------------------------------------------


class PostgresStore(RevisionedStore):
    """A `CanvasStore` in a PostgreSQL database, through a small pool of connections.

    Hold one instance per process (e.g. in `st.cache_resource`). When the database cannot be
    reached at open, the store still opens and migrates at its first successful call."""

    def __init__(
        self, url: str, *, wait_seconds: float = WAIT_SECONDS, max_connections: int = 8
    ) -> None:
        super().__init__()
        self.url = url  # holds the password: never put it in a message or the log
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_connections,
            open=False,
            timeout=wait_seconds,
            reconnect_timeout=RECONNECT_SECONDS,
            check=ConnectionPool.check_connection,
            kwargs={"autocommit": True, "options": SESSION_OPTIONS, "connect_timeout": 5},
            name="canvas-store",
        )
        self._pool.open(wait=False)
        weakref.finalize(self, self._pool.close)
        self._migrated = False
        self._migrating = threading.Lock()
        self._caller: Caller | None = None  # None: a store for no one in particular
        self._share: str | None = None  # the digest of the share token this view reads by
        self._is_view = False
        try:
            self._migrate(writing=False)
        except StoreUnavailable as exc:
            if exc.kind not in ("offline", "busy"):
                self._pool.close()
                raise
            log.warning("The canvas database is not answering; the store opens without it.")

    def close(self) -> None:
        """Close every connection; the store cannot be used after this. (A view closes
        nothing: its store's connections are shared.)"""
        if not self._is_view:
            self._pool.close()

    @property
    def caller(self) -> Caller | None:
        return self._caller

    def for_caller(self, caller: Caller) -> PostgresStore:
        """A view of this store, on the same connections, that finds, lists and saves only
        the canvases `caller` may open; anything else behaves as a canvas that does not exist.
        Canvases it creates are theirs."""
        view = copy.copy(self)
        view._caller, view._share, view._is_view = caller, None, True
        return view

    def open_shared(self, token: str) -> StoredCanvas | None:
        """The latest revision of the canvas a live share link points to; None for a token
        that is malformed, unknown, expired or revoked, or whose canvas was deleted."""
        if not looks_like_token(token):
            return None
        digest = token_digest(token)
        view = copy.copy(self)
        view._caller, view._share, view._is_view = None, digest, True
        with view._reading() as conn:
            row = conn.execute(SHARED_BODY, (digest,)).fetchone()
        if row is None:
            return None
        canvas_id, revision, body = row
        return StoredCanvas(self._parse(canvas_id, revision, body, "This canvas"), revision)

    # connections and transactions

    def _migrate(self, writing: bool) -> None:
        if self._migrated:
            return
        with self._migrating:
            if self._migrated:
                return
            try:
                with self._pool.connection() as conn, conn.transaction():
                    applied = apply_migrations(conn)
            except psycopg.Error as exc:
                raise database_unavailable(exc, writing) from None
            if applied:
                log.info("Canvas database migrated to version %s.", applied[-1])
            self._migrated = True

    @contextmanager
    def _connection(self, writing: bool) -> Iterator[psycopg.Connection]:
        """A pooled connection; psycopg's errors come out as `StoreUnavailable`."""
        self._migrate(writing)
        try:
            with self._pool.connection() as conn:
                yield conn
        except psycopg.Error as exc:
            raise database_unavailable(exc, writing) from None

    @contextmanager
    def _reading(self) -> Iterator[psycopg.Connection]:
        if self._caller is None and self._share is None:
            with self._connection(writing=False) as conn:
                yield conn
            return
        with self._connection(writing=False) as conn, conn.transaction():
            self._identify(conn)
            yield conn

    @contextmanager
    def _writing(self) -> Iterator[psycopg.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._connection(writing=True) as conn, conn.transaction():
            self._identify(conn)
            yield conn

    def transaction(self, writing: bool) -> AbstractContextManager[psycopg.Connection]:
        """A connection in one transaction, made as this view's caller (for `practice.py`)."""
        return self._writing() if writing else self._reading()

    def _identify(self, conn: psycopg.Connection) -> None:
        """Say, for this transaction only, who is asking: row-level security reads it."""
        if self._caller is None and self._share is None:
            return
        user = None if self._caller is None else self._caller.user_id
        conn.execute(
            "SELECT set_config('app.user_id', %s, true), set_config('app.share', %s, true)",
            (user or "", self._share or ""),
        )

    def _access(self) -> tuple[str, tuple[str, ...]]:
        """The condition on a canvas row `c` that it is open to this view's caller, and its
        parameters (always true for a store used for no one in particular)."""
        if self._caller is None:
            return OPEN_TO_ANYONE, ()
        return OPEN_TO_CALLER, (self._caller.user_id,)

    def _owner(self) -> str | None:
        return None if self._caller is None else self._caller.user_id

    # the API

    def create(self, canvas: Canvas, note: str = "Created") -> StoredCanvas:
        """Store a new canvas as revision 1 and return the stored copy.

        If its id is already taken (say, a file exported from this store imported again), the copy
        gets a fresh id, so always carry on with the returned canvas."""
        return self._create(canvas, note, self._owner())

    def _create(self, canvas: Canvas, note: str, owner: str | None) -> StoredCanvas:
        now = now_utc()
        stored = canvas.model_copy(update={"updated_at": now.replace(microsecond=0)}, deep=True)
        body = canvas_body(stored)
        with self._writing() as conn:
            if self._caller is not None and not is_member(conn, self._caller.user_id):
                raise CanvasNotFound("This canvas does not exist, or was deleted.")
            while not insert_canvas(conn, stored, now, owner):
                stored = stored.model_copy(update={"id": new_canvas_id()})
                body = canvas_body(stored)
            add_revision(conn, stored, 1, now, note, body)
        return StoredCanvas(stored, 1)

    def load(self, canvas_id: str) -> StoredCanvas | None:
        """The latest revision, or None for an unknown, deleted or malformed id.

        Raises CanvasFileError (plain message) when that latest revision no longer parses."""
        if not looks_like_id(canvas_id):
            return None
        access, who = self._access()
        with self._reading() as conn:
            row = conn.execute(LATEST_BODY.format(access=access), (canvas_id, *who)).fetchone()
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
        access, who = self._access()
        with self._writing() as conn:
            latest = locked_revision(conn, canvas.id, access, who)
            if latest is None:
                raise CanvasNotFound("This canvas no longer exists: it may have been deleted.")
            if latest != base_revision:
                row = conn.execute(LATEST_BODY.format(access=access), (canvas.id, *who)).fetchone()
                conflict = latest, row[1] if row else None
            else:
                point_canvas_at(conn, stored, base_revision + 1, now)
                add_revision(conn, stored, base_revision + 1, now, note, body)
        if conflict is not None:
            revision, latest_body = conflict
            theirs = self._parse(canvas.id, revision, latest_body, "The latest saved version")
            raise ConflictError(StoredCanvas(theirs, revision))
        canvas.updated_at = stored.updated_at
        return StoredCanvas(canvas, base_revision + 1)

    def list_canvases(self) -> list[CanvasSummary]:
        """Live canvases, most recently saved first; any whose latest revision is damaged are
        left out."""
        access, who = self._access()
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT id, business_name, updated_at, revision, group_count FROM canvases c "
                f"WHERE deleted_at IS NULL AND {access} "
                "ORDER BY updated_at DESC, listed_order DESC",
                who,
            ).fetchall()
            unchecked = [
                (row[0], row[3]) for row in rows if not self._is_known_good(row[0], row[3])
            ]
            bodies = revision_bodies(conn, unchecked)
        good = [
            row
            for row in rows
            if (row[0], row[3]) not in bodies
            or self._parses(row[0], row[3], bodies[row[0], row[3]])
        ]
        return [summary for row in good if (summary := summary_from_row(row)) is not None]

    def delete(self, canvas_id: str) -> None:
        """Soft delete: hidden from every call, its rows stay in the database."""
        if not looks_like_id(canvas_id):
            return
        access, who = self._access()
        with self._writing() as conn:
            conn.execute(
                "UPDATE canvases c SET deleted_at = %s "
                f"WHERE id = %s AND deleted_at IS NULL AND {access}",
                (now_utc(), canvas_id, *who),
            )

    def revisions(self, canvas_id: str) -> list[RevisionInfo]:
        """The kept revisions, newest first (damaged ones included: loading them says so)."""
        if not looks_like_id(canvas_id):
            return []
        access, who = self._access()
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT r.revision, r.saved_at, r.business_name, r.note FROM revisions r "
                "JOIN canvases c ON c.id = r.canvas_id "
                f"WHERE c.id = %s AND c.deleted_at IS NULL AND {access} "
                "ORDER BY r.revision DESC",
                (canvas_id, *who),
            ).fetchall()
        return [
            RevisionInfo(revision, saved_at, name, note)
            for revision, saved, name, note in rows
            if (saved_at := parse_time(saved)) is not None
        ]

    def load_revision(self, canvas_id: str, revision: int) -> Canvas | None:
        if not looks_like_id(canvas_id) or type(revision) is not int:
            return None
        access, who = self._access()
        with self._reading() as conn:
            row = conn.execute(
                "SELECT r.body FROM revisions r JOIN canvases c ON c.id = r.canvas_id "
                f"WHERE c.id = %s AND c.deleted_at IS NULL AND r.revision = %s AND {access}",
                (canvas_id, revision, *who),
            ).fetchone()
        if row is None:
            return None
        return self._parse(canvas_id, revision, row[0], "This saved version of the canvas")

    def duplicate(self, canvas_id: str) -> StoredCanvas:
        """A copy under a fresh id, with the same owner as the original (a coach's copy of a
        client's canvas stays the client's)."""
        original = self._require(canvas_id).canvas
        access, who = self._access()
        with self._reading() as conn:
            row = conn.execute(
                f"SELECT owner FROM canvases c WHERE id = %s AND {access}", (canvas_id, *who)
            ).fetchone()
        if row is None:
            raise CanvasNotFound("This canvas does not exist, or was deleted.")
        twin = as_new_canvas(original)
        twin.business_name = copy_name(original.business_name)
        return self._create(twin, "Created as a copy", row[0])

    def ensure_samples(self) -> None:
        """On a store that has never held a canvas, add the worked examples (once, also when
        several servers start together)."""
        with self._reading() as conn:
            if conn.execute(CANVAS_IS_KNOWN).fetchone()[0]:
                return
        samples = [as_new_canvas(load_sample(name)) for name in SAMPLE_NAMES]
        now = now_utc()
        with self._writing() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SAMPLES_LOCK,))
            if conn.execute(CANVAS_IS_KNOWN).fetchone()[0]:
                return
            for sample in samples:
                insert_canvas(conn, sample, now, None)
                add_revision(conn, sample, 1, now, "Worked example", canvas_body(sample))


# --- rows ------------------------------------------------------------------------------------


def locked_revision(
    conn: psycopg.Connection, canvas_id: str, access: str, who: tuple[str, ...]
) -> int | None:
    """The live canvas's latest revision, if open to `who`, its row locked until the
    transaction ends: a second save of the same canvas waits here, then sees the revision the
    first one wrote."""
    row = conn.execute(
        f"SELECT revision FROM canvases c WHERE id = %s AND deleted_at IS NULL AND {access} "
        "FOR UPDATE",
        (canvas_id, *who),
    ).fetchone()
    return None if row is None else row[0]


def is_member(conn: psycopg.Connection, user_id: str) -> bool:
    """Whether `user_id` belongs to the practice (and was not removed)."""
    row = conn.execute(
        "SELECT 1 FROM people WHERE id = %s AND removed_at IS NULL", (user_id,)
    ).fetchone()
    return row is not None


def insert_canvas(
    conn: psycopg.Connection, canvas: Canvas, now: datetime, owner: str | None
) -> bool:
    """Add the canvas's row at revision 1; False (adding nothing) if its id is taken."""
    added = conn.execute(
        "INSERT INTO canvases (id, owner, business_name, group_count, revision, updated_at) "
        "VALUES (%s, %s, %s, %s, 1, %s) ON CONFLICT (id) DO NOTHING",
        (canvas.id, owner, canvas.business_name, len(canvas.groups), now),
    )
    return added.rowcount == 1


def point_canvas_at(conn: psycopg.Connection, canvas: Canvas, revision: int, now: datetime) -> None:
    conn.execute(
        "UPDATE canvases SET business_name = %s, group_count = %s, revision = %s, "
        "updated_at = %s WHERE id = %s",
        (canvas.business_name, len(canvas.groups), revision, now, canvas.id),
    )


def add_revision(
    conn: psycopg.Connection, canvas: Canvas, revision: int, now: datetime, note: str, body: str
) -> None:
    """Insert one revision and prune the oldest beyond KEEP_REVISIONS."""
    conn.execute(
        "INSERT INTO revisions (canvas_id, revision, saved_at, business_name, note, body) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        (canvas.id, revision, now, canvas.business_name, note[:MAX_NOTE], pack_body(body)),
    )
    conn.execute(
        "DELETE FROM revisions WHERE canvas_id = %s AND revision <= %s",
        (canvas.id, revision - KEEP_REVISIONS),
    )


def revision_bodies(
    conn: psycopg.Connection, wanted: list[tuple[str, int]]
) -> dict[tuple[str, int], object]:
    """The stored bodies of the (canvas id, revision) pairs in `wanted`, in one query."""
    if not wanted:
        return {}
    rows = conn.execute(
        "SELECT r.canvas_id, r.revision, r.body FROM revisions r "
        "JOIN unnest(%s::text[], %s::integer[]) AS w (canvas_id, revision) "
        "USING (canvas_id, revision)",
        ([canvas_id for canvas_id, _ in wanted], [revision for _, revision in wanted]),
    ).fetchall()
    found: dict[tuple[str, int], object] = {(row[0], row[1]): row[2] for row in rows}
    return {pair: found.get(pair) for pair in wanted}
