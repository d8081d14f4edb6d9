"""A hosted practice's people and share links, kept in the PostgreSQL store: who belongs, in which
role (`access.Role`), which coach works with which client, and read-only share links. Every call
is made for the signed-in person (a `Caller`); only the practice owner manages people, and a share
link can be made or revoked only by someone who may open its canvas. A coach or the owner may
hand a canvas they own over to a client (`Practice.hand_over`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import psycopg

from canvas.storage.access import (
    MAX_SHARE_DAYS,
    ROLE_NAMES,
    AccessRefused,
    Caller,
    Person,
    Role,
    ShareLink,
    new_share_token,
    person_id,
    token_digest,
)
from canvas.storage.errors import CanvasNotFound
from canvas.storage.postgres import OPEN_TO_CALLER, PostgresStore
from canvas.storage.revisions import looks_like_id, now_utc

OWNER_ONLY = "Only the practice owner can change who belongs to the practice."
OPEN_CANVAS = f"SELECT 1 FROM canvases c WHERE id = %s AND deleted_at IS NULL AND {OPEN_TO_CALLER}"
# Hand-over (`Practice.hand_over`): the refusals, in plain words.
GIVERS_ONLY = "Only a coach or the practice owner can give a canvas to a client."
NOT_YOURS = "Only a canvas you own can be given away, and this one belongs to {owner}."
NOT_A_MEMBER = "{client} is not in the practice. The practice owner can add them as a client."
NOT_A_CLIENT = "{client} is a {role}. A canvas can be given only to a client."
NOT_YOUR_CLIENT = (
    "{client} is not one of your clients. Ask the practice owner to make you their coach first."
)
GONE = "This canvas does not exist, or was deleted."
LOCKED_CANVAS = OPEN_CANVAS.replace("SELECT 1", "SELECT c.owner") + " FOR UPDATE"
LIVE_CLIENTS = "SELECT id FROM people WHERE role = 'client' AND removed_at IS NULL ORDER BY id"
COACHED_CLIENTS = (
    "SELECT p.id FROM people p JOIN coach_clients a ON a.client = p.id "
    "WHERE a.coach = %s AND p.role = 'client' AND p.removed_at IS NULL ORDER BY p.id"
)
OWNED_CANVASES = "SELECT id FROM canvases WHERE owner = %s AND deleted_at IS NULL"


def current_role(conn: psycopg.Connection, user_id: str) -> Role | None:
    row = conn.execute(
        "SELECT role FROM people WHERE id = %s AND removed_at IS NULL", (user_id,)
    ).fetchone()
    return None if row is None else row[0]


def add_owner(store: PostgresStore, email: str) -> None:
    """Make `email` a practice owner (the hosted app does this for the owners its settings
    name, so a new practice has someone who can add everyone else)."""
    with store.transaction(writing=True) as conn:
        upsert_person(conn, person_id(email), "owner")


def add_owners(store: PostgresStore, emails: list[str]) -> None:
    """The practice owners a hosted app's settings name (blank entries skipped)."""
    for email in emails:
        if email.strip():
            add_owner(store, email)


def upsert_person(conn: psycopg.Connection, user_id: str, role: Role) -> None:
    conn.execute(
        "INSERT INTO people (id, role) VALUES (%s, %s) ON CONFLICT (id) DO UPDATE "
        "SET role = EXCLUDED.role, removed_at = NULL",
        (user_id, role),
    )


@dataclass(frozen=True)
class HandOverChoices:
    """What the caller may give away: the canvases they own and the clients they may give them
    to (nothing for a client, a removed person or a coach without clients)."""

    canvases: frozenset[str] = frozenset()
    clients: tuple[str, ...] = ()
    as_owner: bool = False  # the practice owner (who keeps seeing everything), not a coach

    def allows(self, canvas_id: str) -> bool:
        return canvas_id in self.canvases and bool(self.clients)


def clients_of(conn: psycopg.Connection, user_id: str, role: Role | None) -> list[str]:
    """The clients `user_id` may give a canvas to: every client for the owner, their own
    clients for a coach, none for anyone else."""
    if role == "owner":
        return [row[0] for row in conn.execute(LIVE_CLIENTS)]
    if role == "coach":
        return [row[0] for row in conn.execute(COACHED_CLIENTS, (user_id,))]
    return []


