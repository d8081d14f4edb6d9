"""Named styles, number formats and colours for the workbook."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from canvas.core.labels import CURRENCY_SYMBOLS
from canvas.outputs.excel.layout import Kind

INK = "1F2937"
MUTED = "4B5563"  # grey text: 4.5:1 or more on white, on the grey of calculated cells and on tints
WHITE = "FFFFFF"
MIN_CONTRAST = 4.5  # WCAG AA for body text
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


def luminance(hex_color: str) -> float:
    """Relative luminance (WCAG 2) of an RRGGBB colour."""
    value = hex_color.lstrip("#")[-6:]

    def channel(c: int) -> float:
        x = c / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(value[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_color(fill: str) -> str:
    """White or ink, whichever reads better on `fill`."""
    return WHITE if contrast(fill, WHITE) > contrast(fill, INK) else INK


def readable_fill(color: str) -> tuple[str, str]:
    """A fill in the colour and a text colour on it with a contrast of MIN_CONTRAST or more: the
    colour itself where white or ink reads well enough on it, else the lightest tint needed."""
    fill = color.lstrip("#").upper()
    amount = 0.0
    while contrast(fill, text_color(fill)) < MIN_CONTRAST and amount < 1:
        amount = round(amount + 0.05, 2)
        fill = tint(color, amount)
    return fill, text_color(fill)


def solid(hex_color: str) -> PatternFill:
    return PatternFill("solid", start_color=hex_color.lstrip("#"), end_color=hex_color.lstrip("#"))


def register_styles(workbook: Workbook, currency: str) -> None:
    """One named style per kind of cell, so thousands of cells share a handful of styles."""
    wrap = Alignment(vertical="top", wrap_text=True)
    words = (Kind.text, Kind.refs, Kind.labels, Kind.choice, Kind.id)
    for kind in Kind:
        for derived in (False, True):
            style = NamedStyle(name=style_name(kind, derived))
            style.number_format = number_format(kind, currency, derived)
            style.alignment = wrap if kind in words else Alignment(vertical="top")
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
    note.alignment = Alignment(vertical="top", wrap_text=True)
    workbook.add_named_style(note)
