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

# Laid out for a 1280x720 projector; larger screens scale the whole view (`zoom`), so the same
# step fits one screen at 1920x1080 with larger type instead of more white space.
PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header {display: none !important;}
[data-testid="stMainBlockContainer"] {max-width: none; padding: 0.4rem 1.5rem 0.4rem !important;}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap: 0.45rem;}
.stApp, .stMarkdown p, .stMarkdown li, label p, .stTextInput input, .stTextArea textarea, .stNumberInput input,
[data-testid="stMetricValue"], .stButton button p, [data-testid="stCaptionContainer"] p,
[data-testid="stAlert"] p, [data-testid="stButtonGroup"] button p, [data-testid="stExpander"] summary p,
[data-testid="stFormSubmitButton"] button p, [data-testid="stPageLink"] p, [data-testid="stPopover"] button p,
[data-testid="stMetricLabel"] p {font-size: 22px !important;}
.stMarkdown p, .stMarkdown li {line-height: 1.35;}
[data-testid="stMetricValue"] {font-size: 32px !important;}
.stMarkdown h1 {font-size: 34px !important; padding: 0.1rem 0 0 !important;}
.stMarkdown h2 {font-size: 28px !important; padding: 0.1rem 0 !important;}
.stMarkdown h3 {font-size: 24px !important; padding: 0 !important;}
[data-testid="stAlert"] > div {padding: 0.35rem 0.75rem;}
.stApp {color: #111827;}
@media (min-width: 1600px) and (min-height: 880px) {[data-testid="stMainBlockContainer"] {zoom: 1.25;}}
@media (min-width: 1900px) and (min-height: 1040px) {[data-testid="stMainBlockContainer"] {zoom: 1.5;}}
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
    """One row: where we are, the moves (with their keys), the coach's questions and note, leave."""
    number = STEPS.index(step) + 1
    cols = st.columns([1.3, 1.7, 2.0, 1.5, 1.6, 1.4, 1.5, 0.8], vertical_alignment="center")
    cols[0].markdown(f"**Step {number} of {len(STEPS)}**")
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
    with cols[5].popover("Questions", width="stretch", help="Questions to ask at this step"):
        st.markdown("\n".join(f"- {question}" for question in COACH_QUESTIONS[step.slug]))
    with cols[6].popover("Park a note", width="stretch"):
        group = focus_group()
        note_form(step.code, group.id if group else None, f"p-note-{step.slug}")
    with cols[7]:
        st.page_link(
            f"pages/{step.slug}.py",
            label="Leave",
            query_params={"canvas": session.current().id},
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
    canvas = session.current()
    heading, clock = st.columns([3, 2], vertical_alignment="center")
    heading.markdown(f"# {step_title(step.code, canvas)}")
    with clock:
        session_clock()
    st.markdown(GUIDANCE[step.slug].prompts[0])
    SCREENS[step.slug](canvas, focus_group())
