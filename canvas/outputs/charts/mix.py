"""Today's portfolio mix (S2): how the customers, or the margin, split between groups."""

from __future__ import annotations

from typing import Any

from canvas.core import labels
from canvas.core.classify import is_estimate
from canvas.core.labels import display_names
from canvas.core.metrics import CanvasMetrics
from canvas.core.model import Canvas
from canvas.outputs.charts import base


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
                "share_text": base.pct(share),
                "label": base.pct(share) if abs(share) >= 6 else "",
                "customers": labels.number(group.customer_count),
                "margin": labels.money(gm.group_margin, canvas.currency),
                "loses": share < 0,
                "estimate": is_estimate(group),
                "figures": base.figures_label(is_estimate(group)),
            }
        )
    return rows, prospects


def portfolio_mix_chart(
    canvas: Canvas, metrics: CanvasMetrics, basis: str = "customers"
) -> base.Spec:
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
        return base.placeholder(heading=title)
    if not any(g.is_in_portfolio for g in canvas.groups):
        return base.placeholder(f"Add the number of {words.customers} in each group", title)
    if by_margin and metrics.portfolio.annual_margin <= 0:
        return base.placeholder(
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
            + base.names_list(
                f"{r['group']} ({r['share_text']}, {r['margin']} a year)" for r in losing
            )
        )
    if prospects:
        notes.append(f"Not yet {words.customers} (0% today): {base.names_list(prospects)}.")
    if any(r["estimate"] for r in rows):
        notes.append("Pale, dashed outline: figures that are mostly guesses.")
    lo = min(0.0, *(r["x1"] for r in rows))
    hi = max(100.0, *(r["x1"] for r in rows))
    tooltip = [
        base.tip("group", "Group"),
        base.tip("figures", "Figures"),
        base.tip("share_text", "Share"),
        base.tip("customers", words.customers.capitalize()),
        base.tip("margin", f"Annual {words.margin}"),
    ]
    bars = base.layer(
        base.mark("bar", height=44, strokeWidth=2),
        {
            "x": base.quant(
                "x0",
                title=f"% of {words.margin}" if by_margin else f"% of {words.customers}",
                scale={"domain": [lo, hi], "nice": False},
                axis={"values": [v for v in (0, 25, 50, 75, 100) if lo <= v <= hi]},
            ),
            "x2": {"field": "x1"},
            "color": base.nominal(
                "group",
                scale=base.group_color_scale(canvas),
                legend={"title": None, "orient": "bottom", "columns": 2, "symbolType": "square"},
            ),
            "stroke": {
                "condition": [
                    {"test": "datum.loses", "value": base.NEGATIVE_RED},
                    {"test": "datum.estimate", "value": base.MUTED},
                ],
                "value": "white",
            },
            "fillOpacity": base.when(
                "datum.estimate", base.HOLLOW_OPACITY * 2, {"value": base.SOLID_OPACITY}
            ),
            "strokeDash": base.nominal("figures", scale=base.figures_dash_scale(), legend=None),
            "tooltip": tooltip,
        },
    )
    text = base.layer(
        base.mark("text", fontWeight="bold", fontSize=12),
        {
            "x": base.quant("mid"),
            "text": base.nominal("label"),
            "color": base.when("datum.estimate", "#333333", {"value": "white"}),
            "tooltip": tooltip,
        },
    )
    layers = [bars, text]
    if losing:
        layers.append(
            base.layer(
                base.mark("rule", color=base.NEGATIVE_RED, strokeWidth=1.5),
                {"x": base.quant("x")},
                values=[{"x": 0.0}],
            )
        )
    return base.finish(rows, {"layer": layers}, 60, base.title(title, notes))
