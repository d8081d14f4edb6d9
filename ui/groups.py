"""Choosing the group in focus, for steps that work group by group."""

from __future__ import annotations

import streamlit as st

from canvas.core.editing import with_group_changes
from canvas.core.labels import group_label
from canvas.core.limits import max_length
from canvas.core.model import CustomerGroup, ValueProposition
from ui import session
from ui.frame import canvas_link
from ui.widgets import field_input

SCORES = [1 + i / 2 for i in range(9)]

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


def score_picker(group: CustomerGroup, field: str, label: str, key_prefix: str = "") -> None:
    """A 1-5 score in half steps (value to the customer or to the business), saved on pick."""
    field_input(
        st.segmented_control,
        label,
        f"{key_prefix}{field}-{group.id}",
        getattr(group, field),
        lambda c, v: with_group_changes(c, group.id, **{field: v}),
        value_name="default",
        options=SCORES,
        format_func=lambda s: f"{s:g}",
    )


def proposition_inputs(
    group: CustomerGroup, why_label: str, what_label: str, key_prefix: str = ""
) -> None:
    """The two levels of a group's value proposition: why (values) and what (the offer)."""
    prop = group.proposition

    def change(part: str):
        return lambda c, v: with_group_changes(
            c, group.id, proposition=prop.model_dump() | {part: v}
        )

    field_input(
        st.text_input, why_label, f"{key_prefix}why-{group.id}", prop.why_for_group,
        change("why_for_group"), max_chars=max_length(ValueProposition, "why_for_group"),
    )  # fmt: skip
    field_input(
        st.text_area, what_label, f"{key_prefix}what-{group.id}", prop.what,
        change("what"), max_chars=max_length(ValueProposition, "what"), height=80,
    )  # fmt: skip
