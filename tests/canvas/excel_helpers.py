"""Helpers shared by the Excel tests: edit a workbook the way a person would in Excel."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from canvas.outputs.excel.layout import HEADER_ROW


def edit(data: bytes, change: Callable[[openpyxl.Workbook], None]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def column(ws: Worksheet, header: str) -> int:
    for cell in ws[HEADER_ROW]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


def row_of(ws: Worksheet, header: str, value: str) -> int:
    col = column(ws, header)
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(row=row, column=col).value == value:
            return row
    raise KeyError(value)


def set_cell(ws: Worksheet, row: int, header: str, value: object) -> None:
    ws.cell(row=row, column=column(ws, header)).value = value


def next_row(ws: Worksheet) -> int:
    row = HEADER_ROW + 1
    while any(c.value not in (None, "") for c in ws[row]):
        row += 1
    return row
