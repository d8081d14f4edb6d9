"""Today's mix against the target mix (S6), with each group's intent."""

from __future__ import annotations

import math
from typing import Any

from canvas.core import labels
from canvas.core.classify import is_estimate
from canvas.core.labels import display_names
from canvas.core.metrics import CanvasMetrics
from canvas.core.model import Canvas, CustomerGroup, IntentType
from canvas.core.thresholds import adds_up_to_100
from canvas.outputs.charts import base


def _intent_words(group: CustomerGroup) -> str:
    return " + ".join(labels.INTENTS[i.type] for i in group.intents) or base.NO_INTENT


def _first_intent(group: CustomerGroup) -> str:
    return labels.INTENTS[group.intents[0].type] if group.intents else base.NO_INTENT


def _target_rows(canvas: Canvas, metrics: CanvasMetrics) -> list[dict[str, Any]]:
    names = display_names(canvas)
    rows = []
    for group in canvas.groups:
        now = metrics.of(group).share_now_pct
        target = group.target_share_pct
        change = "no target yet" if target is None else f"{base.pct(now)} → {base.pct(target)}"
        estimate = is_estimate(group)
        rows.append(
            {
                "group": names[group.id],
                "now": now,
                "target": target,
                "now_text": base.pct(now),
                "target_text": base.pct(target),
                "intent": _first_intent(group),
                "intents": _intent_words(group),
                "label": f"{change} · {_intent_words(group)}" + (" · estimate" if estimate else ""),
                "prospect": not group.is_in_portfolio,
                "estimate": estimate,
                "figures": base.figures_label(estimate),
            }
        )
    return rows


def target_mix_chart(canvas: Canvas, metrics: CanvasMetrics) -> base.Spec:
    """Current against target share per group as a dumbbell: hollow dot today, target marker
    shaped by the group's first intent, both in the group's colour (C-30)."""
    words = labels.wording(canvas)
    title = f"Today's mix of {words.customers} and the mix you aim for"
    if not canvas.groups:
        return base.placeholder(heading=title)
    rows = _target_rows(canvas, metrics)
    order = [r["group"] for r in rows]
    highest = max([r["now"] for r in rows] + [r["target"] or 0.0 for r in rows])
    x_top = max(10.0, math.ceil(highest / 10) * 10)
    x_title = f"Share of all {words.customers} (%)"
    scale = base.group_color_scale(canvas)

    def x_scale() -> base.Spec:
        return {"domain": [0, x_top], "nice": False}

    def y() -> base.Spec:
        return base.nominal("group", sort=order, title=None, axis={"labelPadding": 8})

    def x_now() -> base.Spec:
        return base.quant("now", scale=x_scale(), title=x_title, axis={"tickCount": 6})

    tooltip = [
        base.tip("group", "Group"),
        base.tip("now_text", "Today"),
        base.tip("target_text", "Target"),
        base.tip("intents", "Intent"),
        base.tip("figures", "Figures"),
    ]
    links = base.layer(
        base.mark("rule", strokeWidth=3, opacity=0.45),
        {"x": x_now(), "x2": {"field": "target"}, "y": y(), "color": base.group_color(scale)},
        filters=["isValid(datum.target)"],
    )
    now_dots = base.layer(
        base.mark("point", size=110, strokeWidth=2, filled=True, fill="white", opacity=1),
        {
            "x": x_now(),
            "y": y(),
            "stroke": base.group_color(scale),
            "strokeDash": base.nominal("figures", scale=base.figures_dash_scale(), legend=None),
            "tooltip": tooltip,
        },
    )
    intents = [*(labels.INTENTS[i] for i in IntentType), base.NO_INTENT]
    shapes = [*(base.INTENT_SHAPES[i] for i in IntentType), "square"]
    target_marks = base.layer(
        base.mark("point", size=150, filled=True, opacity=1),
        {
            "x": base.quant("target", scale=x_scale()),
            "y": y(),
            "color": base.group_color(scale),
            "shape": base.nominal(
                "intent",
                scale={"domain": intents, "range": shapes},
                legend={
                    "title": "Target, by intent",
                    "orient": "bottom",
                    "symbolFillColor": base.MUTED,
                },
            ),
            "tooltip": tooltip,
        },
        filters=["isValid(datum.target)"],
    )
    text = base.layer(
        base.mark("text", align="left", dy=-15, fontSize=11, color=base.MUTED),
        {"x": {"datum": 0, "scale": x_scale()}, "y": y(), "text": base.nominal("label")},
    )
    subtitle = [
        "Hollow dot: today. Filled marker: your target, shaped by the intent you chose.",
        f"Groups with no {words.customers} yet start at 0%.",
    ]
    if any(r["estimate"] for r in rows):
        subtitle.append(
            f"Dashed dot and 'estimate': not yet {words.customers}, or figures mostly guessed."
        )
    total = metrics.portfolio.target_share_total
    if total is not None and not adds_up_to_100(total):
        subtitle.append(f"Your targets add up to {total:.1f}%, not 100%.")
    return base.finish(
        rows,
        {"layer": [links, now_dots, target_marks, text]},
        base.rows_height(len(rows), per_row=52),
        base.title(title, subtitle),
    )
