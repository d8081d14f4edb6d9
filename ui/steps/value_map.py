"""Step 5: the two-way value exchange on one map, and what it flags."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from canvas.core.classify import Placement, Quadrant, Tier, suggested_intents
from canvas.core.labels import (
    QUADRANT_HELP,
    QUADRANTS,
    TIER_HELP,
    group_label,
    lifetime_value,
    suggestions,
    term,
    term_help,
    wording,
)
from canvas.core.model import Canvas, CustomerGroup
from ui import session
from ui.charts import by_margin, present_chart, show_chart
from ui.frame import canvas_link
from ui.text import md

FLAG_ORDER = [Quadrant.at_risk, Quadrant.value_leak, Quadrant.poor_fit, Quadrant.sweet_spot]


MAP_PLOT_HEIGHT = 250  # pixels in presenter view: the map and its heading on one 1280x720 screen


def bubble_size(canvas: Canvas) -> str:
    """The person's choice of what the bubbles show: customers or margin."""
    return "margin" if by_margin("Bubble size", "map-size", canvas) else "customers"


def value_map(canvas: Canvas) -> None:
    """The bubble map, sized by customers or by margin."""
    show_chart("value_map", size_by=bubble_size(canvas))


def how_to_move() -> None:
    customers = wording(session.current()).customers
    st.caption(
        f"Hollow bubbles are estimates (people who aren't {customers} yet, or figures marked as "
        "guesses). To move a bubble, change its scores:"
    )
    links = st.columns(2)
    with links[0]:
        canvas_link("value-to-customer", "Value to the customer (left–right) →")
    with links[1]:
        canvas_link("value-to-business", "Value to the business (up–down) →")


def _notes(pl: Placement, tiers: Mapping[str, str]) -> list[str]:
    notes = [tiers[pl.tier].lower()]
    if pl.tier == Tier.MVC and pl.growable:
        notes.append("room to grow")
    if pl.near_line:
        notes.append("near the line")
    if pl.is_estimate:
        notes.append("estimate")
    return notes


def _group_help(canvas: Canvas, pl: Placement) -> str:
    """What the words on a group's line mean: its tier, and the line when it is near it."""
    keys = [f"tier:{pl.tier.value}", *(["line"] if pl.near_line else [])]
    return "\n\n".join(term_help(key, canvas) for key in keys)


def flags(canvas: Canvas) -> None:
    """Each corner of the map with its groups, their tier and the intents worth considering."""
    metrics, placements, _ = session.analysis()
    unscored = [g for g in canvas.groups if placements[g.id].quadrant is None]
    if unscored:
        st.info(
            "Not on the map yet (no value-to-customer score): "
            + md(", ".join(g.name or "unnamed" for g in unscored))
        )
    for quadrant in FLAG_ORDER:
        groups = [g for g in canvas.groups if placements[g.id].quadrant == quadrant]
        if not groups:
            continue
        with st.container(border=True):
            st.markdown(
                f"**{QUADRANTS[quadrant]}** · {QUADRANT_HELP[quadrant]}",
                help=term_help("quadrant", canvas),
            )
            for group in groups:
                pl = placements[group.id]
                clv = lifetime_value(metrics.of(group), canvas.currency).lower()
                notes = "; ".join(_notes(pl, wording(canvas).tiers))
                st.markdown(
                    f"- **{md(group.name)}**: {notes}; {clv}. {suggestions(suggested_intents(pl))}",
                    help=_group_help(canvas, pl),
                )
    below_zero = [g for g in canvas.groups if placements[g.id].tier == Tier.BZ]
    if below_zero:
        st.warning(
            f"{TIER_HELP['BZ']} "
            + md(", ".join(g.name for g in below_zero))
            + ". Make them profitable (price, cheaper service) or let them go respectfully."
        )


def how_it_is_read(canvas: Canvas) -> None:
    limits = canvas.thresholds
    tiers = wording(canvas).tiers
    st.caption(
        f"{term('tier', canvas).explain} {tiers['MVC']}: a lifetime value at least "
        f"{limits.tier_multiple:g} times your average. {term('line', canvas).explain} This "
        f"tool works with groups, not with individual {wording(canvas).customers}."
    )


def present(canvas: Canvas, group: CustomerGroup | None) -> None:
    """Where the group in focus sits, then the whole map."""
    focus, size = st.columns([3, 2], vertical_alignment="bottom")
    if group is not None:
        _, placements, _ = session.analysis()
        pl = placements[group.id]
        where = QUADRANTS.get(pl.quadrant or "", "not on the map yet")
        focus.markdown(
            f"**{md(group_label(group.name))}**: {where} · {wording(canvas).tiers[pl.tier]}"
        )
    with size:
        size_by = bubble_size(canvas)
    present_chart("value_map", group, MAP_PLOT_HEIGHT, size_by=size_by)
