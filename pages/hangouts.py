"""Step 8: where each group gathers, in person first and then online."""

import streamlit as st

from canvas.core.labels import wording
from ui.charts import show_chart
from ui.frame import empty_step, frame, step_footer
from ui.steps import hangouts

canvas = frame("hangouts")
if not empty_step("hangouts"):
    st.markdown(
        f"One row per place. Add people who aren't {wording(canvas).customers} yet too: where do "
        "they gather today? "
        "Places where they come to you, or where you meet and talk, beat places where you only broadcast."
    )
    hangouts.places_table(canvas)
    if canvas.hangouts:
        st.subheader("Who gathers where")
        show_chart("hangouts")
    if canvas.groups:
        st.subheader("What they need at each stage (optional)")
        st.markdown(
            "What do they need to know to buy and enjoy what you sell, and what could you learn from "
            "them? One row per group and stage that matters; a row is kept once it has both."
        )
        hangouts.lifecycle_table(canvas)
step_footer("hangouts")
