"""Value to the customer (S3): the owner's score per group and the top needs the offer covers."""

from __future__ import annotations

from canvas.core import labels
from canvas.core.labels import display_names
from canvas.core.metrics import needs_answered
from canvas.core.model import Canvas
from canvas.outputs.charts import base


def _covered_text(covered: tuple[int, int] | None) -> str:
    """'covers 2 of 4': the top pains and gains something on offer answers (METHOD S3's badge)."""
    return "no pains or gains yet" if covered is None else f"covers {covered[0]} of {covered[1]}"


def value_to_customer_chart(canvas: Canvas) -> base.Spec:
    """Value-to-customer score per group (1-5), with how many top pains and gains are covered."""
    words = labels.wording(canvas)
    title = f"How much each group gets from you (value to the {words.customer})"
    if not canvas.groups:
        return base.placeholder(heading=title)
    names = display_names(canvas)
    rows = []
    for group in canvas.groups:
        score = group.value_to_customer_score
        covered = needs_answered(group)
        rows.append(
            {
                "group": names[group.id],
                "score": score,
                "score_text": base.score(score) if score is not None else "not scored yet",
                "note_x": score if score is not None else 0.0,
                "note": _covered_text(covered)
                if score is not None
                else f"not scored yet · {_covered_text(covered)}",
            }
        )
    order = [names[g.id] for g in canvas.groups]
    tooltip = [
        base.tip("group", "Group"),
        base.tip("score_text", "Value to them (1-5)"),
        base.tip("note", labels.term("covered", canvas).name),
    ]
    bars = base.layer(
        base.mark("bar", height=22, cornerRadiusEnd=2),
        {
            "x": base.quant(
                "score",
                title=f"Value to the {words.customer}: 1 = little, 5 = a lot",
                scale={"domain": [0, 6], "nice": False},
                axis={"values": [1, 2, 3, 4, 5], "format": "d"},
            ),
            "y": base.nominal("group", sort=order, title=None),
            "color": base.group_color(base.group_color_scale(canvas)),
            "tooltip": tooltip,
        },
    )
    notes = base.layer(
        base.mark("text", align="left", dx=6, fontSize=12, color=base.MUTED),
        {
            "x": base.quant("note_x"),
            "y": base.nominal("group", sort=order, title=None),
            "text": base.nominal("note"),
            "tooltip": tooltip,
        },
    )
    return base.finish(
        rows,
        {"layer": [bars, notes]},
        base.rows_height(len(rows)),
        base.title(
            title,
            "Beside each bar: how many of their worst pains and most wanted gains something you "
            "offer covers.",
        ),
    )
