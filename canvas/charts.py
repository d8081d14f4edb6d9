"""Vega-Lite chart specs for the canvas (METHOD §3, "Chart:" lines; checks C-28..C-31).

Pure Python, never imports Streamlit (nor altair: building altair objects and turning them into
dicts took tens to hundreds of milliseconds per chart). Every chart function returns a complete
top-level Vega-Lite v6 spec as a plain dict, data inline as "values"; the pages draw it with
`st.vega_lite_chart(spec, width="stretch")`. Every function returns a spec, never None; an empty
canvas gets a short plain-words text instead of an empty frame. The chart tests validate the specs
against the Vega-Lite schema; nothing validates them at run time.

Conventions, the same in every chart:
- one colour per group, from `canvas.core.colors.group_colors`, keyed by the group's display name;
- estimates (prospects, or figures whose weakest input is a guess) are hollow and dashed;
- numbers in tooltips are pre-formatted strings in the canvas currency (`labels.money`);
- words about customers follow `labels.wording(canvas)` (supporters for nonprofits).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from canvas.core import labels
from canvas.core.classify import Placement, is_estimate, nps_is_estimate
from canvas.core.colors import group_colors
from canvas.core.labels import display_names
from canvas.core.metrics import CanvasMetrics, fit_share
from canvas.core.model import Canvas, CustomerGroup, IntentType
from canvas.core.thresholds import NPS_MIN_SAMPLE, adds_up_to_100

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


def _nominal(field: str, **props: Any) -> Spec:
    return {"field": field, "type": "nominal", **props}


def _quant(field: str, **props: Any) -> Spec:
    return {"field": field, "type": "quantitative", **props}


def _tip(field: str, title: str) -> Spec:
    return {"field": field, "title": title, "type": "nominal"}


def _when(test: str, value: Any, otherwise: Spec) -> Spec:
    """A channel that takes `value` where `test` holds, else `otherwise` (a value or a field)."""
    return {"condition": {"test": test, "value": value}, **otherwise}


def _mark(kind: str, **props: Any) -> Spec:
    return {"type": kind, **props}


def _layer(
    mark: Spec,
    encoding: Spec,
    *,
    values: list[Spec] | None = None,
    filters: Iterable[str] = (),
) -> Spec:
    """One layer. Without `values` it draws the chart's own data (set at the top)."""
    layer: Spec = {"mark": mark, "encoding": encoding}
    if values is not None:
        layer["data"] = {"values": values}
    transform = [{"filter": test} for test in filters]
    if transform:
        layer["transform"] = transform
    return layer


def _group_color(scale: Spec, **props: Any) -> Spec:
    return _nominal("group", scale=scale, legend=None, **props)


def _title(text: str, subtitle: str | list[str] | None = None) -> Spec:
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


def _rows_height(rows: int, per_row: int = 38, minimum: int = 120) -> int:
    return max(minimum, rows * per_row)


def _placeholder(text: str = EMPTY_TEXT, title: str | None = None) -> Spec:
    spec: Spec = {
        "$schema": SCHEMA,
        "config": {"view": _view()},
        "data": {"values": [{"message": text}]},
        "mark": _mark("text", fontSize=14, color=MUTED, align="center", baseline="middle"),
        "encoding": {"text": _nominal("message")},
        "width": "container",
        "height": 80,
    }
    if title:
        spec["title"] = _title(title)
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


def _finish(data: list[Spec], body: Spec, height: int, title: Spec) -> Spec:
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
        "title": title,
    }


def _pct(value: float | None, decimals: int = 1) -> str:
    return "—" if value is None else f"{value:.{decimals}f}%"


def _signed(value: float) -> str:
    return f"{value:+.0f}"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _figures_label(estimate: bool) -> str:
    return ESTIMATE if estimate else KNOWN


def _figures_dash_scale() -> Spec:
    return {"domain": [KNOWN, ESTIMATE], "range": [[1, 0], list(DASH)]}


def _figures_legend(symbol: str = "circle") -> Spec:
    return {
        "title": None,
        "orient": "bottom",
        "symbolType": symbol,
        "symbolFillColor": "white",
        "symbolStrokeColor": MUTED,
        "symbolStrokeWidth": 1.5,
        "symbolSize": 180,
    }


def _names_list(names: Iterable[str]) -> str:
    return ", ".join(names)


# --------------------------------------------------------------------------- S2 portfolio mix


def _mix_rows(
    canvas: Canvas, metrics: CanvasMetrics, by_margin: bool
) -> tuple[list[dict[str, Any]], list[str]]:
    names = display_names(canvas)
    rows: list[dict[str, Any]] = []
    prospects: list[str] = []
    start_pos = start_neg = 0.0
    for group in canvas.groups:
        gm = metrics.of(group)
        if not group.is_in_portfolio:
            prospects.append(names[group.id])
            continue
        share = gm.margin_share_pct if by_margin else gm.share_now_pct
        if share >= 0:
            x0, x1 = start_pos, start_pos + share
            start_pos = x1
        else:
            x0, x1 = start_neg, start_neg + share
            start_neg = x1
        rows.append(
            {
                "group": names[group.id],
                "x0": x0,
                "x1": x1,
                "mid": (x0 + x1) / 2,
                "share_text": _pct(share),
                "label": _pct(share) if abs(share) >= 6 else "",
                "customers": labels.number(group.customer_count),
                "margin": labels.money(gm.group_margin, canvas.currency),
                "loses": share < 0,
            }
        )
    return rows, prospects


