"""Entry point: the customer strategy canvas. Run with `scripts/run`."""

import streamlit as st

from canvas.core.progress import STEPS
from ui.frame import LIBRARY_PAGE, page_path

pages = [st.Page(LIBRARY_PAGE, title="Your canvases", icon=":material/home:", default=True)] + [
    st.Page(page_path(step.slug), title=step.title, url_path=step.slug) for step in STEPS
]
pages.append(st.Page(page_path("present"), title="Presenter view", url_path="present"))
st.navigation(pages, position="hidden").run()
