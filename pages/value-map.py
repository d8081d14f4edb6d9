"""Step 5: the two-way value exchange on one map, and what it flags."""

import streamlit as st

from canvas.core.classify import Quadrant, Tier, suggested_intents
from canvas.core.labels import QUADRANT_HELP, QUADRANTS, TIER_HELP, TIERS, money, wording
from ui import session
from ui.charts import show_chart
from ui.frame import canvas_link, frame, step_footer
from ui.text import md

canvas = frame("value-map")
words = wording(canvas)
metrics, placements, _ = session.analysis()

size_by = st.segmented_control(
    "Bubble size",
    ["customers", "margin"],
    default="customers",
    format_func={
        "customers": f"Number of {words.customers}",
        "margin": f"Annual {words.margin}",
    }.get,
    key="map-size",
)
show_chart("value_map", size_by=size_by or "customers")
st.caption(
    "Hollow bubbles are estimates (people who aren't customers yet, or figures marked as guesses). "
    "To move a bubble, change its scores:"
)
links = st.columns(2)
with links[0]:
    canvas_link("value-to-customer", "Value to the customer (left–right) →")
with links[1]:
    canvas_link("value-to-business", "Value to the business (up–down) →")

st.subheader("What the map says")
unscored = [g for g in canvas.groups if placements[g.id].quadrant is None]
if unscored:
    st.info(
        "Not on the map yet (no value-to-customer score): "
        + md(", ".join(g.name or "unnamed" for g in unscored))
    )
FLAG_ORDER = [Quadrant.at_risk, Quadrant.value_leak, Quadrant.poor_fit, Quadrant.sweet_spot]
for quadrant in FLAG_ORDER:
    groups = [g for g in canvas.groups if placements[g.id].quadrant == quadrant]
    if not groups:
        continue
    with st.container(border=True):
        st.markdown(f"**{QUADRANTS[quadrant]}** · {QUADRANT_HELP[quadrant]}")
        for group in groups:
            pl = placements[group.id]
            notes = [TIERS[pl.tier]]
            if pl.tier == Tier.MVC and pl.growable:
                notes.append("room to grow")
            if pl.near_line:
                notes.append("near the line")
            if pl.is_estimate:
                notes.append("estimate")
            clv = money(metrics.of(group).clv, canvas.currency)
            ideas = ", ".join(suggested_intents(pl))
            st.markdown(
                f"- **{md(group.name)}** ({'; '.join(notes)}) · lifetime value {clv} · to consider: {ideas}"
            )
below_zero = [g for g in canvas.groups if placements[g.id].tier == Tier.BZ]
if below_zero:
    st.warning(
        f"{TIER_HELP['BZ']} "
        + md(", ".join(g.name for g in below_zero))
        + ". Make them profitable (price, cheaper service) or let them go respectfully."
    )
st.caption(
    "Value tiers follow Peppers & Rogers, applied to groups: most valuable (lifetime value at least "
    f"{canvas.thresholds.tier_multiple:g} times your average), most growable (profitable with most of "
    "their spend elsewhere), below zero, and middle. The lines sit at "
    f"{canvas.thresholds.quadrant_line:g}; scores from {canvas.thresholds.near_line_low:g} to "
    f"{canvas.thresholds.near_line_high:g} are near the line. This tool works with groups, not with "
    "individual customers."
)

step_footer("value-map")
