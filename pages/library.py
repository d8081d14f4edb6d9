"""Home: the canvas library. Start from blank or a worked example, open, rename, duplicate,
delete, restore an earlier version, or upload a canvas file."""

import streamlit as st

from ui import session
from ui.frame import setup_page
from ui.library import canvas_row, listed_canvases, start_choices, upload_canvas
from ui.practice import hand_over_choices, owner_panel, share_panel
from ui.text import md

setup_page("Your canvases")
store = session.canvas_store()
st.title("Customer strategy canvas")
st.markdown(
    "Decide which customers to grow, keep, change or let go, and why. Step through nine short "
    "steps (about an hour) and leave with a one-page strategy you can print or send as a workbook."
)
if store.recovery_note:
    st.warning(md(store.recovery_note))
notice = st.session_state.pop(session.NOTICE, None)
if notice:
    st.success(md(notice))

owner_panel()

st.subheader("Start a new canvas")
start_choices(store)
with st.expander("Open a canvas file (JSON or Excel workbook)"):
    upload_canvas(store)

st.subheader("Your canvases")
canvases = listed_canvases(store)
if not canvases:
    st.info("No canvases yet. Start one above.")
choices = hand_over_choices()  # in a practice: what a coach or owner may give to a client
for summary in canvases:
    canvas_row(store, summary, choices)
share_panel(canvases)
