"""A new owner fills every step of a blank canvas through the browser, reloads midway, and leaves
with the workbook and the canvas file."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.support.grid import edit_cell, grid, grid_text, start_new_row
from tests.support.runs import (
    assert_no_exception,
    canvas_id_of,
    open_url,
    rerun,
    title,
    wait_for_app,
)
from tests.support.server import Server, wait_stored
from tests.support.widgets import commit_text, pick_segment

pytestmark = pytest.mark.e2e

BUSINESS = "Harbour Lane Bikes"
GOAL = "Double repair margin in 18 months without weekend work"
GROUPS = [("Daily commuters", 240), ("Weekend racers", 35)]
JOB = "Get to work on time, every day"
WHY = "We believe a bike that never lets you down changes your day"
WHAT = "Same-day repair with a loan bike while yours is in the shop"
PLACE = "Sunday morning club ride"


def next_step(page: Page, heading: str) -> None:
    """'Good enough, move on' to the next step."""
    rerun(page, lambda: page.get_by_role("button", name="Good enough, move on").click())
    expect(title(page)).to_have_text(heading)
    assert_no_exception(page)


def add_group(page: Page, rows_now: int, name: str, count: int) -> None:
    # a new row gets "Current customers" as its kind, so it is saved as soon as it has a name
    rerun(page, lambda: start_new_row(page, grid(page), rows_now, name))
    row = grid(page).locator("table tbody tr").nth(rows_now)
    expect(row).to_contain_text(f"{name}current")  # raw values
    rerun(page, lambda: edit_cell(page, grid(page), rows_now, 2, str(count)))


def test_new_owner_fills_every_step(page: Page, server: Server, tmp_path: Path) -> None:
    open_url(page, server.url + "/")
    rerun(page, lambda: page.get_by_role("button", name="Start blank").click())
    expect(page).to_have_url(re.compile(r"/goal\?canvas="))
    expect(title(page)).to_have_text("1. Goal")
    canvas_id = canvas_id_of(page)

    # 1. Goal
    commit_text(page, "Business name", BUSINESS)
    commit_text(
        page,
        "Business goal: in 12 to 24 months, what must be true for the business?",
        GOAL,
        area=True,
    )
    wait_stored(
        server,
        canvas_id,
        lambda c: c.business_name == BUSINESS and c.business_goal == GOAL,
        "the goal step to be saved",
    )
    expect(page.get_by_test_id("stSidebar")).to_contain_text(BUSINESS)

    # 2. Customer groups, typed into the data editor
    next_step(page, "2. Customer groups")
    for rows_now, (name, count) in enumerate(GROUPS):
        add_group(page, rows_now, name, count)
    saved = wait_stored(
        server,
        canvas_id,
        lambda c: [(g.name, g.customer_count) for g in c.groups] == GROUPS,
        "both groups with their counts to be saved",
    )
    assert all(g.kind.value == "current" for g in saved.groups)

    # Reload midway: same canvas, same step, everything still there
    page.reload()
    wait_for_app(page)
    assert_no_exception(page)
    assert canvas_id_of(page) == canvas_id
    expect(page).to_have_url(re.compile(r"/groups\?canvas="))
    expect(title(page)).to_have_text("2. Customer groups")
    text = grid_text(grid(page))
    for name, count in GROUPS:
        assert name in text and str(count) in text, text
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text(BUSINESS)
    rerun(page, lambda: sidebar.get_by_role("link", name=re.compile(r"^1\. Goal")).click())
    expect(title(page)).to_have_text("1. Goal")
    expect(page.get_by_label("Business name", exact=True)).to_have_value(BUSINESS)
    expect(page.get_by_label(re.compile(r"^Business goal"))).to_have_value(GOAL)
    assert canvas_id_of(page) == canvas_id
    rerun(page, lambda: sidebar.get_by_role("link", name=re.compile(r"^2\. Customer")).click())
    expect(title(page)).to_have_text("2. Customer groups")

    # 3. Value to the customer: a job and a score, for the first group
    next_step(page, "3. Value to the customer")
    rerun(page, lambda: start_new_row(page, grid(page, 0), 0, JOB))
    pick_segment(page, "Value to the customer", "4")
    wait_stored(
        server,
        canvas_id,
        lambda c: (
            [j.text for j in c.groups[0].jobs] == [JOB] and c.groups[0].value_to_customer_score == 4
        ),
        "the job and the value-to-customer score to be saved",
    )

    # 4. Value to the business: an economic figure and a score
    next_step(page, "4. Value to the business")
    rerun(page, lambda: edit_cell(page, grid(page, 0), 0, 2, "12.5"))
    pick_segment(page, "Value to the business", "3.5")
    wait_stored(
        server,
        canvas_id,
        lambda c: (
            c.groups[0].avg_order_value == 12.5 and c.groups[0].value_to_business_score == 3.5
        ),
        "the average sale and the value-to-business score to be saved",
    )

    # 5. The value-exchange map
    next_step(page, "5. Value-exchange map")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()

    # 6. Intent and target mix
    next_step(page, "6. Intent and target mix")
    grow = page.get_by_test_id("stCheckbox").filter(has_text=re.compile(r"^Grow$"))
    rerun(page, lambda: grow.locator("label").click())
    targets = page.get_by_test_id("stDataFrame").last
    rerun(page, lambda: edit_cell(page, targets, 0, 2, "70"))
    rerun(page, lambda: edit_cell(page, page.get_by_test_id("stDataFrame").last, 1, 2, "30"))
    expect(page.get_by_text("Targets add up to 100%.")).to_be_visible()
    wait_stored(
        server,
        canvas_id,
        lambda c: (
            [i.type.value for i in c.groups[0].intents] == ["grow"]
            and [g.target_share_pct for g in c.groups] == [70, 30]
        ),
        "the intent and the targets to be saved",
    )

    # 7. Value propositions
    next_step(page, "7. Value propositions")
    commit_text(page, "Why: what you believe that they care about too", WHY, area=True)
    commit_text(page, "What: the products or services that make it real for them", WHAT, area=True)
    wait_stored(
        server,
        canvas_id,
        lambda c: (
            c.groups[0].proposition.why_for_group == WHY and c.groups[0].proposition.what == WHAT
        ),
        "the proposition to be saved",
    )

    # 8. Where they gather
    next_step(page, "8. Where they gather")
    rerun(page, lambda: start_new_row(page, grid(page, 0), 0, PLACE))
    wait_stored(
        server,
        canvas_id,
        lambda c: [h.name for h in c.hangouts] == [PLACE],
        "the place to be saved",
    )

    # 9. The one-page strategy and the downloads
    next_step(page, "9. One-page strategy")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(BUSINESS)
    expect(main).to_contain_text(GOAL)

    with page.expect_download() as excel_download:
        page.get_by_role("button", name="Workbook (Excel)", exact=True).click()
    workbook_path = tmp_path / excel_download.value.suggested_filename
    excel_download.value.save_as(workbook_path)
    assert workbook_path.suffix == ".xlsx"
    texts = workbook_strings(workbook_path.read_bytes())
    assert any(BUSINESS in t for t in texts), "business name missing from the workbook"
    for name, _ in GROUPS:
        assert any(name in t for t in texts), f"group {name!r} missing from the workbook"

    with page.expect_download() as json_download:
        page.get_by_role("button", name="Canvas file (JSON)").click()
    document = json.loads(Path(json_download.value.path()).read_text())
    assert document["business_name"] == BUSINESS
    assert [g["name"] for g in document["groups"]] == [name for name, _ in GROUPS]
    assert document["hangouts"][0]["name"] == PLACE
    assert_no_exception(page)


def workbook_strings(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