def hand_over_refusal(conn: psycopg.Connection, giver: Caller, client: str) -> str | None:
    """Why `giver` (a coach or the owner) may not give a canvas to `client`; None if they may."""
    if giver.role == "coach":
        allowed = client in clients_of(conn, giver.user_id, "coach")
        return None if allowed else NOT_YOUR_CLIENT.format(client=client)
    role = current_role(conn, client)
    if role is None:
        return NOT_A_MEMBER.format(client=client)
    if role != "client":
        return NOT_A_CLIENT.format(client=client, role=ROLE_NAMES[role].lower())
    return None


class Practice:
    """The practice as `caller` may see and change it, through `store`'s connections."""

    def __init__(self, store: PostgresStore, caller: Caller) -> None:
        self._store = store.for_caller(caller)
        self.caller = caller

    # who the caller is

    def member(self) -> Caller | None:
        """The caller with their current role, or None if they do not belong to the practice
        (never added, or removed by the owner)."""
        with self._store.transaction(writing=False) as conn:
            role = current_role(conn, self.caller.user_id)
        return None if role is None else Caller(self.caller.user_id, role)

    # people (the owner only)

    def people(self) -> list[Person]:
        """Everyone in the practice, owners first, then coaches, then clients (the owner only;
        anyone else gets an empty list)."""
        with self._store.transaction(writing=False) as conn:
            if current_role(conn, self.caller.user_id) != "owner":
                return []
            rows = conn.execute(
                "SELECT p.id, p.role, coalesce(array_agg(a.coach ORDER BY a.coach) "
                "FILTER (WHERE a.coach IS NOT NULL), '{}') FROM people p "
                "LEFT JOIN coach_clients a ON a.client = p.id WHERE p.removed_at IS NULL "
                "GROUP BY p.id, p.role ORDER BY array_position(%s, p.role), p.id",
                (["owner", "coach", "client"],),
            ).fetchall()
        return [Person(user_id, role, tuple(coaches)) for user_id, role, coaches in rows]

    def add_person(self, email: str, role: Role) -> str:
        """Add someone (or change their role, or bring back someone removed); their id."""
        user_id = person_id(email)
        with self._owner_transaction() as conn:
            upsert_person(conn, user_id, role)
            if role != "client":
                conn.execute("DELETE FROM coach_clients WHERE client = %s", (user_id,))
            if role != "coach":
                conn.execute("DELETE FROM coach_clients WHERE coach = %s", (user_id,))
        return user_id

    def remove_person(self, user_id: str) -> None:
        """From now on they see nothing; their canvases stay (the owner still sees them)."""
        if user_id == self.caller.user_id:
            raise AccessRefused("You cannot remove yourself from the practice.")
        with self._owner_transaction() as conn:
            conn.execute(
                "UPDATE people SET removed_at = now() WHERE id = %s AND removed_at IS NULL",
                (user_id,),
            )
            conn.execute(
                "DELETE FROM coach_clients WHERE coach = %s OR client = %s", (user_id, user_id)
            )

    def assign(self, coach: str, client: str) -> None:
        """Let `coach` see and edit `client`'s canvases."""
        with self._owner_transaction() as conn:
            if current_role(conn, coach) != "coach" or current_role(conn, client) != "client":
                raise ValueError("Choose a coach and one of the practice's clients.")
            conn.execute(
                "INSERT INTO coach_clients (coach, client) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (coach, client),
            )

    def unassign(self, coach: str, client: str) -> None:
        with self._owner_transaction() as conn:
            conn.execute(
                "DELETE FROM coach_clients WHERE coach = %s AND client = %s", (coach, client)
            )

    @contextmanager
    def _owner_transaction(self) -> Iterator[psycopg.Connection]:
        """A writing transaction that first checks the caller is (still) a practice owner."""
        with self._store.transaction(writing=True) as conn:
            if current_role(conn, self.caller.user_id) != "owner":
                raise AccessRefused(OWNER_ONLY)
            yield conn

    # share links

    def make_share(self, canvas_id: str, days: int) -> str | None:
        """A new read-only link's token (shown once; only its digest is kept), valid `days`
        days; None if the caller may not open the canvas (as if it did not exist)."""
        if not looks_like_id(canvas_id):
            return None
        days = max(1, min(int(days), MAX_SHARE_DAYS))
        token = new_share_token()
        with self._store.transaction(writing=True) as conn:
            if conn.execute(OPEN_CANVAS, (canvas_id, self.caller.user_id)).fetchone() is None:
                return None
            conn.execute(
                "INSERT INTO share_links (token_digest, canvas_id, made_by, expires_at) "
                "VALUES (%s, %s, %s, %s)",
                (token_digest(token), canvas_id, self.caller.user_id, now_utc() + timedelta(days)),
            )
        return token

    def shares(self, canvas_id: str) -> list[ShareLink]:
        """The share links of a canvas the caller may open, newest first ([] otherwise)."""
        if not looks_like_id(canvas_id):
            return []
        with self._store.transaction(writing=False) as conn:
            if conn.execute(OPEN_CANVAS, (canvas_id, self.caller.user_id)).fetchone() is None:
                return []
            rows = conn.execute(
                "SELECT id, made_by, made_at, expires_at, revoked_at IS NOT NULL "
                "FROM share_links WHERE canvas_id = %s ORDER BY made_at DESC, id DESC",
                (canvas_id,),
            ).fetchall()
        return [ShareLink(*row) for row in rows]

    def revoke_share(self, link_id: int) -> bool:
        """Revoke a link of a canvas the caller may open; False if there is no such link."""
        with self._store.transaction(writing=True) as conn:
            done = conn.execute(
                "UPDATE share_links s SET revoked_at = now() FROM canvases c "
                "WHERE s.id = %s AND s.revoked_at IS NULL AND c.id = s.canvas_id "
                "AND canvas_open_to(%s, c.owner)",
                (link_id, self.caller.user_id),
            )
        return done.rowcount == 1

    # handing a canvas over to a client

    def hand_over_choices(self) -> HandOverChoices:
        """The canvases the caller owns and the clients they may give them to."""
        with self._store.transaction(writing=False) as conn:
            role = current_role(conn, self.caller.user_id)
            clients = clients_of(conn, self.caller.user_id, role)
            if not clients:
                return HandOverChoices()
            owned = conn.execute(OWNED_CANVASES, (self.caller.user_id,)).fetchall()
        return HandOverChoices(frozenset(row[0] for row in owned), tuple(clients), role == "owner")

    def hand_over(self, canvas_id: str, client_email: str) -> str:
        """Give a canvas the caller owns to a client; the client's id. From then on it is the
        client's: their coaches see it as they see all their canvases, and the giver only
        through that (or as the practice owner). Its revisions and history stay as they are.

        In one transaction that locks the canvas: the caller must (still) be a coach or the
        owner and own the canvas, and the client must be in the practice as a client, one of
        the caller's own if the caller is a coach. Refusals change nothing: AccessRefused or
        ValueError (plain words), or CanvasNotFound for a canvas the caller may not open, as
        for one that does not exist."""
        client = person_id(client_email)
        with self._store.transaction(writing=True) as conn:
            role = current_role(conn, self.caller.user_id)
            if role is None:
                raise CanvasNotFound(GONE)
            if role == "client":
                raise AccessRefused(GIVERS_ONLY)
            owner = self._locked_owner(conn, canvas_id)
            if owner != self.caller.user_id:
                raise AccessRefused(NOT_YOURS.format(owner=owner or "the practice"))
            refusal = hand_over_refusal(conn, Caller(self.caller.user_id, role), client)
            if refusal:
                raise AccessRefused(refusal)
            conn.execute("UPDATE canvases SET owner = %s WHERE id = %s", (client, canvas_id))
        return client

    def _locked_owner(self, conn: psycopg.Connection, canvas_id: str) -> str | None:
        """The owner of a live canvas the caller may open, its row locked until the transaction
        ends; CanvasNotFound otherwise."""
        row = None
        if looks_like_id(canvas_id):
            row = conn.execute(LOCKED_CANVAS, (canvas_id, self.caller.user_id)).fetchone()
        if row is None:
            raise CanvasNotFound(GONE)
        return row[0]
