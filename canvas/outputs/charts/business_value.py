"""Value to the business (S4): lifetime value, the Pareto curve of margin, and recommendation."""

from __future__ import annotations

from typing import Any

from canvas.core import labels
from canvas.core.classify import is_estimate, nps_is_estimate
from canvas.core.labels import display_names
from canvas.core.metrics import CanvasMetrics, money_losers
from canvas.core.model import Canvas
from canvas.core.thresholds import NPS_MIN_SAMPLE
from canvas.outputs.charts import base


def _clv_rows(canvas: Canvas, metrics: CanvasMetrics) -> list[dict[str, Any]]:
    names = display_names(canvas)
    rows = []
    for group in canvas.groups:
        gm = metrics.of(group)
        estimate = is_estimate(group)
        in_kind = gm.value_basis == "in_kind"
        mark = base.IN_KIND_MARK if in_kind else ""
        rows.append(
            {
                "group": names[group.id],
                "clv": gm.valued_clv,
                "clv_text": labels.money(gm.valued_clv, canvas.currency)
                + mark
                + (" (estimate)" if estimate else ""),
                "margin_text": labels.money(gm.net_value_per_customer, canvas.currency) + mark,
                "retention_text": base.pct(group.retention_pct, 0),
                "figures": base.figures_label(estimate),
                "estimate": estimate,
                "negative": gm.valued_clv < 0,
                "in_kind": in_kind,
            }
        )
    return rows


def _clv_domain(values: list[float]) -> list[float]:
    lo, hi = min(0.0, *values), max(0.0, *values)
    span = (hi - lo) or 1.0
    return [lo - 0.14 * span if lo < 0 else 0.0, hi + 0.25 * span if hi > 0 else 0.0]


def clv_chart(canvas: Canvas, metrics: CanvasMetrics) -> base.Spec:
    """Lifetime value per customer by group: red below zero, hollow and dashed for estimates."""
    words = labels.wording(canvas)
    title = f"What one {words.customer} is worth over time"
    if not canvas.groups:
        return base.placeholder(heading=title)
    rows = _clv_rows(canvas, metrics)
    order = [r["group"] for r in rows]
    scale = base.group_color_scale(canvas)
    tooltip = [
        base.tip("group", "Group"),
        base.tip("clv_text", "Lifetime value, from today"),
        base.tip("margin_text", f"Annual {words.margin} per {words.customer}"),
        base.tip("retention_text", "Retention"),
        base.tip("figures", "Figures"),
    ]
    bars = base.layer(
        base.mark("bar", height=22, strokeWidth=1.5),
        {
            "x": base.quant(
                "clv",
                title=f"Lifetime value per {words.customer} ({canvas.currency})",
                scale={"domain": _clv_domain([r["clv"] for r in rows]), "nice": False},
                axis={"format": ",.0f", "tickCount": 5},
            ),
            "y": base.nominal("group", sort=order, title=None),
            "color": base.when("datum.negative", base.NEGATIVE_RED, base.group_color(scale)),
            "stroke": base.when("datum.negative", base.NEGATIVE_RED, base.group_color(scale)),
            "fillOpacity": base.when(
                "datum.estimate", base.HOLLOW_OPACITY, {"value": base.SOLID_OPACITY}
            ),
            "strokeDash": base.nominal(
                "figures",
                scale=base.figures_dash_scale(),
                legend=None,  # the subtitle and the "(estimate)" labels say it in words
            ),
            "strokeWidth": base.when("datum.in_kind", 4, {"value": 1.5}),
            "tooltip": tooltip,
        },
    )
    value_labels = [
        base.layer(
            base.mark("text", align=align, dx=dx, fontSize=12),
            {
                "x": base.quant("clv"),
                "y": base.nominal("group", sort=order, title=None),
                "text": base.nominal("clv_text"),
                "color": base.when("datum.negative", base.NEGATIVE_RED, {"value": "#333333"}),
                "tooltip": tooltip,
            },
            filters=[test],
        )
        for test, align, dx in (("datum.clv >= 0", "left", 5), ("datum.clv < 0", "right", -5))
    ]
    zero = base.layer(
        base.mark("rule", color="#555555"), {"x": base.quant("x")}, values=[{"x": 0.0}]
    )
    subtitle = [
        f"This year's {words.margin} plus the years after, discounted at "
        f"{canvas.discount_rate_pct:g}% a year.",
        "Red: loses money on every customer. Hollow and dashed: an estimate.",
    ]
    if any(r["in_kind"] for r in rows):
        subtitle.append(base.IN_KIND_NOTE)
    return base.finish(
        rows,
        {"layer": [bars, *value_labels, zero]},
        base.rows_height(len(rows)),
        base.title(title, subtitle),
    )


# --------------------------------------------------------------------------- S4 Pareto


