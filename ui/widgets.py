"""Widgets bound to the canvas: each writes through a callback into the model, then saves.

Streamlit drops a widget's key when a page hides it, so every widget is drawn from the model with
`value=...`; keys carry the canvas epoch so a restored or reloaded canvas redraws them.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from canvas.core.editing import Row, Table, with_changes, with_group_changes
from canvas.core.limits import item_max_length, max_length
from canvas.core.model import Canvas, CustomerGroup
from canvas.core.table_edits import (
    Delta,
    apply_changes,
    changes_between,
    empty_delta,
    grid_differs,
    shown_rows,
)
from ui import session
from ui.frame import show_error


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
    limit: int | None = None,
    **options: Any,
) -> None:
    """Draw `kind` (st.text_input, st.number_input, ...) bound to the model through `change`.
    `value_name` is the widget's own name for its starting value ("default" for pills). A text's
    `limit` is said in its help, not set as the widget's `max_chars`: the browser would cut a longer
    paste without a word, where the model refuses it with its length and the text stays to trim."""
    key = session.widget_key(name)
    if limit is not None:
        options["help"] = limit_help(limit, options.get("help"))
    if value_name:
        options[value_name] = value
    kind(label, key=key, on_change=bind(key, change), **options)
    show_error(key)


TEXT_WIDGETS = (st.text_input, st.text_area)
# One look per kind of figure typed in: money with separators and cents in tables ("16,500.00"),
# percentages without trailing zeros ("60", not "60.00"), and with their sign in a table cell ("60%")
MONEY_INPUT = "accounting"
PERCENT_INPUT = "%g"
PERCENT_CELL = "%g%%"


def limit_help(limit: int, help: str | None = None) -> str:
    """A field's help, ending with how much text it holds."""
    return f"{help} Up to {limit} characters." if help else f"Up to {limit} characters."


def list_help(model: type[BaseModel], field: str) -> str:
    """The help of a list typed as one text: how many parts, and how long each may be."""
    items, chars = max_length(model, field), item_max_length(model, field)
    return f"Separate them with commas. Up to {items}, each up to {chars} characters."


def text_column(label: str, limit: int, **more: Any) -> Any:
    """A table column of text up to `limit` characters. The limit is said in the column's help; a
    longer text is refused with a message beside the table, where the grid's own limit would cut
    it without a word."""
    return st.column_config.TextColumn(label, help=limit_help(limit), **more)


def choice_column(label: str, labels: Mapping[str, str], *, many: bool = False, **more: Any) -> Any:
    """A table column to pick one (or, with `many`, several) of `labels`' keys, shown by label."""
    column = st.column_config.MultiselectColumn if many else st.column_config.SelectboxColumn
    return column(label, options=list(labels), format_func=labels.get, **more)


def canvas_field(
    kind: Callable[..., Any], label: str, canvas: Canvas, field: str, **options: Any
) -> None:
    """A widget bound to one field of the canvas; a text field's limit comes from the model."""
    if kind in TEXT_WIDGETS:
        options.setdefault("limit", max_length(Canvas, field))
    change = lambda c, v: with_changes(c, **{field: v})  # noqa: E731
    field_input(kind, label, field, getattr(canvas, field), change, **options)


def canvas_choice(
    kind: Callable[..., Any],
    label: str,
    canvas: Canvas,
    field: str,
    labels: Mapping[Any, str],
    **options: Any,
) -> None:
    """A selectbox or radio bound to one field of the canvas, its options shown by label."""
    choices = list(labels)
    change = lambda c, v: with_changes(c, **{field: v})  # noqa: E731
    index = choices.index(getattr(canvas, field))
    options |= {"options": choices, "index": index, "format_func": labels.get}
    field_input(kind, label, field, None, change, value_name="", **options)


def group_field(
    kind: Callable[..., Any], label: str, group: CustomerGroup, field: str, **options: Any
) -> None:
    """A widget bound to one field of a customer group; a text field's limit comes from the model."""
    if kind in TEXT_WIDGETS:
        options.setdefault("limit", max_length(CustomerGroup, field))
    change = lambda c, v: with_group_changes(c, group.id, **{field: v})  # noqa: E731
    field_input(kind, label, f"{field}-{group.id}", getattr(group, field), change, **options)


