"""Giving a canvas to a client from the canvas list, in a practice (issue #15): the row's button,
the confirmation in plain words, and what the list shows afterwards. The app connects as its own
database role, so row-level security checks every step as well."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.document import as_new_canvas
from canvas.storage.access import Caller
from canvas.storage.files import load_sample
from canvas.storage.postgres import PostgresStore
from canvas.storage.practice import Practice
from tests.app.test_practice import ANN, BOB, COACH, OWNER, app_as, canvas_of, store
from tests.support.apptest import all_text, no_exceptions

__all__ = ["canvas_of", "store"]  # the practice's fixtures, shared with test_practice.py

GIVE = "Give to a client"


@pytest.fixture
def made_by(store: PostgresStore) -> Callable[[str, str], str]:
    """A new canvas `name` that `email` owns; its id."""

    def make(email: str, name: str) -> str:
        canvas = as_new_canvas(load_sample("bakery"))
        canvas.business_name = name
        return store.for_caller(Caller(email)).create(canvas).canvas.id

    return make


def owner_of(store: PostgresStore, canvas_id: str) -> str | None:
    with store.transaction(writing=False) as conn:
        row = conn.execute("SELECT owner FROM canvases WHERE id = %s", (canvas_id,)).fetchone()
    return row[0]


def give_buttons(app: AppTest) -> list[str]:
    return [button.key for button in app.button if button.label == GIVE]


def open_dialog(app: AppTest, canvas_id: str) -> AppTest:
    app.button(key=f"give-{canvas_id}").click().run()
    no_exceptions(app)
    return app


def press(app: AppTest, canvas_id: str, label: str) -> AppTest:
    """Press `label` in the open dialog (AppTest reruns the whole page, so the row's button is
    pressed again to keep the dialog open in that run, as the browser's dialog stays open)."""
    app.button(key=f"give-{canvas_id}").click()
    next(button for button in app.button if button.label == label).click().run()
    no_exceptions(app)
    return app


def test_a_coach_gives_their_canvas_to_their_client_after_confirming(
    store: PostgresStore, made_by: Callable[[str, str], str]
) -> None:
    sunrise = made_by(COACH, "Sunrise Bakery")
    made_by(ANN, "Ann's own")
    history = store.revisions(sunrise)
    app = app_as(COACH)
    assert give_buttons(app) == [f"give-{sunrise}"]  # not on the client's own canvas
    open_dialog(app, sunrise)
    assert app.selectbox(key=f"give-to-{sunrise}").options == [ANN]
    assert (
        "Give 'Sunrise Bakery' to ann@client.test? They will own it; you keep access as their "
        "coach." in all_text(app)
    )
    assert owner_of(store, sunrise) == COACH  # nothing happens before the yes
    press(app, sunrise, "Yes, give it")
    assert owner_of(store, sunrise) == ANN
    assert store.revisions(sunrise) == history
    assert "'Sunrise Bakery' now belongs to ann@client.test." in all_text(app)
    assert "Sunrise Bakery" in all_text(app)  # still listed for the coach, as Ann's
    assert give_buttons(app) == []
    assert "Sunrise Bakery" in all_text(app_as(ANN))


def test_keeping_it_changes_nothing(
    store: PostgresStore, made_by: Callable[[str, str], str]
) -> None:
    sunrise = made_by(COACH, "Sunrise Bakery")
    app = app_as(COACH)
    open_dialog(app, sunrise)
    press(app, sunrise, "Keep it")
    assert owner_of(store, sunrise) == COACH
    assert "now belongs to" not in all_text(app)
    assert "Sunrise Bakery" not in all_text(app_as(ANN))


def test_the_owner_chooses_any_client(
    store: PostgresStore, made_by: Callable[[str, str], str]
) -> None:
    draft = made_by(OWNER, "Harbour Draft")
    app = app_as(OWNER)
    open_dialog(app, draft)
    app.selectbox(key=f"give-to-{draft}").set_value(BOB)
    open_dialog(app, draft)
    assert (
        "Give 'Harbour Draft' to bob@client.test? They will own it; you still see it as the "
        "practice owner." in all_text(app)
    )
    press(app, draft, "Yes, give it")
    assert owner_of(store, draft) == BOB
    assert "Harbour Draft" in all_text(app_as(BOB))
    assert "Harbour Draft" not in all_text(app_as(COACH))  # not Bob's coach


def test_clients_and_coaches_without_clients_see_no_give_button(
    store: PostgresStore, made_by: Callable[[str, str], str]
) -> None:
    made_by(ANN, "Ann's own")
    made_by(COACH, "Sunrise Bakery")
    assert give_buttons(app_as(ANN)) == []
    Practice(store, Caller(OWNER)).unassign(COACH, ANN)
    assert give_buttons(app_as(COACH)) == []


def dialog_opened_before(coach: str, client: str) -> None:
    """The give dialog of the coach's one canvas, as it was opened: in the browser the dialog
    reruns alone with the choices it opened with, whatever changed in the practice since. (AppTest
    runs this function's body as the app's script, so it imports what it uses.)"""
    import streamlit as st

    from canvas.storage.access import Caller
    from canvas.storage.practice import HandOverChoices
    from ui import practice, session

    st.session_state[session.MEMBER] = Caller(coach, "coach")
    [summary] = session.canvas_store().list_canvases()
    practice.give_dialog(summary, HandOverChoices(frozenset({summary.id}), (client,)))


def test_a_refusal_at_the_yes_says_why_and_changes_nothing(
    store: PostgresStore, made_by: Callable[[str, str], str]
) -> None:
    sunrise = made_by(COACH, "Sunrise Bakery")
    app = AppTest.from_function(dialog_opened_before, args=(COACH, ANN), default_timeout=30)
    app.run()
    no_exceptions(app)
    Practice(store, Caller(OWNER)).unassign(COACH, ANN)  # meanwhile, the owner ends the coaching
    next(button for button in app.button if button.label == "Yes, give it").click().run()
    no_exceptions(app)
    assert owner_of(store, sunrise) == COACH
    assert [error.value for error in app.error] == [
        "'Sunrise Bakery' was not given away. ann@client.test is not one of your clients. Ask "
        "the practice owner to make you their coach first."
    ]
