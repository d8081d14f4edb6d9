"""Writing tables, lists and dropdowns: the building blocks every sheet uses."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from canvas.outputs.excel.layout import HEADER_ROW, LISTS, Column, Kind
from canvas.outputs.excel.safety import write_text
from canvas.outputs.excel.write.styles import INK, solid, style_name, tint

EXTRA_VALIDATED_ROWS = 200  # new rows typed under a table still get dropdowns
MIN_WIDTH, MAX_WIDTH = 8, 50
NUMERIC = (Kind.int, Kind.number, Kind.money, Kind.score)


def cell_value(column: Column, value: Any) -> Any:
    """What goes in the cell: labels for choices, fractions for percentages, text for text."""
    if value is None or value == "":
        return None
    if column.kind == Kind.choice and column.choices is not None:
        label = column.choices.get(str(value), str(value))
        return float(label) if column.list_name in ("list_score", "list_rank") else label
    if column.kind == Kind.pct:
        return value / 100
    return value


def reuse_style(cell: Cell, key: str, apply: Callable[[Cell], None]) -> None:
    """Style a cell like the first cell styled under `key`: copying the style array is far
    cheaper than setting a named style or font, fill and border on every cell."""
    cache: dict[str, Any] = cell.parent.parent.__dict__.setdefault("_cv_styles", {})
    if key in cache:
        cell._style = copy(cache[key])
    else:
        apply(cell)
        cache[key] = copy(cell._style)


def _named(name: str) -> Callable[[Cell], None]:
    def apply(cell: Cell) -> None:
        cell.style = name

    return apply


def put(ws: Worksheet, row: int, col: int, value: Any, style: str | None = None) -> None:
    cell = ws.cell(row=row, column=col)
    if style:
        reuse_style(cell, style, _named(style))
    if isinstance(value, str):
        write_text(cell, value)
    else:
        cell.value = value


def _width(column: Column, values: Sequence[Any]) -> float:
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    if column.kind == Kind.pct:
        longest = 7
    if column.kind in NUMERIC:
        longest = min(longest, 14) + 3
    # Headers wrap (their row grows to fit), so a short figure under a long header stays narrow:
    # the header needs only its longest word on a line.
    longest_word = max((len(word) for word in column.header.split()), default=0)
    header = max(longest_word, min(len(column.header), 16 if column.kind == Kind.text else 12))
    return max(MIN_WIDTH, min(MAX_WIDTH, max(longest * 1.1, header * 1.1) + 2))


def title_block(
    ws: Worksheet, title: str, help_text: str, column: int = 1, last_column: int | None = None
) -> None:
    """The title and a line of help above a table, in its first visible column; the help wraps
    across the table's width (`last_column`) so it prints on the table's pages."""
    put(ws, 1, column, title, "cv_title")
    put(ws, 2, column, help_text, "cv_note")
    if last_column and last_column > column:
        ws.merge_cells(start_row=2, start_column=column, end_row=2, end_column=last_column)
    ws.row_dimensions[1].height = 24


def first_shown(columns: Sequence[Column]) -> int:
    """The number of the first column that is not hidden."""
    return next(i for i, c in enumerate(columns, 1) if not c.hidden)


def _ink(font: Font) -> Font:
    """The font in the ink colour: dark enough on a group's light tint."""
    return Font(name=font.name, size=font.sz, bold=font.b, italic=font.i, color=INK)


def write_table(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    table_name: str,
    row_colors: Sequence[str | None] | None = None,
) -> None:
    """A worksheet table under the title block, with calculated columns shaded grey."""
    for index, column in enumerate(columns, start=1):
        put(
            ws,
            HEADER_ROW,
            index,
            column.header,
            "cv_header_derived" if column.derived else "cv_header",
        )
    styles = [style_name(c.kind, c.derived) for c in columns]
    fills = {}
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        for index, column in enumerate(columns, start=1):
            put(ws, r, index, cell_value(column, row.get(column.key)), styles[index - 1])
        color = row_colors[r - HEADER_ROW - 1] if row_colors else None
        name_col = next(
            (i for i, c in enumerate(columns, 1) if c.key in ("name", "group_name")), None
        )
        if color and name_col:
            fill = fills.setdefault(color, solid(tint(color)))
            cell = ws.cell(row=r, column=name_col)
            cell.fill = fill
            cell.font = _ink(cell.font)
    last_row = HEADER_ROW + max(len(rows), 1)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        values = [cell_value(column, row.get(column.key)) for row in rows]
        ws.column_dimensions[letter].width = _width(column, values)
        if column.hidden:
            ws.column_dimensions[letter].hidden = True
    ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last_row}"
    table = Table(displayName=table_name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=first_shown(columns) + 1)
    add_dropdowns(ws, columns, last_row)
    if rows:
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    else:  # print the title and its help, not a header row with nothing under it
        ws.print_area = f"A1:{get_column_letter(len(columns))}2"


def add_dropdowns(ws: Worksheet, columns: Sequence[Column], last_row: int) -> None:
    end = last_row + EXTRA_VALIDATED_ROWS
    for index, column in enumerate(columns, start=1):
        if column.derived or not column.list_name:
            continue
        letter = get_column_letter(index)
        groups = column.list_name == "list_groups"
        rule = DataValidation(
            type="list",
            formula1=f"={column.list_name}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning" if groups else "stop",
            errorTitle="Not on the list",
            error=(
                "This name is not on the Groups sheet yet. Add the group there too."
                if groups
                else "Please pick one of the choices in the list."
            ),
        )
        rule.add(f"{letter}{HEADER_ROW + 1}:{letter}{end}")
        ws.add_data_validation(rule)
    for index, column in enumerate(columns, start=1):
        if column.help and not column.derived:
            letter = get_column_letter(index)
            hint = DataValidation(
                type=None,
                showInputMessage=True,
                promptTitle=column.header[:32],
                prompt=column.help[:255],
            )
            hint.add(f"{letter}{HEADER_ROW + 1}:{letter}{end}")
            ws.add_data_validation(hint)


def _define(workbook: Workbook, name: str, column: int, count: int) -> None:
    letter = get_column_letter(column)
    ref = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${max(count, 1) + 1}"
    workbook.defined_names[name] = DefinedName(name, attr_text=ref)


def lists_sheet(
    workbook: Workbook, lists: Mapping[str, Mapping[str, str]], group_names: Sequence[str]
) -> None:
    """The hidden sheet that feeds every dropdown, one named list per column."""
    ws = workbook.create_sheet(LISTS)
    for index, (name, options) in enumerate(lists.items(), start=1):
        put(ws, 1, index, name)
        numeric = name in ("list_score", "list_rank")
        for r, label in enumerate(options.values(), start=2):
            put(ws, r, index, float(label) if numeric else label)
        _define(workbook, name, index, len(options))
    column = len(lists) + 1
    put(ws, 1, column, "list_groups")
    names = [n for n in dict.fromkeys(group_names) if n]
    for r, name in enumerate(names, start=2):
        put(ws, r, column, name)
    _define(workbook, "list_groups", column, len(names))
    ws.sheet_state = "hidden"


TABLE_NAME = re.compile(r"[^A-Za-z0-9_]")


def table_name(sheet: str) -> str:
    return "tbl_" + TABLE_NAME.sub("", sheet.title().replace(" ", ""))
