"""Access in a hosted practice, on a real PostgreSQL cluster: a client sees only their own
canvases, a coach their clients', the owner everything, a share link one canvas read-only until it
expires or is revoked. Every cross-tenant attempt must give exactly what the same call gives for a
canvas that never existed, and write nothing. Each attempt runs three ways: through the store's
own filter as a superuser (the first line alone), as the app's role (both lines), and as the app's
role with the store's filter switched off (row-level security alone)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from canvas.core.model import Canvas, new_canvas_id
from canvas.storage import postgres as postgres_module
from canvas.storage.access import AccessRefused, Caller, new_share_token
from canvas.storage.errors import CanvasNotFound
from canvas.storage.postgres import PostgresStore
from canvas.storage.practice import Practice, add_owner
from canvas.storage.protocol import StoredCanvas

OWNER = Caller("owner@practice.test", "owner")
COACH = Caller("carol@practice.test", "coach")  # coaches Ann
OTHER_COACH = Caller("dave@practice.test", "coach")  # coaches Bob
ANN = Caller("ann@client.test", "client")
BOB = Caller("bob@client.test", "client")
STRANGER = Caller("eve@elsewhere.test", "client")  # signed in, never added to the practice


@dataclass(repr=False)  # it holds share tokens
class World:
    admin: PostgresStore  # past every check: for setting up and for reading what was written
    store: PostgresStore  # the store the callers' views come from
    ann: StoredCanvas
    bob: StoredCanvas
    bob_link: int
    bob_token: str
    expired_token: str
    revoked_token: str
    deleted_token: str

    def view(self, caller: Caller) -> PostgresStore:
        return self.store.for_caller(caller)

    def practice(self, caller: Caller) -> Practice:
        return Practice(self.store, caller)


def edited(canvas: Canvas, goal: str) -> Canvas:
    copy = canvas.model_copy(deep=True)
    copy.business_goal = goal
    return copy


def build_world(admin: PostgresStore, store: PostgresStore, bakery: Canvas) -> World:
    add_owner(admin, OWNER.user_id)
    owner = Practice(admin, OWNER)
    for person in (COACH, OTHER_COACH, ANN, BOB):
        owner.add_person(person.user_id, person.role)
    owner.assign(COACH.user_id, ANN.user_id)
    owner.assign(OTHER_COACH.user_id, BOB.user_id)
    ann_view, bob_view = admin.for_caller(ANN), admin.for_caller(BOB)
    ann = ann_view.create(bakery)
    ann = ann_view.save(edited(ann.canvas, "Ann's goal"), ann.revision)
    bob = bob_view.create(bakery.model_copy(update={"id": new_canvas_id()}))
    bob = bob_view.save(edited(bob.canvas, "Bob's goal"), bob.revision)
    bob_practice = Practice(admin, BOB)
    tokens = [bob_practice.make_share(bob.canvas.id, 7) for _ in range(3)]
    gone = bob_view.create(bakery.model_copy(update={"id": new_canvas_id()}))
    deleted_token = bob_practice.make_share(gone.canvas.id, 7)
    bob_view.delete(gone.canvas.id)
    first, second, third = sorted(bob_practice.shares(bob.canvas.id), key=lambda x: x.link_id)
    assert all(tokens) and deleted_token
    with psycopg.connect(admin.url, autocommit=True) as conn:
        conn.execute(
            "UPDATE share_links SET expires_at = now() - interval '1 second' WHERE id = %s",
            (second.link_id,),
        )
    assert bob_practice.revoke_share(third.link_id)
    return World(
        admin, store, ann, bob, first.link_id, tokens[0], tokens[1], tokens[2], deleted_token
    )


@pytest.fixture(params=["first line", "both lines", "row security alone"])
def world(
    request: pytest.FixtureRequest,
    postgres_store: PostgresStore,
    bakery: Canvas,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[World]:
    if request.param == "first line":
        yield build_world(postgres_store, postgres_store, bakery)
        return
    app_url = request.getfixturevalue("app_role_url")
    app_store = PostgresStore(app_url, wait_seconds=1)
    world = build_world(postgres_store, app_store, bakery)
    if request.param == "row security alone":
        monkeypatch.setattr(
            PostgresStore, "_access", lambda self: (postgres_module.OPEN_TO_ANYONE, ())
        )
    yield world
    app_store.close()


def everything(store: PostgresStore) -> list[Any]:
    """Every row of every table, as the database owner sees them."""
    with psycopg.connect(store.url, autocommit=True) as conn:
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("canvases", "revisions", "share_links", "people", "coach_clients")
        ]


def outcome(attempt: Callable[[], object]) -> object:
    """What a call gives: its result, or its error's type and message."""
    try:
        result = attempt()
    except Exception as exc:
        return type(exc), str(exc)
    if isinstance(result, list):
        return [getattr(item, "business_name", item) for item in result]
    return result


