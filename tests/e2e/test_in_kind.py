"""#12 in the browser: a charity types its volunteers' hours into the step 4 table; the group is
then valued in kind on the page, in the store and on the value-exchange map."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from canvas.core.document import as_new_canvas
from canvas.core.editing import with_group_changes
from canvas.storage.files import load_sample
from tests.support.grid import edit_cell, grid, grid_text
from tests.support.runs import open_url, rerun
from tests.support.server import Server, wait_stored

pytestmark = pytest.mark.e2e

IN_KIND_GRID = 2  # step 4: the figures, the recommendation counts, then time and gifts in kind
VOLUNTEERS_ROW = 3
HOURS_COLUMN = 2  # group, what they give, hours


def test_hours_typed_in_value_volunteers_in_kind(page: Page, server: Server) -> None:
    canvas = with_group_changes(
        as_new_canvas(load_sample("nonprofit")),
        "volunteers",
        volunteer_hours_per_year=None,
        cost_to_serve_per_year=450.0,
        retention_pct=65.0,
    )
    canvas_id = server.store().create(canvas).canvas.id
    open_url(page, f"{server.url}/value-to-business?canvas={canvas_id}")
    table = grid(page, IN_KIND_GRID)
    expect(table).to_contain_text("Volunteer hours a year, each")

    rerun(page, lambda: edit_cell(page, table, VOLUNTEERS_ROW, HOURS_COLUMN, "100"))
    stored = wait_stored(
        server,
        canvas_id,
        lambda c: c.group("volunteers").volunteer_hours_per_year == 100,
        "the volunteers' hours saved",
    )
    assert stored.group("volunteers").volunteer_hours_per_year == 100
    assert "100" in grid_text(grid(page, IN_KIND_GRID))
    # 100 h x $31.80 less $450 support: $2,730 a year, about $6,673 over their time with us
    worth = page.get_by_test_id("stDataFrame").filter(has_text="Net in kind a year")
    expect(worth).to_contain_text("$2,730")
    expect(worth).to_contain_text("$6,673")
    expect(page.get_by_text("Time and gifts in kind: about", exact=False)).to_be_visible()

    hourly = page.get_by_label("Value of a volunteer hour (AUD)")
    rerun(page, lambda: (hourly.fill("20"), hourly.press("Enter")))
    wait_stored(server, canvas_id, lambda c: c.volunteer_hour_value == 20, "the hourly value saved")
    expect(worth).to_contain_text("$1,550")  # 100 h x $20 less $450

    open_url(page, f"{server.url}/value-map?canvas={canvas_id}")
    said = page.get_by_text("Weekend volunteers", exact=False).filter(has_text="in kind")
    expect(said.first).to_be_visible()
    expect(page.get_by_text("cost more than they bring in", exact=False)).to_have_count(0)
