"""Coach mode in the browser: the presenter view in large type, keyboard navigation, the timer
across a reload, the parking lot in the workbook, and the recap of what a session changed.

Screenshots go to artifacts/screenshots/present-<w>x<h>-<step>.png (git-ignored), for people to
look at. Every canvas is a fresh copy of the bakery sample, so the tests share one server.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Locator, Page, expect

from canvas.core import coach
from canvas.core.document import as_new_canvas
from canvas.core.labels import INTENTS
from canvas.core.model import Canvas, IntentType
from canvas.core.progress import STEP_BY_SLUG, STEPS
from canvas.storage.files import load_sample
from tests.e2e.conftest import ARTIFACTS
from tests.support.runs import assert_no_exception, open_url, rerun, title, wait_for_app
from tests.support.server import Server, stored, wait_stored
from tests.support.widgets import pick_segment

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "screenshots"
MIN_PX = 22.0
SESSION_MINUTES = sum(step.minutes for step in STEPS)  # 75 with the default agenda
FIRST, SECOND = "Weekday commuters", "Weekend brunch families"  # the bakery's first two groups
TIMER = r"\d+:\d{2} (left|over) · session \d+ of \d+ min"

# Computed font sizes (px) in the main area of the page, each list only of what is rendered.
FONT_SIZES_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const note = document.querySelector('[data-testid="stPopoverBody"]') || main;
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const shown = (els) => [...els].filter((el) => el.getClientRects().length > 0);
  const texts = (selector) => shown(main.querySelectorAll(selector))
    .filter((el) => el.innerText.trim())
    .map((el) => [el.innerText.trim().slice(0, 50), px(el)]);
  return {
    body: texts('.stMarkdown [data-testid="stMarkdownContainer"] p'),
    inputs: shown(main.querySelectorAll('input[type="text"], input[type="number"], textarea'))
      .map((el) => [el.getAttribute('aria-label') || el.value.slice(0, 50), px(el)]),
    timer: texts('[data-testid="stAlert"] [data-testid="stMarkdownContainer"] p'),
    popovers: texts('[data-testid="stPopoverButton"] [data-testid="stMarkdownContainer"] p'),
    scores: texts('[data-testid="stButtonGroup"] button p'),
    links: texts('[data-testid="stPageLink"] p'),
    submit: shown(note.querySelectorAll('[data-testid="stFormSubmitButton"] button p'))
      .map((el) => [el.innerText.trim(), px(el)]),
    note: shown(note.querySelectorAll('input[type="text"]')).map((el) => ['Quick note', px(el)]),
  };
}"""


# ---------- setting up ----------


def open_note(page: Page) -> None:
    """Open the presenter's "Park a note" popover and wait for its field."""
    page.get_by_test_id("stPopoverButton").filter(has_text="Park a note").click()
    expect(page.get_by_label("Quick note", exact=True)).to_be_visible()


def new_bakery(server: Server) -> str:
    """A fresh copy of the bakery sample, put in the server's store; its id."""
    return server.store().create(as_new_canvas(load_sample("bakery"))).canvas.id


def change_in_store(server: Server, canvas_id: str, change: Callable[[Canvas], Canvas]) -> Canvas:
    """Save a change straight to the store, as another window would (pages opened afterwards load
    it). Only used before a page opens the canvas, or right before a reload."""
    store = server.store()
    latest = store.load(canvas_id)
    assert latest is not None
    return store.save(change(latest.canvas), base_revision=latest.revision, note="test").canvas


def session_of(server: Server, canvas_id: str) -> coach.CoachSession:
    running = stored(server, canvas_id).coach_session
    assert running is not None, "no coached session in the store"
    return running


def start_session(page: Page, server: Server, canvas_id: str) -> None:
    """The sidebar's "Start a coached session" on the goal step: opens the presenter view."""
    open_url(page, f"{server.url}/goal?canvas={canvas_id}")
    sidebar = page.get_by_test_id("stSidebar")
    rerun(page, sidebar.get_by_role("button", name="Start a coached session").click)
    expect(page).to_have_url(re.compile(rf"/present\?canvas={canvas_id}"))
    expect(title(page)).to_have_text("Goal")
    wait_stored(
        server,
        canvas_id,
        lambda c: c.coach_session is not None and c.coach_session.step == "S1",
        "the coached session to be saved at step 1",
    )
    assert_no_exception(page)


