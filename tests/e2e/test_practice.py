"""A hosted practice with its real parts, in Chromium: a local OpenID Connect provider
(oidc-provider-mock), PostgreSQL (the session's throwaway cluster), two app servers and HAProxy in
front (hosting/serve.py, as `scripts/serve-practice` starts them). People sign in through the
proxy; a client cannot open another's canvas by URL; a coach lists exactly the canvases of the
clients the owner assigned to them, and nothing once the owner stops it; when PostgreSQL restarts
mid-session the person is told plainly, loses nothing saved and saves again once it is back; when
the app server a person is on is killed, they carry on through the proxy on the other one with
every saved edit.

Without HAProxy these tests skip, except where CI=true: there they fail."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from canvas.core.document import as_new_canvas
from canvas.core.model import new_canvas_id
from canvas.storage import StoreUnavailable
from canvas.storage.access import Caller, Role
from canvas.storage.errors import REASONS
from canvas.storage.files import load_sample
from canvas.storage.postgres import PostgresStore
from canvas.storage.practice import Practice
from hosting.serve import Trial, start_trial
from tests.e2e.conftest import VIEWPORT
from tests.support.browser import counting_context
from tests.support.postgres import PostgresCluster
from tests.support.runs import open_url, rerun, title, wait_for_app
from tests.support.server import eventually
from tests.support.widgets import commit_text, pick_option, text_field
from ui.practice import LOST_ACTION

pytestmark = pytest.mark.e2e

OWNER = "owner@practice.test"
ANN = "ann@client.test"
BOB = "bob@client.test"
CAROL, DAVE = "carol@practice.test", "dave@practice.test"  # coaches
CLEO, DINA, EVE, FAY = "cleo@client.test", "dina@client.test", "eve@client.test", "fay@client.test"
GOAL_LABEL = "Business goal: in 12 to 24 months, what must be true for the business?"
NOT_FOUND_TITLE = "We couldn't find that canvas"


@dataclass
class Practiced:
    trial: Trial
    admin: PostgresStore
    ann_canvas: str
    bob_canvas: str


def require_haproxy() -> None:
    if shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists():
        return
    reason = "HAProxy is not installed (scripts/test installs Debian's haproxy as root)."
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " CI=true, so this is a failure, not a skip.")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def practice(
    postgres_cluster: PostgresCluster, chromium_path: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Practiced]:
    require_haproxy()
    admin_url = postgres_cluster.new_database()
    trial = start_trial(
        tmp_path_factory.mktemp("practice"), servers=2, owners=OWNER, admin_url=admin_url
    )
    try:  # whatever fails, nothing started is left running
        admin = PostgresStore(trial.admin_url)
        try:
            owner = Practice(admin, Caller(OWNER))
            owner.add_person(ANN, "client")
            owner.add_person(BOB, "client")
            ann = admin.for_caller(Caller(ANN)).create(as_new_canvas(load_sample("bakery")))
            bob = admin.for_caller(Caller(BOB)).create(as_new_canvas(load_sample("it_services")))
            yield Practiced(trial, admin, ann.canvas.id, bob.canvas.id)
        finally:
            admin.close()
    finally:
        trial.stop()


def sign_in(page: Page, url: str, email: str) -> None:
    """Through the proxy: the app's sign-in page, the provider's form, and back signed in."""
    open_url(page, url)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(url) + r"/?(\?.*)?$"))
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {email}")


def add_people(admin: PostgresStore, people: dict[str, Role], coaches: dict[str, str]) -> None:
    """As the practice owner: add `people` with their roles and give each client in `coaches`
    that coach."""
    owner = Practice(admin, Caller(OWNER))
    for email, role in people.items():
        owner.add_person(email, role)
    for client, coach in coaches.items():
        owner.assign(coach, client)


def canvases_of(admin: PostgresStore, email: str, *names: str) -> list[str]:
    """New canvases owned by `email`, one per business name; their ids."""
    mine = admin.for_caller(Caller(email))
    made = (
        as_new_canvas(load_sample("bakery")).model_copy(update={"business_name": n}) for n in names
    )
    return [mine.create(canvas).canvas.id for canvas in made]


def listed(page: Page) -> set[str]:
    """The business names in the home page's canvas list."""
    links = page.get_by_test_id("stMain").get_by_test_id("stPageLink").locator("strong")
    return set(links.all_inner_texts())


