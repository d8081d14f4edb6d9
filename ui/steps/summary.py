"""Step 9: the one-page strategy, the open points, session notes, first moves and downloads."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from canvas.core import coach
from canvas.core.checks import Severity
from canvas.core.document import canvas_to_json
from canvas.core.labels import money, wording
from canvas.core.model import Canvas, CustomerGroup
from canvas.core.progress import STEPS, step_title
from canvas.core.strategy import OnePage, one_page
from canvas.outputs.excel import export_workbook
from canvas.outputs.onepager import one_page_pdf, one_page_png
from ui import session
from ui.cards import group_cards
from ui.charts import show_chart
from ui.coaching import show_recap
from ui.frame import canvas_link
from ui.glossary import STRATEGY_TERMS, explained
from ui.groups import group_heading
from ui.text import md
from ui.widgets import canvas_field

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def at_a_glance(canvas: Canvas, page: OnePage) -> None:
    """A card per group with the few lines to read first: the whole strategy in one screen."""
    for index, _ in enumerate(group_cards(canvas)):
        intents, *rest = page.glance[index]
        st.markdown(f"**{md(intents)}**  \n" + "  \n".join(md(line) for line in rest))


def strategy_card(page: OnePage, index: int) -> None:
    """Every row of the strategy for one group, in three columns (one under another on a phone)."""
    rows = [(heading, cells[index]) for heading, cells in page.rows]
    per_column = -(-len(rows) // 3)
    parts = [rows[i : i + per_column] for i in range(0, len(rows), per_column)]
    for column, part in zip(st.columns(3), parts, strict=False):
        with column:
            for heading, cell in part:
                lines = "  \n".join(md(line) for line in cell.splitlines()) or "—"
                st.markdown(f"**{md(heading)}**  \n{lines}")


def group_by_group(canvas: Canvas) -> None:
    """The whole strategy, a card per group: the detail behind the glance."""
    page = session.for_this_version("one page", one_page)
    for index, _ in enumerate(group_cards(canvas, per_row=1, key="detail")):
        strategy_card(page, index)


def strategy(canvas: Canvas) -> None:
    page = session.for_this_version("one page", one_page)
    st.markdown(f"### {md(page.title)}")
    if page.goal:
        st.markdown(f"**Goal:** {md(page.goal)}")
    if page.why:
        st.markdown(f"**What we stand for:** {md(page.why)}")
    if not page.groups:
        return
    at_a_glance(canvas, page)
    explained(canvas, STRATEGY_TERMS)
    metrics, _, _ = session.analysis()
    portfolio, words = metrics.portfolio, wording(canvas)
    if portfolio.mix_margin_target is not None and portfolio.mix_effect_pct is not None:
        st.metric(
            f"Average {words.margin} per {words.customer} a year at the target mix",
            money(portfolio.mix_margin_target, canvas.currency),
            delta=f"{portfolio.mix_effect_pct:+.1f}% from {money(portfolio.mix_margin_now, canvas.currency)} today",
        )
    show_chart("value_map")
    show_chart("target_mix")


def open_points() -> None:
    """The expert checks' findings, step by step, each with a link to its step."""
    _, _, findings = session.analysis()
    if not findings:
        st.success("Nothing to check: every expert check passes.")
    for step in STEPS:
        step_findings = [f for f in findings if f.step == step.code]
        if not step_findings:
            continue
        with st.expander(
            f"{step_title(step.code, session.current())} ({len(step_findings)})",
            expanded=any(f.severity == Severity.error for f in step_findings),
        ):
            for finding in step_findings:
                st.markdown(f"- **{finding.severity.words}:** {md(finding.message)}")
            title = step_title(step.code, session.current()).lower()
            canvas_link(step.slug, f"Go to {title} →")


def session_notes(canvas: Canvas) -> None:
    if canvas.session_notes:
        st.subheader("Session notes")
    for note in canvas.session_notes:
        place = coach.note_place(canvas, note)
        st.markdown(
            f"- **{coach.NOTE_KINDS[note.kind]}:** {md(note.text)}"
            + (f"  \n  _{md(place)}_" if place else "")
        )
    if canvas.coach_session is not None:
        st.subheader("Session recap")
        show_recap(coach.session_recap(canvas))
        if canvas.coach_session.ended_at is not None:
            st.button(
                "Close the session", on_click=lambda: session.apply(coach.close_session, "coach")
            )


def first_moves(canvas: Canvas) -> None:
    canvas_field(
        st.text_area,
        "The first things you will do (tactics come after the strategy)",
        canvas,
        "first_moves",
    )


@dataclass(frozen=True)
class Download:
    label: str
    build: Callable[[], bytes | str]
    file_name: str
    mime: str
    tip: str | None = None
    primary: bool = False


def _downloads(canvas: Canvas) -> list[Download]:
    """The files are built only when a button is clicked, outside this script run, so they use
    `canvas` as it is now: session state is not available then."""
    name = (canvas.business_name or "canvas").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "canvas"
    return [
        Download("Workbook (Excel)", lambda: export_workbook(canvas), f"{slug}.xlsx", XLSX, primary=True),
        Download(
            "Workbook to share outside (Excel)",
            lambda: export_workbook(canvas, customer_safe=True),
            f"{slug}-to-share.xlsx",
            XLSX,
            "Leaves out internal labels: group nicknames, value tiers, quadrants and notes.",
        ),
        Download("Canvas file (JSON)", lambda: canvas_to_json(canvas), f"{slug}.json", "application/json"),
        Download("One-page picture (PNG)", lambda: one_page_png(canvas), f"{slug}-one-page.png", "image/png"),
        Download("One-page picture (PDF)", lambda: one_page_pdf(canvas), f"{slug}-one-page.pdf", "application/pdf"),
    ]  # fmt: skip


def downloads(canvas: Canvas) -> None:
    for column, item in zip(st.columns(3) * 2, _downloads(canvas), strict=False):
        column.download_button(
            item.label, data=item.build, file_name=item.file_name, mime=item.mime,
            on_click="ignore", width="stretch", help=item.tip,
            type="primary" if item.primary else "secondary",
        )  # fmt: skip
    st.caption("Or print this page: it is laid out for landscape paper.")


def present(canvas: Canvas, group: CustomerGroup | None) -> None:
    """The goal, then the strategy of the group in focus as a card: a group at a time, so the
    whole of it reads from across the room without scrolling."""
    page = session.for_this_version("one page", one_page)
    if page.goal:
        st.markdown(f"**Goal:** {md(page.goal)}")
    if group is None:
        st.markdown(f"No {wording(canvas).customer} groups yet.")
        return
    group_heading(canvas, group)
    strategy_card(page, [g.id for g in canvas.groups].index(group.id))
