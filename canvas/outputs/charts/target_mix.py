"""Today's mix against the target mix (S6), with each group's intent."""

from __future__ import annotations

import math
from typing import Any

from canvas.core import labels
from canvas.core.labels import display_names
from canvas.core.metrics import CanvasMetrics
from canvas.core.model import Canvas, CustomerGroup, IntentType
from canvas.core.thresholds import adds_up_to_100
from canvas.outputs.charts.base import (
    INTENT_SHAPES,
    MUTED,
    NO_INTENT,
    Spec,
    _finish,
    _group_color,
    _layer,
    _mark,
    _nominal,
    _pct,
    _placeholder,
    _quant,
    _rows_height,
    _tip,
    _title,
    group_color_scale,
)


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