def portfolio_mix_chart(canvas: Canvas, metrics: CanvasMetrics, basis: str = "customers") -> Spec:
    """Today's portfolio as one 100% bar, by number of customers or by annual margin.

    With basis="annual_margin", groups that lose money are drawn below zero in red-outlined
    segments and named in the subtitle. Prospects appear in the legend and the subtitle at 0%.
    """
    if basis not in ("customers", "annual_margin"):
        raise ValueError("basis must be 'customers' or 'annual_margin'")
    words = labels.wording(canvas)
    by_margin = basis == "annual_margin"
    title = (
        f"Where your {words.margin} comes from today"
        if by_margin
        else f"Your {words.customers} today, by group"
    )
    if not canvas.groups:
        return _placeholder(title=title)
    if not any(g.is_in_portfolio for g in canvas.groups):
        return _placeholder(f"Add the number of {words.customers} in each group", title)
    if by_margin and metrics.portfolio.annual_margin <= 0:
        return _placeholder(
            f"Your groups do not add up to a positive {words.margin} yet, so shares would mislead",
            title,
        )
    rows, prospects = _mix_rows(canvas, metrics, by_margin)
    notes = [
        f"Share of annual {words.margin} (after cost to serve)."
        if by_margin
        else f"Share of all {words.customers} you have today."
    ]
    losing = [r for r in rows if r["loses"]]
    if losing:
        notes.append(
            "Below zero, in red outline: "
            + _names_list(f"{r['group']} ({r['share_text']}, {r['margin']} a year)" for r in losing)
        )
    if prospects:
        notes.append(f"Not yet {words.customers} (0% today): {_names_list(prospects)}.")
    lo = min(0.0, *(r["x1"] for r in rows))
    hi = max(100.0, *(r["x1"] for r in rows))
    tooltip = [
        _tip("group", "Group"),
        _tip("share_text", "Share"),
        _tip("customers", words.customers.capitalize()),
        _tip("margin", f"Annual {words.margin}"),
    ]
    bars = _layer(
        _mark("bar", height=44, strokeWidth=2),
        {
            "x": _quant(
                "x0",
                title=f"% of {words.margin}" if by_margin else f"% of {words.customers}",
                scale={"domain": [lo, hi], "nice": False},
                axis={"values": [v for v in (0, 25, 50, 75, 100) if lo <= v <= hi]},
            ),
            "x2": {"field": "x1"},
            "color": _nominal(
                "group",
                scale=group_color_scale(canvas),
                legend={"title": None, "orient": "bottom", "columns": 2, "symbolType": "square"},
            ),
            "stroke": _when("datum.loses", NEGATIVE_RED, {"value": "white"}),
            "tooltip": tooltip,
        },
    )
    text = _layer(
        _mark("text", color="white", fontWeight="bold", fontSize=12),
        {"x": _quant("mid"), "text": _nominal("label"), "tooltip": tooltip},
    )
    layers = [bars, text]
    if losing:
        layers.append(
            _layer(
                _mark("rule", color=NEGATIVE_RED, strokeWidth=1.5),
                {"x": _quant("x")},
                values=[{"x": 0.0}],
            )
        )
    return _finish(rows, {"layer": layers}, 60, _title(title, notes))


# --------------------------------------------------------------------------- S3 value to customer


def _fit_text(share: float | None) -> str:
    return "fit —" if share is None else f"fit {share * 100:.0f}%"


def value_to_customer_chart(canvas: Canvas) -> Spec:
    """Value-to-customer score per group (1-5) with a small 'fit' note next to each bar."""
    words = labels.wording(canvas)
    title = f"How much each group gets from you (value to the {words.customer})"
    if not canvas.groups:
        return _placeholder(title=title)
    names = display_names(canvas)
    rows = []
    for group in canvas.groups:
        score = group.value_to_customer_score
        share = fit_share(group)
        rows.append(
            {
                "group": names[group.id],
                "score": score,
                "score_text": _score(score) if score is not None else "not scored yet",
                "note_x": score if score is not None else 0.0,
                "note": _fit_text(share)
                if score is not None
                else f"not scored yet · {_fit_text(share)}",
                "fit_text": "—" if share is None else f"{share * 100:.0f}%",
            }
        )
    order = [names[g.id] for g in canvas.groups]
    tooltip = [
        _tip("group", "Group"),
        _tip("score_text", "Value to them (1-5)"),
        _tip("fit_text", "Top pains and gains you answer"),
    ]
    bars = _layer(
        _mark("bar", height=22, cornerRadiusEnd=2),
        {
            "x": _quant(
                "score",
                title=f"Value to the {words.customer}: 1 = little, 5 = a lot",
                scale={"domain": [0, 6], "nice": False},
                axis={"values": [1, 2, 3, 4, 5], "format": "d"},
            ),
            "y": _nominal("group", sort=order, title=None),
            "color": _group_color(group_color_scale(canvas)),
            "tooltip": tooltip,
        },
    )
    notes = _layer(
        _mark("text", align="left", dx=6, fontSize=12, color=MUTED),
        {
            "x": _quant("note_x"),
            "y": _nominal("group", sort=order, title=None),
            "text": _nominal("note"),
            "tooltip": tooltip,
        },
    )
    return _finish(
        rows,
        {"layer": [bars, notes]},
        _rows_height(len(rows)),
        _title(title, "Fit: share of their top pains and gains that something you offer answers."),
    )


