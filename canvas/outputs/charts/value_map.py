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


SIZE_RANGE = (60.0, 2200.0)  # bubble area in square pixels, on a map MAP_HEIGHT tall
PROSPECT_SIZE = 500.0
MAP_HEIGHT = 460
NOMINAL_WIDTH = 640  # pixels; the app draws the map as wide as its column, about this or wider
PAD = 0.45  # score units around 1-5, so bubbles at the edge and the quadrant names fit inside
DOMAIN = (1.0 - PAD, 5.0 + PAD)
LABEL_SIZE = 12  # pixels, group names
QUADRANT_SIZE = 13  # pixels, quadrant names
CHAR_WIDTH = 0.6  # of the font size: a generous average width of a character
GAP = 4  # pixels between a bubble and its name


class Frame:
    """Pixels per score unit of a map `width` x `height` pixels, to place text in score units."""

    def __init__(self, width: float, height: float, text_scale: float = 1.0) -> None:
        span = DOMAIN[1] - DOMAIN[0]
        self.kx, self.ky = width / span, height / span
        self.text_scale = text_scale
        self.area_factor = (height / MAP_HEIGHT) ** 2  # bubbles shrink with a smaller map

    def text_box(
        self, x: float, y: float, text: str, align: str, size: float
    ) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in score units of one line of text at (x, y), middle."""
        size *= self.text_scale
        width = len(text) * CHAR_WIDTH * size / self.kx
        half = (size + 2) / 2 / self.ky
        left = {"left": x, "center": x - width / 2, "right": x - width}[align]
        return left, y - half, left + width, y + half


def _bubble_area(value: float, largest: float, factor: float = 1.0) -> float:
    if largest <= 0:
        return SIZE_RANGE[0] * factor
    return (SIZE_RANGE[0] + (SIZE_RANGE[1] - SIZE_RANGE[0]) * max(value, 0.0) / largest) * factor


Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> float:
    """The area two boxes share (score units squared); 0 when apart."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0.0) * max(height, 0.0)


def _label_spot(
    frame: Frame,
    spot: tuple[float, float, float, str],
    line: float,
    obstacles: list[Box],
) -> tuple[float, float, str, Box]:
    """Where a group's name goes: below, above, right or left of its bubble (radius in pixels),
    or under or over it running off to one side, whichever first keeps clear of the quadrant lines, the map's edge and `obstacles` (other
    bubbles and names, the quadrant names); else the one that collides least."""
    x, y, radius, text = spot
    dy = (radius + GAP + LABEL_SIZE * frame.text_scale / 2 + 1) / frame.ky
    dx = (radius + GAP) / frame.kx
    candidates = [
        (x, y - dy, "center"),
        (x, y + dy, "center"),
        (x + dx, y, "left"),
        (x - dx, y, "right"),
        # under or over the bubble, running off to one side: clear of a line through it
        (x - radius / frame.kx, y - dy, "left"),
        (x + radius / frame.kx, y - dy, "right"),
        (x - radius / frame.kx, y + dy, "left"),
        (x + radius / frame.kx, y + dy, "right"),
    ]

    def cost(candidate: tuple[float, float, str]) -> float:
        box = frame.text_box(*candidate[:2], text, candidate[2], LABEL_SIZE)
        crossing = int(box[0] < line < box[2]) + int(box[1] < line < box[3])
        outside = not (DOMAIN[0] <= box[0] and box[2] <= DOMAIN[1])
        outside |= not (DOMAIN[0] <= box[1] and box[3] <= DOMAIN[1])
        covered = sum(_overlap(box, other) for other in obstacles) / _overlap(box, box)
        return 100.0 * crossing + 300.0 * outside + 10.0 * covered

    best = min(candidates, key=cost)
    return best[0], best[1], best[2], frame.text_box(*best[:2], text, best[2], LABEL_SIZE)


