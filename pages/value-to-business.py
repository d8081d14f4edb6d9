"""Step 4: the value each group gives the business: lifetime value on margin, and advocacy."""

import streamlit as st

from canvas.core.labels import term_help, wording
from ui.frame import empty_step, frame, step_footer
from ui.groups import pick_group
from ui.steps import value_to_business as step
from ui.steps.measure import measure_panel

canvas = frame("value-to-business")
if not empty_step("value-to-business"):
    st.markdown(
        f"Per {wording(canvas).customer}, per year. Estimates are fine: say how sure you are in "
        "the last column. Figures update as you type."
    )
    step.economics_table(canvas)
    measure_panel(canvas)
    st.markdown("#### Would they recommend you?", help=term_help("recommendation_score", canvas))
    step.nps_table()
    step.in_kind_section(canvas)
    st.subheader("What each group is worth to you")
    step.worth(canvas)
    st.subheader("Your score: value to the business")
    group = pick_group("Score this group")
    if group is not None:
        step.your_score(group)
    st.subheader("Pictures")
    step.pictures()
step_footer("value-to-business")