# --------------------------------------------------------------------------- S4 lifetime value


def _clv_rows(canvas: Canvas, metrics: CanvasMetrics) -> list[dict[str, Any]]:
    names = display_names(canvas)
    rows = []
    for group in canvas.groups:
        gm = metrics.of(group)
        estimate = is_estimate(group)
        money = labels.money(gm.clv, canvas.currency)
        rows.append(
            {
                "group": names[group.id],
                "clv": gm.clv,
                "clv_text": money + (" (estimate)" if estimate else ""),
                "margin_text": labels.money(gm.margin_per_customer, canvas.currency),
                "retention_text": _pct(group.retention_pct, 0),
                "figures": _figures_label(estimate),
                "estimate": estimate,
                "negative": gm.clv < 0,
            }
        )
    return rows


def _clv_domain(values: list[float]) -> list[float]:
    lo, hi = min(0.0, *values), max(0.0, *values)
    span = (hi - lo) or 1.0
    return [lo - 0.14 * span if lo < 0 else 0.0, hi + 0.25 * span if hi > 0 else 0.0]


def clv_chart(canvas: Canvas, metrics: CanvasMetrics) -> Spec:
    """Lifetime value per customer by group: red below zero, hollow and dashed for estimates."""
    words = labels.wording(canvas)
    title = f"What one {words.customer} is worth over time"
    if not canvas.groups:
        return _placeholder(title=title)
    rows = _clv_rows(canvas, metrics)
    order = [r["group"] for r in rows]
    scale = group_color_scale(canvas)
    tooltip = [
        _tip("group", "Group"),
        _tip("clv_text", "Lifetime value, from today"),
        _tip("margin_text", f"Annual {words.margin} per {words.customer}"),
        _tip("retention_text", "Retention"),
        _tip("figures", "Figures"),
    ]
    bars = _layer(
        _mark("bar", height=22, strokeWidth=1.5),
        {
            "x": _quant(
                "clv",
                title=f"Lifetime value per {words.customer} ({canvas.currency})",
                scale={"domain": _clv_domain([r["clv"] for r in rows]), "nice": False},
                axis={"format": ",.0f", "tickCount": 5},
            ),
            "y": _nominal("group", sort=order, title=None),
            "color": _when("datum.negative", NEGATIVE_RED, _group_color(scale)),
            "stroke": _when("datum.negative", NEGATIVE_RED, _group_color(scale)),
            "fillOpacity": _when("datum.estimate", HOLLOW_OPACITY, {"value": SOLID_OPACITY}),
            "strokeDash": _nominal(
                "figures",
                scale=_figures_dash_scale(),
                legend=None,  # the subtitle and the "(estimate)" labels say it in words
            ),
            "tooltip": tooltip,
        },
    )
    value_labels = [
        _layer(
            _mark("text", align=align, dx=dx, fontSize=12),
            {
                "x": _quant("clv"),
                "y": _nominal("group", sort=order, title=None),
                "text": _nominal("clv_text"),
                "color": _when("datum.negative", NEGATIVE_RED, {"value": "#333333"}),
                "tooltip": tooltip,
            },
            filters=[test],
        )
        for test, align, dx in (("datum.clv >= 0", "left", 5), ("datum.clv < 0", "right", -5))
    ]
    zero = _layer(_mark("rule", color="#555555"), {"x": _quant("x")}, values=[{"x": 0.0}])
    subtitle = [
        f"This year's {words.margin} plus the years after, discounted at "
        f"{canvas.discount_rate_pct:g}% a year.",
        "Red: loses money on every customer. Hollow and dashed: an estimate.",
    ]
    return _finish(
        rows,
        {"layer": [bars, *value_labels, zero]},
        _rows_height(len(rows)),
        _title(title, subtitle),
    )


# --------------------------------------------------------------------------- S4 Pareto


