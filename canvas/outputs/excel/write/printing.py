"""Printing: every sheet on landscape A4 pages with text at 8 pt or more after scaling, rows tall
enough for their wrapped text, and sensible page breaks.

A sheet that fits the page width at MIN_SCALE or more is fitted to the width and to the fewest
pages down that scale allows, breaking between rows with the header row repeated; a wider sheet prints at a fixed scale over as few pages across as
that allows, widths balanced, with its header row and name column repeated on every page.

Row heights are estimated here, because LibreOffice does not grow a row for wrapped text that
an .xlsx gives no height for. Both estimates take the worse of Excel and LibreOffice (with
Carlito, Calibri's metric twin): a line holds what fits in Excel's slightly narrower column, so
text never runs over the next row; a column is as wide on paper as LibreOffice draws it, so a
page never holds less than planned."""

from __future__ import annotations

import math
from collections.abc import Iterable

from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from canvas.outputs.excel.safety import header_footer_text

INCH = 72.0
CM = INCH / 2.54
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28  # A4 landscape, points
SIDE_MARGIN, END_MARGIN, HEADER_MARGIN = 0.4, 0.75, 0.3  # inches
PRINT_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN * INCH
PRINT_HEIGHT = PAGE_HEIGHT - 2 * END_MARGIN * INCH
SMALLEST_TEXT = 10.0  # points: no font in the workbook is smaller
MIN_SCALE = 0.85  # so the smallest text prints at 8.5 pt (>= 8 pt, with room for rounding)
LINE_HEIGHT = 1.25  # a line of text, as a multiple of its font size (Calibri: 1.22)
CHAR_WIDTH = 0.46  # an average character of Calibri in words, as a multiple of its size, rounded up
BOLD_WIDTH = 0.5
ROW_ROOM = 0.9  # of a page's height: rows move whole to the next page
POINTS_A_CHARACTER = 5.6  # a column on paper, per character of width (LibreOffice: 5.55)
CELL_PADDING = 4.0  # points around the text of a cell
DEFAULT_WIDTH = 8.43  # characters: a column with no width of its own
DEFAULT_HEIGHT = 15.0  # points: a row with no height of its own


def column_points(width: float) -> float:
    """A column width in characters (of the default font's '0') as points on paper: the most
    it takes (LibreOffice: 5.55 points a character; Excel: 5.25 and 3.75 of padding)."""
    return width * POINTS_A_CHARACTER


def column_width(points: float) -> float:
    """The column width, in characters, that takes `points` on paper at most."""
    return math.floor(points / POINTS_A_CHARACTER * 10) / 10


def text_points(width: float) -> float:
    """The least room a column `width` characters wide gives its text (Excel, Calibri)."""
    return (width * 7 + 5) * 0.75


def _column_width(ws: Worksheet, index: int) -> float:
    dims = ws.column_dimensions.get(get_column_letter(index))
    if dims is None:
        return DEFAULT_WIDTH
    if dims.hidden:
        return 0.0
    return float(dims.width) if dims.customWidth else DEFAULT_WIDTH


def line_count(paragraph: str, per_line: int) -> int:
    """Lines of a paragraph wrapped at spaces; a word longer than a line is broken, its first
    piece filling the line it starts on (as `textwrap.wrap` does, without its cost)."""
    lines, used = 1, 0
    for word in paragraph.split():
        length = len(word)
        need = used + 1 + length if used else length
        if need <= per_line:
            used = need
            continue
        if length <= per_line:
            lines, used = lines + 1, length
            continue
        if used:
            length -= max(per_line - used - 1, 0)
            lines += 1
        full = (length - 1) // per_line
        lines += full
        used = length - full * per_line
    return lines


def wrapped_lines(text: str, width_points: float, size: float, bold: bool = False) -> int:
    """How many lines `text` takes in a cell `width_points` wide, wrapped at spaces."""
    usable = max(width_points - 2 * CELL_PADDING, size)
    per_line = max(int(usable / (size * (BOLD_WIDTH if bold else CHAR_WIDTH))), 1)
    return sum(line_count(part, per_line) for part in text.split("\n"))


