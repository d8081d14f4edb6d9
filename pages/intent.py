"""Step 6: an intent per group (one or two), expected results with numbers and dates, target mix."""

import streamlit as st

from canvas.core.labels import wording
from ui import findings
from ui.charts import show_chart
from ui.frame import empty_step, frame, step_footer
from ui.groups import pick_group
from ui.steps import intent

canvas = frame("intent")
if not empty_step("intent"):
    group = pick_group()
    if group is not None:
        findings.box(canvas, "intent", group)
        intent.group_intents(canvas, group)

    st.subheader("Target mix")
    st.markdown(
        f"What share of your {wording(canvas).customers} should each group be at the end of your plan? "
        "The targets must add up to 100%."
    )
    left, right = st.columns([3, 2])
    with left:
        intent.targets_table(canvas)
    with right:
        intent.mix_effect(canvas)
    show_chart("target_mix")
step_footer("intent")
