"""Home: the canvas library. Start from blank or a worked example, open, rename, duplicate,
delete, restore an earlier version, or upload a canvas file."""

import streamlit as st

from canvas.core.document import as_new_canvas
from canvas.storage import StoreUnavailable
from canvas.storage.files import load_sample
from ui import session
from ui.frame import page_path, setup_page, show_error
from ui.library import canvas_row, upload_canvas
from ui.text import md

setup_page("Your canvases")
store = session.get_store()

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


def start(sample: str, key: str) -> None:
    """A new canvas from a worked example (or blank), opened at the first step; if the store
    can't take it, the reason is shown under the button (`key`)."""
    stored = session.store_write(
        lambda: store.create(as_new_canvas(load_sample(sample)), note="Created"),
        "No new canvas was started",
        key,
    )
    if stored is not None:
        session.adopt(stored)
        st.switch_page(page_path("goal"), query_params={"canvas": stored.canvas.id})
    show_error(key, once=True)


st.subheader("Start a new canvas")
STARTS = {
    "blank": ("Start blank", "Your own business, from an empty canvas."),
    "bakery": ("Bakery-café example", "A neighbourhood bakery-café, filled in."),
    "it_services": ("IT services example", "A 14-person managed IT firm, filled in."),
}
for column, (sample, (label, note)) in zip(st.columns(3), STARTS.items(), strict=True):
    with column, st.container(border=True):
        st.markdown(f"**{label}**")
        st.caption(note)
        if st.button(label, key=f"start-{sample}", width="stretch", type="primary"):
            start(sample, f"start-{sample}")

MORE = {
    "nonprofit": "A food charity: donors, sponsors and volunteers (Harbour Food Share)",
    "coaching": "A coach's own practice (Clearpath Coaching)",
}
with st.expander("More examples"):
    chosen = st.radio("Example", list(MORE), format_func=MORE.get, label_visibility="collapsed")
    if st.button("Start from this example", key="start-more"):
        start(chosen, "start-more")

with st.expander("Open a canvas file (JSON or Excel workbook)"):
    upload_canvas(store)

st.subheader("Your canvases")
try:
    canvases = store.list_canvases()
except StoreUnavailable as exc:
    st.error(md(str(exc)))
    canvases = []
if session.is_hosted():
    st.caption(
        "Your canvas link is the key to your canvas: bookmark it or keep it somewhere safe. "
        "Only canvases opened in this browser window are listed here."
    )
    canvases = [c for c in canvases if c.id in session.my_canvases()]
if not canvases:
    st.info("No canvases yet. Start one above.")
for summary in canvases:
    canvas_row(store, summary)
