"""Pieces of the canvas library page: one row per canvas, the history dialog, file upload."""

from __future__ import annotations

import streamlit as st

from canvas.io import CanvasFileError, as_new_canvas, canvas_from_json
from canvas.model import Canvas
from canvas.store import CanvasSummary, ConflictError, SqliteStore, StoreUnavailable
from ui import session
from ui.frame import page_path
from ui.text import md

MAX_UPLOAD_MB = 5


def _when(summary: CanvasSummary) -> str:
    return summary.updated_at.strftime("%d %b %Y, %H:%M")


def canvas_row(store: SqliteStore, summary: CanvasSummary) -> None:
    name = summary.business_name or "Untitled canvas"
    with st.container(border=True):
        info, actions = st.columns([3, 2])
        with info:
            st.page_link(
                page_path("goal"),
                label=f"**{md(name)}**",
                icon=":material/description:",
                query_params={"canvas": summary.id},
            )
            st.caption(
                f"{summary.groups} customer groups · saved {_when(summary)} · "
                f"version {summary.revision}"
            )
        with actions:
            rename, copy, history, delete = st.columns(4)
            if rename.button("Rename", key=f"rename-{summary.id}", width="stretch"):
                rename_dialog(store, summary)
            if copy.button("Duplicate", key=f"copy-{summary.id}", width="stretch"):
                store.duplicate(summary.id)
                st.session_state[session.NOTICE] = f"'{name}' was duplicated."
                st.rerun()
            if history.button("History", key=f"history-{summary.id}", width="stretch"):
                history_dialog(store, summary)
            if delete.button("Delete", key=f"delete-{summary.id}", width="stretch"):
                delete_dialog(store, summary)


@st.dialog("Rename canvas")
def rename_dialog(store: SqliteStore, summary: CanvasSummary) -> None:
    new_name = st.text_input("Business name", value=summary.business_name, max_chars=80)
    if st.button("Save name", type="primary"):
        try:
            store.rename(summary.id, new_name.strip(), summary.revision)
        except ConflictError:
            st.error("Someone changed this canvas a moment ago. Close this and try again.")
            return
        except StoreUnavailable as exc:
            st.error(md(str(exc)))
            return
        st.session_state[session.NOTICE] = "Name saved."
        st.rerun()


@st.dialog("Delete canvas")
def delete_dialog(store: SqliteStore, summary: CanvasSummary) -> None:
    name = summary.business_name or "Untitled canvas"
    st.write(f"Delete '{md(name)}'? People with the link will no longer be able to open it.")
    left, right = st.columns(2)
    if left.button("Yes, delete it", type="primary", width="stretch"):
        store.delete(summary.id)
        if session.has_canvas() and session.current().id == summary.id:
            st.session_state.pop(session.CANVAS, None)
        st.session_state[session.NOTICE] = f"'{name}' was deleted."
        st.rerun()
    if right.button("Keep it", width="stretch"):
        st.rerun()


@st.dialog("Earlier versions", width="large")
def history_dialog(store: SqliteStore, summary: CanvasSummary) -> None:
    st.write("Every change is kept. Restoring makes an earlier version the current one again.")
    for info in store.revisions(summary.id)[:30]:
        left, right = st.columns([4, 1])
        left.write(
            f"Version {info.revision} · {info.saved_at.strftime('%d %b %Y, %H:%M:%S')} · {info.note}"
        )
        if info.revision != summary.revision and right.button(
            "Restore", key=f"restore-{summary.id}-{info.revision}"
        ):
            stored = store.restore(summary.id, info.revision, summary.revision)
            if session.has_canvas() and session.current().id == summary.id:
                session.adopt(stored)
            st.session_state[session.NOTICE] = f"Version {info.revision} is the current one again."
            st.rerun()


def read_canvas_file(name: str, data: bytes) -> Canvas:
    """A canvas from an uploaded JSON or Excel file; CanvasFileError says what is wrong."""
    lowered = name.lower()
    if lowered.endswith(".json"):
        return canvas_from_json(data)
    if lowered.endswith(".xlsx"):
        try:
            from canvas.excel import import_workbook
        except ImportError:
            raise CanvasFileError("Excel files cannot be opened by this version yet.") from None
        return import_workbook(data)
    raise CanvasFileError(
        "Choose a canvas file saved by this app: a .json file or an .xlsx workbook."
    )


def upload_canvas(store: SqliteStore) -> None:
    st.caption(
        "The file becomes a new canvas; nothing you already have is changed. "
        f"Files up to {MAX_UPLOAD_MB} MB."
    )
    upload = st.file_uploader(
        "Canvas file", type=["json", "xlsx"], key="upload", max_upload_size=MAX_UPLOAD_MB
    )
    if upload is None:
        return
    if st.button("Open as a new canvas", type="primary"):
        try:
            canvas = read_canvas_file(upload.name, upload.getvalue())
        except CanvasFileError as exc:
            st.error(md(str(exc)))
            return
        try:
            stored = store.create(as_new_canvas(canvas), note=f"Opened from {upload.name}"[:120])
        except StoreUnavailable as exc:
            st.error(md(str(exc)))
            return
        session.adopt(stored)
        st.switch_page(page_path("goal"), query_params={"canvas": stored.canvas.id})
