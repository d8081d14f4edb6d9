"""The app hosted for a practice (CANVAS_HOSTED=1, a PostgreSQL store, the app's own database
role): sign-in with st.login, what each role sees, the owner's people panel, share links. AppTest
sets the signed-in user; the real sign-in through a provider and a proxy is in tests/e2e."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.document import as_new_canvas
from canvas.storage import StoreUnavailable
from canvas.storage.access import Caller
from canvas.storage.files import load_sample
from canvas.storage.postgres import PostgresStore
from canvas.storage.practice import Practice
from tests.app.conftest import ROOT
from tests.support.apptest import all_text, no_exceptions, text_field
from tests.support.postgres import PostgresCluster
from ui import practice, session

OWNER = "owner@practice.test"
COACH = "carol@practice.test"
ANN = "ann@client.test"
BOB = "bob@client.test"
NOT_FOUND = "We couldn't find that canvas"


@pytest.fixture
def store(
    postgres_store: PostgresStore, app_role_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PostgresStore]:
    """The practice's database, seen past every check (the app itself connects as its role)."""
    monkeypatch.setenv("CANVAS_HOSTED", "1")
    monkeypatch.setenv("CANVAS_STORE", app_role_url)
    monkeypatch.setenv("CANVAS_OWNERS", OWNER)
    session.get_store.clear()
    session.get_store()  # adds the owner
    owner = Practice(postgres_store, Caller(OWNER))
    owner.add_person(COACH, "coach")
    owner.add_person(ANN, "client")
    owner.add_person(BOB, "client")
    owner.assign(COACH, ANN)
    yield postgres_store
    session.get_store.clear()


@pytest.fixture
def canvas_of(store: PostgresStore) -> Callable[[str, str], str]:
    def make(email: str, sample: str) -> str:
        canvas = as_new_canvas(load_sample(sample))
        return store.for_caller(Caller(email)).create(canvas).canvas.id

    return make


def app_as(email: str | None, canvas_id: str | None = None, slug: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email}
    if canvas_id:
        app.query_params["canvas"] = canvas_id
    app.run()
    if slug:
        app.switch_page(f"pages/{slug}.py").run()
    no_exceptions(app)
    return app


def test_signed_out_people_get_the_sign_in_page_and_nothing_else(
    canvas_of: Callable[[str, str], str],
) -> None:
    canvas_of(ANN, "bakery")
    app = app_as(None)
    assert [button.label for button in app.button] == ["Sign in"]
    assert "Crumb & Co." not in all_text(app)
    goal = app_as(None, canvas_of(ANN, "bakery"), "goal")
    assert "Crumb & Co." not in all_text(goal)
    assert "Sign in" in [button.label for button in goal.button]


def test_each_person_lists_only_what_they_may_see(canvas_of: Callable[[str, str], str]) -> None:
    canvas_of(ANN, "bakery")
    canvas_of(BOB, "it_services")
    ann, bob, coach, owner = (app_as(who) for who in (ANN, BOB, COACH, OWNER))
    seen = {
        who: {name for name in ("Crumb & Co.", "Northgate IT") if name in all_text(app)}
        for who, app in (("ann", ann), ("bob", bob), ("coach", coach), ("owner", owner))
    }
    assert seen == {
        "ann": {"Crumb & Co."},
        "bob": {"Northgate IT"},
        "coach": {"Crumb & Co."},
        "owner": {"Crumb & Co.", "Northgate IT"},
    }


def test_another_clients_canvas_by_url_is_not_found(canvas_of: Callable[[str, str], str]) -> None:
    bobs = canvas_of(BOB, "bakery")
    for who in (ANN, COACH):
        app = app_as(who, bobs, "goal")
        assert NOT_FOUND in all_text(app)
        assert "Crumb & Co." not in all_text(app)


def test_a_coach_edits_their_clients_canvas(
    store: PostgresStore, canvas_of: Callable[[str, str], str]
) -> None:
    anns = canvas_of(ANN, "bakery")
    app = app_as(COACH, anns, "goal")
    text_field(app, "Business goal").set_value("Fill the quiet afternoons").run()
    no_exceptions(app)
    saved = store.load(anns)
    assert saved is not None and saved.canvas.business_goal == "Fill the quiet afternoons"