def _merged_widths(ws: Worksheet, widths: list[float]) -> dict[tuple[int, int], float]:
    spans = {}
    for merged in ws.merged_cells.ranges:
        min_col, min_row, max_col, _ = merged.bounds
        spans[(min_row, min_col)] = sum(widths[c] for c in range(min_col, max_col + 1))
    return spans


def _text_style(
    cell: Cell, seen: dict[tuple[int, ...], tuple[float, bool, bool]]
) -> tuple[float, bool, bool]:
    """Font size, bold and wrap of a cell, looked up once per style (reading them is slow)."""
    key = tuple(cell._style)
    if key not in seen:
        seen[key] = (float(cell.font.sz or 11), bool(cell.font.b), bool(cell.alignment.wrap_text))
    return seen[key]


def _cell_height(
    cell: Cell, width: float, seen: dict[tuple[int, ...], tuple[float, bool, bool]]
) -> float:
    size, bold, wrap = _text_style(cell, seen)
    lines = 1
    if wrap and isinstance(cell.value, str) and width > 0:
        lines = wrapped_lines(cell.value, width, size, bold)
    return lines * size * LINE_HEIGHT + CELL_PADDING


def fit_rows(ws: Worksheet) -> None:
    """Make every row tall enough for the text in it (never lower than it was)."""
    widths = [0.0] + [
        text_points(w) if (w := _column_width(ws, c)) else 0.0 for c in range(1, ws.max_column + 1)
    ]
    merged = _merged_widths(ws, widths)
    seen: dict[tuple[int, ...], tuple[float, bool, bool]] = {}
    for row in ws.iter_rows():
        need = 0.0
        for cell in row:
            if cell.value is None or isinstance(cell.value, bool):
                continue
            width = merged.get((cell.row, cell.column), widths[cell.column])
            if width:
                need = max(need, _cell_height(cell, width, seen))
        current = ws.row_dimensions[row[0].row].height or DEFAULT_HEIGHT
        if need > current:
            ws.row_dimensions[row[0].row].height = math.ceil(need)


def _anchor(anchor: str) -> tuple[int, int]:
    letters = anchor.rstrip("0123456789")
    return column_index_from_string(letters), int(anchor[len(letters) :])


def _charts_extent(ws: Worksheet, widths: list[float], heights: list[float]) -> tuple[float, float]:
    right = bottom = 0.0
    for chart in ws._charts:
        if not isinstance(chart.anchor, str):
            continue
        col, row = _anchor(chart.anchor)
        right = max(right, sum(widths[1:col]) + chart.width * CM)
        bottom = max(bottom, sum(heights[1:row]) + chart.height * CM)
    return right, bottom


def _widths(ws: Worksheet, last: int) -> list[float]:
    """Paper widths of columns 1..last (index 0 unused); hidden columns take none."""
    return [0.0] + [column_points(_column_width(ws, c)) for c in range(1, last + 1)]


def _heights(ws: Worksheet, last: int) -> list[float]:
    return [0.0] + [ws.row_dimensions[r].height or DEFAULT_HEIGHT for r in range(1, last + 1)]


def _print_area(ws: Worksheet) -> tuple[int, int]:
    """The last column and row that print."""
    if ws.print_area:
        area = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
        _, _, max_col, max_row = range_boundaries(area.split("!")[-1].replace("$", ""))
        return max_col, max_row
    return ws.max_column, ws.max_row


def content_size(ws: Worksheet) -> tuple[float, float]:
    """The width and height, in points, of what prints on the sheet (charts included)."""
    last_col, last_row = _print_area(ws)
    widths = _widths(ws, max(ws.max_column, last_col) + 1)
    heights = _heights(ws, max(ws.max_row, last_row) + 1)
    chart_right, chart_bottom = _charts_extent(ws, widths, heights)
    return (
        max(sum(widths[1 : last_col + 1]), chart_right),
        max(sum(heights[1 : last_row + 1]), chart_bottom),
    )