def _map_rows(
    canvas: Canvas,
    metrics: CanvasMetrics,
    placements: Mapping[str, Placement],
    by_margin: bool,
    frame: Frame,
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
        area = (
            _bubble_area(amount(group), largest, frame.area_factor)
            if group.is_in_portfolio
            else PROSPECT_SIZE * frame.area_factor
        )
        x, y = moved[group.id]
        in_kind = gm.value_basis == "in_kind"
        rows.append(
            {
                "group": names[group.id],
                "label": names[group.id] + (base.IN_KIND_MARK if in_kind else ""),
                "x": x,
                "y": y,
                "area": area,
                "radius": math.sqrt(area / math.pi),
                "amount": max(amount(group), 0.0) if group.is_in_portfolio else 0.0,
                "prospect": not group.is_in_portfolio,
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
    _place_labels(rows, frame, line)
    return rows


def _bubble_box(frame: Frame, row: dict[str, Any]) -> Box:
    rx, ry = row["radius"] / frame.kx, row["radius"] / frame.ky
    return row["x"] - rx, row["y"] - ry, row["x"] + rx, row["y"] + ry


def _place_labels(rows: list[dict[str, Any]], frame: Frame, line: float) -> None:
    """Give each row a label spot (label_x, label_y, align) beside its bubble, clear of the
    quadrant lines, the quadrant names, the bubbles and the names placed before it."""
    obstacles = [box for _, _, _, _, box in _quadrant_names(frame)]
    obstacles += [_bubble_box(frame, row) for row in rows]
    for row in rows:
        own = _bubble_box(frame, row)
        others = [box for box in obstacles if box != own]
        x, y, align, box = _label_spot(
            frame, (row["x"], row["y"], row["radius"], row["label"]), line, others
        )
        row |= {"label_x": x, "label_y": y, "align": align}
        obstacles.append(box)


QUADRANT_CORNERS = {  # x side, y side of the map: +1 right/top, -1 left/bottom
    "sweet_spot": (1, 1),
    "at_risk": (-1, 1),
    "value_leak": (1, -1),
    "poor_fit": (-1, -1),
}


def _quadrant_names(frame: Frame) -> list[tuple[str, float, float, str, Box]]:
    """Each quadrant's name in the outer corner of its quadrant, inside the padding round the
    1-5 square: (name, x, y, align, box), the text vertically centred on y."""
    spots = []
    for key, (sx, sy) in QUADRANT_CORNERS.items():
        text = labels.QUADRANTS[key]
        x = DOMAIN[1] - 4 / frame.kx if sx > 0 else DOMAIN[0] + 4 / frame.kx
        half = (QUADRANT_SIZE * frame.text_scale + 2) / 2 / frame.ky
        y = DOMAIN[1] - half if sy > 0 else DOMAIN[0] + half
        align = "right" if sx > 0 else "left"
        spots.append((text, x, y, align, frame.text_box(x, y, text, align, QUADRANT_SIZE)))
    return spots


def _axis_scale() -> base.Spec:
    return {"domain": list(DOMAIN), "nice": False, "zero": False}


def _axis() -> base.Spec:
    """Every layer's axis says the same (layers share one axis): ticks at 1 to 5, whatever the
    map's size."""
    return {"values": [1, 2, 3, 4, 5], "format": "d", "grid": False, "labelOverlap": False}


def _quadrant_labels(frame: Frame) -> list[base.Spec]:
    return [
        base.layer(
            base.mark(
                "text",
                align=align,
                baseline="middle",
                fontSize=QUADRANT_SIZE,
                fontWeight="bold",
                color="#ABABAB",
            ),
            {
                "x": base.quant("x", scale=_axis_scale(), axis=_axis()),
                "y": base.quant("y", scale=_axis_scale(), axis=_axis()),
                "text": base.nominal("text"),
            },
            values=[{"x": x, "y": y, "text": text}],
        )
        for text, x, y, align, _ in _quadrant_names(frame)
    ]


def value_map_chart(
    canvas: Canvas,
    metrics: CanvasMetrics,
    placements: Mapping[str, Placement],
    size_by: str = "customers",
    *,
    width: int | None = None,
    height: int = MAP_HEIGHT,
    text_scale: float = 1.0,
) -> base.Spec:
    """The value-exchange map: value to the customer (x) against value to the business (y), both
    on the same 1-5 scale, quadrant lines at the canvas threshold, bubble area = customers (or
    annual margin), hollow dashed bubbles for prospects and estimates (C-28, C-31).

    The axes run a little past 1 and 5 so no bubble is cut at the edge; each quadrant's name sits
    in its outer corner and each group's name beside its bubble, clear of the lines and of each
    other. `width` (pixels; None: as wide as the page's column) and `height` size the plot; names
    are placed for that size, bubbles scale with the height; `text_scale` scales every font
    (the one-page printout draws the map smaller, its text too)."""
    words = labels.wording(canvas)
    title = "Who gets value, and who gives it back"
    if not canvas.groups:
        return base.placeholder(heading=title)
    by_margin = _size_basis(size_by)
    frame = Frame(width or NOMINAL_WIDTH, height, text_scale)
    rows = _map_rows(canvas, metrics, placements, by_margin, frame)
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

    axis_scale, axis = _axis_scale, _axis

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
            {channel: base.quant("v", scale=axis_scale(), axis=axis())},
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
        scale={
            "domain": [0, largest or 1],
            "range": [area * frame.area_factor for area in SIZE_RANGE],
            "clamp": True,
        },
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
        base.mark("circle", strokeWidth=2, opacity=1, size=PROSPECT_SIZE * frame.area_factor),
        bubble_encoding(),
        filters=["datum.prospect"],
    )
    names_text = [
        base.layer(
            base.mark("text", fontSize=LABEL_SIZE, color="#333333", align=align, baseline="middle"),
            {
                "x": base.quant("label_x", scale=axis_scale(), axis=axis()),
                "y": base.quant("label_y", scale=axis_scale(), axis=axis()),
                "text": base.nominal("label"),
            },
            filters=[f"datum.align == '{align}'"],
        )
        for align in ("left", "center", "right")
    ]
    subtitle = [
        f"Top right is the sweet spot: they get a lot from you and give a lot back. The lines are at {line:g}.",
        f"Hollow, dashed bubbles: not yet {words.customers}, or figures that are mostly guesses.",
    ]
    if any(r["label"] != r["group"] for r in rows):
        subtitle.append(base.IN_KIND_NOTE)
    if unplaced:
        subtitle.append(
            f"Not on the map yet (no value-to-the-{words.customer} score): {base.names_list(unplaced)}."
        )
    spec = base.finish(
        rows,
        {"layer": [*rules, *_quadrant_labels(frame), current, prospects, *names_text]},
        height,
        base.title(title, subtitle),
    )
    if width:
        spec["width"] = width
    return base.with_larger_text(spec, text_scale) if text_scale != 1.0 else spec
