"""Where the groups gather (S8): a group-by-place matrix."""

from __future__ import annotations

from collections import defaultdict

from canvas.core import labels
from canvas.core.labels import display_names
from canvas.core.model import Canvas, Direction
from canvas.outputs.charts import base

NO_KIND = "Kind not chosen yet"
# Colour means a group, and only a group, in every chart: here the dots are one neutral ink (in
# no group's palette) and how a place works is told by the dot's shape.
PLACE_INK = "#37474F"
DIRECTION_SHAPES = {
    Direction.we_broadcast: "triangle-right",
    Direction.they_come_to_us: "square",
    Direction.shared_meeting_place: "circle",
}


def hangout_matrix_chart(canvas: Canvas) -> base.Spec:
    """Which places each group gathers in: one dot per group and place, sized by the number of
    lifecycle stages it covers, shaped by who talks to whom; never in a group's colour."""
    words = labels.wording(canvas)
    title = f"Where your {words.customers} gather"
    if not canvas.groups:
        return base.placeholder(heading=title)
    if not canvas.hangouts:
        return base.placeholder(f"Add the places where your {words.customers} gather", title)
    names = display_names(canvas)
    places = _place_names(canvas)
    rows = []
    for hangout in canvas.hangouts:
        for group_id in hangout.group_ids:
            rows.append(
                {
                    "group": names[group_id],
                    "place": places[hangout.id],
                    "stages": len(hangout.stages),
                    "stages_text": ", ".join(labels.STAGES[s] for s in hangout.stages) or "—",
                    "kind": labels.HANGOUT_KINDS[hangout.kind] if hangout.kind else NO_KIND,
                    "direction": labels.DIRECTIONS[hangout.direction],
                }
            )
    if not rows:
        return base.placeholder("Link each place to the groups that gather there", title)
    group_order = [names[g.id] for g in canvas.groups]
    place_order = [places[h.id] for h in canvas.hangouts]
    encoding = {
        "x": base.nominal(
            "group",
            sort=group_order,
            scale={"domain": list(group_order)},
            title=None,
            axis={"labelAngle": 0, "labelExpr": base.WRAP_LABEL, "grid": True, "labelPadding": 6},
        ),
        "y": base.nominal(
            "place", sort=place_order, title=None, axis={"grid": True, "labelLimit": 300}
        ),
        "size": base.quant(
            "stages",
            title="Lifecycle stages",
            scale={"domain": [0, 6], "range": [60, 700]},
            legend={"orient": "bottom", "values": [1, 2, 3, 6], "symbolFillColor": PLACE_INK},
        ),
        "shape": base.nominal(
            "direction",
            title=None,
            scale={
                "domain": [labels.DIRECTIONS[d] for d in DIRECTION_SHAPES],
                "range": list(DIRECTION_SHAPES.values()),
            },
            legend={"orient": "bottom", "columns": 1, "symbolFillColor": PLACE_INK},
        ),
        "tooltip": [
            base.tip("place", "Place"),
            base.tip("group", "Group"),
            base.tip("kind", "Kind"),
            base.tip("direction", "Direction"),
            base.tip("stages_text", "Lifecycle stages"),
        ],
    }
    return base.finish(
        rows,
        {
            "mark": base.mark("point", filled=True, opacity=0.85, color=PLACE_INK),
            "encoding": encoding,
        },
        base.rows_height(len(place_order), per_row=30),
        base.title(
            title,
            "Bigger dots: the place matters at more steps, from finding you to recommending you. "
            "The shape says how the place works.",
        ),
    )


def _place_names(canvas: Canvas) -> dict[str, str]:
    """Hangout id -> a unique, non-empty name for the matrix rows."""
    names: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for hangout in canvas.hangouts:
        base = hangout.name or "A place without a name"
        seen[base] += 1
        names[hangout.id] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return names
