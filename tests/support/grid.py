"""Cells of `st.data_editor`: a glide data grid drawn on a canvas, with an accessible table beside it.

The caller waits for whatever an edit triggers (`runs.rerun`); nothing here sleeps.
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

ROW_PX = 35
HEADER_PX = 35
FIRST_COLUMN_X = 60  # past the row-marker column of dynamic tables, inside the first column
EDITOR_INPUT = '#portal [id^="gdg-overlay"] input, #portal [id^="gdg-overlay"] textarea'


def grid(page: Page, index: int = 0) -> Locator:
    """The `index`-th data editor on the page."""
    return page.locator('[data-testid="stDataFrame"]').nth(index)


def grid_text(table: Locator) -> str:
    """The grid's cell texts, from the accessible table glide keeps next to its canvas."""
    return table.locator("table").first.inner_text()


def row_y(box: dict[str, float], row: int) -> float:
    """The page y of the middle of grid row `row` (0 is the first row under the header)."""
    return box["y"] + HEADER_PX + row * ROW_PX + ROW_PX / 2


def select_cell(page: Page, table: Locator, row: int, column: int) -> None:
    """Select a cell: click the row's first column, move right with the arrow keys, and wait for
    glide's accessible table to report that very cell selected (the cell selected before, e.g.
    the one Enter moved to, may sit in the same row)."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    cells = table.locator(f'td[data-testid^="glide-cell-"][data-testid$="-{row}"]')
    first = int((cells.first.get_attribute("data-testid") or "").split("-")[2])
    page.keyboard.press("Escape")  # a click on a selected cell would open its editor
    page.mouse.click(box["x"] + FIRST_COLUMN_X, row_y(box, row))
    expect(table.get_by_test_id(f"glide-cell-{first}-{row}")).to_have_attribute(
        "aria-selected", "true"
    )
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    expect(table.get_by_test_id(f"glide-cell-{first + column}-{row}")).to_have_attribute(
        "aria-selected", "true"
    )


def type_in_open_editor(page: Page, value: str) -> None:
    """Replace the text of the cell editor that is open, and close it with Enter."""
    editor = page.locator(EDITOR_INPUT).first
    expect(editor).to_be_visible()
    editor.fill(value)
    page.keyboard.press("Enter")
    expect(page.locator(EDITOR_INPUT)).to_have_count(0)


def edit_cell(page: Page, table: Locator, row: int, column: int, value: str) -> None:
    """Edit a text or number cell; the caller waits for whatever the edit triggers."""
    select_cell(page, table, row, column)
    page.keyboard.press("Enter")  # opens the cell's editor with its current value
    type_in_open_editor(page, value)


def start_new_row(page: Page, table: Locator, rows_now: int, first_value: str) -> None:
    """Click the empty row at the bottom: glide adds a row and opens its first cell's editor."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + FIRST_COLUMN_X, row_y(box, rows_now))
    type_in_open_editor(page, first_value)
