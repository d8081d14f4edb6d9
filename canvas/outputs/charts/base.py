"""The pieces every chart shares: the colours, marks and shapes of the conventions (see the
package's docstring), small builders for Vega-Lite parts, and the larger text of the presenter view."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from canvas.core import labels
from canvas.core.colors import group_colors
from canvas.core.labels import display_names
from canvas.core.model import Canvas, IntentType

Spec = dict[str, Any]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
EMPTY_TEXT = "Add customer groups to see this chart"
NEGATIVE_RED = "#C62828"
MUTED = "#6B6B6B"
GRID_GREY = "#9E9E9E"

KNOWN = "Known figures"
ESTIMATE = "Estimate"
HOLLOW_OPACITY = 0.12
SOLID_OPACITY = 0.8
DASH = [4, 3]
# A group valued in kind (time, gifts in kind) carries this after its name or figure, and the
# chart says what it means; bars of such groups also have a thick outline.
IN_KIND_MARK = " (in kind)"
IN_KIND_NOTE = (
    "'(in kind)': valued in volunteer time and gifts in kind, less what they cost; never cash."
)

DIRECTION_COLORS = {
    "we_broadcast": "#B5651D",
    "they_come_to_us": "#2E7D32",
    "shared_meeting_place": "#455A64",
}
INTENT_SHAPES = {
    IntentType.grow: "triangle-up",
    IntentType.maintain: "circle",
    IntentType.re_engineer: "diamond",
    IntentType.retire: "cross",
}
NO_INTENT = "No intent yet"
# Vega expression: wrap an axis label into lines of at most about 14 characters at spaces
WRAP_LABEL = (
    r"split(replace(replace(datum.label + ' ', regexp('(.{1,14})\\s+', 'g'), '$1|'), "
    r"regexp('\\|$'), ''), '|')"
)


# --------------------------------------------------------------------------- shared helpers


def group_color_scale(canvas: Canvas) -> Spec:
    """The one colour scale for groups: domain = display names, range = colours, in group order."""
    names = display_names(canvas)
    colors = group_colors(canvas)
    return {
        "domain": [names[g.id] for g in canvas.groups],
        "range": [colors[g.id] for g in canvas.groups],
    }


# Small builders for Vega-Lite pieces. Every call makes new dicts, so callers may change a spec.


def nominal(field: str, **props: Any) -> Spec:
    return {"field": field, "type": "nominal", **props}


def quant(field: str, **props: Any) -> Spec:
    return {"field": field, "type": "quantitative", **props}


def tip(field: str, heading: str) -> Spec:
    return {"field": field, "title": heading, "type": "nominal"}


def when(test: str, value: Any, otherwise: Spec) -> Spec:
    """A channel that takes `value` where `test` holds, else `otherwise` (a value or a field)."""
    return {"condition": {"test": test, "value": value}, **otherwise}


def mark(kind: str, **props: Any) -> Spec:
    return {"type": kind, **props}


def layer(
    mark_spec: Spec,
    encoding: Spec,
    *,
    values: list[Spec] | None = None,
    filters: Iterable[str] = (),
) -> Spec:
    """One layer. Without `values` it draws the chart's own data (set at the top)."""
    one: Spec = {"mark": mark_spec, "encoding": encoding}
    if values is not None:
        one["data"] = {"values": values}
    transform = [{"filter": test} for test in filters]
    if transform:
        one["transform"] = transform
    return one


def group_color(scale: Spec, **props: Any) -> Spec:
    return nominal("group", scale=scale, legend=None, **props)


def title(text: str, subtitle: str | list[str] | None = None) -> Spec:
    return {
        "text": text,
        "subtitle": subtitle or "",
        "anchor": "start",
        "fontSize": 15,
        "subtitleFontSize": 12,
        "subtitleColor": MUTED,
        "offset": 12,
    }