def ghost_of(stored: StoredCanvas) -> StoredCanvas:
    """The same canvas under an id that was never stored: what 'not found' looks like."""
    return StoredCanvas(stored.canvas.model_copy(update={"id": new_canvas_id()}), stored.revision)


# Each attempt: (who, what they try on a target canvas). The target is Bob's canvas (or Ann's,
# for those who may not see hers); the same attempt on a canvas that never existed must give the
# same outcome.
Attempt = Callable[[World, PostgresStore, StoredCanvas], object]

ATTEMPTS: dict[str, tuple[Caller, str, Attempt]] = {
    "client loads another's canvas": (ANN, "bob", lambda w, s, t: s.load(t.canvas.id)),
    "client saves another's canvas": (
        ANN,
        "bob",
        lambda w, s, t: s.save(edited(t.canvas, "Mine"), t.revision),
    ),
    "client saves from a stale revision (no conflict to learn from)": (
        ANN,
        "bob",
        lambda w, s, t: s.save(edited(t.canvas, "Mine"), 1),
    ),
    "client renames another's canvas": (
        ANN,
        "bob",
        lambda w, s, t: s.rename(t.canvas.id, "Taken over", t.revision),
    ),
    "client duplicates another's canvas": (ANN, "bob", lambda w, s, t: s.duplicate(t.canvas.id)),
    "client deletes another's canvas": (ANN, "bob", lambda w, s, t: s.delete(t.canvas.id)),
    "client lists another's history": (ANN, "bob", lambda w, s, t: s.revisions(t.canvas.id)),
    "client loads another's old revision": (
        ANN,
        "bob",
        lambda w, s, t: s.load_revision(t.canvas.id, 1),
    ),
    "client restores another's old revision": (
        ANN,
        "bob",
        lambda w, s, t: s.restore(t.canvas.id, 1, t.revision),
    ),
    "coach loads a client not theirs": (COACH, "bob", lambda w, s, t: s.load(t.canvas.id)),
    "coach saves a client not theirs": (
        COACH,
        "bob",
        lambda w, s, t: s.save(edited(t.canvas, "Coach's"), t.revision),
    ),
    "coach restores for a client not theirs": (
        COACH,
        "bob",
        lambda w, s, t: s.restore(t.canvas.id, 1, t.revision),
    ),
    "coach duplicates a client not theirs": (
        COACH,
        "bob",
        lambda w, s, t: s.duplicate(t.canvas.id),
    ),
    "coach deletes a client not theirs": (COACH, "bob", lambda w, s, t: s.delete(t.canvas.id)),
    "coach lists the history of a client not theirs": (
        COACH,
        "bob",
        lambda w, s, t: s.revisions(t.canvas.id),
    ),
    "coach loads an old revision of a client not theirs": (
        COACH,
        "bob",
        lambda w, s, t: s.load_revision(t.canvas.id, 1),
    ),
    "stranger renames": (
        STRANGER,
        "ann",
        lambda w, s, t: s.rename(t.canvas.id, "Eve's now", t.revision),
    ),
    "client loads their coach's other client": (BOB, "ann", lambda w, s, t: s.load(t.canvas.id)),
    "stranger (signed in, not in the practice) loads": (
        STRANGER,
        "ann",
        lambda w, s, t: s.load(t.canvas.id),
    ),
    "stranger saves": (
        STRANGER,
        "ann",
        lambda w, s, t: s.save(edited(t.canvas, "Eve"), t.revision),
    ),
    "stranger deletes": (STRANGER, "ann", lambda w, s, t: s.delete(t.canvas.id)),
    "client makes a share link to another's canvas": (
        ANN,
        "bob",
        lambda w, s, t: w.practice(ANN).make_share(t.canvas.id, 7),
    ),
    "client lists another's share links": (
        ANN,
        "bob",
        lambda w, s, t: w.practice(ANN).shares(t.canvas.id),
    ),
    "coach makes a share link to a client not theirs": (
        COACH,
        "bob",
        lambda w, s, t: w.practice(COACH).make_share(t.canvas.id, 7),
    ),
}


