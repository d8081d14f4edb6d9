"""Store writes from the UI that fail: the page says so in plain words where the person acted,
shows no traceback and no canvas id, keeps the working canvas open and unchanged, and the store
is left as it was.

Real parts only: the app's own SqliteStore, made to refuse writes as SQLite does on a read-only
store (`PRAGMA query_only`, SQLITE_READONLY, as in tests/canvas/test_store.py), another handle on
the same file that deletes or saves meanwhile, and canvases too big to save.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.document import MAX_JSON_BYTES, as_new_canvas, canvas_to_json
from canvas.core.model import CoachSession, SessionNote
from canvas.storage import SqliteStore
from canvas.storage.files import load_sample
from tests.support.apptest import text_field
from ui import session

READ_ONLY = "the canvas store is read-only. Whoever runs the app needs to make its data folder"
GONE = "This canvas does not exist, or was deleted."
SAVED_MEANWHILE = "someone else saved this canvas a moment ago, and their version is kept."


# --- the store, as it is and as it fails ------------------------------------------------------


class Refusal:
    """While `on`, every store connection opened refuses writes (SQLITE_READONLY, as on a
    read-only store); reads still work."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.on = False
        connect = SqliteStore._connect

        def refusing(store: SqliteStore) -> sqlite3.Connection:
            conn = connect(store)
            if self.on:
                conn.execute("PRAGMA query_only = ON")
            return conn

        monkeypatch.setattr(SqliteStore, "_connect", refusing)


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Refusal:
    return Refusal(monkeypatch)


def raw(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn, conn:
        return conn.execute(sql, params).fetchall()


def contents(store: SqliteStore) -> list[list[tuple[object, ...]]]:
    """Everything the store file holds, read past the app's store object."""
    return [
        raw(store.path, "SELECT id, business_name, revision, deleted_at FROM canvases ORDER BY id"),
        raw(store.path, "SELECT canvas_id, revision, note FROM revisions ORDER BY 1, 2"),
    ]


def canvas_ids(store: SqliteStore) -> list[str]:
    return [str(row[0]) for row in raw(store.path, "SELECT id FROM canvases")]


# --- what the page shows ----------------------------------------------------------------------


def unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)  # ui.text.md escapes Markdown in user text


def errors(app: AppTest) -> list[str]:
    return [unescaped(e.value) for e in app.error]


def everything_shown(app: AppTest) -> str:
    kinds = (app.error, app.warning, app.success, app.info, app.markdown, app.caption)
    return " ".join(unescaped(str(e.value)) for kind in kinds for e in kind)


def told_plainly(app: AppTest, store: SqliteStore, *words: str) -> str:
    """One error on the page holds `words`; no traceback, no exception element, no canvas id."""
    assert not app.exception, [e.value for e in app.exception]
    said = [e for e in errors(app) if all(w in e for w in words)]
    assert len(said) == 1, errors(app)
    shown = everything_shown(app)
    for canvas_id in canvas_ids(store):
        assert canvas_id not in shown
    for leak in ("Traceback", "Error", "sqlite", "revision "):
        assert leak not in said[0], said[0]
    return said[0]


def button(app: AppTest, label: str) -> object:
    return next(b for b in app.button if b.label == label)


# --- a session with a canvas open, on the library page ----------------------------------------


def open_then_library(open_page: Callable[..., AppTest], canvas_id: str) -> AppTest:
    """The canvas opened on the Goal step (the working copy), then the home page."""
    app = open_page("goal", canvas_id)
    app.switch_page("pages/library.py").run()
    assert app.title[0].value == "Customer strategy canvas"
    return app


def working(app: AppTest) -> tuple[str, int]:
    return canvas_to_json(app.session_state[session.CANVAS]), app.session_state[session.REVISION]


def dialog(app: AppTest, opener: str, key: str | None = None, label: str | None = None) -> AppTest:
    """Open a row's dialog, then click a button in it (by key or label). A dialog is a fragment
    in the browser; AppTest reruns the whole page, so the opener is pressed again with it."""
    app.button(key=opener).click().run()
    app.button(key=opener).click()
    (app.button(key=key) if key else button(app, str(label))).click()
    return app.run()


@pytest.fixture
def crumb(store: SqliteStore, new_canvas: Callable[[str], str]) -> str:
    """The bakery canvas with two versions, so there is one to restore."""
    canvas_id = new_canvas("bakery")
    canvas = store.load(canvas_id).canvas
    canvas.business_goal = "Lift weekday lunch trade"
    store.save(canvas, base_revision=1)
    return canvas_id


def duplicate(app: AppTest, canvas_id: str) -> AppTest:
    return app.button(key=f"copy-{canvas_id}").click().run()


def rename(app: AppTest, canvas_id: str) -> AppTest:
    return dialog(app, f"rename-{canvas_id}", label="Save name")


def delete(app: AppTest, canvas_id: str) -> AppTest:
    return dialog(app, f"delete-{canvas_id}", label="Yes, delete it")


