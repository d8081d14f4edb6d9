"""What every canvas store promises, run against each one (SQLite and PostgreSQL): revisions,
conflicts, history, restore, soft delete, pruning, ids as secrets and damaged revisions.

The SQLite store's own matters (a damaged file, a full or read-only disk) are in test_store.py,
the PostgreSQL store's (migrations, several servers, a database that goes down) in
test_store_postgres.py.
"""

from __future__ import annotations

import logging
import sys
import threading
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canvas.core.document import MAX_JSON_BYTES, CanvasFileError, as_new_canvas, canvas_to_json
from canvas.core.model import SCHEMA_VERSION, Canvas
from canvas.storage import CanvasNotFound, CanvasStore, ConflictError, StoredCanvas, open_store
from canvas.storage.revisions import pack_body
from tests.support.fuzz import seeded
from tests.support.stores import raw, reopened


@pytest.fixture
def sqlite_store(tmp_path: Path) -> CanvasStore:
    return open_store(tmp_path / "canvas.db")


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> CanvasStore:
    """An empty store of each kind (the `sqlite_store` and `postgres_store` fixtures)."""
    return request.getfixturevalue(f"{request.param}_store")


def edited(canvas: Canvas, goal: str) -> Canvas:
    copy = canvas.model_copy(deep=True)
    copy.business_goal = goal
    return copy


# --- create, load, save ------------------------------------------------------------------------


def test_create_then_load_gives_back_the_same_canvas(store: CanvasStore, bakery: Canvas) -> None:
    created = store.create(bakery)
    loaded = store.load(bakery.id)
    assert created.revision == 1
    assert loaded == created
    assert canvas_to_json(loaded.canvas) == canvas_to_json(created.canvas)
    assert created.canvas.model_dump(exclude={"updated_at"}) == bakery.model_dump(
        exclude={"updated_at"}
    )


def test_create_with_a_taken_id_stores_under_a_fresh_one(
    store: CanvasStore, bakery: Canvas
) -> None:
    first = store.create(bakery)
    second = store.create(bakery)
    assert second.canvas.id != first.canvas.id
    assert store.load(first.canvas.id).canvas.business_name == "Crumb & Co."
    assert store.load(second.canvas.id) == second


def test_save_writes_the_next_revision_and_stamps_the_canvas(
    store: CanvasStore, bakery: Canvas
) -> None:
    canvas = store.create(bakery).canvas
    canvas.business_goal = "Grow the weekday trade"
    canvas.updated_at = canvas.updated_at.replace(year=2001)
    saved = store.save(canvas, base_revision=1)
    assert saved.revision == 2
    assert saved.canvas is canvas
    assert canvas.updated_at.year > 2001
    assert store.load(canvas.id) == StoredCanvas(canvas, 2)
    assert store.load_revision(canvas.id, 1).business_goal == bakery.business_goal


def test_a_stale_save_conflicts_and_stores_nothing(store: CanvasStore, bakery: Canvas) -> None:
    original = store.create(bakery)
    mine = edited(original.canvas, "Mine")
    theirs = store.save(edited(original.canvas, "Theirs"), base_revision=1)
    with pytest.raises(ConflictError) as caught:
        store.save(mine, base_revision=1)
    assert caught.value.latest == theirs
    assert mine.id not in str(caught.value)
    assert [r.revision for r in store.revisions(mine.id)] == [2, 1]
    assert store.load_revision(mine.id, 1) == original.canvas
    assert store.load_revision(mine.id, 2).business_goal == "Theirs"
    assert store.load_revision(mine.id, 3) is None
    assert store.save(mine, base_revision=caught.value.latest.revision).revision == 3


def test_saves_racing_from_the_same_revision_have_one_winner(
    store: CanvasStore, bakery: Canvas
) -> None:
    base = store.create(bakery).canvas
    contenders = 8
    barrier = threading.Barrier(contenders)
    won: list[StoredCanvas] = []
    lost: list[ConflictError] = []

    def attempt(n: int) -> None:
        mine = edited(base, f"Goal {n}")
        barrier.wait()
        try:
            won.append(store.save(mine, base_revision=1))
        except ConflictError as exc:
            lost.append(exc)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    assert len(lost) == contenders - 1
    assert all(exc.latest == won[0] for exc in lost)
    assert [r.revision for r in store.revisions(base.id)] == [2, 1]
    assert store.load(base.id) == won[0]


