"""#14 item 9: the stepper highlights the step you are on (it used to be greyed out like a disabled
link), in the browser, where the style is applied."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from canvas.core.document import as_new_canvas
from canvas.storage.files import load_sample
from tests.support.runs import open_url
from tests.support.server import Server

pytestmark = pytest.mark.e2e

# Streamlit draws a link with a help tooltip twice, one copy hidden: the visible one is the link.
LINK = '[data-testid="stPageLink-NavLink"] >> visible=true'
STYLE_JS = """el => {
  const s = getComputedStyle(el), text = getComputedStyle(el.querySelector('p') || el);
  return {background: s.backgroundColor, shadow: s.boxShadow, color: text.color,
          weight: text.fontWeight, opacity: s.opacity, events: s.pointerEvents};
}"""


def test_the_current_step_is_highlighted_not_greyed(page: Page, server: Server) -> None:
    canvas_id = server.store().create(as_new_canvas(load_sample("bakery"))).canvas.id
    open_url(page, f"{server.url}/value-map?canvas={canvas_id}")
    sidebar = page.get_by_test_id("stSidebar")
    current = sidebar.locator(f".st-key-current-step {LINK}")
    expect(current).to_have_count(1)
    expect(current).to_contain_text("5. Value-exchange map")
    other = sidebar.locator(LINK, has_text="4. Value to the business")
    here, there = current.evaluate(STYLE_JS), other.evaluate(STYLE_JS)
    assert here["background"] != there["background"]
    assert here["shadow"] != "none" and int(here["weight"]) > int(there["weight"])
    assert here["opacity"] == there["opacity"] == "1" and here["events"] != "none"
    assert here["color"] != "rgba(49, 51, 63, 0.4)"  # Streamlit's greyed, disabled text
