"""Presenter view: one step at a time, large type, keyboard navigation, for coached sessions."""

import streamlit as st

from ui import session
from ui.frame import not_found, setup_page
from ui.present import current_step, presenter

setup_page("Presenter view")
if not session.open_from_url():
    not_found()
    st.stop()
presenter(current_step())
