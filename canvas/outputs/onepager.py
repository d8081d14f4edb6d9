"""The one-page picture for the client: the strategy table and the value-exchange map on one
landscape sheet of A4 or US Letter, drawn as one Vega-Lite figure and rendered to PDF or PNG on the
server, without a browser (vl-convert).

The figure is laid out in points (one Vega pixel = one point) for the page's printable area: a top
band with the title, goal, purpose and first moves on the left and the map on the right, then the
strategy grid across the page. When the grid's cells hold more than the page has room for, each
cell is cut to the same number of lines (ending in "…") and the page says so. The rendered figure
is placed on a page of exactly the paper's size; text is at least 8 pt on paper."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any

import vl_convert

from canvas.core.classify import place
from canvas.core.colors import group_colors
from canvas.core.metrics import compute
from canvas.core.model import Canvas
from canvas.core.progress import STEP_BY_SLUG
from canvas.core.strategy import OnePage, one_page
from canvas.outputs.charts import value_map_chart


@dataclass(frozen=True)
class Paper:
    key: str
    name: str
    width: float  # points, landscape
    height: float


PAPERS = {
    "a4": Paper("a4", "A4", 841.89, 595.28),
    "letter": Paper("letter", "US Letter", 792.0, 612.0),
}
# Currencies of the countries that print on US Letter; every other canvas prints on A4.
LETTER_CURRENCIES = frozenset({"USD", "CAD", "MXN", "PHP", "CLP", "COP", "CRC", "GTQ", "DOP"})

MARGIN = 28.0  # points round the page
FONT = "sans-serif"
TEXT = 8.2  # points: the grid's text; nothing on the page is drawn under 8 pt
LINE = 9.4  # points per line of grid text
ROW_GAP = 5.0
HEADING_WIDTH = 80.0
CHAR = 0.5  # a character's average width, as a share of the font size (wrapping)
MAX_LINES = 7  # per cell at most, even with room to spare
MIN_LINES = 3  # per cell at least; below that the whole page is made smaller instead
BAND_GAP = 14.0
FIT_TRIES = 4  # layouts tried to fit the page before the figure is made smaller instead
SLACK = 2.0  # points the figure may run into the margin: Vega rounds its size up
MAP_SHARE = 0.5  # of the page's width
MAP_PLOT_HEIGHT = 150
MAP_MIN_HEIGHT = 100
MAP_TEXT = 0.75  # the map's text, scaled from the app's 12 px to 9 pt
TITLE = 16.0
BODY = 9.0
BODY_LINE = 11.0
SUBHEAD = 10.5
NOTE_GREY = "#4B5563"
MAP_NOTES = "Reading the map"
CUT_NOTE = "Some cells are cut short (…) to fit one page."
CUT_NOTE_INSIDE = f" The full text is on the {STEP_BY_SLUG['summary'].title} step."  # inside only


def paper_for(canvas: Canvas, paper: str | None = None) -> Paper:
    """The paper asked for ("a4" or "letter"), else the one of the canvas's country, by its
    currency: US Letter for the Americas' Letter countries, A4 elsewhere."""
    if paper is not None:
        if paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
        return PAPERS[paper]
    return PAPERS["letter" if canvas.currency in LETTER_CURRENCIES else "a4"]


def _wrap(text: str, width: int, max_lines: int = MAX_LINES) -> list[str]:
    """Lines of at most `width` characters; each line of `text` starts a new line; more than
    `max_lines` lines end with "…"."""
    lines = [
        line for part in text.splitlines() for line in (textwrap.wrap(part, width=width) or [""])
    ] or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1] + "…"]
    return lines


def _chars(width: float, size: float) -> int:
    return max(int(width / (CHAR * size)), 12)


# --------------------------------------------------------------------------- text as marks


def _text_mark(
    x: float, y: float, lines: list[str], size: float, *, bold: bool = False, color: str = "#111827"
) -> dict[str, Any]:
    return {"x": x, "y": y, "text": lines, "size": size, "bold": bold, "color": color}


