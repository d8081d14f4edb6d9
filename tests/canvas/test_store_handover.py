"""Handing a canvas over to a client, on a real PostgreSQL cluster (issue #15): a coach gives a
canvas they own to one of their clients, the practice owner to any client. Afterwards it is the
client's, their coaches see it, its history is unchanged. Every refusal says why in plain words
and writes nothing, through the store (as a superuser and as the app's role) and, for the second
line, by row-level security alone (direct SQL as the app's role)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest

from canvas.core.model import Canvas, new_canvas_id
from canvas.storage.access import AccessRefused, Caller
from canvas.storage.errors import CanvasNotFound
from canvas.storage.postgres import PostgresStore
from canvas.storage.practice import HandOverChoices, Practice, add_owner
from canvas.storage.protocol import StoredCanvas
from tests.canvas.test_store_access import (
    ANN,
    BOB,
    COACH,
    OTHER_COACH,
    OWNER,
    STRANGER,
    edited,
    everything,
    outcome,
)

GONE_CLIENT = Caller("gus@client.test", "client")  # a client the owner removed


@dataclass
class Practiced:
    admin: PostgresStore  # past every check: to set up and to read what was written
    store: PostgresStore  # the store the callers' views come from
    coachs: StoredCanvas  # made by Carol (Ann's coach), with a few revisions
    owners: StoredCanvas  # made by the practice owner
    anns: StoredCanvas  # Ann's own

    def practice(self, caller: Caller) -> Practice:
        return Practice(self.store, caller)

    def view(self, caller: Caller) -> PostgresStore:
        return self.store.for_caller(caller)

    def owner_of(self, canvas_id: str) -> str | None:
        with psycopg.connect(self.admin.url, autocommit=True) as conn:
            row = conn.execute("SELECT owner FROM canvases WHERE id = %s", (canvas_id,)).fetchone()
        return None if row is None else row[0]


def fresh(bakery: Canvas, name: str) -> Canvas:
    return bakery.model_copy(update={"id": new_canvas_id(), "business_name": name})


def build(admin: PostgresStore, store: PostgresStore, bakery: Canvas) -> Practiced:
    add_owner(admin, OWNER.user_id)
    owner = Practice(admin, OWNER)
    for person in (COACH, OTHER_COACH, ANN, BOB, GONE_CLIENT):
        owner.add_person(person.user_id, person.role)
    owner.assign(COACH.user_id, ANN.user_id)
    owner.assign(COACH.user_id, GONE_CLIENT.user_id)
    owner.assign(OTHER_COACH.user_id, BOB.user_id)
    owner.remove_person(GONE_CLIENT.user_id)
    coach = admin.for_caller(COACH)
    coachs = coach.create(fresh(bakery, "Sunrise Bakery"))
    for goal in ("First session", "Second session"):
        coachs = coach.save(edited(coachs.canvas, goal), coachs.revision)
    owners = admin.for_caller(OWNER).create(fresh(bakery, "Owner's draft"))
    anns = admin.for_caller(ANN).create(fresh(bakery, "Ann's own"))
    return Practiced(admin, store, coachs, owners, anns)


@pytest.fixture(params=["superuser", "app role"])
def world(
    request: pytest.FixtureRequest, postgres_store: PostgresStore, bakery: Canvas
) -> Iterator[Practiced]:
    """The practice, its callers' views made through the store as a superuser (the store's own
    checks) or as the app's role (those and row-level security)."""
    if request.param == "superuser":
        yield build(postgres_store, postgres_store, bakery)
        return
    app_store = PostgresStore(request.getfixturevalue("app_role_url"), wait_seconds=1)
    yield build(postgres_store, app_store, bakery)
    app_store.close()


def ids(view: PostgresStore) -> set[str]:
    return {summary.id for summary in view.list_canvases()}


