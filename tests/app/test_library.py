"""The home page's changes to the canvas this session has open: the open canvas follows them."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from canvas.storage import SqliteStore
from tests.support.apptest import text_field
from ui import session


def test_renaming_the_open_canvas_then_editing_it_saves_without_a_conflict(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    app = open_page("goal", canvas_id)
    app.switch_page("pages/library.py").run()
    opener = app.button(key=f"rename-{canvas_id}")
    opener.click().run()
    app.button(key=f"rename-{canvas_id}").click()
    next(t for t in app.text_input if t.label == "Business name").set_value("Crumb South")
    next(b for b in app.button if b.label == "Save name").click()
    app.run()
    assert not app.exception and "Name saved." in [s.value for s in app.success]

    app.query_params["canvas"] = canvas_id
    app.switch_page("pages/goal.py").run()
    assert text_field(app, "Business name").value == "Crumb South"
    text_field(app, "Business goal").set_value("Edited after the rename").run()
    assert not app.exception
    assert session.CONFLICT not in app.session_state
    saved = store.load(canvas_id)
    assert (saved.revision, saved.canvas.business_name) == (3, "Crumb South")
    assert saved.canvas.business_goal == "Edited after the rename"


def test_restoring_the_open_canvas_opens_the_restored_version(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    first_goal = store.load(canvas_id).canvas.business_goal
    app = open_page("goal", canvas_id)
    text_field(app, "Business goal").set_value("A goal to take back").run()
    app.switch_page("pages/library.py").run()
    app.button(key=f"history-{canvas_id}").click().run()
    app.button(key=f"history-{canvas_id}").click()
    app.button(key=f"restore-{canvas_id}-1").click()
    app.run()
    assert not app.exception

    app.query_params["canvas"] = canvas_id
    app.switch_page("pages/goal.py").run()
    assert app.session_state[session.CANVAS].business_goal == first_goal
    assert app.session_state[session.REVISION] == 3 == store.load(canvas_id).revision
