"""Step 3: the value each group gets from you: jobs, pains, gains, and a score with evidence."""

import streamlit as st

from canvas.core.labels import term_help
from ui import findings
from ui.charts import show_chart
from ui.frame import empty_step, frame, step_footer
from ui.groups import pick_group
from ui.steps import value_to_customer as step

canvas = frame("value-to-customer")
group = None if empty_step("value-to-customer") else pick_group()
if group is not None:
    findings.box(canvas, "value-to-customer", group)
    step.jobs_table(group)
    pains, gains = st.columns(2)
    with pains:
        step.pains_table(group)
    with gains:
        step.gains_table(group)
    step.offer(group)
    step.score_and_evidence(group)
    st.subheader("Value to the customer, group by group", help=term_help("covered", canvas))
    show_chart("value_to_customer")
step_footer("value-to-customer")