def _view() -> Spec:
    return {"continuousHeight": 300, "continuousWidth": 300, "stroke": None}


def rows_height(rows: int, per_row: int = 38, minimum: int = 120) -> int:
    return max(minimum, rows * per_row)


def placeholder(text: str = EMPTY_TEXT, heading: str | None = None) -> Spec:
    spec: Spec = {
        "$schema": SCHEMA,
        "config": {"view": _view()},
        "data": {"values": [{"message": text}]},
        "mark": mark("text", fontSize=14, color=MUTED, align="center", baseline="middle"),
        "encoding": {"text": nominal("message")},
        "width": "container",
        "height": 80,
    }
    if heading:
        spec["title"] = title(heading)
    return spec


FONT_SIZE_KEYS = frozenset({"fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize"})
DEFAULT_TEXT_SIZE = 11  # Vega-Lite's size for text marks that set none


def with_larger_text(spec: Spec, factor: float) -> Spec:
    """A copy of a chart with every font size multiplied by `factor`, text marks without a size of
    their own included (the presenter view, read from across a room)."""

    def scaled(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: round(item * factor, 1)
                if key in FONT_SIZE_KEYS and isinstance(item, int | float)
                else scaled(item)
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [scaled(item) for item in value]
        return value

    larger = scaled(spec)
    config = larger.setdefault("config", {})
    text = config.setdefault("text", {})
    text.setdefault("fontSize", round(DEFAULT_TEXT_SIZE * factor, 1))
    return larger


FOCUS_DIMMED = 0.25  # opacity of the other groups while one group is being discussed
GROUP_CHANNELS = ("color", "fill", "stroke")


def with_focus(spec: Spec, group_name: str) -> Spec:
    """A copy of a chart where the marks of one group stay as they are and every other group's
    marks are dimmed (the presenter view, while the room discusses that group)."""
    test = f"datum.group === {json.dumps(group_name)}"

    def focused(value: Any) -> Any:
        if isinstance(value, list):
            return [focused(item) for item in value]
        if not isinstance(value, dict):
            return value
        copy = {key: focused(item) for key, item in value.items()}
        encoding = copy.get("encoding")
        if isinstance(encoding, dict) and "opacity" not in encoding:
            by_group = [encoding.get(channel) for channel in GROUP_CHANNELS]
            if any(isinstance(e, dict) and e.get("field") == "group" for e in by_group):
                encoding["opacity"] = {
                    "condition": {"test": test, "value": 1},
                    "value": FOCUS_DIMMED,
                }
        return copy

    return focused(spec)


def finish(data: list[Spec], body: Spec, height: int, heading: Spec) -> Spec:
    """The top-level spec with the calm shared look: no frame, quiet grid, readable axis labels.
    `body` is {"layer": [...]} or a single view's mark and encoding; `data` is drawn by every
    layer that brings none of its own."""
    return {
        "$schema": SCHEMA,
        "config": {
            "view": _view(),
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "gridColor": "#EEEEEE",
                "labelLimit": 260,
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 260},
        },
        "data": {"values": data},
        **body,
        "width": "container",
        "height": height,
        "title": heading,
    }


def pct(value: float | None, decimals: int = 1) -> str:
    return labels.percent(value, decimals)


def signed(value: float) -> str:
    return f"{value:+.0f}"


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def figures_label(estimate: bool) -> str:
    return ESTIMATE if estimate else KNOWN


def figures_dash_scale() -> Spec:
    return {"domain": [KNOWN, ESTIMATE], "range": [[1, 0], list(DASH)]}


def figures_legend(symbol: str = "circle") -> Spec:
    return {
        "title": None,
        "orient": "bottom",
        "symbolType": symbol,
        "symbolFillColor": "white",
        "symbolStrokeColor": MUTED,
        "symbolStrokeWidth": 1.5,
        "symbolSize": 180,
    }


def names_list(names: Iterable[str]) -> str:
    return ", ".join(names)
