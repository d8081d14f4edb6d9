"""The one-page customer strategy (METHOD §3 S9): a column per group, printed on one landscape page."""

from __future__ import annotations

from functools import partial

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from canvas.core import labels as L
from canvas.core.classify import Placement
from canvas.core.metrics import CanvasMetrics
from canvas.core.model import Canvas, CustomerGroup
from canvas.core.strategy import StrategyText
from canvas.outputs.excel.write.printing import PRINT_WIDTH, column_points, column_width
from canvas.outputs.excel.write.sheets import put, reuse_style
from canvas.outputs.excel.write.styles import (
    FONT,
    HEADER_FILL,
    INK,
    MUTED,
    readable_fill,
    solid,
    tint,
)

LABEL_WIDTH = 19
TABLE_TOP = 6
MIN_GROUP_WIDTH = 16.0  # characters: narrower columns wrap every other word
MAX_GROUP_WIDTH = 40.0
BAND = "F6F7F9"
EDGE = Side(style="thin", color="C9CED6")
CELL_BORDER = Border(left=EDGE, right=EDGE, top=EDGE, bottom=EDGE)
BODY = Font(name=FONT, size=10, color=INK)
LABEL = Font(name=FONT, size=10, bold=True, color=HEADER_FILL)
TOP_WRAP = Alignment(vertical="top", wrap_text=True)


def _body(cell: Cell, band: PatternFill | None) -> None:
    cell.font = BODY
    cell.alignment = TOP_WRAP
    cell.border = CELL_BORDER
    if band:
        cell.fill = band


def group_width(count: int) -> float:
    """The width of a group's column: the groups share the page's width, within limits."""
    room = PRINT_WIDTH * 0.98 - column_points(LABEL_WIDTH)
    return max(MIN_GROUP_WIDTH, min(MAX_GROUP_WIDTH, column_width(room / max(count, 1))))


def _merged_row(ws: Worksheet, row: int, label: str, text: str, last_col: int) -> None:
    put(ws, row, 1, label)
    ws.cell(row=row, column=1).font = LABEL
    ws.cell(row=row, column=1).alignment = TOP_WRAP
    put(ws, row, 2, text)
    ws.cell(row=row, column=2).font = Font(name=FONT, size=10, color=INK)
    ws.cell(row=row, column=2).alignment = TOP_WRAP
    if last_col > 2:
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last_col)


def strategy_sheet(
    ws: Worksheet,
    canvas: Canvas,
    metrics: CanvasMetrics,
    placements: dict[str, Placement],
    colors: dict[str, str],
    safe: bool,
    date: str,
) -> None:
    groups = canvas.groups
    last_col = max(len(groups) + 1, 2)
    ws.column_dimensions["A"].width = LABEL_WIDTH
    for index in range(2, last_col + 1):
        ws.column_dimensions[get_column_letter(index)].width = group_width(len(groups))
    words = L.wording(canvas)
    put(ws, 1, 1, canvas.business_name or f"Our {words.strategy.lower()}", "cv_title")
    ws.row_dimensions[1].height = 26
    put(
        ws,
        2,
        1,
        f"{words.strategy} for the next {canvas.strategy_horizon_months} months · {date}",
        "cv_note",
    )
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    _merged_row(ws, 3, "Business goal", canvas.business_goal, last_col)
    _merged_row(ws, 4, "What we stand for", canvas.why_statement, last_col)
    ws.row_dimensions[5].height = 8
    text = StrategyText(canvas, metrics, placements, safe)
    _group_headers(ws, groups, colors, f"{words.customer.capitalize()} group")
    for offset, (label, describe) in enumerate(text.rows(), start=1):
        row = TABLE_TOP + offset
        band = PatternFill("solid", start_color=BAND, end_color=BAND) if offset % 2 == 0 else None
        put(ws, row, 1, label)
        ws.cell(row=row, column=1).font = LABEL
        ws.cell(row=row, column=1).alignment = TOP_WRAP
        ws.cell(row=row, column=1).border = CELL_BORDER
        for index, group in enumerate(groups, start=2):
            value = describe(group)
            put(ws, row, index, value)
            reuse_style(
                ws.cell(row=row, column=index),
                f"strategy_body_{band is not None}",
                partial(_body, band=band),
            )
    foot = TABLE_TOP + len(text.rows()) + 2
    if canvas.first_moves:
        _merged_row(ws, foot, "First moves", canvas.first_moves, last_col)
        foot += 1
    note = (
        f"Lifetime value counts this year's {text.words.margin} plus the years after, discounted at "
        f"{canvas.discount_rate_pct:g}% a year. Shares are of today's {text.words.customers}. "
        "Details are on the other sheets."
    )
    put(ws, foot + 1, 1, note, "cv_note")
    ws.cell(row=foot + 1, column=1).font = Font(name=FONT, size=10, italic=True, color=MUTED)
    ws.merge_cells(start_row=foot + 1, start_column=1, end_row=foot + 1, end_column=last_col)
    _print(ws, last_col, foot + 1)


def _group_headers(
    ws: Worksheet, groups: list[CustomerGroup], colors: dict[str, str], heading: str
) -> None:
    put(ws, TABLE_TOP, 1, heading)
    ws.cell(row=TABLE_TOP, column=1).font = Font(name=FONT, size=10, bold=True, color="FFFFFF")
    ws.cell(row=TABLE_TOP, column=1).fill = solid(HEADER_FILL)
    ws.cell(row=TABLE_TOP, column=1).alignment = Alignment(vertical="center")
    for index, group in enumerate(groups, start=2):
        put(ws, TABLE_TOP, index, L.group_label(group.name))
        cell = ws.cell(row=TABLE_TOP, column=index)
        color = colors[group.id]
        fill, text = readable_fill(color)
        cell.fill = solid(fill)
        cell.font = Font(name=FONT, size=10, bold=True, color=text)
        cell.alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
        cell.border = Border(bottom=Side(style="medium", color=tint(color, 0.3)))
    ws.row_dimensions[TABLE_TOP].height = 30


def _print(ws: Worksheet, last_col: int, last_row: int) -> None:
    """What prints (page fitting comes once the workbook is written: `printing.print_setup`)."""
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.print_title_rows = f"{TABLE_TOP}:{TABLE_TOP}"
    ws.print_options.horizontalCentered = True
    ws.freeze_panes = ws.cell(row=TABLE_TOP + 1, column=2)
    ws.sheet_view.showGridLines = False
