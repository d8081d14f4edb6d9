"""#14 item 2: on a phone the steps open on their content, the sidebar folded away; on a wide screen
the stepper stays open beside them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from canvas.core.document import as_new_canvas
from canvas.storage.files import load_sample
from tests.support.runs import open_url, title
from tests.support.server import Server

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1440, "height": 900}


@pytest.mark.parametrize(("size", "open_"), [(PHONE, False), (WIDE, True)], ids=["phone", "wide"])
def test_the_sidebar_opens_only_where_there_is_room(
    page: Page, server: Server, size: dict[str, int], open_: bool
) -> None:
    canvas_id = server.store().create(as_new_canvas(load_sample("bakery"))).canvas.id
    page.set_viewport_size(size)
    open_url(page, f"{server.url}/groups?canvas={canvas_id}")
    expect(page.get_by_test_id("stSidebar")).to_have_attribute(
        "data-collapsed", str(not open_).lower()
    )
    expect(title(page)).to_be_in_viewport()
