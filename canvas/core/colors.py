"""One colour per customer group, the same in every chart, table and workbook."""

from __future__ import annotations

from canvas.core.model import Canvas

# Colour-blind-friendly, calm palette (Okabe-Ito first, then Tableau-like extras).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#7F7F7F",
    "#9467BD",
    "#8C564B",
    "#BCBD22",
    "#17BECF",
    "#F0E442",
)


def group_colors(canvas: Canvas) -> dict[str, str]:
    """Group id -> hex colour: the group's own colour if set, else the palette in group order."""
    return {
        group.id: group.color or PALETTE[index % len(PALETTE)]
        for index, group in enumerate(canvas.groups)
    }