def test_a_coach_gives_their_canvas_to_their_client(world: Practiced) -> None:
    canvas_id = world.coachs.canvas.id
    history = world.view(COACH).revisions(canvas_id)
    assert world.practice(COACH).hand_over(canvas_id, " Ann@Client.test ") == ANN.user_id
    assert world.owner_of(canvas_id) == ANN.user_id
    assert canvas_id in ids(world.view(ANN))  # in the client's own list
    assert world.view(ANN).revisions(canvas_id) == history  # history stays with the canvas
    assert world.view(ANN).load(canvas_id) == world.coachs
    coach = world.view(COACH)
    assert canvas_id in ids(coach)  # as their client's
    saved = coach.save(edited(world.coachs.canvas, "Third session"), world.coachs.revision)
    assert world.view(ANN).load(canvas_id) == saved
    assert canvas_id not in world.practice(COACH).hand_over_choices().canvases
    assert canvas_id not in ids(world.view(OTHER_COACH)) | ids(world.view(BOB))


def test_the_giving_coach_keeps_access_only_through_the_coaching_link(world: Practiced) -> None:
    canvas_id = world.coachs.canvas.id
    world.practice(COACH).hand_over(canvas_id, ANN.user_id)
    Practice(world.admin, OWNER).unassign(COACH.user_id, ANN.user_id)
    assert world.view(COACH).load(canvas_id) is None
    assert canvas_id not in ids(world.view(COACH))
    assert canvas_id in ids(world.view(ANN))


def test_the_owner_gives_their_canvas_to_any_client(world: Practiced) -> None:
    canvas_id = world.owners.canvas.id
    assert world.practice(OWNER).hand_over(canvas_id, BOB.user_id) == BOB.user_id
    assert canvas_id in ids(world.view(BOB))
    assert canvas_id in ids(world.view(OTHER_COACH))  # Bob's coach
    assert canvas_id not in ids(world.view(COACH))
    assert canvas_id in ids(world.view(OWNER))  # the owner still sees everything


def test_what_each_person_may_give_and_to_whom(world: Practiced) -> None:
    coach = world.practice(COACH).hand_over_choices()
    assert coach == HandOverChoices(frozenset({world.coachs.canvas.id}), (ANN.user_id,), False)
    owner = world.practice(OWNER).hand_over_choices()
    assert owner.canvases == {world.owners.canvas.id} and owner.as_owner
    assert owner.clients == (ANN.user_id, BOB.user_id)  # not the removed client
    assert world.practice(ANN).hand_over_choices() == HandOverChoices()
    assert world.practice(STRANGER).hand_over_choices() == HandOverChoices()
    assert not coach.allows(world.anns.canvas.id)  # a client's canvas is not the coach's


