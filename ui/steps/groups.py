"""Step 2: customer groups, by how they buy, spend and recommend; future customers too."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from canvas.core.editing import GROUPS, LIST_JOINER
from canvas.core.labels import (
    FIELD_LABELS,
    RELATIONSHIPS,
    SUPPORTER_ROLES,
    field_label,
    group_kinds,
)
from canvas.core.limits import joined_max_length, max_length
from canvas.core.model import Canvas, CustomerGroup
from ui.charts import by_margin, present_chart, show_chart
from ui.groups import group_heading
from ui.widgets import choice_column, group_field, table_editor, text_column

NAME_LABEL = FIELD_LABELS["name"]


def groups_table(canvas: Canvas) -> None:
    table_editor(
        "groups",
        GROUPS,
        _columns(canvas) | _roles(canvas),
        right_of_screen=4,
    )


def _roles(canvas: Canvas) -> dict[str, object]:
    """A nonprofit says what each group gives: donors, volunteers, funders, sponsors..."""
    if not canvas.is_nonprofit:
        return {}
    return {"role": choice_column(FIELD_LABELS["role"], SUPPORTER_ROLES)}


def _columns(canvas: Canvas) -> dict[str, object]:
    return {
        "name": text_column(
            NAME_LABEL,
            max_length(CustomerGroup, "name"),
            required=True,
            width="medium",
        ),
        "kind": choice_column(
            FIELD_LABELS["kind"],
            group_kinds(canvas),
            required=True,
            default="current",
            width="medium",
        ),
        "customer_count": st.column_config.NumberColumn(
            field_label("customer_count", canvas),
            min_value=0,
            max_value=100_000_000,
            step=1,
            format="%d",
            default=0,
        ),
        "behaviour": text_column(
            field_label("behaviour", canvas), max_length(CustomerGroup, "behaviour"), width="large"
        ),
        "description": text_column(
            FIELD_LABELS["description"],
            max_length(CustomerGroup, "description"),
            width="medium",
        ),
        "value_drivers": text_column(
            "What they value (up to 3, commas)",
            joined_max_length(CustomerGroup, "value_drivers", LIST_JOINER),
        ),
        "relationship_type": choice_column("Relationship", RELATIONSHIPS),
        "how_identified": text_column(
            "How you recognise them", max_length(CustomerGroup, "how_identified")
        ),
    }


def todays_mix(canvas: Canvas, draw: Callable[..., None] = show_chart) -> None:
    """Today's portfolio: by number of customers, or by margin."""
    basis = "annual_margin" if by_margin("Share by", "mix-basis", canvas) else "customers"
    draw("portfolio_mix", basis=basis)


def present(canvas: Canvas, group: CustomerGroup | None) -> None:
    """One group's name and behaviour, the table's first columns, in large type."""
    if group is None:
        st.markdown("No customer groups yet. Leave presenter view to add them in the table.")
        return
    group_heading(canvas, group)
    left, right = st.columns(2)
    with left:
        group_field(st.text_input, NAME_LABEL, group, "name")
        group_field(st.text_area, field_label("behaviour", canvas), group, "behaviour", height=190)
    with right:
        todays_mix(canvas, lambda name, **options: present_chart(name, group, **options))
