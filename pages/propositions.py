"""Step 7: value propositions on two levels: why (what you stand for) and what (the offer)."""

import streamlit as st

from ui import findings
from ui.frame import empty_step, frame, step_footer
from ui.groups import pick_group
from ui.steps import goal, propositions

canvas = frame("propositions")
st.markdown("**What you stand for** (level 1, shared by every group)")
goal.why_statement(canvas, label_visibility="collapsed")
st.markdown("**Each group's proposition** (level 2: why it matters to them, and what you offer)")
group = None if empty_step("propositions") else pick_group()
if group is not None:
    findings.box(canvas, "propositions", group)
    with st.container(border=True):
        propositions.group_proposition(group)
    st.subheader("All propositions side by side")
    propositions.overview(canvas, group)
step_footer("propositions")