def pareto_chart(canvas: Canvas, metrics: CanvasMetrics) -> Spec:
    """Concentration curve: cumulative % of customers against cumulative % of annual margin,
    groups sorted by margin per customer (highest first), with the 80/20 reference."""
    words = labels.wording(canvas)
    title = f"How concentrated your {words.margin} is"
    if not canvas.groups:
        return _placeholder(title=title)
    if not metrics.pareto:
        return _placeholder(
            f"Add {words.customers} and {words.margin} per group to see this chart", title
        )
    names = display_names(canvas)
    spots = _pareto_label_spots(
        [(p.customers_pct, p.margin_pct, names[p.group_id]) for p in metrics.pareto]
    )
    rows: list[dict[str, Any]] = [
        {
            "group": "",
            "customers_pct": 0.0,
            "margin_pct": 0.0,
            "order": 0,
            "label": "",
            "label_x": 0.0,
            "label_y": 0.0,
            "right": False,
            "text": None,
        }
    ]
    for index, point in enumerate(metrics.pareto, start=1):
        x, y = round(point.customers_pct, 1), round(point.margin_pct, 1)
        rows.append(
            {
                "group": names[point.group_id],
                "customers_pct": x,
                "margin_pct": y,
                "order": index,
                "label": names[point.group_id],
                "label_x": spots[index - 1][0],
                "label_y": spots[index - 1][1],
                "right": spots[index - 1][2],
                "text": f"{x:.1f}% of {words.customers} give {y:.1f}% of {words.margin}",
            }
        )
    y_lo = min(0.0, *(r["margin_pct"] for r in rows))
    y_hi = max(100.0, *(r["margin_pct"] for r in rows))

    def x_enc() -> Spec:
        return _quant(
            "customers_pct",
            title=f"Cumulative % of {words.customers} (highest {words.margin} per "
            f"{words.customer} first)",
            scale={"domain": [0, 100], "nice": False},
            axis={"values": [0, 20, 40, 60, 80, 100]},
        )

    def y_enc() -> Spec:
        return _quant(
            "margin_pct",
            title=f"Cumulative % of annual {words.margin}",
            scale={"domain": [y_lo, y_hi], "nice": False},
            axis={"values": [0, 20, 40, 60, 80, 100]},
        )

    scale = group_color_scale(canvas)
    line = _layer(
        _mark("line", color=GRID_GREY, strokeWidth=2),
        {"x": x_enc(), "y": y_enc(), "order": _quant("order")},
    )
    points = _layer(
        _mark("circle", size=110, opacity=1, stroke="white", strokeWidth=1),
        {
            "x": x_enc(),
            "y": y_enc(),
            "color": _group_color(scale),
            "tooltip": [_tip("group", "Up to and including"), _tip("text", "Together")],
        },
        filters=["datum.order > 0"],
    )
    point_labels = [
        _layer(
            _mark("text", align=align, dx=dx, fontSize=11, fontWeight="bold"),
            {
                "x": _quant("label_x", scale={"domain": [0, 100], "nice": False}),
                "y": _quant("label_y", scale={"domain": [y_lo, y_hi], "nice": False}),
                "text": _nominal("label"),
                "color": _group_color(scale),
            },
            filters=["datum.order > 0", test],
        )
        for test, align, dx in (("!datum.right", "left", 9), ("datum.right", "right", -9))
    ]
    diagonal = _layer(
        _mark("line", color=GRID_GREY, strokeDash=list(DASH), strokeWidth=1),
        {"x": _quant("x"), "y": _quant("y")},
        values=[{"x": 0, "y": 0}, {"x": 100, "y": 100}],
    )
    marker = _layer(
        _mark("point", shape="cross", size=140, color=MUTED, filled=True),
        {"x": _quant("x"), "y": _quant("y")},
        values=[{"x": 20, "y": 80, "text": "80/20"}],
    )
    marker_text = _layer(
        _mark("text", align="right", dx=-8, dy=-8, fontSize=11, color=MUTED),
        {"x": _quant("x"), "y": _quant("y"), "text": _nominal("text")},
        values=[{"x": 20, "y": 80, "text": "80/20"}],
    )
    subtitle = [
        f"Each point adds one group, best {words.margin} per {words.customer} first.",
        "The cross marks 20% giving 80%; the dashed line is an even spread.",
    ]
    return _finish(
        rows,
        {"layer": [diagonal, marker, marker_text, line, points, *point_labels]},
        380,
        _title(title, subtitle),
    )


def _pareto_label_spots(points: list[tuple[float, float, str]]) -> list[tuple[float, float, bool]]:
    """Where each point's name goes, in data units: just below the point, reading right unless
    that would run past 100%, pushed down until it covers neither a point nor another name.
    Widths assume roughly one axis unit per character (a chart some 600 pixels wide)."""
    gap = 4.5
    placed: list[tuple[float, float, float]] = [(x - 1.5, x + 1.5, y) for x, y, _ in points]
    spots: dict[int, tuple[float, float, bool]] = {}
    for index in sorted(range(len(points)), key=lambda i: -points[i][0]):
        x, y, name = points[index]
        width = len(name) * 1.05 + 2
        right_aligned = x + width > 100
        left, right = (x - width, x) if right_aligned else (x, x + width)
        label_y = y - 3.5
        moved = True
        while moved:
            moved = False
            for other_left, other_right, other_y in placed:
                if left < other_right and other_left < right and abs(label_y - other_y) < gap:
                    label_y, moved = other_y - gap, True
        if label_y < 2:  # would sit on the axis: put it just above the point instead
            label_y = y + 3.5
        placed.append((left, right, label_y))
        spots[index] = (x, label_y, right_aligned)
    return [spots[i] for i in range(len(points))]


# --------------------------------------------------------------------------- S4 NPS


def _nps_rows(canvas: Canvas, metrics: CanvasMetrics) -> list[dict[str, Any]]:
    names = display_names(canvas)
    rows = []
    for group in canvas.groups:
        nps = metrics.of(group).nps
        if nps is None:
            continue
        margin = nps.margin
        estimate = nps_is_estimate(group, metrics.of(group))
        label = _signed(nps.score) + (f" ±{margin:.0f}" if margin is not None else "")
        if nps.is_indicative:
            answers = (
                "an estimate, not survey answers"
                if nps.is_estimate
                else f"{nps.respondents} answers (fewer than {NPS_MIN_SAMPLE}: indicative)"
            )
        else:
            answers = f"{nps.respondents} answers"
        rows.append(
            {
                "group": names[group.id],
                "nps": nps.score,
                "low": max(-100.0, nps.score - margin) if margin is not None else None,
                "high": min(100.0, nps.score + margin) if margin is not None else None,
                "label": label + (" (estimate)" if estimate else ""),
                "answers": answers,
                "figures": _figures_label(estimate),
                "estimate": estimate,
            }
        )
    return rows


