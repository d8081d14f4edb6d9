"""The value-exchange map (S5): value to the customer against value to the business."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from canvas.core import labels
from canvas.core.classify import Placement
from canvas.core.labels import display_names
from canvas.core.metrics import CanvasMetrics
from canvas.core.model import Canvas, CustomerGroup
from canvas.outputs.charts import base

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
        gm = metrics.of(group)  # a group valued in kind is sized by what it gives in kind
        yearly = gm.net_value_per_customer * group.customer_count
        return yearly if by_margin else float(group.customer_count)

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
        in_kind = gm.value_basis == "in_kind"
        rows.append(
            {
                "group": names[group.id],
                "label": names[group.id] + (base.IN_KIND_MARK if in_kind else ""),
                "x": x,
                "y": y,
                "area": area,
                "amount": max(amount(group), 0.0) if group.is_in_portfolio else 0.0,
                "prospect": not group.is_in_portfolio,
                "label_y": y - offset if below else y + offset,
                "vtc_text": base.score(placement.vtc),
                "vtb_text": base.score(placement.vtb)
                + (" (suggested)" if placement.vtb_is_suggestion else ""),
                "quadrant": labels.QUADRANTS[placement.quadrant] if placement.quadrant else "—",
                "tier": labels.wording(canvas).tiers[placement.tier],
                "clv_text": labels.money(gm.valued_clv, canvas.currency)
                + (base.IN_KIND_MARK if in_kind else ""),
                "customers_text": labels.number(group.customer_count),
                "margin_text": labels.money(
                    gm.net_value_per_customer * group.customer_count, canvas.currency
                )
                + (base.IN_KIND_MARK if in_kind else ""),
                "figures": base.figures_label(estimate),
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


def _quadrant_labels(line: float, points: list[tuple[float, float]]) -> list[base.Spec]:
    layers = []
    for key in QUADRANT_BOXES:
        x, y, align, baseline = _quadrant_corner(key, line, points)
        layers.append(
            base.layer(
                base.mark(
                    "text",
                    align=align,
                    baseline=baseline,
                    fontSize=13,
                    fontWeight="bold",
                    color="#ABABAB",
                ),
                {"x": base.quant("x"), "y": base.quant("y"), "text": base.nominal("text")},
                values=[{"x": x, "y": y, "text": labels.QUADRANTS[key]}],
            )
        )
    return layers


def value_map_chart(
    canvas: Canvas,
    metrics: CanvasMetrics,
    placements: Mapping[str, Placement],
    size_by: str = "customers",
) -> base.Spec:
    """The value-exchange map: value to the customer (x) against value to the business (y), both
    on the same 1-5 scale, quadrant lines at the canvas threshold, bubble area = customers (or
    annual margin), hollow dashed bubbles for prospects and estimates (C-28, C-31)."""
    words = labels.wording(canvas)
    title = "Who gets value, and who gives it back"
    if not canvas.groups:
        return base.placeholder(heading=title)
    by_margin = _size_basis(size_by)
    rows = _map_rows(canvas, metrics, placements, by_margin)
    names = display_names(canvas)
    unplaced = [names[g.id] for g in canvas.groups if placements[g.id].vtc is None]
    if not rows:
        return base.placeholder(
            f"Score the value to the {words.customer} for a group to place it on the map", title
        )
    line = canvas.thresholds.quadrant_line
    size_title = (
        f"Bubble area: annual {words.margin} ({canvas.currency})"
        if by_margin
        else f"Bubble area: number of {words.customers}"
    )

    def axis_scale() -> base.Spec:
        return {"domain": [1, 5], "nice": False, "zero": False}

    def axis() -> base.Spec:
        return {"values": [1, 2, 3, 4, 5], "format": "d", "grid": False}

    def x() -> base.Spec:
        return base.quant(
            "x", title=f"Value to the {words.customer} →", scale=axis_scale(), axis=axis()
        )

    scale = base.group_color_scale(canvas)
    largest = max((r["amount"] for r in rows), default=0.0)
    tooltip = [
        base.tip("group", "Group"),
        base.tip("vtc_text", f"Value to the {words.customer}"),
        base.tip("vtb_text", f"Value to the {words.business}"),
        base.tip("quadrant", "Quadrant"),
        base.tip("tier", "Value tier"),
        base.tip("clv_text", "Lifetime value"),
        base.tip("customers_text", words.customers.capitalize()),
        base.tip("margin_text", f"Annual {words.margin}"),
        base.tip("figures", "Figures"),
    ]
    rules = [
        base.layer(
            base.mark("rule", color=base.GRID_GREY, strokeWidth=1.5),
            {channel: base.quant("v", scale=axis_scale())},
            values=[{"v": line}],
        )
        for channel in ("x", "y")
    ]

    def bubble_encoding() -> base.Spec:
        return {
            "x": x(),
            "y": base.quant(
                "y", title=f"Value to the {words.business} →", scale=axis_scale(), axis=axis()
            ),
            "color": base.group_color(scale),
            "stroke": base.group_color(scale),
            "fillOpacity": base.when(
                "datum.estimate", base.HOLLOW_OPACITY, {"value": base.SOLID_OPACITY}
            ),
            "strokeDash": base.nominal(
                "figures", scale=base.figures_dash_scale(), legend=base.figures_legend("circle")
            ),
            "tooltip": tooltip,
        }

    size = base.quant(
        "amount",
        title=size_title,
        scale={"domain": [0, largest or 1], "range": list(SIZE_RANGE), "clamp": True},
        legend={
            "orient": "bottom",
            "format": "~s",
            "symbolFillColor": "#DDDDDD",
            "symbolStrokeColor": base.MUTED,
            "titleLimit": 400,
        },
    )
    current = base.layer(
        base.mark("circle", strokeWidth=2, opacity=1),
        {"size": size, **bubble_encoding()},
        filters=["!datum.prospect"],
    )
    prospects = base.layer(
        base.mark("circle", strokeWidth=2, opacity=1, size=PROSPECT_SIZE),
        bubble_encoding(),
        filters=["datum.prospect"],
    )
    names_text = base.layer(
        base.mark("text", fontSize=12, color="#333333"),
        {"x": x(), "y": base.quant("label_y", scale=axis_scale()), "text": base.nominal("label")},
    )
    subtitle = [
        f"Top right is the sweet spot: they get a lot from you and give a lot back. Lines at {line:g}.",
        f"Hollow, dashed bubbles: not yet {words.customers}, or figures that are mostly guesses.",
    ]
    if any(r["label"] != r["group"] for r in rows):
        subtitle.append(base.IN_KIND_NOTE)
    if unplaced:
        subtitle.append(
            f"Not on the map yet (no value-to-the-{words.customer} score): {base.names_list(unplaced)}."
        )
    quadrant_labels = _quadrant_labels(
        line, [(r["x"], r["y"]) for r in rows] + [(r["x"], r["label_y"]) for r in rows]
    )
    return base.finish(
        rows,
        {"layer": [*rules, *quadrant_labels, current, prospects, names_text]},
        MAP_HEIGHT,
        base.title(title, subtitle),
    )