def _text_view(
    marks: list[dict[str, Any]], width: float, height: float, line: float = LINE
) -> dict[str, Any]:
    """Text marks (and rules, kind 'rule') placed in points, top-left origin, on a view of the
    given size, `line` points per line: one layer for plain text, one for bold, one for rules."""
    x = {"field": "x", "type": "quantitative", "scale": {"domain": [0, width]}, "axis": None}
    y = {
        "field": "y",
        "type": "quantitative",
        "scale": {"domain": [0, max(height, 1)], "reverse": True},
        "axis": None,
    }

    def text_layer(bold: bool) -> dict[str, Any]:
        return {
            "mark": {
                "type": "text",
                "align": "left",
                "baseline": "top",
                "font": FONT,
                "lineHeight": line,
                **({"fontWeight": "bold"} if bold else {}),
            },
            "encoding": {
                "x": x,
                "y": y,
                "text": {"field": "text", "type": "nominal"},
                "size": {"field": "size", "type": "quantitative", "scale": None},
                "color": {"field": "color", "type": "nominal", "scale": None},
            },
            "transform": [{"filter": f"datum.kind != 'rule' && datum.bold == {str(bold).lower()}"}],
        }

    rules = {
        "mark": {"type": "rule", "color": "#E5E7EB"},
        "encoding": {"x": {"value": 0}, "x2": {"value": width - 2}, "y": y},
        "transform": [{"filter": "datum.kind == 'rule'"}],
    }
    return {
        "data": {"values": marks},
        "layer": [rules, text_layer(False), text_layer(True)],
        "width": width,
        "height": height,
    }


# --------------------------------------------------------------------------- the strategy grid


def _grid_marks(
    canvas: Canvas, page: OnePage, customer_safe: bool, width: float, max_lines: int
) -> tuple[list[dict[str, Any]], float, bool]:
    """The strategy grid's marks, its height and whether any cell was cut short."""
    columns = max(len(page.groups), 1)
    cell_width = (width - HEADING_WIDTH) / columns
    chars = _chars(cell_width - 8, TEXT)
    heading_chars = _chars(HEADING_WIDTH - 6, TEXT)
    colours = list(group_colors(canvas).values())
    marks: list[dict[str, Any]] = []
    cut = False
    y = 0.0
    header_lines = 1
    for index, name in enumerate(page.groups):
        lines = _wrap(name, chars, 3)
        header_lines = max(header_lines, len(lines))
        colour = colours[index % len(colours)] if not customer_safe else "#1F2937"
        mark = _text_mark(HEADING_WIDTH + index * cell_width, y, lines, TEXT, bold=True)
        marks.append(mark | {"kind": "group", "color": colour})
    y += header_lines * LINE + ROW_GAP
    for heading, cells in page.rows:
        full = [_wrap(cell or "—", chars, 99) for cell in cells]
        wrapped = [_wrap(cell or "—", chars, max_lines) for cell in cells]
        cut |= any(len(f) > max_lines for f in full)
        heading_lines = _wrap(heading, heading_chars, 3)
        lines = max([len(w) for w in wrapped] + [len(heading_lines)])
        marks.append({"kind": "rule", "x": 0, "y": y - ROW_GAP / 2, "text": [""]})
        marks.append(
            _text_mark(0, y, heading_lines, TEXT, bold=True, color="#4B5563") | {"kind": "heading"}
        )
        for index, text in enumerate(wrapped):
            x = HEADING_WIDTH + index * cell_width
            marks.append(_text_mark(x, y, text, TEXT) | {"kind": "cell"})
        y += lines * LINE + ROW_GAP
    return marks, y, cut


def _grid(
    canvas: Canvas, page: OnePage, customer_safe: bool, width: float, room: float
) -> dict[str, Any]:
    """The grid with as many lines per cell as fit in `room` points (between MIN and MAX)."""
    for max_lines in range(MAX_LINES, MIN_LINES - 1, -1):
        marks, height, cut = _grid_marks(canvas, page, customer_safe, width, max_lines)
        if height <= room:
            break
    if cut:
        note = CUT_NOTE + ("" if customer_safe else CUT_NOTE_INSIDE)
        marks.append(_text_mark(0, height, [note], TEXT, color="#6B7280") | {"kind": "note"})
        height += LINE + 2
    return _text_view(marks, width, height)


