"""The evidence of a measured sales file (S4, issue #13): how concentrated the sales are, and how
each quarter's new customers kept buying. The data comes in as plain rows (aggregates from
`canvas.measure.evidence`, which this layer does not import): a chart never sees a sales file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from canvas.core import labels
from canvas.core.model import Canvas
from canvas.outputs.charts import base

NO_FILE = "Measure a sales file to see this chart"
LINE_BLUE = "#1565C0"


def sales_pareto_chart(canvas: Canvas, points: Sequence[Mapping[str, float]] = ()) -> base.Spec:
    """Customers ranked by net sales in the period: the share of sales from the top x%."""
    words = labels.wording(canvas)
    heading = "How concentrated your sales are"
    if not canvas.groups:
        return base.placeholder(heading=heading)
    if not points:
        return base.placeholder(NO_FILE, heading)
    rows: list[dict[str, Any]] = [
        {
            "customers_pct": p["customers_pct"],
            "sales_pct": round(p["sales_pct"], 1),
            "text": f"The top {p['customers_pct']:g}% of {words.customers} bring "
            f"{p['sales_pct']:.0f}% of net sales",
        }
        for p in points
    ]
    top = next((r for r in rows if r["customers_pct"] == 20), None)
    subtitle = f"{words.customers.capitalize()} ranked by net sales over the 12 months measured" + (
        f"; the top 20% bring {top['sales_pct']:.0f}%" if top else ""
    )
    line = base.layer(
        base.mark("line", color=LINE_BLUE, point=True),
        {
            "x": base.quant(
                "customers_pct", title=f"Share of {words.customers} (%)", scale={"domain": [0, 100]}
            ),
            "y": base.quant(
                "sales_pct", title="Share of net sales (%)", scale={"domain": [0, 100]}
            ),
            "tooltip": [base.tip("text", "")],
        },
    )
    top_fifth = base.layer(
        base.mark("rule", color=base.MUTED, strokeDash=base.DASH),
        {"x": base.quant("x")},
        values=[{"x": 20}],
    )
    body = {"layer": [line, top_fifth]}
    return base.finish(rows, body, 260, base.title(heading, subtitle))


def cohort_chart(canvas: Canvas, cells: Sequence[Mapping[str, Any]] = ()) -> base.Spec:
    """Rows: the quarter of first purchase; columns: quarters since; colour: share still buying."""
    words = labels.wording(canvas)
    heading = f"How new {words.customers} kept buying"
    if not canvas.groups:
        return base.placeholder(heading=heading)
    if not cells:
        return base.placeholder(NO_FILE, heading)
    rows = [
        {
            "cohort": c["cohort"],
            "quarter": int(c["quarter"]),
            "active_pct": round(float(c["active_pct"]), 1),
            "label": f"{float(c['active_pct']):.0f}%",
            "text": f"{c['customers']:,} {words.customers} first bought in {c['cohort']}; "
            f"{float(c['active_pct']):.0f}% bought {int(c['quarter'])} quarter(s) later",
        }
        for c in cells
    ]
    cohorts = sorted({r["cohort"] for r in rows})
    cells_layer = base.layer(
        base.mark("rect"),
        {
            "x": base.nominal("quarter", type="ordinal", title="Quarters after the first purchase"),
            "y": base.nominal("cohort", type="ordinal", title="First purchase", sort=cohorts),
            "color": base.quant(
                "active_pct",
                title="Still buying (%)",
                scale={"domain": [0, 100], "scheme": "blues"},
            ),
            "tooltip": [base.tip("text", "")],
        },
    )
    labels_layer = base.layer(
        base.mark("text", fontSize=10),
        {
            "x": base.nominal("quarter", type="ordinal"),
            "y": base.nominal("cohort", type="ordinal", sort=cohorts),
            "text": base.nominal("label"),
            "color": base.when("datum.active_pct > 55", "white", {"value": "black"}),
        },
    )
    body = {"layer": [cells_layer, labels_layer]}
    return base.finish(rows, body, base.rows_height(len(cohorts), 24), base.title(heading))
