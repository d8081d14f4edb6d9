"""Giving a canvas to a client in Chromium, through HAProxy with its real parts (issue #15): a
coach signs in, gives a canvas they own to their client after the confirmation, and a refusal
that comes up while the dialog is open is shown in it, changing nothing. The practice and the
sign-in are test_practice.py's."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from canvas.core.document import as_new_canvas
from canvas.storage.access import Caller
from canvas.storage.files import load_sample
from canvas.storage.practice import Practice
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_practice import ANN, OWNER, Practiced, practice, sign_in
from tests.support.runs import rerun

__all__ = ["practice"]  # the module's practice: servers, proxy, sign-in provider

pytestmark = pytest.mark.e2e

COACH = "carol@practice.test"


def coach_canvas(practice: Practiced, name: str) -> str:
    """A canvas `name` the coach owns, with Ann as the coach's client; its id."""
    owner = Practice(practice.admin, Caller(OWNER))
    owner.add_person(COACH, "coach")
    owner.assign(COACH, ANN)
    canvas = as_new_canvas(load_sample("bakery"))
    canvas.business_name = name
    return practice.admin.for_caller(Caller(COACH)).create(canvas).canvas.id


def owner_of(practice: Practiced, canvas_id: str) -> str:
    with practice.admin.transaction(writing=False) as conn:
        return conn.execute("SELECT owner FROM canvases WHERE id = %s", (canvas_id,)).fetchone()[0]


def open_give_dialog(page: Page, canvas_id: str, name: str) -> None:
    button = page.locator(f".st-key-give-{canvas_id}").get_by_role("button")
    rerun(page, lambda: button.click())
    expect(page.get_by_role("dialog")).to_contain_text(f"Give '{name}' to {ANN}?")


def test_a_coach_gives_a_canvas_to_their_client(page: Page, practice: Practiced) -> None:
    sunrise = coach_canvas(practice, "Sunrise Bakery")
    sign_in(page, practice.trial.url, COACH)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("button", name="Give to a client")).to_have_count(1)
    open_give_dialog(page, sunrise, "Sunrise Bakery")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(
        f"Give 'Sunrise Bakery' to {ANN}? They will own it; you keep access as their coach."
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "handover-dialog.png"))
    assert owner_of(practice, sunrise) == COACH
    rerun(page, lambda: dialog.get_by_role("button", name="Yes, give it").click())
    expect(main).to_contain_text(f"'Sunrise Bakery' now belongs to {ANN}.")
    expect(main.get_by_role("button", name="Give to a client")).to_have_count(0)
    expect(main).to_contain_text("Sunrise Bakery")  # the coach still sees it, as Ann's
    page.screenshot(path=str(ARTIFACTS / "handover-done.png"), full_page=True)
    assert owner_of(practice, sunrise) == ANN


def test_a_refusal_while_the_dialog_is_open_is_shown_there(page: Page, practice: Practiced) -> None:
    draft = coach_canvas(practice, "Second Draft")
    sign_in(page, practice.trial.url, COACH)
    open_give_dialog(page, draft, "Second Draft")
    owner = Practice(practice.admin, Caller(OWNER))
    owner.unassign(COACH, ANN)  # meanwhile, the owner ends the coaching
    try:
        dialog = page.get_by_role("dialog")
        rerun(page, lambda: dialog.get_by_role("button", name="Yes, give it").click())
        expect(dialog).to_contain_text(
            f"'Second Draft' was not given away. {ANN} is not one of your clients."
        )
        page.screenshot(path=str(ARTIFACTS / "handover-refused.png"))
        assert owner_of(practice, draft) == COACH
    finally:
        owner.assign(COACH, ANN)
