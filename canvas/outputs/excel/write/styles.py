"""Named styles, number formats and colours for the workbook."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from canvas.core.labels import CURRENCY_SYMBOLS
from canvas.outputs.excel.layout import Kind

INK = "1F2937"
MUTED = "6B7280"
HEADER_FILL = "1F3A5F"
DERIVED_HEADER_FILL = "6B7280"
DERIVED_FILL = "EEF0F3"
LINE = "D1D5DB"
FONT = "Calibri"

THIN = Side(style="thin", color=LINE)
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def money_format(currency: str, decimals: int = 2) -> str:
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    symbol = CURRENCY_SYMBOLS.get(currency)
    if symbol:
        return f'"{symbol}"{body};[Red]-"{symbol}"{body}'
    return f'{body} "{currency}";[Red]-{body} "{currency}"'


def number_format(kind: Kind, currency: str, derived: bool) -> str:
    if kind == Kind.money:
        return money_format(currency, 0 if derived else 2)
    if kind == Kind.pct:
        return "0.0%"
    if kind == Kind.int:
        return "#,##0"
    if kind == Kind.date:
        return "yyyy-mm-dd"
    if kind == Kind.number and derived:
        return "#,##0.0"
    return "General"


def style_name(kind: Kind, derived: bool) -> str:
    return f"cv_{'derived' if derived else 'input'}_{kind.value}"


def tint(hex_color: str, amount: float = 0.75) -> str:
    """The colour mixed with white: light enough to sit behind dark text."""
    value = hex_color.lstrip("#")
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def solid(hex_color: str) -> PatternFill:
    return PatternFill("solid", start_color=hex_color.lstrip("#"), end_color=hex_color.lstrip("#"))


def register_styles(workbook: Workbook, currency: str) -> None:
    """One named style per kind of cell, so thousands of cells share a handful of styles."""
    wrap = Alignment(vertical="top", wrap_text=True)
    for kind in Kind:
        for derived in (False, True):
            style = NamedStyle(name=style_name(kind, derived))
            style.number_format = number_format(kind, currency, derived)
            style.alignment = (
                wrap if kind in (Kind.text, Kind.refs, Kind.labels) else Alignment(vertical="top")
            )
            style.font = Font(name=FONT, size=10, color=MUTED if derived else INK, italic=derived)
            style.border = BOX
            if derived:
                style.fill = solid(DERIVED_FILL)
            workbook.add_named_style(style)
    header = NamedStyle(name="cv_header")
    header.font = Font(name=FONT, size=10, bold=True, color="FFFFFF")
    header.fill = solid(HEADER_FILL)
    header.alignment = Alignment(vertical="center", wrap_text=True)
    header.border = BOX
    workbook.add_named_style(header)
    derived_header = NamedStyle(name="cv_header_derived")
    derived_header.font = Font(name=FONT, size=10, bold=True, italic=True, color="FFFFFF")
    derived_header.fill = solid(DERIVED_HEADER_FILL)
    derived_header.alignment = Alignment(vertical="center", wrap_text=True)
    derived_header.border = BOX
    workbook.add_named_style(derived_header)
    title = NamedStyle(name="cv_title")
    title.font = Font(name=FONT, size=16, bold=True, color=HEADER_FILL)
    workbook.add_named_style(title)
    note = NamedStyle(name="cv_note")
    note.font = Font(name=FONT, size=10, italic=True, color=MUTED)
    workbook.add_named_style(note)