def restore_first(app: AppTest, canvas_id: str) -> AppTest:
    return dialog(app, f"history-{canvas_id}", key=f"restore-{canvas_id}-1")


def start_blank(app: AppTest, canvas_id: str) -> AppTest:
    return app.button(key="start-blank").click().run()


def open_file(app: AppTest, canvas_id: str) -> AppTest:
    return upload(app, canvas_to_json(load_sample("coaching")).encode())


ACTIONS: dict[str, tuple[Callable[[AppTest, str], AppTest], str]] = {
    "duplicate": (duplicate, "'Crumb & Co.' was not duplicated:"),
    "rename": (rename, "The name was not changed:"),
    "delete": (delete, "'Crumb & Co.' was not deleted:"),
    "restore": (restore_first, "Version 1 was not restored:"),
    "start": (start_blank, "No new canvas was started:"),
    "upload": (open_file, "The file was not opened as a new canvas:"),
}


def upload(app: AppTest, data: bytes) -> AppTest:
    app.file_uploader[0].set_value(("coaching.json", data, "application/json")).run()
    return button(app, "Open as a new canvas").click().run()


@pytest.fixture
def read_only_library(crumb: str, open_page: Callable[..., AppTest], read_only: Refusal) -> AppTest:
    """The library, after `crumb` was opened, with the store refusing every write from now on."""
    app = open_then_library(open_page, crumb)
    read_only.on = True
    return app


@pytest.mark.parametrize("action", list(ACTIONS))
def test_library_action_on_a_read_only_store_says_why_and_changes_nothing(
    action: str, crumb: str, store: SqliteStore, read_only_library: AppTest
) -> None:
    app = read_only_library
    before, kept = contents(store), working(app)

    act, what = ACTIONS[action]
    act(app, crumb)

    said = told_plainly(app, store, what, READ_ONLY)
    assert said.endswith("writable, then try again."), said
    assert app.title[0].value == "Customer strategy canvas"  # still on the page where they acted
    assert working(app) == kept
    assert contents(store) == before
    app.run()  # told once: the next run does not repeat it
    assert not [e for e in errors(app) if what in e]


def test_duplicate_works_again_once_the_store_is_writable(
    crumb: str, store: SqliteStore, read_only_library: AppTest, read_only: Refusal
) -> None:
    app = read_only_library
    app.button(key=f"copy-{crumb}").click().run()
    told_plainly(app, store, "was not duplicated")
    read_only.on = False
    app.button(key=f"copy-{crumb}").click().run()
    assert not app.exception and not errors(app)
    assert "'Crumb & Co.' was duplicated." in [unescaped(s.value) for s in app.success]
    assert "Crumb & Co. (copy)" in [row[1] for row in contents(store)[0]]


# --- another window changed the canvas after this one drew it ---------------------------------


def library_row(summary: object) -> None:
    """A home page row's actions and their messages, for `summary` (a CanvasSummary) as drawn
    before another window changed its canvas: in the browser, an open dialog keeps the row it
    was opened from. (AppTest runs this function's source as a script, without the pages its
    canvas link needs, and evaluates annotations there.)"""
    from ui import library, session
    from ui.frame import show_error

    library.row_actions(session.get_store(), summary)  # type: ignore[arg-type]
    show_error(f"copy-{summary.id}", once=True)  # type: ignore[attr-defined]


def stale_row(store: SqliteStore, canvas_id: str) -> AppTest:
    summary = next(s for s in store.list_canvases() if s.id == canvas_id)
    app = AppTest.from_function(library_row, args=(summary,), default_timeout=30)
    return app.run()


def delete_it(store: SqliteStore, canvas_id: str) -> None:
    store.delete(canvas_id)


def save_over_it(store: SqliteStore, canvas_id: str) -> None:
    canvas = store.load(canvas_id).canvas
    canvas.business_goal = "Saved in another window"
    store.save(canvas, base_revision=2)


MEANWHILE = [
    ("duplicate", delete_it, "'Crumb & Co.' was not duplicated.", GONE),
    ("rename", delete_it, "The name was not changed.", GONE),
    ("rename", save_over_it, "The name was not changed:", SAVED_MEANWHILE),
    ("restore", save_over_it, "Version 1 was not restored:", SAVED_MEANWHILE),
]


@pytest.mark.parametrize(
    ("action", "meanwhile", "what", "why"),
    MEANWHILE,
    ids=[f"{m[0]}-after-{m[1].__name__}" for m in MEANWHILE],
)
def test_library_action_after_another_window_changed_the_canvas_is_explained(
    action: str,
    meanwhile: Callable[[SqliteStore, str], None],
    what: str,
    why: str,
    crumb: str,
    store: SqliteStore,
) -> None:
    app = stale_row(store, crumb)
    meanwhile(store, crumb)
    before = contents(store)

    ACTIONS[action][0](app, crumb)

    told_plainly(app, store, what, why)
    assert contents(store) == before


