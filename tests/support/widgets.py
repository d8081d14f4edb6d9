"""Typing into Streamlit widgets the way a person does, and waiting for the run that follows."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.runs import rerun, wait_for_app


def text_field(page: Page, label: str, *, exact: bool = True, nth: int = 0) -> Locator:
    """The `nth` text input or area labelled `label` (the whole label, or a part when not exact).
    Only text boxes: a field's help button is labelled "Help for <label>" too."""
    return page.get_by_role("textbox", name=label, exact=exact).nth(nth)


def commit_text(
    page: Page, label: str, value: str, *, area: bool = False, exact: bool = True, nth: int = 0
) -> None:
    """Type into a text input (Enter commits) or a text area (leaving it, Tab, commits) and wait
    for the script run that follows: that run is the one that autosaves.

    `label` is the field's whole label unless `exact` is False (then a part of it will do).
    The page's context must count runs (`browser.counting_context`)."""
    field = text_field(page, label, exact=exact, nth=nth)
    field.fill(value)
    rerun(page, lambda: field.press("Tab" if area else "Enter"))


def pick_segment(page: Page, label: str, option: str) -> None:
    """Click an option of the `st.segmented_control` whose label is `label`."""
    choice = (
        page.get_by_test_id("stButtonGroup")
        .filter(has_text=label)
        .get_by_role("radio", name=option, exact=True)
    )
    rerun(page, choice.click)
    expect(choice).to_have_attribute("aria-checked", "true")


def pick_option(page: Page, label: str, option: str, attempts: int = 3) -> None:
    """Choose `option` in the `st.selectbox` labelled `label` and wait for the run that follows
    (nothing to wait for when it is already the choice). A list opened while a run redraws the
    page can close again at once: it is opened again, at most `attempts` times."""
    box = page.get_by_role("combobox", name=label, exact=True)
    if box.input_value() == option:
        return
    choice = page.get_by_role("listbox", name=label).get_by_role("option", name=option, exact=True)
    for attempt in range(attempts):
        wait_for_app(page)
        box.click()
        try:
            choice.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
    rerun(page, choice.click)
    expect(box).to_have_value(option)