# Each refusal: who tries, which canvas, to whom, and what they are told (None: exactly what
# the same attempt on a canvas that never existed gives).
REFUSALS: dict[str, tuple[Caller, str, str, str | None]] = {
    "a client gives their own canvas away": (
        ANN,
        "anns",
        BOB.user_id,
        "Only a coach or the practice owner can give a canvas to a client.",
    ),
    "a coach gives to another coach's client": (
        COACH,
        "coachs",
        BOB.user_id,
        "bob@client.test is not one of your clients. Ask the practice owner to make you their "
        "coach first.",
    ),
    "a coach gives to someone not in the practice": (
        COACH,
        "coachs",
        STRANGER.user_id,
        "eve@elsewhere.test is not one of your clients. Ask the practice owner to make you "
        "their coach first.",
    ),
    "a coach gives to a client the owner removed": (
        COACH,
        "coachs",
        GONE_CLIENT.user_id,
        "gus@client.test is not one of your clients. Ask the practice owner to make you their "
        "coach first.",
    ),
    "the owner gives to someone not in the practice": (
        OWNER,
        "owners",
        STRANGER.user_id,
        "eve@elsewhere.test is not in the practice. The practice owner can add them as a client.",
    ),
    "the owner gives to a coach": (
        OWNER,
        "owners",
        COACH.user_id,
        "carol@practice.test is a coach. A canvas can be given only to a client.",
    ),
    "a coach gives away their client's canvas": (
        COACH,
        "anns",
        ANN.user_id,
        "Only a canvas you own can be given away, and this one belongs to ann@client.test.",
    ),
    "the owner gives a coach's canvas away": (
        OWNER,
        "coachs",
        BOB.user_id,
        "Only a canvas you own can be given away, and this one belongs to carol@practice.test.",
    ),
    "a coach gives a canvas they cannot see": (OTHER_COACH, "coachs", BOB.user_id, None),
    "someone not in the practice gives a canvas": (STRANGER, "coachs", ANN.user_id, None),
    "a coach gives to something that is not an email": (
        COACH,
        "coachs",
        "ann at client",
        "That is not an email address.",
    ),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_a_refused_hand_over_says_why_and_writes_nothing(world: Practiced, name: str) -> None:
    caller, which, client, told = REFUSALS[name]
    canvas_id = getattr(world, which).canvas.id
    practice = world.practice(caller)
    before = everything(world.admin)
    got = outcome(lambda: practice.hand_over(canvas_id, client))
    assert everything(world.admin) == before
    if told is None:
        assert got == outcome(lambda: practice.hand_over(new_canvas_id(), client))
        assert got == (CanvasNotFound, "This canvas does not exist, or was deleted.")
    else:
        assert got in ((AccessRefused, told), (ValueError, told))


def test_a_deleted_canvas_cannot_be_given(world: Practiced) -> None:
    canvas_id = world.coachs.canvas.id
    world.view(COACH).delete(canvas_id)
    before = everything(world.admin)
    with pytest.raises(CanvasNotFound):
        world.practice(COACH).hand_over(canvas_id, ANN.user_id)
    assert everything(world.admin) == before


# Row-level security alone: the app's role changing `owner` by hand, as the person named.
RAW = {
    "a coach to their own client": (COACH, "coachs", ANN.user_id, True),
    "the owner to any client": (OWNER, "owners", BOB.user_id, True),
    "a coach to another coach's client": (COACH, "coachs", BOB.user_id, False),
    "a coach to someone not in the practice": (COACH, "coachs", STRANGER.user_id, False),
    "a coach to a removed client": (COACH, "coachs", GONE_CLIENT.user_id, False),
    "a coach to themselves, from their client": (COACH, "anns", COACH.user_id, False),
    "the owner to a coach": (OWNER, "owners", COACH.user_id, False),
    "the owner to someone not in the practice": (OWNER, "owners", STRANGER.user_id, False),
    "the owner takes a client's canvas": (OWNER, "anns", OWNER.user_id, False),
    "the owner moves a coach's canvas to a client": (OWNER, "coachs", BOB.user_id, False),
    "a client to another client": (ANN, "anns", BOB.user_id, False),
    "no one named": (Caller(""), "coachs", ANN.user_id, False),
}


@pytest.mark.parametrize("name", list(RAW))
def test_row_security_alone_allows_only_a_hand_over(
    postgres_store: PostgresStore, app_role_url: str, bakery: Canvas, name: str
) -> None:
    caller, which, new_owner, allowed = RAW[name]
    world = build(postgres_store, postgres_store, bakery)
    canvas_id = getattr(world, which).canvas.id
    before = world.owner_of(canvas_id)
    with psycopg.connect(app_role_url) as conn:
        conn.execute("SELECT set_config('app.user_id', %s, true)", (caller.user_id,))
        try:
            changed = conn.execute(
                "UPDATE canvases SET owner = %s WHERE id = %s", (new_owner, canvas_id)
            ).rowcount
        except psycopg.errors.InsufficientPrivilege:
            changed = 0
    assert world.owner_of(canvas_id) == (new_owner if allowed else before)
    assert changed == (1 if allowed else 0)


def test_row_security_still_lets_a_coach_save_and_delete(
    postgres_store: PostgresStore, app_role_url: str, bakery: Canvas
) -> None:
    """The new policy stops owner changes only: a save and a soft delete keep the owner."""
    world = build(postgres_store, postgres_store, bakery)
    with psycopg.connect(app_role_url) as conn:
        conn.execute("SELECT set_config('app.user_id', %s, true)", (COACH.user_id,))
        for canvas_id in (world.coachs.canvas.id, world.anns.canvas.id):
            renamed = conn.execute(
                "UPDATE canvases SET business_name = 'x', deleted_at = now() WHERE id = %s",
                (canvas_id,),
            )
            assert renamed.rowcount == 1
