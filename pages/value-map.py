"""Step 5: the two-way value exchange on one map, and what it flags."""

import streamlit as st

from ui.frame import empty_step, frame, step_footer
from ui.steps import value_map

canvas = frame("value-map")
if not empty_step("value-map"):
    value_map.value_map(canvas)
    value_map.how_to_move()
    st.subheader("What the map says")
    value_map.flags(canvas)
    value_map.how_it_is_read(canvas)
step_footer("value-map")
