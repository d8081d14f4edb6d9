"""Choosing the group in focus, for steps that work group by group."""

from __future__ import annotations

import streamlit as st

from canvas.core.editing import with_group_changes
from canvas.core.labels import group_label
from canvas.core.model import Canvas, CustomerGroup
from canvas.core.progress import step_title
from ui import session
from ui.frame import canvas_link
from ui.text import md
from ui.widgets import field_input

SCORES = [1 + i / 2 for i in range(9)]

FOCUS = "focus-group"


def pick_group(label: str = "Customer group") -> CustomerGroup | None:
    """A selector of the canvas's groups; remembers the choice across steps."""
    canvas = session.current()
    if not canvas.groups:
        groups = step_title("S2", canvas).lower()
        st.info(f"Add your {groups} first.")
        canvas_link("groups", f"Go to {groups}", ":material/arrow_forward:")
        return None
    names = {g.id: group_label(g.name) for g in canvas.groups}
    st.session_state[FOCUS] = session.focus_id(canvas)  # the widget shows the group in focus
    chosen = st.selectbox(
        label,
        list(names),
        format_func=names.get,
        key=FOCUS,
        on_change=lambda: session.set_focus(st.session_state[FOCUS]),
    )
    session.set_focus(chosen)
    return canvas.group(chosen)


def score_picker(group: CustomerGroup, field: str, label: str) -> None:
    """A 1-5 score in half steps (value to the customer or to the business), saved on pick."""
    field_input(
        st.segmented_control,
        label,
        f"{field}-{group.id}",
        getattr(group, field),
        lambda c, v: with_group_changes(c, group.id, **{field: v}),
        value_name="default",
        options=SCORES,
        format_func=lambda s: f"{s:g}",
    )


def group_heading(canvas: Canvas, group: CustomerGroup) -> None:
    """The group in focus and where it stands in the list, for screens that page through groups."""
    position = [g.id for g in canvas.groups].index(group.id) + 1
    st.markdown(f"## {md(group_label(group.name))}  ·  group {position} of {len(canvas.groups)}")
