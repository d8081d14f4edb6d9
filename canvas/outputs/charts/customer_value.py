"""Value to the customer (S3): the owner's score per group and how well the offer fits."""

from __future__ import annotations

from canvas.core import labels
from canvas.core.labels import display_names
from canvas.core.metrics import fit_share
from canvas.core.model import Canvas
from canvas.outputs.charts import base


def _fit_text(share: float | None) -> str:
    return "fit —" if share is None else f"fit {share * 100:.0f}%"


def value_to_customer_chart(canvas: Canvas) -> base.Spec:
    """Value-to-customer score per group (1-5) with a small 'fit' note next to each bar."""
    words = labels.wording(canvas)
    title = f"How much each group gets from you (value to the {words.customer})"
    if not canvas.groups:
        return base.placeholder(heading=title)
    names = display_names(canvas)
    rows = []
    for group in canvas.groups:
        score = group.value_to_customer_score
        share = fit_share(group)
        rows.append(
            {
                "group": names[group.id],
                "score": score,
                "score_text": base.score(score) if score is not None else "not scored yet",
                "note_x": score if score is not None else 0.0,
                "note": _fit_text(share)
                if score is not None
                else f"not scored yet · {_fit_text(share)}",
                "fit_text": "—" if share is None else f"{share * 100:.0f}%",
            }
        )
    order = [names[g.id] for g in canvas.groups]
    tooltip = [
        base.tip("group", "Group"),
        base.tip("score_text", "Value to them (1-5)"),
        base.tip("fit_text", "Top pains and gains you answer"),
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
            title, "Fit: share of their top pains and gains that something you offer answers."
        ),
    )
