"""Step 8: where each group gathers, and what each group needs at each stage."""

from __future__ import annotations

import streamlit as st

from canvas.core.editing import HANGOUTS, LIFECYCLE
from canvas.core.labels import DIRECTIONS, FIELD_LABELS, HANGOUT_KINDS, STAGES, group_label
from canvas.core.limits import max_length
from canvas.core.model import Canvas, CustomerGroup, Hangout, LifecycleNote
from ui.charts import present_chart
from ui.groups import group_heading
from ui.text import md
from ui.widgets import choice_column, table_editor, text_column


def _group_names(canvas: Canvas) -> dict[str, str]:
    return {g.id: group_label(g.name) for g in canvas.groups}


def _text(label: str, model: type, field: str, **more: object) -> st.column_config.Column:
    return text_column(label, max_length(model, field), **more)


def places_table(canvas: Canvas) -> None:
    names = _group_names(canvas)
    table_editor(
        "hangouts",
        HANGOUTS,
        {
            "name": _text("Place", Hangout, "name", required=True, width="medium", pinned=True),
            "kind": choice_column(FIELD_LABELS["kind"], HANGOUT_KINDS),
            "direction": choice_column(FIELD_LABELS["direction"], DIRECTIONS),
            "group_ids": choice_column(FIELD_LABELS["group_ids"], names, many=True, width="medium"),
            "stages": choice_column("When it matters", STAGES, many=True, width="medium"),
            "note": _text("What we'd do or learn there", Hangout, "note", width="medium"),
        },
        right_of_screen=5,
    )


def lifecycle_table(canvas: Canvas) -> None:
    names = _group_names(canvas)
    table_editor(
        "lifecycle",
        LIFECYCLE,
        {
            "group_id": choice_column("Group", names, required=True, width="medium"),
            "stage": choice_column("Stage", STAGES, required=True),
            "knowledge_they_need": _text(
                "What they need to know", LifecycleNote, "knowledge_they_need", width="medium"
            ),
            "what_we_can_learn": _text(
                "What we can learn from them", LifecycleNote, "what_we_can_learn", width="medium"
            ),
            "moment_that_matters": _text(
                "The moment that matters", LifecycleNote, "moment_that_matters", width="medium"
            ),
        },
    )


def present(canvas: Canvas, group: CustomerGroup | None) -> None:
    """The places of the group in focus, and who gathers where."""
    left, right = st.columns([2, 3])
    if group is not None:
        with left:
            group_heading(canvas, group)
            places = canvas.hangouts_for(group.id)
            st.markdown("\n".join(f"- {md(h.name)}" for h in places) or "No places yet.")
    with right:
        present_chart("hangouts", group)