def press(page: Page, key: str) -> None:
    """Press a shortcut with the focus on the page itself, not in a field, and wait for the run."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    assert page.evaluate("() => document.activeElement.tagName") == "BODY"
    rerun(page, lambda: page.keyboard.press(key))
    assert_no_exception(page)


def timer_line(page: Page, step_title: str) -> Locator:
    return page.get_by_test_id("stAlert").filter(
        has_text=re.compile(rf"^{re.escape(step_title)}: {TIMER}")
    )


def group_heading(page: Page) -> Locator:
    return page.locator('[data-testid="stMain"] h2')


def in_focus(name: str, position: int) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(name)}\s+·\s+group {position} of 6$")


# ---------- 1. large type, at the sizes of a projector and a laptop ----------


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"])
def test_presenter_view_is_large_type(page: Page, server: Server, size: tuple[int, int]) -> None:
    width, height = size
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    canvas_id = new_bakery(server)
    change_in_store(server, canvas_id, coach.start_session)

    for slug in ("goal", "value-to-business", "value-map"):
        step = STEP_BY_SLUG[slug]
        change_in_store(server, canvas_id, lambda c, code=step.code: coach.go_to_step(c, code))
        open_url(page, f"{server.url}/present?canvas={canvas_id}")
        expect(title(page)).to_have_text(step.title)
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        expect(page.get_by_test_id("stSidebarCollapsedControl")).to_be_hidden()
        expect(timer_line(page, step.title)).to_be_visible()
        for chart in page.get_by_test_id("stVegaLiteChart").all():
            expect(chart.locator("canvas, svg").first).to_be_visible()
        page.screenshot(
            path=str(SHOTS / f"present-{width}x{height}-{slug}.png"), animations="disabled"
        )

        # what the audience reads: the step's prompt and the other markdown, and the fields
        open_note(page)
        expect(page.get_by_label("Quick note", exact=True)).to_be_visible()
        sizes = page.evaluate(FONT_SIZES_JS)
        print(f"\n{width}x{height} {slug}: {sizes}")
        assert sizes["body"], "no body text found"
        fields = sizes["inputs"] + sizes["note"]
        assert fields, "no input found"
        small = [(text, px) for text, px in sizes["body"] + fields if px < MIN_PX]
        assert not small, f"text under {MIN_PX:g}px on {slug}: {small}"


def test_presenter_view_controls_are_large_type(page: Page, server: Server) -> None:
    canvas_id = new_bakery(server)
    change_in_store(server, canvas_id, coach.start_session)
    change_in_store(server, canvas_id, lambda c: coach.go_to_step(c, "S4"))
    open_url(page, f"{server.url}/present?canvas={canvas_id}")
    expect(title(page)).to_have_text("Value to the business")
    open_note(page)
    expect(page.get_by_role("button", name="Add note")).to_be_visible()
    sizes = page.evaluate(FONT_SIZES_JS)
    for part in ("timer", "scores", "popovers", "links", "submit", "note"):
        assert sizes[part], f"nothing found for {part}"
    small = {
        part: sorted({px for _, px in sizes[part] if px < MIN_PX})
        for part in ("timer", "scores", "popovers", "links", "submit", "note")
    }
    assert not any(small.values()), f"text under {MIN_PX:g}px: {small}"


SCORE_BUTTONS_JS = """() => {
  const group = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stButtonGroup"]')].pop();
  const column = group.closest('[data-testid="stColumn"], [data-testid="stVerticalBlock"]')
    .getBoundingClientRect();
  return [...group.querySelectorAll('button')].map((b) => {
    const box = b.getBoundingClientRect();
    return [b.innerText, Math.round(box.left - column.left), Math.round(column.right - box.right)];
  });
}"""


def test_score_buttons_fit_at_1280(page: Page, server: Server) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    canvas_id = new_bakery(server)
    change_in_store(server, canvas_id, coach.start_session)
    change_in_store(server, canvas_id, lambda c: coach.go_to_step(c, "S4"))
    open_url(page, f"{server.url}/present?canvas={canvas_id}")
    expect(title(page)).to_have_text("Value to the business")
    buttons = page.evaluate(SCORE_BUTTONS_JS)
    assert [text for text, _, _ in buttons] == [f"{1 + i / 2:g}" for i in range(9)]
    outside = [(text, left, right) for text, left, right in buttons if left < 0 or right < 0]
    assert not outside, f"score buttons outside their column (px left, px right): {outside}"


def test_present_deep_link_without_a_session(page: Page, server: Server) -> None:
    canvas_id = new_bakery(server)
    open_url(page, f"{server.url}/value-map?canvas={canvas_id}&present=1")
    expect(page).to_have_url(re.compile(r"/present\?"))
    expect(title(page)).to_have_text("Value-exchange map")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_test_id("stAlert")).to_have_count(0)  # no session, no timer


def test_present_deep_link_during_a_session(page: Page, server: Server) -> None:
    canvas_id = new_bakery(server)
    change_in_store(server, canvas_id, coach.start_session)
    open_url(page, f"{server.url}/value-map?canvas={canvas_id}&present=1")
    expect(page).to_have_url(re.compile(r"/present\?.*step=value-map"))
    expect(title(page)).to_have_text("Value-exchange map")
    # the link moves the session there, so the timer follows
    wait_stored(server, canvas_id, lambda c: c.coach_session.step == "S5", "step 5 in the store")
    expect(timer_line(page, "Value-exchange map")).to_be_visible()


# ---------- 2. the keyboard ----------


def test_keyboard_moves_steps_and_groups(page: Page, server: Server) -> None:
    canvas_id = new_bakery(server)
    start_session(page, server, canvas_id)

    press(page, "PageDown")
    expect(title(page)).to_have_text("Customer groups")
    wait_stored(server, canvas_id, lambda c: c.coach_session.step == "S2", "step 2 in the store")
    expect(group_heading(page)).to_have_text(in_focus(FIRST, 1))

    press(page, "ArrowDown")
    expect(group_heading(page)).to_have_text(in_focus(SECOND, 2))
    wait_stored(
        server, canvas_id, lambda c: c.coach_session.focus_group == "brunch", "the group in focus"
    )
    expect(title(page)).to_have_text("Customer groups")

    press(page, "ArrowUp")
    expect(group_heading(page)).to_have_text(in_focus(FIRST, 1))

    press(page, "PageDown")
    expect(title(page)).to_have_text("Value to the customer")
    wait_stored(server, canvas_id, lambda c: c.coach_session.step == "S3", "step 3 in the store")

    press(page, "PageUp")
    expect(title(page)).to_have_text("Customer groups")
    press(page, "PageUp")
    expect(title(page)).to_have_text("Goal")
    wait_stored(server, canvas_id, lambda c: c.coach_session.step == "S1", "step 1 in the store")


def test_page_keys_in_a_field_stay_in_the_field(page: Page, server: Server) -> None:
    canvas_id = new_bakery(server)
    start_session(page, server, canvas_id)
    press(page, "PageDown")
    expect(group_heading(page)).to_have_text(in_focus(FIRST, 1))
    open_note(page)
    field = page.get_by_label("Quick note", exact=True)
    field.fill("typed while the page and arrow keys are pressed")
    field.press("PageDown")
    field.press("PageUp")
    field.press("ArrowDown")
    field.press("ArrowUp")
    rerun(page, lambda: field.press("Enter"))  # submits the form: a run after the keys' runs
    saved = wait_stored(server, canvas_id, lambda c: c.session_notes, "the note to be saved")
    assert saved.session_notes[0].group_id == "commuters"
    expect(title(page)).to_have_text("Customer groups")
    expect(group_heading(page)).to_have_text(in_focus(FIRST, 1))
    running = session_of(server, canvas_id)
    assert (running.step, running.focus_group) in (("S2", None), ("S2", "commuters"))


# ---------- 3. the timer across a reload ----------


def test_timer_survives_a_reload(page: Page, server: Server) -> None:
    canvas_id = new_bakery(server)
    start_session(page, server, canvas_id)
    expect(timer_line(page, "Goal")).to_be_visible()
    rerun(page, page.get_by_role("button", name="Step ▶").click)
    expect(title(page)).to_have_text("Customer groups")
    wait_stored(server, canvas_id, lambda c: c.coach_session.step == "S2", "step 2 in the store")
    started = session_of(server, canvas_id).step_started_at

    page.reload()
    wait_for_app(page)
    assert_no_exception(page)
    expect(title(page)).to_have_text("Customer groups")
    line = timer_line(page, "Customer groups")
    expect(line).to_be_visible()
    minutes, seconds = map(int, re.search(r"(\d+):(\d{2}) left", line.inner_text()).groups())
    assert 0 < minutes * 60 + seconds <= STEP_BY_SLUG["groups"].minutes * 60
    expect(line).to_contain_text(f"of {SESSION_MINUTES} min")
    after = session_of(server, canvas_id)
    assert after.step == "S2"
    assert after.step_started_at == started, "the reload restarted the step's timer"

    # The clock reads the store: a step that started one minute more than its budget ago is over.
    change_in_store(
        server,
        canvas_id,
        lambda c: c.model_copy(
            update={
                "coach_session": c.coach_session.model_copy(
                    update={
                        "step_started_at": started
                        - timedelta(minutes=STEP_BY_SLUG["groups"].minutes + 1)
                    }
                )
            }
        ),
    )
    page.reload()
    wait_for_app(page)
    expect(title(page)).to_have_text("Customer groups")
    over = timer_line(page, "Customer groups")
    expect(over).to_contain_text(re.compile(r"1:\d{2} over"))
    expect(over).to_contain_text("Time to wrap up this step")


# ---------- 4. the parking lot, into the workbook ----------


def test_parked_note_reaches_the_workbook(page: Page, server: Server, tmp_path: Path) -> None:
    note = "Check the 60% commuter retention against the loyalty-card data"
    canvas_id = new_bakery(server)
    start_session(page, server, canvas_id)
    press(page, "PageDown")
    expect(title(page)).to_have_text("Customer groups")

    open_note(page)
    page.get_by_label("Quick note", exact=True).fill(note)
    page.get_by_test_id("stRadio").get_by_text("Number to check", exact=True).click()
    # the choice is the browser's until the form is sent: send it once the radio shows it
    expect(page.get_by_role("radio", name="Number to check")).to_be_checked()
    rerun(page, page.get_by_role("button", name="Add note").click)
    expect(page.get_by_text("Note added")).to_be_visible()
    saved = wait_stored(
        server, canvas_id, lambda c: len(c.session_notes) == 1, "the note to be saved"
    ).session_notes[0]
    assert (saved.text, saved.kind.value, saved.step, saved.group_id) == (
        note,
        "verify",
        "S2",
        "commuters",
    )
    expect(page.get_by_label("Quick note", exact=True)).to_have_value("")  # cleared for the next

    open_url(page, f"{server.url}/summary?canvas={canvas_id}")
    expect(page.get_by_role("heading", name="Session notes")).to_be_visible()
    expect(page.get_by_test_id("stMain").get_by_text(note)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Workbook (Excel)", exact=True).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert "Session notes" in workbook.sheetnames, workbook.sheetnames
    cells = [
        str(value)
        for row in workbook["Session notes"].iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert note in cells, cells
    assert "Number to check" in " ".join(cells), cells


# ---------- 5. the recap ----------


def test_recap_names_what_changed(page: Page, server: Server) -> None:
    canvas_id = new_bakery(server)
    before = stored(server, canvas_id).groups[0]
    assert before.name == FIRST and before.value_to_customer_score == 3.5
    start_session(page, server, canvas_id)

    # in presenter view: a new value-to-customer score for the first group
    press(page, "PageDown")
    press(page, "PageDown")
    expect(title(page)).to_have_text("Value to the customer")
    pick_segment(page, "Value to the customer", "5")
    wait_stored(
        server, canvas_id, lambda c: c.groups[0].value_to_customer_score == 5, "the new score"
    )

    # on the normal intent page: untick "Grow" for the first group
    open_url(page, f"{server.url}/intent?canvas={canvas_id}")
    grow = page.get_by_test_id("stCheckbox").filter(has_text=re.compile(r"^Grow$")).first
    rerun(page, lambda: grow.locator("label").click())
    wait_stored(
        server,
        canvas_id,
        lambda c: [i.type for i in c.groups[0].intents] == [IntentType.maintain],
        "the first group's intents without Grow",
    )

    sidebar = page.get_by_test_id("stSidebar")
    rerun(page, sidebar.get_by_role("button", name="End session and see the recap").click)
    expect(page).to_have_url(re.compile(r"/summary\?canvas="))
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Session recap")).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(f"{FIRST}: value to the customer 3.5 → 5.")).to_be_visible()
    was = " + ".join(INTENTS[i.type] for i in before.intents)
    expect(main.get_by_text(f"{FIRST}: intent {was} → Maintain.")).to_be_visible()
    assert session_of(server, canvas_id).ended_at is not None