def pareto_chart(canvas: Canvas, metrics: CanvasMetrics) -> base.Spec:
    """Concentration curve: cumulative % of customers against cumulative % of annual margin,
    groups sorted by margin per customer (highest first), with the 80/20 reference."""
    words = labels.wording(canvas)
    title = f"How concentrated your {words.margin} is"
    if not canvas.groups:
        return base.placeholder(heading=title)
    curve = metrics.pareto
    if not curve:
        return base.placeholder(
            f"Add {words.customers} and {words.margin} per group to see this chart", title
        )
    names = display_names(canvas)
    spots = _pareto_label_spots([(p.customers_pct, p.margin_pct, names[p.group_id]) for p in curve])
    rows: list[dict[str, Any]] = [
        {
            "group": "",
            "estimate": False,
            "figures": base.KNOWN,
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
    estimates = {g.id for g in canvas.groups if is_estimate(g)}
    for index, point in enumerate(curve, start=1):
        x, y = round(point.customers_pct, 1), round(point.margin_pct, 1)
        estimate = point.group_id in estimates
        rows.append(
            {
                "group": names[point.group_id],
                "estimate": estimate,
                "figures": base.figures_label(estimate),
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

    def x_enc() -> base.Spec:
        return base.quant(
            "customers_pct",
            title=f"Cumulative % of {words.customers} (highest {words.margin} per "
            f"{words.customer} first)",
            scale={"domain": [0, 100], "nice": False},
            axis={"values": [0, 20, 40, 60, 80, 100]},
        )

    def y_enc() -> base.Spec:
        return base.quant(
            "margin_pct",
            title=f"Cumulative % of annual {words.margin}",
            scale={"domain": [y_lo, y_hi], "nice": False},
            axis={"values": [0, 20, 40, 60, 80, 100]},
        )

    scale = base.group_color_scale(canvas)
    line = base.layer(
        base.mark("line", color=base.GRID_GREY, strokeWidth=2),
        {"x": x_enc(), "y": y_enc(), "order": base.quant("order")},
    )
    points = base.layer(
        base.mark("circle", size=110, opacity=1, strokeWidth=2),
        {
            "x": x_enc(),
            "y": y_enc(),
            "color": base.group_color(scale),
            "stroke": base.group_color(scale),
            "fillOpacity": base.when(
                "datum.estimate", base.HOLLOW_OPACITY, {"value": base.SOLID_OPACITY}
            ),
            "strokeDash": base.nominal("figures", scale=base.figures_dash_scale(), legend=None),
            "tooltip": [
                base.tip("group", "Up to and including"),
                base.tip("text", "Together"),
                base.tip("figures", "Figures"),
            ],
        },
        filters=["datum.order > 0"],
    )
    point_labels = [
        base.layer(
            base.mark("text", align=align, dx=dx, fontSize=11, fontWeight="bold"),
            {
                "x": base.quant("label_x", scale={"domain": [0, 100], "nice": False}),
                "y": base.quant("label_y", scale={"domain": [y_lo, y_hi], "nice": False}),
                "text": base.nominal("label"),
                "color": base.group_color(scale),
            },
            filters=["datum.order > 0", test],
        )
        for test, align, dx in (("!datum.right", "left", 9), ("datum.right", "right", -9))
    ]
    diagonal = base.layer(
        base.mark("line", color=base.GRID_GREY, strokeDash=list(base.DASH), strokeWidth=1),
        {"x": base.quant("x"), "y": base.quant("y")},
        values=[{"x": 0, "y": 0}, {"x": 100, "y": 100}],
    )
    marker = base.layer(
        base.mark("point", shape="cross", size=140, color=base.MUTED, filled=True),
        {"x": base.quant("x"), "y": base.quant("y")},
        values=[{"x": 20, "y": 80, "text": "80/20"}],
    )
    marker_text = base.layer(
        base.mark("text", align="right", dx=-8, dy=-8, fontSize=11, color=base.MUTED),
        {"x": base.quant("x"), "y": base.quant("y"), "text": base.nominal("text")},
        values=[{"x": 20, "y": 80, "text": "80/20"}],
    )
    all_margin = base.layer(  # where the curve ends: drawn when losses make it climb past
        base.mark("rule", color=base.MUTED, strokeDash=[2, 3], strokeWidth=1),
        {"y": base.quant("y", scale={"domain": [y_lo, y_hi], "nice": False})},
        values=[{"y": 100}],
    )
    subtitle = [
        f"Each point adds one group, best {words.margin} per {words.customer} first.",
        "The cross marks 20% giving 80%; the dashed line is an even spread."
        + (" Hollow points: estimates." if estimates else ""),
        *_past_100(canvas, metrics),
    ]
    return base.finish(
        rows,
        {
            "layer": [
                diagonal,
                *([all_margin] if y_hi > 100 else []),
                marker,
                marker_text,
                line,
                points,
                *point_labels,
            ]
        },
        380,
        base.title(title, subtitle),
    )


def _past_100(canvas: Canvas, metrics: CanvasMetrics) -> list[str]:
    """A subtitle line saying why the curve rises past 100%: the groups that lose money."""
    losers = money_losers(canvas)
    peak = max((p.margin_pct for p in metrics.pareto), default=100.0)
    if not losers or peak <= 100:
        return []
    names = display_names(canvas)
    who = ", ".join(f"'{names[g.id]}'" for g in losers)
    margin = labels.wording(canvas).margin
    lines = [
        f"It passes 100% because {who} lose money: the other groups make {peak:.1f}% of your "
        f"{margin}, and they take {peak - 100:.1f}% of it back (the last, falling part)."
    ]
    in_kind = [names[g.id] for g in losers if metrics.of(g).value_basis == "in_kind"]
    if in_kind:
        lines.append(
            f"In cash only: what {base.names_list(in_kind)} give in time and goods is valued in "
            "kind, on its own."
        )
    return lines


# (left, right, y) in data units: the 80/20 cross at (20, 80) and its label, written up and left of it
MARKER_SPACE = [(18.5, 21.5, 80.0), (12.0, 20.0, 83.0)]


def _pareto_label_spots(points: list[tuple[float, float, str]]) -> list[tuple[float, float, bool]]:
    """Where each point's name goes, in data units: just below the point, reading right unless
    that would run past 100%, pushed down until it covers neither a point nor another name.
    Widths assume roughly one axis unit per character (a chart some 600 pixels wide)."""
    gap = 4.5
    placed: list[tuple[float, float, float]] = [(x - 1.5, x + 1.5, y) for x, y, _ in points]
    placed += MARKER_SPACE  # the 80/20 cross and its label
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
        label = base.signed(nps.score) + (f" ±{margin:.0f}" if margin is not None else "")
        if nps.is_indicative:
            answers = (
                "an estimate, not survey answers"
                if nps.is_estimate
                else f"{nps.respondents} answers (fewer than {NPS_MIN_SAMPLE}: "
                f"{labels.term('rough_guide').name})"
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
                "figures": base.figures_label(estimate),
                "estimate": estimate,
            }
        )
    return rows


def nps_chart(canvas: Canvas, metrics: CanvasMetrics) -> base.Spec:
    """The recommendation score (Net Promoter Score) per group with its 95% margin of error;
    estimates hollow."""
    title = "Would they recommend you?"
    if not canvas.groups:
        return base.placeholder(heading=title)
    rows = _nps_rows(canvas, metrics)
    if not rows:
        return base.placeholder(
            "Add survey answers or an estimated score for a group to see this chart", title
        )
    names = display_names(canvas)
    missing = [names[g.id] for g in canvas.groups if metrics.of(g).nps is None]
    order = [r["group"] for r in rows]
    scale = base.group_color_scale(canvas)
    tooltip = [
        base.tip("group", "Group"),
        base.tip("label", f"{labels.term('recommendation_score').name}, give or take"),
        base.tip("answers", "Based on"),
    ]

    def y() -> base.Spec:
        return base.nominal("group", sort=order, title=None)

    zero = base.layer(
        base.mark("rule", color=base.GRID_GREY), {"x": base.quant("x")}, values=[{"x": 0.0}]
    )
    whiskers = base.layer(
        base.mark("rule", strokeWidth=2),
        {
            "x": base.quant("low"),
            "x2": {"field": "high"},
            "y": y(),
            "color": base.group_color(scale),
            "tooltip": tooltip,
        },
        filters=["isValid(datum.low)"],
    )
    caps = [
        base.layer(
            base.mark("tick", thickness=2, size=12),
            {"x": base.quant(end), "y": y(), "color": base.group_color(scale)},
            filters=["isValid(datum.low)"],
        )
        for end in ("low", "high")
    ]
    dots = base.layer(
        base.mark("point", size=160, strokeWidth=2, opacity=1, filled=True),
        {
            "x": base.quant(
                "nps",
                title=f"{labels.term('recommendation_score').name} (−100 to +100)",
                scale={"domain": [-100, 100], "nice": False},
                axis={"values": [-100, -50, 0, 50, 100]},
            ),
            "y": y(),
            "stroke": base.group_color(scale),
            "fill": base.when("datum.estimate", "white", base.group_color(scale)),
            "strokeDash": base.nominal(
                "figures",
                scale=base.figures_dash_scale(),
                legend=None,  # the subtitle and the "(estimate)" labels say it in words
            ),
            "tooltip": tooltip,
        },
    )
    text = base.layer(
        base.mark("text", dy=-14, fontSize=11, color="#333333"),
        {"x": base.quant("nps"), "y": y(), "text": base.nominal("label")},
    )
    subtitle = [
        "Dots: the score. Lines: its 95% margin of error (small surveys give long lines).",
        "Hollow: an estimate, not survey answers.",
    ]
    if missing:
        subtitle.append(f"Not known yet: {base.names_list(missing)}.")
    return base.finish(
        rows,
        {"layer": [zero, whiskers, *caps, dots, text]},
        base.rows_height(len(rows), per_row=48),
        base.title(title, subtitle),
    )
