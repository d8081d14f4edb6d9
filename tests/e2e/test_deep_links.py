"""A fresh server whose very first page request is a deep link renders every step (ENGINEERING §2.1)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from canvas.core.document import as_new_canvas
from canvas.core.progress import STEPS
from canvas.storage import open_store
from canvas.storage.files import load_sample
from tests.support.runs import open_url, rerun, title, wait_for_app
from tests.support.server import Server

pytestmark = pytest.mark.e2e


def stepper_is_shown(page: Page) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_be_visible()
    for number, step in enumerate(STEPS, start=1):
        label = re.compile(rf"^(→ )?{number}\. {re.escape(step.title)}")
        expect(sidebar.get_by_text(label).first).to_be_visible()


def test_first_request_is_a_deep_link(
    page: Page, fresh_server: Callable[[], Server], tmp_path: Path
) -> None:
    # The canvas is put in the store file before the server exists.
    store_dir = tmp_path / "server-0"
    store_dir.mkdir()
    canvas = open_store(store_dir / "store.db").create(as_new_canvas(load_sample("bakery"))).canvas
    server = fresh_server()
    assert server.store_path == store_dir / "store.db"

    open_url(page, f"{server.url}/value-map?canvas={canvas.id}")
    expect(title(page)).to_have_text("5. Value-exchange map")
    stepper_is_shown(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(canvas.business_name)

    for number, step in enumerate(STEPS, start=1):
        open_url(page, f"{server.url}/{step.slug}?canvas={canvas.id}")
        expect(title(page)).to_have_text(f"{number}. {step.title}")
        stepper_is_shown(page)

    open_url(page, f"{server.url}/value-map?canvas={'x' * 22}")
    expect(title(page)).to_have_text("We couldn't find that canvas")
    expect(page.get_by_role("link", name="Go to your canvases")).to_be_visible()


MAIN_SCROLL_JS = "document.querySelector('[data-testid=\"stMain\"]').scrollTop"


@pytest.mark.parametrize("how", ["Good enough, move on", "sidebar", "footer link"])
def test_a_step_opens_at_its_top(how: str, page: Page, server: Server) -> None:
    """However the next step is entered, its heading and first inputs are on screen (#16)."""
    canvas_id = server.store().create(as_new_canvas(load_sample("bakery"))).canvas.id
    open_url(page, f"{server.url}/value-to-business?canvas={canvas_id}")
    page.get_by_test_id("stMain").evaluate("main => main.scrollTo(0, main.scrollHeight)")
    assert page.evaluate(MAIN_SCROLL_JS) > 500
    go = {
        "Good enough, move on": page.get_by_role("button", name="Good enough, move on"),
        "sidebar": page.get_by_test_id("stSidebar").get_by_role(
            "link", name="5. Value-exchange map"
        ),
        "footer link": page.get_by_role("link", name="Value-exchange map →"),
    }[how]
    rerun(page, go.click)
    expect(title(page)).to_have_text("5. Value-exchange map")
    wait_for_app(page)
    expect(title(page)).to_be_in_viewport()
    assert page.evaluate(MAIN_SCROLL_JS) == 0
