"""The workbook's charts, saying what the app's charts say: their titles, axis names, notes and
legends are read from the app's chart specs (`canvas.outputs.charts`), not written again here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.chart import BarChart, BubbleChart, Reference, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.legend import Legend, LegendEntry
from openpyxl.chart.marker import DataPoint
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.line import LineProperties
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)
from openpyxl.worksheet.worksheet import Worksheet

from canvas.core import labels as L
from canvas.core.metrics import GroupMetrics
from canvas.outputs.charts import base
from canvas.outputs.excel.write.styles import tint

Spec = dict[str, Any]
CHART_TEXT = 1000  # hundredths of a point: 10 pt, the smallest text in the workbook
TITLE_TEXT = 1300
ESTIMATE_SUFFIX = " (estimate)"
MAP_LOW, MAP_HIGH = 0, 6  # the map's 1-5 axes, padded so no bubble is cut at the edge
CORNER = 0.12  # quadrant names sit this far inside the outer corners
QUADRANT_CORNERS = {  # x side, y side, where the name sits beside its point
    "sweet_spot": (MAP_HIGH - CORNER, MAP_HIGH - CORNER, "l"),
    "at_risk": (MAP_LOW + CORNER, MAP_HIGH - CORNER, "r"),
    "value_leak": (MAP_HIGH - CORNER, MAP_LOW + CORNER, "l"),
    "poor_fit": (MAP_LOW + CORNER, MAP_LOW + CORNER, "r"),
}


@dataclass
class ChartWords:
    """The words of one of the app's charts."""

    title: str
    notes: list[str]
    axes: dict[str, str] = field(default_factory=dict)  # channel -> axis title
    tooltips: dict[str, str] = field(default_factory=dict)  # field -> tooltip title


def _encodings(spec: Any) -> Iterator[Spec]:
    if isinstance(spec, dict):
        if isinstance(spec.get("encoding"), dict):
            yield spec["encoding"]
        for value in spec.values():
            yield from _encodings(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _encodings(value)


def chart_words(spec: Spec) -> ChartWords:
    """The title, subtitle lines, axis titles and tooltip titles of an app chart's spec."""
    title = spec.get("title", "")
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    subtitle = title.get("subtitle", []) if isinstance(title, dict) else []
    words = ChartWords(text, [subtitle] if isinstance(subtitle, str) else list(subtitle))
    for encoding in _encodings(spec):
        for channel in ("x", "y"):
            named = encoding.get(channel, {}).get("title")
            if isinstance(named, str):
                words.axes.setdefault(channel, named)
        for tip in encoding.get("tooltip", []):
            if isinstance(tip, dict) and isinstance(tip.get("title"), str):
                words.tooltips.setdefault(tip["field"], tip["title"])
    return words


def in_kind_mark(metrics: GroupMetrics) -> str:
    """The app's mark after the name of a group valued in kind, which its notes explain."""
    return base.IN_KIND_MARK if metrics.value_basis == "in_kind" else ""


def safe_notes(notes: Sequence[str]) -> list[str]:
    """Notes without the internal quadrant names, for the customer-safe copy."""
    names = [n.lower() for n in L.QUADRANTS.values()]
    return [n for n in notes if not any(name in n.lower() for name in names)]


def _text(size: int = CHART_TEXT, bold: bool = False) -> RichText:
    props = CharacterProperties(sz=size, b=bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), endParaRPr=props)])


def _title(text: str, size: int) -> Title:
    props = CharacterProperties(sz=size, b=True)
    run = RegularTextRun(rPr=props, t=text)
    return Title(
        tx=Text(rich=RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=props), r=[run])])),
        overlay=False,
    )


def _readable(chart: Any, title: str, x_title: str, y_title: str) -> None:
    """Titles and every other text of the chart at 10 pt or more (LibreOffice otherwise
    draws axis titles smaller)."""
    chart.title = _title(title, TITLE_TEXT)
    chart.x_axis.title = _title(x_title, CHART_TEXT) if x_title else None
    chart.y_axis.title = _title(y_title, CHART_TEXT) if y_title else None
    chart.x_axis.txPr = _text()
    chart.y_axis.txPr = _text()
    if chart.legend is not None:
        chart.legend.txPr = _text()