@pytest.mark.parametrize("name", list(ATTEMPTS))
def test_a_cross_tenant_attempt_is_not_found_and_writes_nothing(world: World, name: str) -> None:
    caller, whose, attempt = ATTEMPTS[name]
    target = world.bob if whose == "bob" else world.ann
    view = world.view(caller)
    expected = outcome(lambda: attempt(world, view, ghost_of(target)))
    before = everything(world.admin)
    got = outcome(lambda: attempt(world, view, target))
    assert everything(world.admin) == before
    assert got == expected
    assert got in (None, []) or got[0] is CanvasNotFound  # type: ignore[index]


def test_the_owner_sees_everything_and_nothing_leaks_to_lists(world: World) -> None:
    def names(caller: Caller) -> set[str]:
        return {summary.id for summary in world.view(caller).list_canvases()}

    ann, bob = world.ann.canvas.id, world.bob.canvas.id
    assert names(OWNER) == {ann, bob}
    assert names(COACH) == {ann}
    assert names(OTHER_COACH) == {bob}
    assert names(ANN) == {ann}
    assert names(BOB) == {bob}
    assert names(STRANGER) == set()


def test_a_coach_works_on_their_clients_canvas(world: World) -> None:
    coach = world.view(COACH)
    saved = coach.save(edited(world.ann.canvas, "Coached"), world.ann.revision)
    assert world.view(ANN).load(world.ann.canvas.id) == saved
    copy = coach.duplicate(world.ann.canvas.id)
    assert copy.canvas.id in {s.id for s in world.view(ANN).list_canvases()}  # still Ann's


def test_a_share_link_opens_one_canvas_until_it_expires_or_is_revoked(world: World) -> None:
    shared = world.store.open_shared(world.bob_token)
    assert shared is not None and shared.canvas.id == world.bob.canvas.id
    for token in (
        world.expired_token,
        world.revoked_token,
        world.deleted_token,
        new_share_token(),  # forged: well formed, never made
        world.bob_token[:-1] + ("A" if world.bob_token[-1] != "A" else "B"),  # tampered
        "not a token",
        "",
    ):
        before = everything(world.admin)
        assert world.store.open_shared(token) is None
        assert everything(world.admin) == before
    assert world.practice(BOB).revoke_share(world.bob_link)
    assert world.store.open_shared(world.bob_token) is None  # replayed after revocation


def test_a_share_link_is_revoked_only_by_those_who_may_open_its_canvas(world: World) -> None:
    before = everything(world.admin)
    assert not world.practice(ANN).revoke_share(world.bob_link)
    assert not world.practice(COACH).revoke_share(world.bob_link)
    assert everything(world.admin) == before
    assert world.practice(OTHER_COACH).revoke_share(world.bob_link)


def test_a_removed_client_sees_nothing_from_their_next_call(world: World) -> None:
    ann = world.view(ANN)
    Practice(world.admin, OWNER).remove_person(ANN.user_id)
    before = everything(world.admin)
    assert ann.list_canvases() == []
    assert ann.load(world.ann.canvas.id) is None
    assert outcome(lambda: ann.save(edited(world.ann.canvas, "x"), world.ann.revision)) == outcome(
        lambda: ann.save(edited(ghost_of(world.ann).canvas, "x"), world.ann.revision)
    )
    with pytest.raises(CanvasNotFound):
        ann.create(world.ann.canvas)
    assert everything(world.admin) == before
    assert Practice(world.store, ANN).member() is None
    assert world.view(OWNER).load(world.ann.canvas.id) is not None  # the canvas stays