# --------------------------------------------------------------------------- the top band


def _band_text(
    page: OnePage, first_moves: str, width: float, map_notes: list[str]
) -> tuple[list[dict[str, Any]], float]:
    """Title, goal, purpose, first moves and how to read the map, top to bottom, in `width`
    points."""
    chars = _chars(width, BODY)
    marks = []
    y = 0.0
    for line in _wrap(page.title, _chars(width, TITLE), 2):
        marks.append(_text_mark(0, y, [line], TITLE, bold=True))
        y += TITLE * 1.25
    y += 6
    for text in (
        f"Goal: {page.goal}" if page.goal else "",
        page.why and f"What we stand for: {page.why}",
    ):
        if text:
            lines = _wrap(text, chars, 6)
            marks.append(_text_mark(0, y, lines, BODY, color="#374151"))
            y += len(lines) * BODY_LINE + 6
    if first_moves:
        y += 6
        marks.append(_text_mark(0, y, ["First moves"], SUBHEAD, bold=True))
        y += SUBHEAD + 6
        lines = _wrap(first_moves, chars, 10)
        marks.append(_text_mark(0, y, lines, BODY))
        y += len(lines) * BODY_LINE
    if map_notes:
        y += 10
        marks.append(_text_mark(0, y, [MAP_NOTES], SUBHEAD, bold=True))
        y += SUBHEAD + 6
        lines = [line for note in map_notes for line in _wrap(note, chars, 3)]
        marks.append(_text_mark(0, y, lines, BODY, color=NOTE_GREY))
        y += len(lines) * BODY_LINE
    for mark in marks:
        mark["kind"] = "band"
    return marks, y


def _map(canvas: Canvas, width: int, height: int) -> tuple[dict[str, Any], list[str]]:
    """The value map sized for the page, its text at 9 pt rather than the app's 12 px, without
    legends or subtitle (on paper the legends would go under the whole page); and the words of
    its size legend and subtitle, for the text beside it."""
    metrics = compute(canvas)
    spec = value_map_chart(
        canvas,
        metrics,
        place(canvas, metrics),
        width=width,
        height=height,
        text_scale=MAP_TEXT,
    )
    size_title = ""
    for layer in spec["layer"]:
        encoding = layer.get("encoding", {})
        if "size" in encoding:
            size_title = encoding["size"]["title"]
            encoding["size"]["legend"] = None
        if "strokeDash" in encoding:
            encoding["strokeDash"]["legend"] = None
    subtitle = spec["title"]["subtitle"][1:]  # the first line: the sweet spot is named on it
    spec["title"]["subtitle"] = ""
    spec["title"]["offset"] = 6
    return spec, [f"{size_title}.", *subtitle]


def _svg_size(svg: str) -> tuple[float, float]:
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    if not match:
        raise ValueError("the rendered figure has no size")
    return float(match.group(1)), float(match.group(2))


def _rendered_size(spec: dict[str, Any]) -> tuple[float, float]:
    return _svg_size(vl_convert.vegalite_to_svg(_compose([spec], padding=0)))


# --------------------------------------------------------------------------- the whole page


def _compose(parts: list[dict[str, Any]], padding: float = 0) -> dict[str, Any]:
    """Stack views vertically. Each part's config (and its side-by-side parts') moves to the top,
    the only place Vega-Lite reads it."""
    config: dict[str, Any] = {}

    def lifted(part: dict[str, Any]) -> dict[str, Any]:
        part = dict(part)
        part.pop("$schema", None)
        config.update(part.pop("config", {}))
        if "hconcat" in part:
            part["hconcat"] = [lifted(child) for child in part["hconcat"]]
        return part

    subspecs = [lifted(part) for part in parts]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "vconcat": subspecs,
        "spacing": BAND_GAP,
        "config": config | {"font": FONT, "view": {"stroke": None}},
        "background": "white",
        "padding": padding,
    }


