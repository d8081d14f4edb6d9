"""Step 9: the one-page strategy, the open points, and downloads."""

import streamlit as st

from ui.frame import empty_step, frame, step_footer
from ui.steps import summary

canvas = frame("summary")
if empty_step("summary"):
    st.subheader("Open points")
    summary.open_points()
else:
    summary.strategy(canvas)
    st.subheader("Open points")
    summary.open_points()
    summary.session_notes(canvas)
    st.subheader("First moves")
    summary.first_moves(canvas)
    st.subheader("Download")
    summary.downloads(canvas)
    if canvas.groups:
        st.subheader("Group by group")
        summary.group_by_group(canvas)
step_footer("summary")