def stored_goal(admin: PostgresStore, canvas_id: str) -> str | None:
    """The business goal of the canvas's latest revision in PostgreSQL; None while the database
    cannot be read (it was just started again)."""
    try:
        found = admin.load(canvas_id)
    except StoreUnavailable:
        return None
    return None if found is None else found.canvas.business_goal


def server_of(page: Page) -> str:
    """The app server HAProxy keeps this browser on (its SRV cookie)."""
    return next(c["value"] for c in page.context.cookies() if c["name"] == "SRV")


def test_a_client_signs_in_through_the_proxy_and_sees_only_their_canvas(
    page: Page, practice: Practiced
) -> None:
    sign_in(page, practice.trial.url, ANN)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Crumb & Co.")
    expect(main).not_to_contain_text("Northgate IT")
    open_url(page, f"{practice.trial.url}/goal?canvas={practice.bob_canvas}")
    expect(title(page)).to_have_text(NOT_FOUND_TITLE)
    expect(main).not_to_contain_text("Northgate IT")


def test_a_killed_server_loses_no_saved_edit(page: Page, practice: Practiced) -> None:
    trial, admin = practice.trial, practice.admin
    sign_in(page, trial.url, ANN)
    open_url(page, f"{trial.url}/goal?canvas={practice.ann_canvas}")
    expect(title(page)).to_have_text("1. Goal")
    commit_text(page, GOAL_LABEL, "Fill the quiet afternoons", area=True)
    assert stored_goal(admin, practice.ann_canvas) == "Fill the quiet afternoons"
    main, field = page.get_by_test_id("stMain"), text_field(page, GOAL_LABEL)
    expect(main).not_to_contain_text(LOST_ACTION)  # not on a page opened or edited as usual
    first = server_of(page)
    victim = next(server for server in trial.servers if server.name == first)
    victim.kill()
    try:
        # The page's websocket reconnects through the proxy to the other server by itself, as a
        # new session, and the browser does not run the page there until the person acts. That
        # action's edit is lost (Streamlit calls no callback for a widget the session never
        # drew), and the person is told so: the field shows the canvas as saved, not the lost
        # value, and the page says to make the change again.
        commit_text(page, GOAL_LABEL, "Typed as the server died", area=True)
        expect(main.get_by_test_id("stAlert")).to_contain_text(LOST_ACTION)
        expect(field).to_have_value("Fill the quiet afternoons")
        assert admin.load(practice.ann_canvas).revision == 2  # nothing saved, nothing pretended
        commit_text(page, GOAL_LABEL, "And the early mornings", area=True)
        assert stored_goal(admin, practice.ann_canvas) == "And the early mornings"
        expect(main).not_to_contain_text(LOST_ACTION)  # told once, where it happened
        # opened again, the page comes from the other server, still signed in
        open_url(page, f"{trial.url}/goal?canvas={practice.ann_canvas}")
        assert server_of(page) != first
        expect(field).to_have_value("And the early mornings")
        expect(main).not_to_contain_text(LOST_ACTION)
    finally:
        victim.start()


def test_a_forged_cookie_or_a_revoked_share_link_gets_nothing(
    page: Page, practice: Practiced
) -> None:
    trial = practice.trial
    host = trial.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [{"name": "_streamlit_user", "value": "forged.cookie.value", "domain": host, "path": "/"}]
    )
    open_url(page, f"{trial.url}/goal?canvas={practice.ann_canvas}")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_test_id("stMain")).not_to_contain_text("Crumb & Co.")

    bob = Practice(practice.admin, Caller(BOB))
    token = bob.make_share(practice.bob_canvas, 7)
    assert token is not None
    open_url(page, f"{trial.url}/?share={token}")  # no sign-in needed, read-only
    expect(title(page)).to_have_text("Northgate IT")
    expect(page.get_by_test_id("stMain").get_by_role("textbox")).to_have_count(0)
    link = next(link for link in bob.shares(practice.bob_canvas) if not link.revoked)
    assert bob.revoke_share(link.link_id)
    open_url(page, f"{trial.url}/?share={token}")  # replayed after revocation
    expect(title(page)).to_have_text(NOT_FOUND_TITLE)
    expect(page.get_by_test_id("stMain")).not_to_contain_text("Northgate IT")


