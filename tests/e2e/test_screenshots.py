"""Screenshots of every page with the bakery sample at 1440 wide, for people to look at.

Saved under artifacts/screenshots/ (git-ignored). Streamlit scrolls inside `stMain`, so the viewport
is made as tall as the page before each full-page shot.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from canvas.core.progress import STEPS
from tests.e2e.conftest import ARTIFACTS, VIEWPORT
from tests.support.runs import assert_no_exception, canvas_id_of, open_url, rerun, title
from tests.support.server import Server

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "screenshots"
CONTENT_HEIGHT_JS = """() => Math.max(
  ...['stMain', 'stSidebarContent', 'stAppViewContainer']
    .map(id => document.querySelector(`[data-testid="${id}"]`))
    .filter(Boolean)
    .map(el => el.scrollHeight))"""


def full_page_shot(page: Page, name: str) -> None:
    page.set_viewport_size(VIEWPORT)
    height = page.evaluate(CONTENT_HEIGHT_JS)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], height)})
    # charts re-measure themselves after a resize: wait until the page stops growing
    page.wait_for_function(f"() => ({CONTENT_HEIGHT_JS})() <= window.innerHeight", timeout=10_000)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True, animations="disabled")
    page.set_viewport_size(VIEWPORT)


def test_screenshot_every_page_with_the_bakery(page: Page, server: Server) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    open_url(page, server.url + "/")
    full_page_shot(page, "00-library")
    rerun(page, page.get_by_role("button", name="Bakery-café example").click)
    expect(page).to_have_url(re.compile(r"/goal\?canvas="))
    canvas_id = canvas_id_of(page)

    for number, step in enumerate(STEPS, start=1):
        open_url(page, f"{server.url}/{step.slug}?canvas={canvas_id}")
        expect(title(page)).to_have_text(f"{number}. {step.title}")
        for chart in page.get_by_test_id("stVegaLiteChart").all():
            if not chart.is_visible():
                continue  # in a tab that isn't open
            expect(chart.locator("canvas, svg").first).to_be_visible()
        assert_no_exception(page)
        full_page_shot(page, f"{number:02d}-{step.slug}")

    for number, step in enumerate(STEPS, start=1):
        open_url(page, f"{server.url}/{step.slug}?canvas={canvas_id}&present=1")
        expect(page.get_by_text(f"Step {number} of {len(STEPS)}")).to_be_visible()
        expect(page.get_by_role("heading", name=step.title)).to_be_visible()
        assert_no_exception(page)
        full_page_shot(page, f"present-{number:02d}-{step.slug}")