def one_page_spec(
    canvas: Canvas,
    *,
    customer_safe: bool = False,
    paper: str | None = None,
    overflow: tuple[float, float] = (0.0, 0.0),
) -> dict[str, Any]:
    """The whole page as one Vega-Lite spec, laid out in points for the paper's printable area:
    the top band (title, goal, purpose, first moves; the map beside them) and the strategy grid.
    `overflow`: how far (points) an earlier layout ran past the area's width and height; the map
    is laid out narrower and the map lower by that much."""
    sheet = paper_for(canvas, paper)
    width = sheet.width - 2 * MARGIN - overflow[0]
    height = sheet.height - 2 * MARGIN
    page = one_page(canvas, customer_safe=customer_safe)
    with_map = bool(canvas.groups) and not customer_safe
    text_width = width * (1 - MAP_SHARE) - BAND_GAP if with_map else width
    if not with_map:
        marks, band_height = _band_text(page, canvas.first_moves, text_width, [])
        band: dict[str, Any] = _text_view(marks, text_width, band_height, BODY_LINE)
    else:
        room = width * MAP_SHARE
        plot_height = int(max(MAP_PLOT_HEIGHT - overflow[1], MAP_MIN_HEIGHT))
        trial, notes = _map(canvas, int(room), plot_height)
        marks, text_height = _band_text(page, canvas.first_moves, text_width, notes)
        text = _text_view(marks, text_width, text_height, BODY_LINE)
        band = {"hconcat": [text, trial], "spacing": BAND_GAP}
        # drawn, the map takes more than its plot: axes, title and names round it
        drawn_width, band_height = _rendered_size(band)
        value_map, _ = _map(canvas, int(room - (drawn_width - width)) - 2, plot_height)
        band = {"hconcat": [text, value_map], "spacing": BAND_GAP}
    room = height - band_height - BAND_GAP - 8  # 8: the last line's descent
    grid = _grid(canvas, page, customer_safe, width, room)
    return _compose([band, grid])


def page_svg(
    canvas: Canvas, *, customer_safe: bool = False, paper: str | None = None
) -> tuple[str, float]:
    """The page as SVG of the paper's size in points, the figure in its printable area (made
    smaller only if it would not fit); also the factor the figure was scaled by."""
    sheet = paper_for(canvas, paper)
    area = (sheet.width - 2 * MARGIN, sheet.height - 2 * MARGIN)
    overflow = (0.0, 0.0)
    for _ in range(FIT_TRIES):
        spec = one_page_spec(canvas, customer_safe=customer_safe, paper=paper, overflow=overflow)
        figure = vl_convert.vegalite_to_svg(spec)
        width, height = _svg_size(figure)
        extra = (max(width - area[0] - SLACK, 0.0), max(height - area[1] - SLACK, 0.0))
        if extra == (0.0, 0.0):
            break
        overflow = (overflow[0] + extra[0], overflow[1] + extra[1])
    scale = min(1.0, (area[0] + SLACK) / width, (area[1] + SLACK) / height)
    inner = re.sub(r"^<\?xml[^>]*>\s*", "", figure)
    page = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{sheet.width}" height="{sheet.height}"'
        f' viewBox="0 0 {sheet.width} {sheet.height}">'
        f'<rect width="{sheet.width}" height="{sheet.height}" fill="white"/>'
        f'<g transform="translate({MARGIN} {MARGIN}) scale({scale:.4f})">{inner}</g></svg>'
    )
    return page, scale


def one_page_png(
    canvas: Canvas, *, customer_safe: bool = False, paper: str | None = None, scale: float = 2.0
) -> bytes:
    """The page as a PNG, `scale` pixels per point (2: about 144 dots per inch)."""
    svg, _ = page_svg(canvas, customer_safe=customer_safe, paper=paper)
    return vl_convert.svg_to_png(svg, scale=scale)


def one_page_pdf(canvas: Canvas, *, customer_safe: bool = False, paper: str | None = None) -> bytes:
    """The page as a one-page PDF of the paper's size, landscape."""
    svg, _ = page_svg(canvas, customer_safe=customer_safe, paper=paper)
    return vl_convert.svg_to_pdf(svg)