def test_writers_that_retry_on_conflict_lose_no_update(store: CanvasStore, bakery: Canvas) -> None:
    canvas_id = store.create(edited(bakery, "")).canvas.id
    writers = 6
    barrier = threading.Barrier(writers)

    def append(n: int) -> None:
        latest = store.load(canvas_id)
        barrier.wait()
        while True:
            mine = edited(latest.canvas, f"{latest.canvas.business_goal} w{n}")
            try:
                store.save(mine, latest.revision)
                return
            except ConflictError as exc:
                latest = exc.latest

    threads = [threading.Thread(target=append, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = store.load(canvas_id)
    assert final.revision == writers + 1
    assert sorted(final.canvas.business_goal.split()) == [f"w{n}" for n in range(writers)]


# --- list, rename, duplicate, delete, revisions, restore -----------------------------------------


def test_list_shows_live_canvases_newest_first(
    store: CanvasStore, bakery: Canvas, it_services: Canvas
) -> None:
    store.create(bakery)
    store.create(it_services)
    assert [s.business_name for s in store.list_canvases()] == ["Northgate IT", "Crumb & Co."]
    store.save(bakery, base_revision=1)
    first = store.list_canvases()[0]
    assert (first.id, first.business_name, first.revision) == (bakery.id, "Crumb & Co.", 2)
    assert first.groups == len(bakery.groups)
    assert bakery.id not in repr(first)


def test_rename_is_a_new_revision(store: CanvasStore, bakery: Canvas) -> None:
    store.create(bakery)
    renamed = store.rename(bakery.id, "  Crumb & Sons  ", base_revision=1)
    assert (renamed.revision, renamed.canvas.business_name) == (2, "Crumb & Sons")
    assert store.revisions(bakery.id)[0].note == "Renamed"
    assert store.list_canvases()[0].business_name == "Crumb & Sons"
    with pytest.raises(ConflictError):
        store.rename(bakery.id, "Stale", base_revision=1)
    with pytest.raises(ValueError, match="1 more than the 80 it can hold"):
        store.rename(bakery.id, "x" * 81, base_revision=2)
    assert store.load(bakery.id).revision == 2


def test_duplicate_makes_an_independent_copy(store: CanvasStore, bakery: Canvas) -> None:
    store.create(bakery)
    copy = store.duplicate(bakery.id)
    assert copy.canvas.id != bakery.id
    assert copy.revision == 1
    assert copy.canvas.business_name == "Crumb & Co. (copy)"
    assert copy.canvas.groups == bakery.groups
    store.save(edited(copy.canvas, "Only the copy"), base_revision=1)
    assert store.load(bakery.id).canvas.business_goal == bakery.business_goal
    assert len(store.list_canvases()) == 2


def test_duplicate_of_a_long_name_still_fits(store: CanvasStore, bakery: Canvas) -> None:
    store.create(bakery)
    store.rename(bakery.id, "N" * 80, base_revision=1)
    name = store.duplicate(bakery.id).canvas.business_name
    assert len(name) <= 80
    assert name.endswith(" (copy)")


def test_a_deleted_canvas_is_gone_everywhere(
    store: CanvasStore, bakery: Canvas, it_services: Canvas
) -> None:
    store.create(bakery)
    store.create(it_services)
    store.delete(bakery.id)
    store.delete(bakery.id)
    assert store.load(bakery.id) is None
    assert store.revisions(bakery.id) == []
    assert store.load_revision(bakery.id, 1) is None
    assert [s.id for s in store.list_canvases()] == [it_services.id]
    with pytest.raises(CanvasNotFound):
        store.save(bakery, base_revision=1)
    with pytest.raises(CanvasNotFound):
        store.duplicate(bakery.id)


def test_restore_saves_an_old_revision_as_the_latest(store: CanvasStore, bakery: Canvas) -> None:
    first = store.create(bakery).canvas
    latest = store.save(edited(first, "Second"), base_revision=1)
    latest = store.save(edited(latest.canvas, "Third"), base_revision=2)
    restored = store.restore(bakery.id, revision=1, base_revision=3)
    assert restored.revision == 4
    assert restored.canvas.model_dump(exclude={"updated_at"}) == first.model_dump(
        exclude={"updated_at"}
    )
    history = store.revisions(bakery.id)
    assert [(r.revision, r.note) for r in history] == [
        (4, "Restored revision 1"),
        (3, "Edited"),
        (2, "Edited"),
        (1, "Created"),
    ]
    assert history[0].saved_at >= history[-1].saved_at
    with pytest.raises(ConflictError):
        store.restore(bakery.id, revision=2, base_revision=3)
    with pytest.raises(CanvasNotFound):
        store.restore(bakery.id, revision=99, base_revision=4)


def test_only_the_newest_revisions_are_kept(
    store: CanvasStore, bakery: Canvas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules[type(store).__module__], "KEEP_REVISIONS", 3)
    latest = store.create(bakery)
    for n in range(5):
        latest = store.save(edited(latest.canvas, f"Goal {n}"), latest.revision)
    assert [r.revision for r in store.revisions(bakery.id)] == [6, 5, 4]
    assert store.load_revision(bakery.id, 3) is None
    assert store.load_revision(bakery.id, 4).business_goal == "Goal 2"


# --- the worked examples -----------------------------------------------------------------------


def test_samples_are_added_to_an_empty_store_once(store: CanvasStore) -> None:
    store.ensure_samples()
    store.ensure_samples()
    listed = store.list_canvases()
    assert [s.business_name for s in listed] == ["Crumb & Co.", "Northgate IT"]
    assert all(s.groups > 0 for s in listed)
    for summary in listed:
        store.delete(summary.id)
    store.ensure_samples()
    assert store.list_canvases() == []


def test_samples_stay_out_of_a_store_already_in_use(store: CanvasStore, blank: Canvas) -> None:
    store.create(blank)
    store.ensure_samples()
    assert [s.id for s in store.list_canvases()] == [blank.id]


def test_samples_added_from_many_threads_appear_once(store: CanvasStore) -> None:
    threads = [threading.Thread(target=store.ensure_samples) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.list_canvases()) == 2


# --- ids are secrets: guesses find nothing -------------------------------------------------------

GUESSES = [
    "",
    "x",
    "AFRQvwZm5qvxYdBLSCOpLQ",  # well formed, never issued (ids are 128 random bits)
    "' OR '1'='1",
    "x'; DROP TABLE canvases; --",
    "%%%%%%%%%%%%%%%%",
    "________________",
    "../../../etc/passwd",
    "..%2F..%2Fcanvas.db",
    "a" * 10_000,
    "abcdefghijklmnop\x00",
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰ",
    None,
    42,
]


@pytest.mark.parametrize("guess", GUESSES)
def test_a_guessed_or_malformed_id_finds_nothing(
    store: CanvasStore, bakery: Canvas, guess: str
) -> None:
    store.create(bakery)
    assert store.load(guess) is None
    assert store.revisions(guess) == []
    assert store.load_revision(guess, 1) is None
    store.delete(guess)
    with pytest.raises(CanvasNotFound):
        store.rename(guess, "Mine now", base_revision=1)
    with pytest.raises(CanvasNotFound):
        store.duplicate(guess)
    assert [s.id for s in store.list_canvases()] == [bakery.id]
    assert raw(store, "SELECT count(*) FROM revisions") == [(1,)]


@seeded
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(guess=st.text(max_size=80))
def test_any_text_as_an_id_finds_nothing(store: CanvasStore, guess: str) -> None:
    assert store.load(guess) is None
    assert store.load_revision(guess, 1) is None


@seeded
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(max_size=80))
def test_any_name_survives_rename_and_reload(store: CanvasStore, blank: Canvas, name: str) -> None:
    created = store.create(as_new_canvas(blank))
    renamed = store.rename(created.canvas.id, name, created.revision)
    expected = blank.model_copy(deep=True)
    expected.business_name = name  # the model's own whitespace rules
    assert store.load(created.canvas.id) == renamed
    assert renamed.canvas.business_name == expected.business_name
    assert expected.business_name in [s.business_name for s in store.list_canvases()]


def test_nothing_secret_in_reprs_or_logs(
    store: CanvasStore, bakery: Canvas, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    stored = store.create(bakery)
    store.load(bakery.id)
    store.save(bakery, base_revision=1)
    assert bakery.id not in repr(stored)
    assert bakery.id not in caplog.text


# --- damaged revisions ---------------------------------------------------------------------------


def test_a_damaged_revision_is_skipped_and_explained(
    store: CanvasStore, bakery: Canvas, it_services: Canvas
) -> None:
    store.create(bakery)
    store.save(edited(bakery, "Later"), base_revision=1)
    store.create(it_services)
    raw(
        store,
        "UPDATE revisions SET body = '{not json' WHERE canvas_id = ? AND revision = 2",
        bakery.id,
    )
    store = reopened(store)
    assert [s.id for s in store.list_canvases()] == [it_services.id]
    assert store.load(it_services.id).canvas.business_name == it_services.business_name
    with pytest.raises(CanvasFileError, match=r"damaged.*restore") as caught:
        store.load(bakery.id)
    assert bakery.id not in str(caught.value)
    with pytest.raises(CanvasFileError):
        store.save(edited(bakery, "Stale"), base_revision=1)
    assert store.revisions(bakery.id)[0].revision == 2
    restored = store.restore(bakery.id, revision=1, base_revision=2)
    assert store.load(bakery.id) == restored
    assert len(store.list_canvases()) == 2


def test_a_revision_from_a_newer_app_is_not_opened(store: CanvasStore, bakery: Canvas) -> None:
    store.create(bakery)
    body = canvas_to_json(bakery).replace(
        f'"schema_version": {SCHEMA_VERSION}', '"schema_version": 99'
    )
    raw(store, "UPDATE revisions SET body = ? WHERE canvas_id = ?", pack_body(body), bakery.id)
    fresh = reopened(store)
    assert fresh.list_canvases() == []
    with pytest.raises(CanvasFileError, match="newer version"):
        fresh.load(bakery.id)


def test_a_body_that_unpacks_too_big_or_not_at_all_is_damaged(
    store: CanvasStore, bakery: Canvas, it_services: Canvas
) -> None:
    store.create(bakery)
    store.create(it_services)
    bomb = zlib.compress(b" " * (MAX_JSON_BYTES + 1))
    raw(store, "UPDATE revisions SET body = ? WHERE canvas_id = ?", bomb, bakery.id)
    raw(store, "UPDATE revisions SET body = ? WHERE canvas_id = ?", b"\x78\x9cnot", it_services.id)
    fresh = reopened(store)
    assert fresh.list_canvases() == []
    for canvas_id in (bakery.id, it_services.id):
        with pytest.raises(CanvasFileError, match="damaged"):
            fresh.load(canvas_id)