def nps_chart(canvas: Canvas, metrics: CanvasMetrics) -> Spec:
    """Net Promoter Score per group with its 95% margin of error; estimates hollow."""
    title = "Would they recommend you?"
    if not canvas.groups:
        return _placeholder(title=title)
    rows = _nps_rows(canvas, metrics)
    if not rows:
        return _placeholder(
            "Add survey answers or an estimated score for a group to see this chart", title
        )
    names = display_names(canvas)
    missing = [names[g.id] for g in canvas.groups if metrics.of(g).nps is None]
    order = [r["group"] for r in rows]
    scale = group_color_scale(canvas)
    tooltip = [
        _tip("group", "Group"),
        _tip("label", "NPS ± margin of error"),
        _tip("answers", "Based on"),
    ]

    def y() -> Spec:
        return _nominal("group", sort=order, title=None)

    zero = _layer(_mark("rule", color=GRID_GREY), {"x": _quant("x")}, values=[{"x": 0.0}])
    whiskers = _layer(
        _mark("rule", strokeWidth=2),
        {
            "x": _quant("low"),
            "x2": {"field": "high"},
            "y": y(),
            "color": _group_color(scale),
            "tooltip": tooltip,
        },
        filters=["isValid(datum.low)"],
    )
    caps = [
        _layer(
            _mark("tick", thickness=2, size=12),
            {"x": _quant(end), "y": y(), "color": _group_color(scale)},
            filters=["isValid(datum.low)"],
        )
        for end in ("low", "high")
    ]
    dots = _layer(
        _mark("point", size=160, strokeWidth=2, opacity=1, filled=True),
        {
            "x": _quant(
                "nps",
                title="Net Promoter Score (−100 to +100)",
                scale={"domain": [-100, 100], "nice": False},
                axis={"values": [-100, -50, 0, 50, 100]},
            ),
            "y": y(),
            "stroke": _group_color(scale),
            "fill": _when("datum.estimate", "white", _group_color(scale)),
            "strokeDash": _nominal(
                "figures",
                scale=_figures_dash_scale(),
                legend=None,  # the subtitle and the "(estimate)" labels say it in words
            ),
            "tooltip": tooltip,
        },
    )
    text = _layer(
        _mark("text", dy=-14, fontSize=11, color="#333333"),
        {"x": _quant("nps"), "y": y(), "text": _nominal("label")},
    )
    subtitle = [
        "Dots: the score. Lines: its 95% margin of error (small surveys give long lines).",
        "Hollow: an estimate, not survey answers.",
    ]
    if missing:
        subtitle.append(f"Not known yet: {_names_list(missing)}.")
    return _finish(
        rows,
        {"layer": [zero, whiskers, *caps, dots, text]},
        _rows_height(len(rows), per_row=48),
        _title(title, subtitle),
    )


# --------------------------------------------------------------------------- S5 value map

JITTER = 0.13  # score units; small enough to stay in the quadrant, big enough to separate


def _jitter(
    points: Mapping[str, tuple[float, float]], line: float
) -> dict[str, tuple[float, float]]:
    """Spread groups that sit on exactly the same scores over a small quarter-circle that points
    away from the quadrant lines, so no bubble is drawn in a quadrant it does not belong to.
    Deterministic: the order of the groups decides the spread. Lone groups do not move."""
    spots: dict[tuple[float, float], list[str]] = defaultdict(list)
    for group_id, spot in points.items():
        spots[spot].append(group_id)
    moved: dict[str, tuple[float, float]] = {}
    for (x, y), ids in spots.items():
        if len(ids) == 1:
            moved[ids[0]] = (x, y)
            continue
        sx = 1.0 if x >= line else -1.0
        sy = 1.0 if y >= line else -1.0
        if x + sx * JITTER > 5 or x + sx * JITTER < 1:
            sx = -sx if (x - sx * JITTER >= line) == (x >= line) else 0.0
        if y + sy * JITTER > 5 or y + sy * JITTER < 1:
            sy = -sy if (y - sy * JITTER >= line) == (y >= line) else 0.0
        for k, group_id in enumerate(ids):
            angle = (k + 0.5) / len(ids) * math.pi / 2
            moved[group_id] = (x + sx * JITTER * math.cos(angle), y + sy * JITTER * math.sin(angle))
    return moved


def _size_basis(size_by: str) -> bool:
    if size_by not in ("customers", "margin", "annual_margin"):
        raise ValueError("size_by must be 'customers' or 'margin'")
    return size_by != "customers"


SIZE_RANGE = (60.0, 2200.0)  # bubble area in square pixels
PROSPECT_SIZE = 500.0
MAP_HEIGHT = 460


def _bubble_area(value: float, largest: float) -> float:
    if largest <= 0:
        return SIZE_RANGE[0]
    return SIZE_RANGE[0] + (SIZE_RANGE[1] - SIZE_RANGE[0]) * max(value, 0.0) / largest


