"""Presenter view: one step at a time in large type, for a coach and client at one screen."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from canvas.core import coach
from canvas.core.model import Canvas, CustomerGroup
from canvas.core.progress import STEP_BY_SLUG, STEPS, Step, step_title
from ui import session
from ui.coaching import note_form, session_clock
from ui.guidance import COACH_QUESTIONS, GUIDANCE
from ui.steps import (
    goal,
    groups,
    hangouts,
    intent,
    propositions,
    summary,
    value_map,
    value_to_business,
    value_to_customer,
)

PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header {display: none !important;}
.block-container {max-width: 1800px; padding: 1.2rem 3rem;}
.stApp, .stMarkdown p, .stMarkdown li, label p, .stTextInput input, .stTextArea textarea, .stNumberInput input,
[data-testid="stMetricValue"], .stButton button p, [data-testid="stCaptionContainer"] p,
[data-testid="stAlert"] p, [data-testid="stButtonGroup"] button p, [data-testid="stExpander"] summary p,
[data-testid="stFormSubmitButton"] button p, [data-testid="stPageLink"] p,
[data-testid="stMetricLabel"] p {font-size: 24px !important;}
[data-testid="stMetricValue"] {font-size: 40px !important;}
.stMarkdown h1 {font-size: 52px !important;}
.stMarkdown h2 {font-size: 40px !important;}
.stMarkdown h3 {font-size: 32px !important;}
.stApp {color: #111827;}
</style>
"""


def current_step() -> Step:
    """The step in the URL (a link to one step), else the running session's step. A link to a
    step during a session moves the session there, so the timer follows."""
    running = session.current().coach_session
    live = running is not None and running.ended_at is None
    asked = STEP_BY_SLUG.get(st.query_params.get("step") or "")
    if asked is not None:
        if live and running.step != asked.code:
            session.apply(lambda c: coach.go_to_step(c, asked.code), "present")
        return asked
    if live:
        return next(s for s in STEPS if s.code == running.step)
    return STEPS[0]


def focus_group() -> CustomerGroup | None:
    canvas = session.current()
    if not canvas.groups:
        return None
    wanted = session.focus_id(canvas)
    running = canvas.coach_session
    if running is not None and running.focus_group:
        wanted = running.focus_group
    ids = [g.id for g in canvas.groups]
    return canvas.group(wanted if wanted in ids else ids[0])


def move_step(step: Step, offset: int) -> None:
    index = STEPS.index(step) + offset
    if not 0 <= index < len(STEPS):
        return
    target = STEPS[index]
    if (
        session.current().coach_session is not None
        and session.current().coach_session.ended_at is None
    ):
        session.apply(lambda c: coach.go_to_step(c, target.code), "present")
    st.query_params["step"] = target.slug


def move_group(offset: int) -> None:
    canvas = session.current()
    group = focus_group()
    if group is None:
        return
    ids = [g.id for g in canvas.groups]
    target = ids[(ids.index(group.id) + offset) % len(ids)]
    session.set_focus(target)
    if canvas.coach_session is not None and canvas.coach_session.ended_at is None:
        session.apply(lambda c: coach.set_focus(c, target), "present")


def top_bar(step: Step) -> None:
    number = STEPS.index(step) + 1
    cols = st.columns([4, 2, 2, 2, 2, 1])
    cols[0].markdown(f"### Step {number} of {len(STEPS)}")
    moves = [
        ("◀ Step", move_step, (step, -1), "PageUp", "Previous step (Page Up)"),
        ("Step ▶", move_step, (step, 1), "PageDown", "Next step (Page Down)"),
        ("▲ Group", move_group, (-1,), "Up", "Previous group (Up arrow)"),
        ("Group ▼", move_group, (1,), "Down", "Next group (Down arrow)"),
    ]
    for column, (label, move, args, key, tip) in zip(cols[1:5], moves, strict=True):
        column.button(
            label, on_click=move, args=args, shortcut=key, help=tip, width="stretch",
            type="primary" if label == "Step ▶" else "secondary",
        )  # fmt: skip
    with cols[5]:
        canvas = session.current()
        st.page_link(
            f"pages/{step.slug}.py",
            label="Leave",
            query_params={"canvas": canvas.id},
            help="Back to the full step, with all its tables",
        )


SCREENS: dict[str, Callable[[Canvas, CustomerGroup | None], None]] = {
    "goal": goal.present,
    "groups": groups.present,
    "value-to-customer": value_to_customer.present,
    "value-to-business": value_to_business.present,
    "value-map": value_map.present,
    "intent": intent.present,
    "propositions": propositions.present,
    "hangouts": hangouts.present,
    "summary": summary.present,
}


def presenter(step: Step) -> None:
    top_bar(step)
    session_clock()
    canvas = session.current()
    st.markdown(f"# {step_title(step.code, canvas)}")
    guide = GUIDANCE[step.slug]
    st.markdown(guide.prompts[0])
    SCREENS[step.slug](canvas, focus_group())
    left, right = st.columns(2)
    with left, st.expander("Questions to ask"):
        for question in COACH_QUESTIONS[step.slug]:
            st.markdown(f"- {question}")
    with right, st.expander("Park a note"):
        group = focus_group()
        note_form(step.code, group.id if group else None, f"p-note-{step.slug}")