def rename_to(canvas_id: str, name: str) -> None:
    """The rename dialog's store write, with a name its text box (80 characters at most) lets
    through only if that limit changes: the store refuses it with a ValueError."""
    from ui import session
    from ui.frame import show_error

    store = session.get_store()
    session.store_write(
        lambda: store.rename(canvas_id, name, 2),
        "The name was not changed",
        "rename",
        refusals=(ValueError,),
    )
    show_error("rename", once=True)


def test_a_name_the_store_refuses_is_explained(crumb: str, store: SqliteStore) -> None:
    before = contents(store)
    app = AppTest.from_function(rename_to, args=(crumb, "x" * 81), default_timeout=30).run()
    said = told_plainly(app, store, "The name was not changed. That name cannot be used.")
    assert "more than the 80 it can hold" in said
    assert contents(store) == before


# --- the working copy's own saves -------------------------------------------------------------


def nearly_too_big(store: SqliteStore) -> str:
    """A canvas a few bytes under the store's limit: many session notes and a coached session
    whose snapshot (the canvas as it was) is padded out."""
    canvas = as_new_canvas(load_sample("bakery"))
    canvas.session_notes = [SessionNote(text="n" * 300) for _ in range(800)]
    snapshot = canvas.model_dump_json()
    canvas.coach_session = CoachSession(snapshot=snapshot, ended_at=canvas.updated_at)
    room = MAX_JSON_BYTES - len(canvas_to_json(canvas)) - 100
    canvas.coach_session.snapshot = "{" + " " * room + snapshot[1:]  # stays JSON; not stripped
    assert MAX_JSON_BYTES - 200 < len(canvas_to_json(canvas)) <= MAX_JSON_BYTES
    return store.create(canvas).canvas.id


def test_an_edit_that_makes_the_canvas_too_big_is_kept_and_explained(
    store: SqliteStore, open_page: Callable[..., AppTest]
) -> None:
    canvas_id = nearly_too_big(store)
    app = open_page("goal", canvas_id)
    before = contents(store)

    text_field(app, "Business goal").set_value("Grow weekday lunch trade by a fifth. " * 10).run()

    said = told_plainly(app, store, "Your changes could not be saved. This canvas is too big")
    assert "Remove some groups, places or notes." in said and "download it" in said
    assert app.title[0].value == "1. Goal"
    assert app.session_state[session.CANVAS].business_goal.startswith("Grow weekday lunch")
    assert contents(store) == before


def test_a_save_meeting_a_damaged_newer_version_is_kept_and_explained(
    crumb: str, store: SqliteStore, open_page: Callable[..., AppTest]
) -> None:
    app = open_page("goal", crumb)
    save_over_it(store, crumb)  # another window saves version 3, which is then damaged
    raw(store.path, "UPDATE revisions SET body = x'00' WHERE canvas_id = ? AND revision = 3", crumb)
    before = contents(store)

    text_field(app, "Business goal").set_value("Mine, typed here").run()

    said = told_plainly(app, store, "Your changes could not be saved.", "cannot be opened")
    assert "Earlier versions are kept in its history" in said
    assert app.session_state[session.CANVAS].business_goal == "Mine, typed here"
    assert contents(store) == before


# --- the conflict banner's choices ------------------------------------------------------------


def in_conflict(store: SqliteStore, open_page: Callable[..., AppTest], canvas_id: str) -> AppTest:
    app = open_page("goal", canvas_id)
    save_over_it(store, canvas_id)
    text_field(app, "Business goal").set_value("Mine, typed here").run()
    assert app.session_state[session.CONFLICT] is not None
    return app


@pytest.fixture
def read_only_conflict(
    crumb: str, store: SqliteStore, open_page: Callable[..., AppTest], read_only: Refusal
) -> AppTest:
    """The goal step in a save conflict, with the store refusing every write from now on."""
    app = in_conflict(store, open_page, crumb)
    read_only.on = True
    return app


def test_keeping_mine_as_a_copy_on_a_read_only_store_keeps_the_choice_open(
    store: SqliteStore, read_only_conflict: AppTest
) -> None:
    app = read_only_conflict
    before, kept = contents(store), working(app)

    button(app, "Use the other version, keep mine as a copy").click().run()

    told_plainly(app, store, "Your version was not kept as a copy:", READ_ONLY)
    assert session.CONFLICT in app.session_state  # the choice is still there
    assert button(app, "Use the other version, keep mine as a copy")
    assert working(app) == kept
    assert contents(store) == before


def test_saving_mine_over_it_on_a_read_only_store_does_not_say_saved(
    crumb: str, store: SqliteStore, read_only_conflict: AppTest, read_only: Refusal
) -> None:
    app = read_only_conflict
    before = contents(store)

    button(app, "Save mine over it (the other stays in the history)").click().run()

    told_plainly(app, store, "Your changes could not be saved:", READ_ONLY)
    assert not [s.value for s in app.success]
    assert app.session_state[session.CANVAS].business_goal == "Mine, typed here"
    assert contents(store) == before
    read_only.on = False
    app.run()  # the next run saves it, as the person chose
    assert store.load(crumb).canvas.business_goal == "Mine, typed here"