def stop_coaching(page: Page, coach: str, client: str) -> None:
    """In the owner's "People in the practice" panel: stop `coach` coaching `client`."""
    panel = page.get_by_test_id("stExpander").filter(has_text="People in the practice")
    panel.locator("summary").click()
    pick_option(page, "Coach", coach)
    pick_option(page, "Client", client)
    rerun(page, panel.get_by_role("button", name="Stop coaching").click)
    expect(panel).to_contain_text(f"{client} · Client")
    expect(panel).not_to_contain_text(f"{client} · Client · coached by")


def test_a_coach_lists_exactly_their_clients_canvases_until_the_owner_stops_it(
    page: Page, browser: Browser, practice: Practiced
) -> None:
    trial, admin = practice.trial, practice.admin
    people: dict[str, Role] = {CAROL: "coach", DAVE: "coach", CLEO: "client", DINA: "client"}
    add_people(admin, people | {EVE: "client"}, coaches={CLEO: CAROL, DINA: DAVE})
    cleos = canvases_of(admin, CLEO, "Cleo Kitchen", "Cleo Catering")
    canvases_of(admin, DINA, "Dina Deli")  # another coach's client
    canvases_of(admin, EVE, "Eve Eatery")  # a client without a coach (as are Ann and Bob)
    sign_in(page, trial.url, CAROL)
    assert listed(page) == {"Cleo Kitchen", "Cleo Catering"}
    open_url(page, f"{trial.url}/goal?canvas={cleos[0]}")
    expect(title(page)).to_have_text("1. Goal")

    owner = counting_context(browser, viewport=VIEWPORT).new_page()
    try:
        sign_in(owner, trial.url, OWNER)
        stop_coaching(owner, CAROL, CLEO)
    finally:
        owner.context.close()
    assert all(
        p.coaches == () for p in Practice(admin, Caller(OWNER)).people() if p.user_id == CLEO
    )

    open_url(page, trial.url)
    expect(page.get_by_test_id("stMain")).to_contain_text("No canvases yet")
    assert listed(page) == set()
    main = page.get_by_test_id("stMain")
    open_url(page, f"{trial.url}/goal?canvas={new_canvas_id()}")  # a guessed id
    expect(title(page)).to_have_text(NOT_FOUND_TITLE)
    guessed = main.inner_text()
    for canvas_id in cleos:
        open_url(page, f"{trial.url}/goal?canvas={canvas_id}")
        expect(title(page)).to_have_text(NOT_FOUND_TITLE)
        assert main.inner_text() == guessed
    assert "Cleo" not in guessed


def test_a_database_restart_mid_session_loses_nothing_saved_and_saving_resumes(
    page: Page, practice: Practiced, running_cluster: PostgresCluster
) -> None:
    trial, admin = practice.trial, practice.admin
    add_people(admin, {FAY: "client"}, coaches={})
    [fays] = canvases_of(admin, FAY, "Fay Flowers")
    sign_in(page, trial.url, FAY)
    open_url(page, f"{trial.url}/goal?canvas={fays}")
    commit_text(page, GOAL_LABEL, "Saved before the restart", area=True)
    assert stored_goal(admin, fays) == "Saved before the restart"

    running_cluster.stop()
    commit_text(page, GOAL_LABEL, "Typed while the database was down", area=True)
    main, field = page.get_by_test_id("stMain"), text_field(page, GOAL_LABEL)
    reason, advice = REASONS["offline"]
    unsaved = f"Your changes could not be saved: {reason}. {advice}"  # session.plain_failure
    expect(main.get_by_test_id("stAlert")).to_contain_text(unsaved)
    expect(field).to_have_value("Typed while the database was down")  # kept in memory

    running_cluster.start()
    eventually(lambda: stored_goal(admin, fays), what="PostgreSQL answering again")
    assert stored_goal(admin, fays) == "Saved before the restart"  # nothing saved was lost
    commit_text(page, GOAL_LABEL, "Saved once it was back", area=True)
    assert stored_goal(admin, fays) == "Saved once it was back"
    expect(main).not_to_contain_text(unsaved)
    goals = [admin.load_revision(fays, r.revision).business_goal for r in admin.revisions(fays)]
    assert goals[:2] == ["Saved once it was back", "Saved before the restart"]
