"""Step 1: the business goal and what the business stands for."""

import streamlit as st

from ui.frame import frame, step_footer
from ui.steps import goal

canvas = frame("goal")
left, right = st.columns([2, 1])
with left:
    goal.business_name(canvas)
    goal.business_goal(canvas)
    goal.why_statement(canvas)
    goal.values(canvas)
with right:
    goal.settings(canvas)
step_footer("goal")