def test_someone_not_in_the_practice_is_told_so(canvas_of: Callable[[str, str], str]) -> None:
    canvas_of(ANN, "bakery")
    app = app_as("eve@elsewhere.test")
    assert "not part of this practice" in all_text(app)
    assert "Crumb & Co." not in all_text(app)


def test_the_owner_adds_assigns_and_removes_people(store: PostgresStore) -> None:
    app = app_as(OWNER)
    app.text_input(key="person-email").set_value("Dan@Client.test")
    app.selectbox(key="person-role").set_value("client")
    app.button(key="person-add").click().run()
    no_exceptions(app)
    assert "dan@client.test" in all_text(app)
    app.selectbox(key="assign-coach").set_value(COACH)
    app.selectbox(key="assign-client").set_value("dan@client.test")
    app.button(key="assign").click().run()
    people = {p.user_id: p for p in Practice(store, Caller(OWNER)).people()}
    assert people["dan@client.test"].coaches == (COACH,)
    app.selectbox(key="remove-who").set_value("dan@client.test")
    app.button(key="remove").click().run()
    assert "dan@client.test" not in {p.user_id for p in Practice(store, Caller(OWNER)).people()}


def test_a_removed_person_is_signed_out_at_their_next_action(
    store: PostgresStore, canvas_of: Callable[[str, str], str]
) -> None:
    anns = canvas_of(ANN, "bakery")
    app = app_as(ANN, anns, "goal")
    Practice(store, Caller(OWNER)).remove_person(ANN)
    text_field(app, "Business goal").set_value("Still here?").run()
    assert app.user.get("is_logged_in") is False
    assert "Still here?" not in all_text(app)
    assert store.load(anns).revision == 1  # nothing saved


def test_a_client_makes_a_share_link_that_opens_read_only_until_revoked(
    store: PostgresStore, canvas_of: Callable[[str, str], str]
) -> None:
    canvas_of(ANN, "bakery")
    app = app_as(ANN)
    app.button(key="share-make").click().run()
    no_exceptions(app)
    link = app.session_state[practice.NEW_LINK][1]
    token = link.rsplit("=", 1)[1]
    reader = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    reader.user = {"is_logged_in": False}
    reader.query_params[practice.SHARE_PARAM] = token
    reader.run()
    no_exceptions(reader)
    assert "Crumb & Co." in all_text(reader) and "read-only" in all_text(reader)
    assert not reader.text_input and not reader.button  # nothing to change
    revoke = [button for button in app.button if button.label == "Revoke"]
    revoke[0].click().run()
    reader.run()
    assert NOT_FOUND in all_text(reader) and "Crumb & Co." not in all_text(reader)


def test_coach_mode_works_for_a_coach_on_their_clients_canvas(
    canvas_of: Callable[[str, str], str],
) -> None:
    anns = canvas_of(ANN, "bakery")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.user = {"is_logged_in": True, "email": COACH}
    app.query_params["canvas"] = anns
    app.query_params["present"] = "1"
    app.run()
    app.switch_page("pages/value-map.py").run()
    no_exceptions(app)
    assert "# Value-exchange map" in [m.value for m in app.markdown]
    goal = app_as(COACH, anns, "goal")
    next(b for b in goal.button if b.label == "Start a coached session").click().run()
    no_exceptions(goal)


def test_a_database_restart_mid_session_keeps_the_canvas_open_and_saving_resumes(
    running_cluster: PostgresCluster, store: PostgresStore, canvas_of: Callable[[str, str], str]
) -> None:
    anns = canvas_of(ANN, "bakery")
    app = app_as(ANN, anns, "goal")
    running_cluster.stop()
    text_field(app, "Business goal").set_value("Typed while the database was down").run()
    no_exceptions(app)
    [said] = [e.value for e in app.error if "could not be saved" in e.value]
    assert "not answering" in said and anns not in said
    assert app.session_state[session.CANVAS].business_goal == "Typed while the database was down"
    running_cluster.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not saved(store, anns):
        text_field(app, "Business goal").set_value(f"Back {time.monotonic()}").run()
    assert saved(store, anns)
    assert app.user.get("is_logged_in") is True  # still signed in


def saved(store: PostgresStore, canvas_id: str) -> bool:
    try:
        found = store.load(canvas_id)
    except StoreUnavailable:
        return False
    return found is not None and found.revision >= 2