def pages_across(widths: list[float], repeated: float, scale: float) -> int:
    """How many pages across the columns take at `scale`, each page repeating `repeated` points
    of columns, a column that does not fit moving whole to the next page."""
    room = PRINT_WIDTH / scale - repeated
    pages, used = 1, 0.0
    for width in widths:
        if used and used + width > room:
            pages, used = pages + 1, 0.0
        used += width
    return pages


def wide_scale(widths: list[float], repeated: float) -> float:
    """For a sheet too wide for one page: the largest scale (MIN_SCALE to 1) that still prints
    it over the fewest pages across."""
    fewest = pages_across(widths, repeated, MIN_SCALE)
    scale = 1.0
    while scale > MIN_SCALE and pages_across(widths, repeated, scale) > fewest:
        scale = round(scale - 0.01, 2)
    return scale


def pages_down(height: float) -> int:
    """The fewest pages a sheet `height` points tall fills at MIN_SCALE, with room for rows
    that do not split at a page's foot."""
    return max(1, math.ceil(height * MIN_SCALE / (PRINT_HEIGHT * ROW_ROOM)))


def print_setup(ws: Worksheet, repeat_cols: Iterable[int] = ()) -> None:
    """Landscape A4, fitted as the module's docstring says. Call once the sheet is written."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = SIDE_MARGIN
    ws.page_margins.top = ws.page_margins.bottom = END_MARGIN
    ws.page_margins.header = ws.page_margins.footer = HEADER_MARGIN
    width, height = content_size(ws)
    fit_width = PRINT_WIDTH / max(width, 1.0)
    fit_height = PRINT_HEIGHT / max(height, 1.0)
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    fits = min(fit_width, fit_height) >= MIN_SCALE
    if ws._charts:  # table and chart on one page, or the chart starts a page of its own
        ws.page_setup.fitToHeight = 1 if fits else 0
        if not fits:
            _break_before_charts(ws)
    else:  # the fewest pages down at MIN_SCALE or more: no page for a last row or a footnote
        ws.page_setup.fitToHeight = pages_down(height)
    if fit_width >= MIN_SCALE:
        return
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    repeated = [c for c in repeat_cols if _column_width(ws, c)]
    widths = _widths(ws, _print_area(ws)[0])
    body = [w for c, w in enumerate(widths) if c and c not in repeated and w]
    scale = wide_scale(body, sum(widths[c] for c in repeated))
    ws.page_setup.scale = math.floor(scale * 100)
    _help_on_first_page(ws, PRINT_WIDTH / scale)
    ws.page_setup.pageOrder = "overThenDown"
    if repeated:
        ws.print_title_cols = (
            f"{get_column_letter(min(repeated))}:{get_column_letter(max(repeated))}"
        )


def _help_on_first_page(ws: Worksheet, room: float) -> None:
    """The line of help under the title (row 2, merged across the table) wraps within the first
    page of a table that prints over several pages across, not across a page's edge."""
    for merged in list(ws.merged_cells.ranges):
        min_col, min_row, max_col, max_row = merged.bounds
        if (min_row, max_row) != (2, 2):
            continue
        used, last = 0.0, min_col
        for col in range(min_col, max_col + 1):
            used += column_points(_column_width(ws, col))
            if used > room:
                break
            last = col
        ws.unmerge_cells(merged.coord)
        if last > min_col:
            ws.merge_cells(start_row=2, start_column=min_col, end_row=2, end_column=last)
    fit_rows(ws)


def _break_before_charts(ws: Worksheet) -> None:
    """A chart under a table starts a page, so no page break cuts through it."""
    rows = {_anchor(c.anchor)[1] for c in ws._charts if isinstance(c.anchor, str)}
    for row in sorted(rows):
        if row > 1:
            ws.row_breaks.append(Break(id=row - 1))


def header_footer(ws: Worksheet, business: str, date: str) -> None:
    """The business and date on top of every page; the sheet and page number under it."""
    size = int(SMALLEST_TEXT)
    ws.oddHeader.left.text = header_footer_text(business or "Customer strategy")
    ws.oddHeader.right.text = header_footer_text(date)
    ws.oddFooter.left.text = "Customer strategy canvas · &A"
    ws.oddFooter.right.text = "Page &P of &N"
    for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.left, ws.oddFooter.right):
        part.size = size