def _map_rows(
    canvas: Canvas,
    metrics: CanvasMetrics,
    placements: Mapping[str, Placement],
    by_margin: bool,
) -> list[dict[str, Any]]:
    names = display_names(canvas)
    line = canvas.thresholds.quadrant_line
    placed = [g for g in canvas.groups if placements[g.id].vtc is not None]
    spots = {g.id: (placements[g.id].vtc or 0.0, placements[g.id].vtb) for g in placed}
    moved = _jitter(spots, line)

    def amount(group: CustomerGroup) -> float:
        gm = metrics.of(group)
        return gm.group_margin if by_margin else float(group.customer_count)

    largest = max((amount(g) for g in placed if g.is_in_portfolio), default=0.0)
    rows = []
    for group in placed:
        placement, gm = placements[group.id], metrics.of(group)
        estimate = placement.is_estimate
        area = _bubble_area(amount(group), largest) if group.is_in_portfolio else PROSPECT_SIZE
        x, y = moved[group.id]
        radius = math.sqrt(area / math.pi)
        below = y > 1.6
        offset = (radius + 10) / (MAP_HEIGHT / 4)  # pixels -> score units on the 1-5 axis
        rows.append(
            {
                "group": names[group.id],
                "x": x,
                "y": y,
                "area": area,
                "amount": max(amount(group), 0.0) if group.is_in_portfolio else 0.0,
                "prospect": not group.is_in_portfolio,
                "label_y": y - offset if below else y + offset,
                "vtc_text": _score(placement.vtc),
                "vtb_text": _score(placement.vtb)
                + (" (suggested)" if placement.vtb_is_suggestion else ""),
                "quadrant": labels.QUADRANTS[placement.quadrant] if placement.quadrant else "—",
                "tier": labels.TIERS[placement.tier],
                "clv_text": labels.money(gm.clv, canvas.currency),
                "customers_text": labels.number(group.customer_count),
                "margin_text": labels.money(gm.group_margin, canvas.currency),
                "figures": _figures_label(estimate),
                "estimate": estimate,
            }
        )
    return rows


QUADRANT_BOXES = {  # x side, y side of the line: +1 above/right, -1 below/left
    "sweet_spot": (1, 1),
    "at_risk": (-1, 1),
    "value_leak": (1, -1),
    "poor_fit": (-1, -1),
}


def _quadrant_corner(
    key: str, line: float, points: list[tuple[float, float]]
) -> tuple[float, float, str, str]:
    """The corner of a quadrant for its name: the outer corner unless a bubble or a group name
    sits there, then whichever corner of that quadrant is farthest from them."""
    sx, sy = QUADRANT_BOXES[key]
    xs = (5.0, line) if sx > 0 else (1.0, line)
    ys = (5.0, line) if sy > 0 else (1.0, line)
    corners = [(x, y) for y in ys for x in xs]

    def clearance(corner: tuple[float, float]) -> float:
        cx, cy = corner[0] - sx * 0.35 * (1 if corner[0] in (1.0, 5.0) else -1), corner[1]
        return min((math.hypot(cx - px, (cy - py) * 1.5) for px, py in points), default=9.0)

    best = corners[0] if clearance(corners[0]) >= 0.6 else max(corners, key=clearance)
    x, y = best
    outer_x, outer_y = x in (1.0, 5.0), y in (1.0, 5.0)
    pad = 0.05
    x += -pad * sx if outer_x else pad * sx
    y += -pad * sy if outer_y else pad * sy
    align = ("right" if sx > 0 else "left") if outer_x else ("left" if sx > 0 else "right")
    baseline = ("top" if sy > 0 else "bottom") if outer_y else ("bottom" if sy > 0 else "top")
    return x, y, align, baseline


def _quadrant_labels(line: float, points: list[tuple[float, float]]) -> list[Spec]:
    layers = []
    for key in QUADRANT_BOXES:
        x, y, align, baseline = _quadrant_corner(key, line, points)
        layers.append(
            _layer(
                _mark(
                    "text",
                    align=align,
                    baseline=baseline,
                    fontSize=13,
                    fontWeight="bold",
                    color="#ABABAB",
                ),
                {"x": _quant("x"), "y": _quant("y"), "text": _nominal("text")},
                values=[{"x": x, "y": y, "text": labels.QUADRANTS[key]}],
            )
        )
    return layers


