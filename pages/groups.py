"""Step 2: customer groups, by how they buy, spend and recommend; people who aren't customers yet too."""

import streamlit as st

from canvas.core.labels import wording
from ui.frame import frame, step_footer
from ui.steps import groups

canvas = frame("groups")
customers = wording(canvas).customers
st.markdown(
    f"One row per group. Add rows at the bottom of the table; select a row's left edge and press "
    f"Delete to remove it. **{customers.capitalize()}** is how many were active in the last "
    f"12 months (0 for people who aren't {customers} yet)."
)
groups.groups_table(canvas)
if canvas.groups:
    st.subheader(f"Your {customers} today")
    groups.todays_mix(canvas)
step_footer("groups")
