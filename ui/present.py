"""Presenter view: one step at a time in large type, for a coach and client at one screen."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from canvas.core import coach
from canvas.core.editing import intent_blocked_reason, set_intents, with_changes, with_group_changes
from canvas.core.labels import INTENTS, QUADRANTS, TIERS, group_label, money, wording
from canvas.core.limits import max_length
from canvas.core.model import Canvas, CustomerGroup, IntentType
from canvas.core.progress import STEP_BY_SLUG, STEPS, Step
from canvas.core.strategy import one_page, result_text
from ui import session
from ui.charts import show_chart
from ui.coaching import note_form, session_clock
from ui.groups import proposition_inputs, score_picker
from ui.guidance import COACH_QUESTIONS, GUIDANCE
from ui.text import md
from ui.widgets import field_input

CHART_TEXT = 1.6  # chart text at about 19 px instead of 12, to match the 24 px body text

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
    wanted = st.session_state.get("_focus")
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
    st.session_state["_focus"] = target
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


def group_heading(group: CustomerGroup) -> None:
    canvas = session.current()
    position = [g.id for g in canvas.groups].index(group.id) + 1
    st.markdown(f"## {md(group_label(group.name))}  ·  group {position} of {len(canvas.groups)}")


def show_goal(group: CustomerGroup | None) -> None:
    canvas = session.current()
    field_input(
        st.text_area,
        "Business goal",
        "p-goal",
        canvas.business_goal,
        lambda c, v: with_changes(c, business_goal=v),
        max_chars=max_length(Canvas, "business_goal"),
        height=120,
    )
    field_input(
        st.text_area,
        "What you stand for",
        "p-why",
        canvas.why_statement,
        lambda c, v: with_changes(c, why_statement=v),
        max_chars=max_length(Canvas, "why_statement"),
        height=120,
    )


def show_groups(group: CustomerGroup | None) -> None:
    if group is None:
        st.markdown("No customer groups yet. Leave presenter view to add them in the table.")
        return
    group_heading(group)
    field_input(
        st.text_input,
        "Name",
        f"p-name-{group.id}",
        group.name,
        lambda c, v: with_group_changes(c, group.id, name=v),
        max_chars=max_length(CustomerGroup, "name"),
    )
    field_input(
        st.text_area,
        "How they buy, spend and recommend",
        f"p-beh-{group.id}",
        group.behaviour,
        lambda c, v: with_group_changes(c, group.id, behaviour=v),
        max_chars=max_length(CustomerGroup, "behaviour"),
    )
    show_chart("portfolio_mix", text_scale=CHART_TEXT)


def show_vtc(group: CustomerGroup | None) -> None:
    if group is None:
        return
    group_heading(group)
    left, right = st.columns(2)
    with left:
        st.markdown("**Jobs**\n" + "\n".join(f"- {md(j.text)}" for j in group.jobs) or "-")
        st.markdown("**Pains**\n" + "\n".join(f"- {md(p.text)}" for p in group.pains))
        st.markdown("**Gains**\n" + "\n".join(f"- {md(g.text)}" for g in group.gains))
    with right:
        score_picker(group, "value_to_customer_score", "Value to the customer", "p-")
        show_chart("value_to_customer", text_scale=CHART_TEXT)


def show_vtb(group: CustomerGroup | None) -> None:
    if group is None:
        return
    canvas = session.current()
    metrics, placements, _ = session.analysis()
    group_heading(group)
    gm = metrics.of(group)
    words = wording(canvas)
    cols = st.columns(3)
    cols[0].metric(
        f"{words.margin.capitalize()} per {words.customer} a year",
        money(gm.margin_per_customer, canvas.currency),
    )
    cols[1].metric("Lifetime value", money(gm.clv, canvas.currency))
    cols[2].metric("Recommendation", "—" if gm.nps is None else f"{gm.nps.score:+.0f}")
    numbers = st.columns(2)
    with numbers[0]:
        field_input(
            st.number_input,
            "Retention %",
            f"p-ret-{group.id}",
            float(group.retention_pct),
            lambda c, v: with_group_changes(c, group.id, retention_pct=v),
            min_value=0.0,
            max_value=99.0,
            step=1.0,
        )
    with numbers[1]:
        field_input(
            st.number_input,
            f"{words.margin.capitalize()} %",
            f"p-margin-{group.id}",
            float(group.contribution_margin_pct),
            lambda c, v: with_group_changes(c, group.id, contribution_margin_pct=v),
            min_value=-100.0,
            max_value=100.0,
            step=1.0,
        )
    score_picker(group, "value_to_business_score", "Value to the business", "p-")
    st.caption(f"The numbers suggest {placements[group.id].vtb_suggested:g} of 5.")
    show_chart("clv", text_scale=CHART_TEXT)


def show_map(group: CustomerGroup | None) -> None:
    _, placements, _ = session.analysis()
    if group is not None:
        pl = placements[group.id]
        where = QUADRANTS.get(pl.quadrant or "", "not on the map yet")
        st.markdown(f"**{md(group_label(group.name))}**: {where} · {TIERS[pl.tier]}")
    show_chart("value_map", text_scale=CHART_TEXT)


def show_intent(group: CustomerGroup | None) -> None:
    if group is None:
        return
    canvas = session.current()
    group_heading(group)
    cols = st.columns(4)
    for column, option in zip(cols, IntentType, strict=True):
        chosen = [i.type.value for i in group.intents]
        key = session.widget_key(f"p-intent-{group.id}-{option.value}")

        def toggle(option: IntentType = option, key: str = key, chosen: list[str] = chosen) -> None:
            new = (
                [*chosen, option.value]
                if st.session_state[key]
                else [t for t in chosen if t != option.value]
            )
            session.apply(lambda c: set_intents(c, group.id, new), key)

        reason = intent_blocked_reason(group, option)
        column.checkbox(
            INTENTS[option],
            value=option.value in chosen,
            key=key,
            on_change=toggle,
            disabled=reason is not None,
            help=reason,
        )
    results = [result_text(r, canvas.currency) for i in group.intents for r in i.expected_results]
    if results:
        st.markdown("**Expected results**\n" + "\n".join(f"- {md(r)}" for r in results))
    show_chart("target_mix", text_scale=CHART_TEXT)


def show_propositions(group: CustomerGroup | None) -> None:
    if group is None:
        return
    group_heading(group)
    proposition_inputs(group, "Why", "What we offer", "p-")


def show_hangouts(group: CustomerGroup | None) -> None:
    canvas = session.current()
    if group is not None:
        group_heading(group)
        places = canvas.hangouts_for(group.id)
        st.markdown("\n".join(f"- {md(h.name)}" for h in places) or "No places yet.")
    show_chart("hangouts", text_scale=CHART_TEXT)


def show_summary(group: CustomerGroup | None) -> None:
    page = one_page(session.current())
    if page.goal:
        st.markdown(f"**Goal:** {md(page.goal)}")
    if page.groups:
        st.table(pd.DataFrame(dict(page.rows), index=page.groups).T)


SHOW: dict[str, Callable[[CustomerGroup | None], None]] = {
    "goal": show_goal,
    "groups": show_groups,
    "value-to-customer": show_vtc,
    "value-to-business": show_vtb,
    "value-map": show_map,
    "intent": show_intent,
    "propositions": show_propositions,
    "hangouts": show_hangouts,
    "summary": show_summary,
}


def presenter(step: Step) -> None:
    top_bar(step)
    session_clock()
    st.markdown(f"# {step.title}")
    guide = GUIDANCE[step.slug]
    st.markdown(guide.prompts[0])
    SHOW[step.slug](focus_group())
    left, right = st.columns(2)
    with left, st.expander("Questions to ask"):
        for question in COACH_QUESTIONS[step.slug]:
            st.markdown(f"- {question}")
    with right, st.expander("Park a note"):
        group = focus_group()
        note_form(step.code, group.id if group else None, f"p-note-{step.slug}")
