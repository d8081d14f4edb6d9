"""Widgets bound to the canvas: each writes through a callback into the model, then saves.

Streamlit drops a widget's key when a page hides it, so every widget is drawn from the model with
`value=...`; keys carry the canvas epoch so a restored or reloaded canvas redraws them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from canvas.editing import Row, Table, apply_delta
from canvas.model import Canvas
from ui import session
from ui.frame import show_error

ROW_PX = 35  # st.data_editor's row height; tables show up to 14 rows before scrolling


def bind(key: str, change: Callable[[Canvas, Any], Canvas]) -> Callable[[], None]:
    """A callback that hands the widget's value to `change` and saves the result."""

    def callback() -> None:
        value = st.session_state[key]
        session.apply(lambda canvas: change(canvas, value), key)

    return callback


def field_input(
    kind: Callable[..., Any],
    label: str,
    name: str,
    value: Any,
    change: Callable[[Canvas, Any], Canvas],
    *,
    value_name: str = "value",
    **options: Any,
) -> None:
    """Draw `kind` (st.text_input, st.number_input, ...) bound to the model through `change`.
    `value_name` is the widget's own name for its starting value ("default" for pills)."""
    key = session.widget_key(name)
    if value_name:
        options[value_name] = value
    kind(label, key=key, on_change=bind(key, change), **options)
    show_error(key)


def table_editor(
    name: str,
    table: Table,
    column_config: dict[str, Any],
    *,
    rows: list[Row] | None = None,
    write: Callable[[Canvas, list[Row]], Canvas] | None = None,
    dynamic: bool = True,
    column_order: list[str] | None = None,
    height: int | str = "auto",
) -> None:
    """An `st.data_editor` whose edits are applied to the model as a delta (never fed back)."""
    canvas = session.current()
    shown = table.read(canvas) if rows is None else rows
    writer = write or table.write
    key = session.widget_key(f"{name}-e{st.session_state.get(session.EDITS, 0)}")

    def on_change() -> None:
        delta = st.session_state[key]
        new_rows = apply_delta(shown, delta, table.defaults)
        session.apply(lambda c: writer(c, new_rows), name)

    frame = pd.DataFrame(shown) if shown else pd.DataFrame(columns=["id", *column_config])
    frame = frame.convert_dtypes()  # empty numbers show as blank cells, not "None"
    st.data_editor(
        frame,
        key=key,
        on_change=on_change,
        column_config={"id": None, **column_config},
        column_order=column_order or list(column_config),
        hide_index=True,
        num_rows="dynamic" if dynamic else "fixed",
        width="stretch",
        height=height if height != "auto" else (min(len(shown), 14) + 1 + dynamic) * ROW_PX + 3,
    )
    show_error(name)
