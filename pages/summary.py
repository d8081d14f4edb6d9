"""Step 9: the one-page strategy, the open points, and downloads."""

import re

import pandas as pd
import streamlit as st

from canvas.core import coach
from canvas.core.checks import Severity
from canvas.core.document import canvas_to_json
from canvas.core.editing import with_changes
from canvas.core.labels import money, wording
from canvas.core.limits import max_length
from canvas.core.model import Canvas
from canvas.core.progress import STEPS
from canvas.core.strategy import one_page
from canvas.outputs.excel import export_workbook
from canvas.outputs.onepager import one_page_pdf, one_page_png
from ui import session
from ui.charts import show_chart
from ui.coaching import show_recap
from ui.frame import canvas_link, frame, step_footer
from ui.text import md
from ui.widgets import field_input

canvas = frame("summary")
words = wording(canvas)
metrics, placements, findings = session.analysis()
page = one_page(canvas)

st.markdown(f"### {md(page.title)}")
if page.goal:
    st.markdown(f"**Goal:** {md(page.goal)}")
if page.why:
    st.markdown(f"**What we stand for:** {md(page.why)}")
if page.groups:
    # st.table shows each cell as one paragraph, so the lines of a cell are joined with " · "
    table = pd.DataFrame(
        {heading: [c.replace("\n", " · ") for c in cells] for heading, cells in page.rows},
        index=page.groups,
    ).T
    st.table(table)
    portfolio = metrics.portfolio
    if portfolio.mix_margin_target is not None and portfolio.mix_effect_pct is not None:
        st.metric(
            f"Average {words.margin} per {words.customer} a year at the target mix",
            money(portfolio.mix_margin_target, canvas.currency, 1),
            delta=f"{portfolio.mix_effect_pct:+.1f}% from {money(portfolio.mix_margin_now, canvas.currency, 1)} today",
        )
    show_chart("value_map")
    show_chart("target_mix")
else:
    st.info("Add customer groups to see your one-page strategy.")

st.subheader("Open points")
if not findings:
    st.success("Nothing to check: every expert check passes.")
names = {g.id: g.name for g in canvas.groups}
for step in STEPS:
    step_findings = [f for f in findings if f.step == step.code]
    if not step_findings:
        continue
    with st.expander(
        f"{step.title} ({len(step_findings)})",
        expanded=any(f.severity == Severity.error for f in step_findings),
    ):
        for finding in step_findings:
            st.markdown(f"- **{finding.severity.words}:** {md(finding.message)}")
        canvas_link(step.slug, f"Go to {step.title.lower()} →")

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
    recap = coach.session_recap(canvas)
    show_recap(recap)
    if canvas.coach_session.ended_at is not None:
        st.button("Close the session", on_click=lambda: session.apply(coach.close_session, "coach"))

st.subheader("First moves")
field_input(
    st.text_area,
    "The first things you will do (tactics come after the strategy)",
    "first_moves",
    canvas.first_moves,
    lambda c, v: with_changes(c, first_moves=v),
    max_chars=max_length(Canvas, "first_moves"),
)

st.subheader("Download")
slug = re.sub(r"[^a-z0-9]+", "-", (canvas.business_name or "canvas").lower()).strip("-") or "canvas"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The files are built only when a button is clicked, outside this script run: they use `canvas`,
# captured here, because session state is not available then.
DOWNLOADS = [
    ("Workbook (Excel)", lambda: export_workbook(canvas), f"{slug}.xlsx", XLSX, None),
    (
        "Workbook to share outside (Excel)",
        lambda: export_workbook(canvas, customer_safe=True),
        f"{slug}-to-share.xlsx",
        XLSX,
        "Leaves out internal labels: group nicknames, value tiers, quadrants and notes.",
    ),
    (
        "Canvas file (JSON)",
        lambda: canvas_to_json(canvas),
        f"{slug}.json",
        "application/json",
        None,
    ),
    (
        "One-page picture (PNG)",
        lambda: one_page_png(canvas),
        f"{slug}-one-page.png",
        "image/png",
        None,
    ),
    (
        "One-page picture (PDF)",
        lambda: one_page_pdf(canvas),
        f"{slug}-one-page.pdf",
        "application/pdf",
        None,
    ),
]
for column, (label, build, file_name, mime, tip) in zip(st.columns(3) * 2, DOWNLOADS, strict=False):
    column.download_button(
        label, data=build, file_name=file_name, mime=mime, on_click="ignore", width="stretch",
        type="primary" if file_name.endswith(".xlsx") and tip is None else "secondary", help=tip,
    )  # fmt: skip
st.caption("Or print this page: it is laid out for landscape paper.")

step_footer("summary")