@dataclass
class _Grid:
    """One table editor's life: the rows it was drawn with and what of its delta is applied.

    The editor keeps its widget key for as long as it lives, so edits made while the page runs are
    held by the browser and arrive with the next run instead of going to a replaced editor."""

    generation: int
    fingerprint: str  # the columns it was drawn with
    base: list[Row]  # the rows it was drawn with (positions in the delta refer to these)
    seen: list[Row]  # the table as this editor last left the canvas
    applied: Delta = field(default_factory=empty_delta)
    added_ids: list[str | None] = field(default_factory=list)
    redraw: bool = False  # the grid shows something other than what is saved
    frame: pd.DataFrame | None = None  # `base` as the editor is given it, built once per editor


def _visible(rows: list[Row], columns: list[str]) -> list[Row]:
    return [{c: row.get(c) for c in ("id", *columns)} for row in rows]


def _grid_for(
    name: str, rows: list[Row], columns: list[str], fingerprint: str
) -> tuple[str, _Grid]:
    """The editor's state and widget key; a new editor when the table changed from elsewhere."""
    state_key = f"_grid-{session.widget_key(name)}"
    grid: _Grid | None = st.session_state.get(state_key)
    visible = _visible(rows, columns)
    fresh = grid is None or grid.redraw or grid.fingerprint != fingerprint or grid.seen != visible
    if grid is not None and not fresh and _widget_key(state_key, grid) not in st.session_state:
        fresh = True  # the page was left and Streamlit forgot the editor: start again
    if fresh:
        generation = 0 if grid is None else grid.generation + 1
        grid = _Grid(generation, fingerprint, rows, visible)
        st.session_state[state_key] = grid
    return state_key, grid


def _widget_key(state_key: str, grid: _Grid) -> str:
    return f"{state_key}#{grid.generation}"


def _data_frame(rows: list[Row], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=columns)
    return frame.convert_dtypes()  # empty numbers show as blank cells, not "None"


def table_editor(
    name: str,
    table: Table,
    column_config: dict[str, Any],
    *,
    dynamic: bool = True,
    column_order: list[str] | None = None,
    height: int | str = "auto",
    right_of_screen: int | None = None,
) -> None:
    """An `st.data_editor` whose edits are applied to the model once each (never fed back).
    `right_of_screen`: the first column that is usually past the right edge on a laptop, so the
    table says which columns it scrolls sideways to."""
    columns = column_order or list(column_config)
    fingerprint = json.dumps([columns, column_config, dynamic], sort_keys=True, default=str)
    state_key, grid = _grid_for(name, table.read(session.current()), columns, fingerprint)
    key = _widget_key(state_key, grid)

    def on_change() -> None:
        delta = st.session_state[key]
        changes, grid.added_ids = changes_between(grid.base, grid.applied, delta, grid.added_ids)
        outcome = apply_changes(
            session.current(), table.read, table.write, changes, grid.added_ids, table.defaults
        )
        grid.added_ids, grid.applied = outcome.added_ids, copy.deepcopy(delta)
        if outcome.changed:
            session.save(outcome.canvas)
        session.set_error(name, " ".join(outcome.problems) or None)
        saved = table.read(session.current())
        grid.seen = _visible(saved, columns)
        shown = shown_rows(grid.base, delta, grid.added_ids)
        grid.redraw = bool(outcome.problems) or grid_differs(shown, saved, columns)

    if grid.frame is None:
        grid.frame = _data_frame(grid.base, ["id", *column_config])
    st.data_editor(
        grid.frame,
        key=key,
        on_change=on_change,
        column_config={"id": None, **column_config},
        column_order=columns,
        hide_index=True,
        num_rows="dynamic" if dynamic else "fixed",
        width="stretch",
        height=height,  # "auto": the grid grows with the rows added in it
        placeholder="",  # an empty cell is blank, never "None"
    )
    if right_of_screen is not None and right_of_screen < len(columns):
        hidden = [column_config[c]["label"] for c in columns[right_of_screen:]]
        listed = ", ".join(hidden)
        st.caption(
            f"Scroll the table sideways for more: {listed}{'' if listed[-1] in '.?' else '.'}"
        )
    show_error(name)
