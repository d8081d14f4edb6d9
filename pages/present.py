"""Presenter view: one step at a time, large type, keyboard navigation, for coached sessions."""

import streamlit as st

from ui.frame import open_or_stop, setup_page
from ui.present import PRESENTER_CSS, current_step, presenter

setup_page("Presenter view")
st.markdown(PRESENTER_CSS, unsafe_allow_html=True)  # static CSS only, never user text
open_or_stop()
presenter(current_step())