def test_a_coach_unassigned_from_a_client_no_longer_sees_them(world: World) -> None:
    Practice(world.admin, OWNER).unassign(COACH.user_id, ANN.user_id)
    assert world.view(COACH).load(world.ann.canvas.id) is None
    assert world.view(COACH).list_canvases() == []


def test_only_the_owner_manages_people(world: World) -> None:
    before = everything(world.admin)
    for caller in (COACH, ANN, STRANGER):
        practice = world.practice(caller)
        assert practice.people() == []
        with pytest.raises(AccessRefused):
            practice.add_person("mallory@client.test", "owner")
        with pytest.raises(AccessRefused):
            practice.assign(caller.user_id, BOB.user_id)
        with pytest.raises(AccessRefused):
            practice.remove_person(BOB.user_id)
    assert everything(world.admin) == before
    people = world.practice(OWNER).people()
    assert [p.user_id for p in people][:1] == [OWNER.user_id]
    assert {p.user_id: p.coaches for p in people}[ANN.user_id] == (COACH.user_id,)


def test_row_security_alone_hides_other_tenants_rows(
    postgres_store: PostgresStore, app_role_url: str, bakery: Canvas
) -> None:
    """A query as the app's role with no filter of its own sees only what the person may."""
    world = build_world(postgres_store, postgres_store, bakery)
    with psycopg.connect(app_role_url) as conn:
        conn.execute("SELECT set_config('app.user_id', %s, true)", (ANN.user_id,))
        assert conn.execute("SELECT id FROM canvases").fetchall() == [(world.ann.canvas.id,)]
        ids = {row[0] for row in conn.execute("SELECT canvas_id FROM revisions")}
        assert ids == {world.ann.canvas.id}
        changed = conn.execute(
            "UPDATE canvases SET business_name = 'x' WHERE id = %s", (world.bob.canvas.id,)
        )
        assert changed.rowcount == 0
        pruned = conn.execute("DELETE FROM revisions WHERE canvas_id = %s", (world.bob.canvas.id,))
        assert pruned.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO revisions (canvas_id, revision, saved_at, business_name, note, body) "
                "VALUES (%s, 9, now(), 'x', 'x', '')",
                (world.bob.canvas.id,),
            )
    with psycopg.connect(app_role_url) as conn:  # no one named: nothing at all
        assert conn.execute("SELECT count(*) FROM canvases").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM revisions").fetchone() == (0,)


def test_row_security_lets_a_share_link_read_but_not_write(
    postgres_store: PostgresStore, app_role_url: str, bakery: Canvas
) -> None:
    from canvas.storage.access import token_digest

    world = build_world(postgres_store, postgres_store, bakery)
    with psycopg.connect(app_role_url) as conn:
        conn.execute("SELECT set_config('app.share', %s, true)", (token_digest(world.bob_token),))
        assert conn.execute("SELECT id FROM canvases").fetchall() == [(world.bob.canvas.id,)]
        changed = conn.execute("UPDATE canvases SET business_name = 'x'")
        assert changed.rowcount == 0
    with psycopg.connect(app_role_url) as conn:
        conn.execute(
            "SELECT set_config('app.share', %s, true)", (token_digest(world.expired_token),)
        )
        assert conn.execute("SELECT count(*) FROM canvases").fetchone() == (0,)


def test_the_apps_role_cannot_change_the_tables(app_role_url: str) -> None:
    with psycopg.connect(app_role_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("ALTER TABLE canvases DISABLE ROW LEVEL SECURITY")


def test_the_apps_role_opens_a_migrated_database(app_role_url: str) -> None:
    store = PostgresStore(app_role_url, wait_seconds=1)
    try:
        assert store.list_canvases() == []  # no one named: sees nothing, and no error
        assert store.for_caller(STRANGER).list_canvases() == []
    finally:
        store.close()


def test_a_store_for_no_one_is_unchanged(postgres_store: PostgresStore, bakery: Canvas) -> None:
    """The laptop's and the CLI's way: no caller, every canvas (the contract suite covers it)."""
    created = postgres_store.create(bakery)
    assert postgres_store.caller is None
    assert postgres_store.load(created.canvas.id) == created
