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


def _intents(group: CustomerGroup) -> list[str]:
    return labels.intent_list([i.type for i in group.intents])


def _intent_words(group: CustomerGroup) -> str:
    return labels.intent_names([i.type for i in group.intents]) or base.NO_INTENT


def _first_intent(group: CustomerGroup) -> str:
    return next(iter(_intents(group)), base.NO_INTENT)


def _label_spot(now: float, target: float | None, x_top: float) -> tuple[float, str]:
    """Where a row's words go, just above its dots: starting at the left dot, or ending at the
    right dot when the row sits in the right half (so the words stay on the chart)."""
    ends = [now] if target is None else [now, target]
    if min(ends) > x_top / 2:
        return max(ends), "right"
    return min(ends), "left"


def _target_points(canvas: Canvas) -> list[dict[str, Any]]:
    """One target marker per intent of a group (two intents: two markers, one above the other),
    or one square for a group with a target and no intent yet."""
    names = display_names(canvas)
    points = []
    for group in canvas.groups:
        if group.target_share_pct is None:
            continue
        intents = _intents(group) or [base.NO_INTENT]
        for index, intent in enumerate(intents):
            points.append(
                {
                    "group": names[group.id],
                    "target": group.target_share_pct,
                    "intent": intent,
                    "slot": f"{index + 1} of {len(intents)}",
                }
            )
    return points


def _target_rows(canvas: Canvas, metrics: CanvasMetrics, x_top: float) -> list[dict[str, Any]]:
    names = display_names(canvas)
    rows = []
    for group in canvas.groups:
        now = metrics.of(group).share_now_pct
        target = group.target_share_pct
        change = "no target yet" if target is None else f"{base.pct(now)} → {base.pct(target)}"
        estimate = is_estimate(group)
        label_x, align = _label_spot(now, target, x_top)
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
                "label_x": label_x,
                "align": align,
                "prospect": not group.is_in_portfolio,
                "estimate": estimate,
                "figures": base.figures_label(estimate),
            }
        )
    return rows


TARGET_SLOTS = {"1 of 1": 0, "1 of 2": -6, "2 of 2": 6, "1 of 3": -9, "2 of 3": 0, "3 of 3": 9}


def target_mix_chart(canvas: Canvas, metrics: CanvasMetrics) -> base.Spec:
    """Current against target share per group as a dumbbell: hollow ring today, a target marker
    for each of the group's intents (two intents: two shapes, one above the other), all in the
    group's colour (C-30); the words of each row sit just above its dots."""
    words = labels.wording(canvas)
    title = f"Today's mix of {words.customers} and the mix you aim for"
    if not canvas.groups:
        return base.placeholder(heading=title)
    highest = max(
        [metrics.of(g).share_now_pct for g in canvas.groups]
        + [g.target_share_pct or 0.0 for g in canvas.groups]
    )
    x_top = max(10.0, math.ceil(highest / 10) * 10)
    rows = _target_rows(canvas, metrics, x_top)
    order = [r["group"] for r in rows]
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
    points = _target_points(canvas)
    # "No intent yet" is in the legend only when a target has no intent: one row fits a half screen
    unplanned = any(p["intent"] == base.NO_INTENT for p in points)
    intents = [*(labels.INTENTS[i] for i in IntentType), *([base.NO_INTENT] if unplanned else [])]
    shapes = [*(base.INTENT_SHAPES[i] for i in IntentType), *(["square"] if unplanned else [])]
    target_marks = [
        base.layer(
            base.mark("point", size=130, filled=True, opacity=1, yOffset=offset),
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
                "tooltip": [base.tip("group", "Group"), base.tip("intent", "Intent")],
            },
            values=[p for p in points if p["slot"] == slot],
        )
        for slot, offset in TARGET_SLOTS.items()
        if any(p["slot"] == slot for p in points)
    ]
    # today's dot goes on top, a ring with no fill, so a target at the same share shows through
    now_dots = base.layer(
        base.mark("point", size=110, strokeWidth=2, filled=False, opacity=1),
        {
            "x": x_now(),
            "y": y(),
            "stroke": base.group_color(scale),
            "strokeDash": base.nominal("figures", scale=base.figures_dash_scale(), legend=None),
            "tooltip": tooltip,
        },
    )
    text = [
        base.layer(
            base.mark("text", align=align, dy=-17, fontSize=11, color=base.MUTED),
            {
                "x": base.quant("label_x", scale=x_scale()),
                "y": y(),
                "text": base.nominal("label"),
            },
            filters=[f"datum.align == '{align}'"],
        )
        for align in ("left", "right")
    ]
    subtitle = [
        "Ring: today. Filled marker: your target, shaped by each intent you chose.",
        f"Groups with no {words.customers} yet start at 0%.",
    ]
    if any(r["estimate"] for r in rows):
        subtitle.append(
            f"Dashed ring and 'estimate': not yet {words.customers}, or figures mostly guessed."
        )
    total = metrics.portfolio.target_share_total
    if total is not None and not adds_up_to_100(total):
        subtitle.append(f"Your targets add up to {base.pct(total)}, not 100%.")
    return base.finish(
        rows,
        {"layer": [links, *target_marks, now_dots, *text]},
        base.rows_height(len(rows), per_row=52),
        base.title(title, subtitle),
    )
