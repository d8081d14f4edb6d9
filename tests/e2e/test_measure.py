"""#13 in the browser: the owner drops the bakery's sales export onto step 4, accepts the measured
figures, and the groups' places stop being guesses on every chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from canvas.core.document import as_new_canvas
from canvas.storage.files import SAMPLES_DIR, load_sample
from tests.support.runs import open_url, rerun
from tests.support.server import Server, wait_stored

pytestmark = pytest.mark.e2e

SALES = SAMPLES_DIR / "sales" / "bakery_sales.csv.gz"
CAMPERS = "Laptop campers"  # the bakery's group whose figures are a guess


def lifetime_value_chart(page: Page) -> str:
    """The text marks of step 4's lifetime-value chart, as the page's accessible image says them."""
    chart = page.get_by_test_id("stVegaLiteChart").last  # the first picture, lifetime value
    chart.scroll_into_view_if_needed()
    expect(chart.get_by_role("img").first).to_be_visible()
    return chart.aria_snapshot()


def test_a_sales_export_makes_the_figures_measured(page: Page, server: Server) -> None:
    canvas_id = server.store().create(as_new_canvas(load_sample("bakery"))).canvas.id
    open_url(page, f"{server.url}/value-to-business?canvas={canvas_id}")
    assert "(estimate)" in lifetime_value_chart(page)  # the campers' figures are a guess

    page.get_by_text("Measure from your sales records").click()
    dropzone = page.get_by_test_id("stFileUploaderDropzoneInput")
    rerun(page, lambda: dropzone.set_input_files(str(SALES)))
    accept = page.get_by_role("button", name="Accept all measured figures")
    expect(accept).to_be_visible(timeout=60_000)
    rerun(page, accept.click)
    expect(page.get_by_text("Accepted: these figures are on your canvas")).to_be_visible()

    stored = wait_stored(
        server,
        canvas_id,
        lambda c: all(g.measured is not None for g in c.groups),
        "every group's measured figures saved",
    )
    campers = next(g for g in stored.groups if g.name == CAMPERS)
    assert campers.measured is not None and campers.measured.file_name == SALES.name
    assert campers.confidence.customer_count == "measured"
    assert campers.customer_count == 110
    expect(page.get_by_text(f"Measured from {SALES.name}", exact=False)).to_be_visible()
    assert "(estimate)" not in lifetime_value_chart(page)  # solid now, on every chart
