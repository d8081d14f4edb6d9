"""The one-page picture for the client: the strategy table and the value-exchange map, drawn as one
Vega-Lite figure and rendered to PNG or PDF on the server, without a browser (vl-convert)."""

from __future__ import annotations

import textwrap
from typing import Any

import altair as alt
import vl_convert

from canvas.core.classify import place
from canvas.core.colors import group_colors
from canvas.core.metrics import compute
from canvas.core.model import Canvas
from canvas.core.strategy import OnePage, one_page
from canvas.outputs.charts import value_map_chart

PAGE_WIDTH = 1500  # pixels at scale 1; the PDF page follows the figure's size
HEADING_WIDTH = 150
LINE = 15  # pixels per text line
MAX_LINES = 7  # per cell; longer text ends with "…"
FONT = "sans-serif"


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters; each line of `text` starts a new line."""
    lines = [
        line for part in text.splitlines() for line in (textwrap.wrap(part, width=width) or [""])
    ] or [""]
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], lines[MAX_LINES - 1][: width - 1] + "…"]
    return lines


def _table_rows(
    canvas: Canvas, page: OnePage, customer_safe: bool
) -> tuple[list[dict[str, Any]], int]:
    """Text marks for the strategy grid, placed in pixels; returns the marks and the grid height."""
    columns = max(len(page.groups), 1)
    cell_width = (PAGE_WIDTH - HEADING_WIDTH) / columns
    chars = max(int(cell_width / 6.6), 12)
    colours = list(group_colors(canvas).values())
    marks: list[dict[str, Any]] = []
    y = 0.0
    header_lines = max(len(_wrap(name, chars)) for name in page.groups) if page.groups else 1
    for index, name in enumerate(page.groups):
        marks.append(
            {
                "x": HEADING_WIDTH + index * cell_width + 6,
                "y": y,
                "text": _wrap(name, chars),
                "kind": "group",
                "color": colours[index % len(colours)] if not customer_safe else "#1F2937",
            }
        )
    y += header_lines * LINE + 10
    for heading, cells in page.rows:
        wrapped = [_wrap(cell or "—", chars) for cell in cells]
        lines = max([len(w) for w in wrapped] + [len(_wrap(heading, 20))])
        marks.append(
            {"x": 0, "y": y, "text": _wrap(heading, 20), "kind": "heading", "color": "#4B5563"}
        )
        for index, text in enumerate(wrapped):
            marks.append(
                {
                    "x": HEADING_WIDTH + index * cell_width + 6,
                    "y": y,
                    "text": text,
                    "kind": "cell",
                    "color": "#111827",
                }
            )
        marks.append({"x": 0, "y": y - 5, "text": [""], "kind": "rule", "color": "#E5E7EB"})
        y += lines * LINE + 12
    return marks, int(y)


def _grid(canvas: Canvas, page: OnePage, customer_safe: bool) -> alt.LayerChart:
    marks, height = _table_rows(canvas, page, customer_safe)
    data = alt.Data(values=marks)
    x = alt.X("x:Q", scale=alt.Scale(domain=[0, PAGE_WIDTH]), axis=None)
    y = alt.Y("y:Q", scale=alt.Scale(domain=[0, height], reverse=True), axis=None)
    text = (
        alt.Chart(data)
        .mark_text(align="left", baseline="top", font=FONT, fontSize=12, lineHeight=LINE)
        .encode(x=x, y=y, text="text:N", color=alt.Color("color:N", scale=None))
        .transform_filter("datum.kind == 'cell'")
    )
    bold = (
        alt.Chart(data)
        .mark_text(
            align="left", baseline="top", font=FONT, fontSize=12, fontWeight="bold", lineHeight=LINE
        )
        .encode(x=x, y=y, text="text:N", color=alt.Color("color:N", scale=None))
        .transform_filter("datum.kind == 'heading' || datum.kind == 'group'")
    )
    rules = (
        alt.Chart(data)
        .mark_rule(color="#E5E7EB")
        .encode(x=alt.value(0), x2=alt.value(PAGE_WIDTH), y=y)
        .transform_filter("datum.kind == 'rule'")
    )
    return alt.layer(rules, text, bold).properties(width=PAGE_WIDTH, height=height)


def _text_block(
    title: str, lines: list[str], size: int, line_size: int, line_color: str | None = None
) -> dict[str, Any]:
    """A full-width block of text: a title and lines under it (drawn as an empty chart's title)."""
    return (
        alt.Chart(alt.Data(values=[{}]))
        .mark_text()
        .properties(
            width=PAGE_WIDTH,
            height=1,
            title=alt.TitleParams(
                text=title,
                subtitle=lines,
                anchor="start",
                fontSize=size,
                subtitleFontSize=line_size,
                font=FONT,
                subtitleFont=FONT,
                **({"subtitleColor": line_color} if line_color else {}),
            ),
        )
        .to_dict()
    )


def _header(page: OnePage) -> dict[str, Any]:
    lines = []
    if page.goal:
        lines += _wrap(f"Goal: {page.goal}", 190)
    if page.why:
        lines += _wrap(f"What we stand for: {page.why}", 190)
    return _text_block(page.title, lines, 24, 14, "#374151")


def _compose(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Stack chart specs vertically. Each part's config and inline datasets move to the top."""
    config: dict[str, Any] = {}
    datasets: dict[str, Any] = {}
    subspecs = []
    for part in parts:
        part = dict(part)
        part.pop("$schema", None)
        config |= part.pop("config", {})
        datasets |= part.pop("datasets", {})
        subspecs.append(part)
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "vconcat": subspecs,
        "spacing": 28,
        "datasets": datasets,
        "config": config | {"font": FONT, "view": {"stroke": None}},
        "background": "white",
        "padding": 30,
    }


def one_page_spec(canvas: Canvas, *, customer_safe: bool = False) -> dict[str, Any]:
    """The whole page as one Vega-Lite spec: heading, strategy grid, first moves, value map."""
    page = one_page(canvas, customer_safe=customer_safe)
    parts = [_header(page), _grid(canvas, page, customer_safe).to_dict()]
    if canvas.first_moves:
        parts.append(_text_block("First moves", _wrap(canvas.first_moves, 190), 16, 13))
    # the map comes last: its legends are drawn below the whole figure, so they sit under it
    if canvas.groups and not customer_safe:
        metrics = compute(canvas)
        value_map = value_map_chart(canvas, metrics, place(canvas, metrics))
        value_map |= {"width": int(PAGE_WIDTH * 0.6), "height": 420}
        parts.append(value_map)
    return _compose(parts)


def one_page_png(canvas: Canvas, *, customer_safe: bool = False, scale: float = 1.5) -> bytes:
    return vl_convert.vegalite_to_png(
        one_page_spec(canvas, customer_safe=customer_safe), scale=scale
    )


def one_page_pdf(canvas: Canvas, *, customer_safe: bool = False) -> bytes:
    return vl_convert.vegalite_to_pdf(one_page_spec(canvas, customer_safe=customer_safe))
