"""Step 8: where each group gathers, in person first and then online."""

import streamlit as st

from canvas.core.editing import HANGOUTS, LIFECYCLE
from canvas.core.labels import DIRECTIONS, HANGOUT_KINDS, STAGES, group_label
from canvas.core.limits import max_length
from canvas.core.model import Hangout, LifecycleNote
from ui.charts import show_chart
from ui.frame import frame, step_footer
from ui.widgets import table_editor

canvas = frame("hangouts")
names = {g.id: group_label(g.name) for g in canvas.groups}

st.markdown(
    "One row per place. Add people who aren't customers yet too: where do they gather today? "
    "Places where they come to you, or where you meet and talk, beat places where you only broadcast."
)
table_editor(
    "hangouts",
    HANGOUTS,
    {
        "name": st.column_config.TextColumn(
            "Place",
            max_chars=max_length(Hangout, "name"),
            required=True,
            width="medium",
            pinned=True,
        ),
        "kind": st.column_config.SelectboxColumn(
            "Kind", options=list(HANGOUT_KINDS), format_func=HANGOUT_KINDS.get
        ),
        "direction": st.column_config.SelectboxColumn(
            "How it works", options=list(DIRECTIONS), format_func=DIRECTIONS.get
        ),
        "group_ids": st.column_config.MultiselectColumn(
            "Groups", options=list(names), format_func=names.get, width="medium"
        ),
        "stages": st.column_config.MultiselectColumn(
            "When it matters", options=list(STAGES), format_func=STAGES.get, width="medium"
        ),
        "note": st.column_config.TextColumn(
            "What we'd do or learn there", max_chars=max_length(Hangout, "note"), width="medium"
        ),
    },
)
if canvas.hangouts:
    st.subheader("Who gathers where")
    show_chart("hangouts")

if canvas.groups:
    st.subheader("What they need at each stage (optional)")
    st.markdown(
        "What do they need to know to buy and enjoy what you sell, and what could you learn from them? "
        "One row per group and stage that matters; a row is kept once it has both."
    )
    table_editor(
        "lifecycle",
        LIFECYCLE,
        {
            "group_id": st.column_config.SelectboxColumn(
                "Group", options=list(names), format_func=names.get, required=True, width="medium"
            ),
            "stage": st.column_config.SelectboxColumn(
                "Stage", options=list(STAGES), format_func=STAGES.get, required=True
            ),
            "knowledge_they_need": st.column_config.TextColumn(
                "What they need to know",
                max_chars=max_length(LifecycleNote, "knowledge_they_need"),
                width="medium",
            ),
            "what_we_can_learn": st.column_config.TextColumn(
                "What we can learn from them",
                max_chars=max_length(LifecycleNote, "what_we_can_learn"),
                width="medium",
            ),
            "moment_that_matters": st.column_config.TextColumn(
                "The moment that matters",
                max_chars=max_length(LifecycleNote, "moment_that_matters"),
                width="medium",
            ),
        },
    )

step_footer("hangouts")
