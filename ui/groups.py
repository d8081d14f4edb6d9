"""Choosing the group in focus, for steps that work group by group."""

from __future__ import annotations

import streamlit as st

from canvas.labels import group_label
from canvas.model import CustomerGroup
from ui import session
from ui.frame import canvas_link

FOCUS = "focus-group"


def pick_group(label: str = "Customer group") -> CustomerGroup | None:
    """A selector of the canvas's groups; remembers the choice across steps."""
    canvas = session.current()
    if not canvas.groups:
        st.info("Add your customer groups first.")
        canvas_link("groups", "Go to customer groups →")
        return None
    names = {g.id: group_label(g.name) for g in canvas.groups}
    ids = list(names)
    remembered = st.session_state.get("_focus")
    index = ids.index(remembered) if remembered in ids else 0

    def remember() -> None:
        st.session_state["_focus"] = st.session_state[FOCUS]

    chosen = st.selectbox(
        label, ids, index=index, format_func=names.get, key=FOCUS, on_change=remember
    )
    st.session_state["_focus"] = chosen
    return canvas.group(chosen)