def value_map_chart(
    canvas: Canvas,
    metrics: CanvasMetrics,
    placements: Mapping[str, Placement],
    size_by: str = "customers",
) -> Spec:
    """The value-exchange map: value to the customer (x) against value to the business (y), both
    on the same 1-5 scale, quadrant lines at the canvas threshold, bubble area = customers (or
    annual margin), hollow dashed bubbles for prospects and estimates (C-28, C-31)."""
    words = labels.wording(canvas)
    title = "Who gets value, and who gives it back"
    if not canvas.groups:
        return _placeholder(title=title)
    by_margin = _size_basis(size_by)
    rows = _map_rows(canvas, metrics, placements, by_margin)
    names = display_names(canvas)
    unplaced = [names[g.id] for g in canvas.groups if placements[g.id].vtc is None]
    if not rows:
        return _placeholder(
            f"Score the value to the {words.customer} for a group to place it on the map", title
        )
    line = canvas.thresholds.quadrant_line
    size_title = (
        f"Bubble area: annual {words.margin} ({canvas.currency})"
        if by_margin
        else f"Bubble area: number of {words.customers}"
    )

    def axis_scale() -> Spec:
        return {"domain": [1, 5], "nice": False, "zero": False}

    def axis() -> Spec:
        return {"values": [1, 2, 3, 4, 5], "format": "d", "grid": False}

    def x() -> Spec:
        return _quant(
            "x", title=f"Value to the {words.customer} →", scale=axis_scale(), axis=axis()
        )

    scale = group_color_scale(canvas)
    largest = max((r["amount"] for r in rows), default=0.0)
    tooltip = [
        _tip("group", "Group"),
        _tip("vtc_text", f"Value to the {words.customer}"),
        _tip("vtb_text", f"Value to the {words.business}"),
        _tip("quadrant", "Quadrant"),
        _tip("tier", "Value tier"),
        _tip("clv_text", "Lifetime value"),
        _tip("customers_text", words.customers.capitalize()),
        _tip("margin_text", f"Annual {words.margin}"),
        _tip("figures", "Figures"),
    ]
    rules = [
        _layer(
            _mark("rule", color=GRID_GREY, strokeWidth=1.5),
            {channel: _quant("v", scale=axis_scale())},
            values=[{"v": line}],
        )
        for channel in ("x", "y")
    ]

    def bubble_encoding() -> Spec:
        return {
            "x": x(),
            "y": _quant(
                "y", title=f"Value to the {words.business} →", scale=axis_scale(), axis=axis()
            ),
            "color": _group_color(scale),
            "stroke": _group_color(scale),
            "fillOpacity": _when("datum.estimate", HOLLOW_OPACITY, {"value": SOLID_OPACITY}),
            "strokeDash": _nominal(
                "figures", scale=_figures_dash_scale(), legend=_figures_legend("circle")
            ),
            "tooltip": tooltip,
        }

    size = _quant(
        "amount",
        title=size_title,
        scale={"domain": [0, largest or 1], "range": list(SIZE_RANGE), "clamp": True},
        legend={
            "orient": "bottom",
            "format": "~s",
            "symbolFillColor": "#DDDDDD",
            "symbolStrokeColor": MUTED,
            "titleLimit": 400,
        },
    )
    current = _layer(
        _mark("circle", strokeWidth=2, opacity=1),
        {"size": size, **bubble_encoding()},
        filters=["!datum.prospect"],
    )
    prospects = _layer(
        _mark("circle", strokeWidth=2, opacity=1, size=PROSPECT_SIZE),
        bubble_encoding(),
        filters=["datum.prospect"],
    )
    names_text = _layer(
        _mark("text", fontSize=12, color="#333333"),
        {"x": x(), "y": _quant("label_y", scale=axis_scale()), "text": _nominal("group")},
    )
    subtitle = [
        f"Top right is the sweet spot: they get a lot from you and give a lot back. Lines at {line:g}.",
        "Hollow, dashed bubbles: not yet customers, or figures that are mostly guesses.",
    ]
    if unplaced:
        subtitle.append(
            f"Not on the map yet (no value-to-the-{words.customer} score): {_names_list(unplaced)}."
        )
    quadrant_labels = _quadrant_labels(
        line, [(r["x"], r["y"]) for r in rows] + [(r["x"], r["label_y"]) for r in rows]
    )
    return _finish(
        rows,
        {"layer": [*rules, *quadrant_labels, current, prospects, names_text]},
        MAP_HEIGHT,
        _title(title, subtitle),
    )


# --------------------------------------------------------------------------- S6 target mix


def _intent_words(group: CustomerGroup) -> str:
    return " + ".join(labels.INTENTS[i.type] for i in group.intents) or NO_INTENT


def _first_intent(group: CustomerGroup) -> str:
    return labels.INTENTS[group.intents[0].type] if group.intents else NO_INTENT


def _target_rows(canvas: Canvas, metrics: CanvasMetrics) -> list[dict[str, Any]]:
    names = display_names(canvas)
    rows = []
    for group in canvas.groups:
        now = metrics.of(group).share_now_pct
        target = group.target_share_pct
        change = "no target yet" if target is None else f"{_pct(now)} → {_pct(target)}"
        rows.append(
            {
                "group": names[group.id],
                "now": now,
                "target": target,
                "now_text": _pct(now),
                "target_text": _pct(target),
                "intent": _first_intent(group),
                "intents": _intent_words(group),
                "label": f"{change} · {_intent_words(group)}",
                "prospect": not group.is_in_portfolio,
            }
        )
    return rows