def portfolio_chart(
    ws: Worksheet,
    words: ChartWords,
    keys: Sequence[str],
    colors: Sequence[str],
    anchor: str,
    header_row: int,
) -> None:
    """Share now against target share per group, in each group's colour: the darker bar today,
    the lighter one the target, as the legend says."""
    count = len(colors)
    first, last = header_row + 1, header_row + count
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # first group on top, as in the table
    names = Reference(ws, min_col=keys.index("group_name") + 1, min_row=first, max_row=last)
    series_words = (
        ("d_share_now", words.tooltips.get("now_text", "Today"), 0.0, "4B5563"),
        ("target_share_pct", words.tooltips.get("target_text", "Target"), 0.55, "C9CED6"),
    )
    for key, label, amount, legend_color in series_words:
        data = Reference(ws, min_col=keys.index(key) + 1, min_row=first, max_row=last)
        series = Series(data, title=label)
        series.graphicalProperties.solidFill = legend_color  # what the legend shows
        for index, color in enumerate(colors):
            point = DataPoint(idx=index)
            point.graphicalProperties.solidFill = tint(color, amount) if amount else color[-6:]
            point.graphicalProperties.line.solidFill = color.lstrip("#")
            series.dPt.append(point)
        chart.series.append(series)
    chart.set_categories(names)
    chart.legend = Legend(legendPos="b")
    chart.width = 16
    chart.height = max(7.5, 1.0 * count + 4)
    _readable(chart, words.title, "", words.axes.get("x", ""))  # a bar chart's y axis is across
    ws.add_chart(chart, anchor)


@dataclass
class Bubble:
    name: str
    color: str
    row: int  # the table row with its x, y and size
    estimate: bool


def value_map_chart(
    ws: Worksheet,
    words: ChartWords,
    keys: Sequence[str],
    bubbles: Sequence[Bubble],
    line: float,
    anchor: str,
    corners_at: tuple[int, int] | None,
) -> None:
    """Value to the customer (across) against value to the business (up), the quadrant lines at
    `line`, estimates light and dashed; the quadrant names in their corners unless
    `corners_at` is None (the customer-safe copy). `corners_at`: the first column and row of four
    rows of (x, y, size) where the names' points are written."""
    chart = BubbleChart()
    chart.style = 18
    for axis in (chart.x_axis, chart.y_axis):
        axis.scaling.min = MAP_LOW
        axis.scaling.max = MAP_HIGH
        axis.majorUnit = 1
        axis.delete = False
        axis.number_format = "0"
        axis.majorGridlines = None
        axis.crossesAt = line  # each axis crosses the other at the line: the quadrant lines
        axis.tickLblPos = "low"  # its numbers stay at the edge of the chart
    chart.bubbleScale = 40
    column = {key: keys.index(key) + 1 for key in ("d_vtc", "d_vtb", "d_bubble")}
    for bubble in bubbles:
        x = Reference(ws, min_col=column["d_vtc"], min_row=bubble.row)
        y = Reference(ws, min_col=column["d_vtb"], min_row=bubble.row)
        size = Reference(ws, min_col=column["d_bubble"], min_row=bubble.row)
        title = bubble.name[:60] + (ESTIMATE_SUFFIX if bubble.estimate else "")
        series = Series(values=y, xvalues=x, zvalues=size, title=title)
        color = bubble.color.lstrip("#")
        series.graphicalProperties.solidFill = tint(color, 0.7) if bubble.estimate else color
        series.graphicalProperties.line.solidFill = color
        if bubble.estimate:
            series.graphicalProperties.line.prstDash = "dash"
            series.graphicalProperties.line.width = 19050  # 1.5 pt, so the dashes show
        chart.series.append(series)
    if corners_at:
        _quadrant_names(ws, chart, corners_at)
    if len(bubbles) > 15:
        chart.legend = None
    else:
        chart.legend = Legend(legendPos="r")
        chart.legend.legendEntry = [
            LegendEntry(idx=i, delete=True) for i in range(len(bubbles), len(chart.series))
        ]
    chart.width = 22
    chart.height = 12
    _readable(chart, words.title, words.axes.get("x", ""), words.axes.get("y", ""))
    ws.add_chart(chart, anchor)


def write_corners(ws: Worksheet, col: int, row: int, smallest: float) -> None:
    """The points the quadrant names sit beside: x, y and a bubble too small to see."""
    for offset, (x, y, _) in enumerate(QUADRANT_CORNERS.values()):
        for index, value in enumerate((x, y, smallest)):
            ws.cell(row=row + offset, column=col + index, value=value)


def _quadrant_names(ws: Worksheet, chart: BubbleChart, at: tuple[int, int]) -> None:
    col, row = at
    for offset, (key, (_, _, side)) in enumerate(QUADRANT_CORNERS.items()):
        r = row + offset
        series = Series(
            values=Reference(ws, min_col=col + 1, min_row=r),
            xvalues=Reference(ws, min_col=col, min_row=r),
            zvalues=Reference(ws, min_col=col + 2, min_row=r),
        )
        series.tx = SeriesLabel(v=L.QUADRANTS[key])
        series.graphicalProperties = GraphicalProperties(
            noFill=True, ln=LineProperties(noFill=True)
        )
        labels = DataLabelList()
        labels.showSerName = True
        labels.showVal = labels.showCatName = labels.showLegendKey = labels.showBubbleSize = False
        labels.position = side
        labels.txPr = _text(1100, bold=True)
        series.dLbls = labels
        chart.series.append(series)
    chart.visible_cells_only = False  # the names' points are in hidden columns
