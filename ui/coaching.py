"""Coach mode pieces: the session timer, quick notes, and the session controls in the sidebar."""

from __future__ import annotations

import streamlit as st

from canvas.core import coach
from canvas.core.limits import max_length
from canvas.core.model import SessionNote
from canvas.core.progress import STEP_BY_SLUG, STEPS
from ui import session
from ui.text import md

PRESENT_PAGE = "pages/present.py"


@st.fragment(run_every=1)
def session_clock() -> None:
    """A countdown for the current step. Reruns on its own every second without touching edits."""
    running = session.current().coach_session
    if running is None:
        return
    clock = coach.clock(running)
    step = next(s for s in STEPS if s.code == running.step)
    spent = clock.session_elapsed_seconds // 60
    text = f"{step.title}: {coach.clock_text(clock)} · session {spent} of {clock.session_budget_seconds // 60} min"
    if running.ended_at is not None:
        st.caption(f"Session ended after {spent} minutes.")
    elif clock.overrun:
        st.warning(f"{text}. Time to wrap up this step, or move on.")
    else:
        st.info(text)


def note_form(step_code: str | None, group_id: str | None, key: str) -> None:
    """Capture an idea to park, a decision, or a number to check, linked to this step and group."""
    with st.form(key, clear_on_submit=True, border=False):
        text = st.text_input(
            "Quick note",
            max_chars=max_length(SessionNote, "text"),
            placeholder="Park an idea, note a decision…",
        )
        kind = st.radio(
            "Kind",
            list(coach.NOTE_KINDS),
            format_func=coach.NOTE_KINDS.get,
            horizontal=True,
            label_visibility="collapsed",
        )
        if st.form_submit_button("Add note") and text.strip():
            session.apply(lambda c: coach.add_note(c, text.strip(), kind, step_code, group_id), key)
            st.toast("Note added")


def sidebar_controls(slug: str) -> None:
    """Session controls under the stepper: start, present, end, agenda."""
    canvas = session.current()
    running = canvas.coach_session
    step = STEP_BY_SLUG[slug]
    with st.sidebar:
        st.divider()
        st.markdown("**Coach session**")
        if running is None or running.ended_at is not None:
            if st.button(
                "Start a coached session",
                width="stretch",
                help="Keeps a snapshot for the recap and starts the timer.",
            ):
                session.apply(coach.start_session, "coach")
                st.switch_page(PRESENT_PAGE, query_params={"canvas": canvas.id})
        else:
            session_clock()
            if st.button("Present this step", width="stretch", type="primary"):
                session.apply(lambda c: coach.go_to_step(c, step.code), "coach")
                st.switch_page(PRESENT_PAGE, query_params={"canvas": canvas.id})
            if st.button("End session and see the recap", width="stretch"):
                session.apply(coach.end_session, "coach")
                st.switch_page("pages/summary.py", query_params={"canvas": canvas.id})
            with st.expander("Agenda (minutes per step)"):
                minutes = coach.default_minutes() | running.minutes
                for s in STEPS:
                    key = session.widget_key(f"minutes-{s.code}")

                    def change(code: str = s.code, key: str = key) -> None:
                        session.apply(
                            lambda c: coach.set_minutes(c, code, st.session_state[key]), key
                        )

                    st.number_input(s.title, 1, 120, minutes[s.code], key=key, on_change=change)
        with st.popover("Park a note", width="stretch"):
            note_form(step.code, None, f"note-{slug}")


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def show_recap(recap: coach.Recap) -> None:
    """What changed since the session started, in one view."""
    if not recap.anything:
        st.caption("Nothing has changed since the session started.")
        return
    lines = []
    if recap.goal_changed:
        lines.append("The business goal was rewritten.")
    if recap.groups_added:
        lines.append("Groups added: " + ", ".join(recap.groups_added) + ".")
    if recap.groups_removed:
        lines.append("Groups removed: " + ", ".join(recap.groups_removed) + ".")
    lines += [
        f"{name}: {label.lower()} {_score(a)} → {_score(b)}." for name, label, a, b in recap.scores
    ]
    lines += [f"{name}: intent {a} → {b}." for name, a, b in recap.intents]
    lines += [f"{name}: target share {_share(a)} → {_share(b)}." for name, a, b in recap.target_mix]
    if recap.notes:
        lines.append(f"{recap.notes} note{'s' if recap.notes != 1 else ''} captured.")
    st.markdown("\n".join(f"- {md(line)}" for line in lines))