def target_mix_chart(canvas: Canvas, metrics: CanvasMetrics) -> Spec:
    """Current against target share per group as a dumbbell: hollow dot today, target marker
    shaped by the group's first intent, both in the group's colour (C-30)."""
    words = labels.wording(canvas)
    title = f"Today's mix of {words.customers} and the mix you aim for"
    if not canvas.groups:
        return _placeholder(title=title)
    rows = _target_rows(canvas, metrics)
    order = [r["group"] for r in rows]
    highest = max([r["now"] for r in rows] + [r["target"] or 0.0 for r in rows])
    x_top = max(10.0, math.ceil(highest / 10) * 10)
    x_title = f"Share of all {words.customers} (%)"
    scale = group_color_scale(canvas)

    def x_scale() -> Spec:
        return {"domain": [0, x_top], "nice": False}

    def y() -> Spec:
        return _nominal("group", sort=order, title=None, axis={"labelPadding": 8})

    def x_now() -> Spec:
        return _quant("now", scale=x_scale(), title=x_title, axis={"tickCount": 6})

    tooltip = [
        _tip("group", "Group"),
        _tip("now_text", "Today"),
        _tip("target_text", "Target"),
        _tip("intents", "Intent"),
    ]
    links = _layer(
        _mark("rule", strokeWidth=3, opacity=0.45),
        {"x": x_now(), "x2": {"field": "target"}, "y": y(), "color": _group_color(scale)},
        filters=["isValid(datum.target)"],
    )
    now_dots = _layer(
        _mark("point", size=110, strokeWidth=2, filled=True, fill="white", opacity=1),
        {"x": x_now(), "y": y(), "stroke": _group_color(scale), "tooltip": tooltip},
    )
    intents = [*(labels.INTENTS[i] for i in IntentType), NO_INTENT]
    shapes = [*(INTENT_SHAPES[i] for i in IntentType), "square"]
    target_marks = _layer(
        _mark("point", size=150, filled=True, opacity=1),
        {
            "x": _quant("target", scale=x_scale()),
            "y": y(),
            "color": _group_color(scale),
            "shape": _nominal(
                "intent",
                scale={"domain": intents, "range": shapes},
                legend={
                    "title": "Target, by intent",
                    "orient": "bottom",
                    "symbolFillColor": MUTED,
                },
            ),
            "tooltip": tooltip,
        },
        filters=["isValid(datum.target)"],
    )
    text = _layer(
        _mark("text", align="left", dy=-15, fontSize=11, color=MUTED),
        {"x": {"datum": 0, "scale": x_scale()}, "y": y(), "text": _nominal("label")},
    )
    subtitle = [
        "Hollow dot: today. Filled marker: your target, shaped by the intent you chose.",
        f"Groups with no {words.customers} yet start at 0%.",
    ]
    total = metrics.portfolio.target_share_total
    if total is not None and not adds_up_to_100(total):
        subtitle.append(f"Your targets add up to {total:.1f}%, not 100%.")
    return _finish(
        rows,
        {"layer": [links, now_dots, target_marks, text]},
        _rows_height(len(rows), per_row=52),
        _title(title, subtitle),
    )


# --------------------------------------------------------------------------- S8 hangouts


def hangout_matrix_chart(canvas: Canvas) -> Spec:
    """Which places each group gathers in: one dot per group and place, sized by the number of
    lifecycle stages it covers, coloured by who talks to whom."""
    words = labels.wording(canvas)
    title = f"Where your {words.customers} gather"
    if not canvas.groups:
        return _placeholder(title=title)
    if not canvas.hangouts:
        return _placeholder(f"Add the places where your {words.customers} gather", title)
    names = display_names(canvas)
    places = _place_names(canvas)
    rows = []
    for hangout in canvas.hangouts:
        for group_id in hangout.group_ids:
            rows.append(
                {
                    "group": names[group_id],
                    "place": places[hangout.id],
                    "stages": len(hangout.stages),
                    "stages_text": ", ".join(labels.STAGES[s] for s in hangout.stages) or "—",
                    "kind": labels.HANGOUT_KINDS[hangout.kind],
                    "direction": labels.DIRECTIONS[hangout.direction],
                }
            )
    if not rows:
        return _placeholder("Link each place to the groups that gather there", title)
    group_order = [names[g.id] for g in canvas.groups]
    place_order = [places[h.id] for h in canvas.hangouts]
    encoding = {
        "x": _nominal(
            "group",
            sort=group_order,
            scale={"domain": list(group_order)},
            title=None,
            axis={"labelAngle": 0, "labelExpr": WRAP_LABEL, "grid": True, "labelPadding": 6},
        ),
        "y": _nominal(
            "place", sort=place_order, title=None, axis={"grid": True, "labelLimit": 300}
        ),
        "size": _quant(
            "stages",
            title="Lifecycle stages",
            scale={"domain": [0, 6], "range": [60, 700]},
            legend={"orient": "bottom", "values": [1, 2, 3, 6]},
        ),
        "color": _nominal(
            "direction",
            title=None,
            scale={
                "domain": [labels.DIRECTIONS[d] for d in DIRECTION_COLORS],
                "range": list(DIRECTION_COLORS.values()),
            },
            legend={"orient": "bottom", "columns": 1},
        ),
        "tooltip": [
            _tip("place", "Place"),
            _tip("group", "Group"),
            _tip("kind", "Kind"),
            _tip("direction", "Direction"),
            _tip("stages_text", "Lifecycle stages"),
        ],
    }
    return _finish(
        rows,
        {"mark": _mark("circle", opacity=0.85), "encoding": encoding},
        _rows_height(len(place_order), per_row=30),
        _title(
            title,
            "Bigger dots: the place matters at more steps, from finding you to recommending you.",
        ),
    )


def _place_names(canvas: Canvas) -> dict[str, str]:
    """Hangout id -> a unique, non-empty name for the matrix rows."""
    names: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for hangout in canvas.hangouts:
        base = hangout.name or "A place without a name"
        seen[base] += 1
        names[hangout.id] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return names
