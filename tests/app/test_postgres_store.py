"""The app on the PostgreSQL store (CANVAS_STORE=postgresql://…, a throwaway cluster): it opens,
edits and saves a canvas there, and when the database stops it says so in plain words and keeps
the canvas open, then saves again once the database is back."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from streamlit.testing.v1 import AppTest

from canvas.storage import StoreUnavailable
from canvas.storage.postgres import PostgresStore
from tests.support.apptest import text_field
from tests.support.postgres import PostgresCluster
from ui import session

GOAL = "Business goal"


@pytest.fixture
def store(
    postgres_store: PostgresStore, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PostgresStore]:
    """The app's store is the PostgreSQL one (this overrides tests/app/conftest.py's SQLite)."""
    monkeypatch.setenv("CANVAS_STORE", postgres_store.url)
    session.get_store.clear()
    yield postgres_store
    session.get_store.clear()


def saved_at_revision_2(store: PostgresStore, canvas_id: str) -> bool:
    """Whether the app's save landed (False while the test's own store still waits for the
    database as well)."""
    try:
        return store.load_revision(canvas_id, 2) is not None
    except StoreUnavailable:
        return False


def test_the_app_opens_edits_and_saves_a_canvas_on_postgresql(
    store: PostgresStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    app = open_page("goal", canvas_id)
    assert isinstance(session.get_store(), PostgresStore)
    assert text_field(app, "Business name").value == "Crumb & Co."
    text_field(app, GOAL).set_value("Fill the quiet afternoons").run()
    assert not app.exception
    saved = store.load(canvas_id)
    assert (saved.revision, saved.canvas.business_goal) == (2, "Fill the quiet afternoons")
    app.switch_page("pages/library.py").run()
    assert "Crumb & Co." in [s.business_name for s in store.list_canvases()]


def test_a_stopped_database_is_told_plainly_and_the_canvas_stays_open(
    running_cluster: PostgresCluster,
    store: PostgresStore,
    new_canvas: Callable[[str], str],
    open_page: Callable[..., AppTest],
) -> None:
    canvas_id = new_canvas("bakery")
    app = open_page("goal", canvas_id)
    running_cluster.stop()

    text_field(app, GOAL).set_value("Typed while the database was down").run()
    assert not app.exception
    [said] = [e.value for e in app.error if "could not be saved" in e.value]
    assert "the canvas database is not answering" in said
    assert "kept in this window" in said
    for leak in (canvas_id, store.url, str(running_cluster.port), "Traceback", "psycopg"):
        assert leak not in said
    assert app.session_state[session.CANVAS].business_goal == "Typed while the database was down"

    running_cluster.start()
    deadline = time.monotonic() + 15
    while not saved_at_revision_2(store, canvas_id) and time.monotonic() < deadline:
        text_field(app, GOAL).set_value(f"Saved once it was back {time.monotonic()}").run()
    assert store.load(canvas_id).revision == 2
    assert not [e for e in app.error if "could not be saved" in e.value]
