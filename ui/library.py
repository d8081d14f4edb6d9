"""The canvas library (home page): start a canvas, one row per canvas, the history dialog, upload."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from canvas.core.document import CanvasFileError, as_new_canvas, canvas_from_json
from canvas.core.limits import max_length
from canvas.core.model import Canvas
from canvas.storage import CanvasStore, CanvasSummary, StoredCanvas, StoreUnavailable
from canvas.storage.files import load_sample
from ui import session
from ui.frame import page_path, show_error
from ui.practice import give_button
from ui.text import md
from ui.widgets import limit_help

if TYPE_CHECKING:  # psycopg is imported only when a practice runs
    from canvas.storage.practice import HandOverChoices

MAX_UPLOAD_MB = 5
STARTS = {
    "blank": ("Start blank", "Your own business, from an empty canvas."),
    "bakery": ("Bakery-café example", "A neighbourhood bakery-café, filled in."),
    "it_services": ("IT services example", "A 14-person managed IT firm, filled in."),
}
MORE_EXAMPLES = {
    "nonprofit": "A food charity: donors, sponsors and volunteers (Harbour Food Share)",
    "coaching": "A coach's own practice (Clearpath Coaching)",
}


def start(store: CanvasStore, sample: str, key: str) -> None:
    """A new canvas from a worked example (or blank), opened at the first step; if the store
    can't take it, the reason is shown under the button (`key`)."""
    stored = session.store_write(
        lambda: store.create(as_new_canvas(load_sample(sample)), note="Created"),
        "No new canvas was started",
        key,
    )
    if stored is not None:
        session.adopt(stored)
        st.switch_page(page_path("goal"), query_params={"canvas": stored.canvas.id})
    show_error(key, once=True)


def start_choices(store: CanvasStore) -> None:
    """Blank and the two main examples as cards; the other examples one click further."""
    for column, (sample, (label, note)) in zip(st.columns(3), STARTS.items(), strict=True):
        with column, st.container(border=True):
            st.markdown(f"**{label}**")
            st.caption(note)
            if st.button(label, key=f"start-{sample}", width="stretch", type="primary"):
                start(store, sample, f"start-{sample}")
    with st.expander("More examples"):
        chosen = st.radio(
            "Example", list(MORE_EXAMPLES), format_func=MORE_EXAMPLES.get,
            label_visibility="collapsed",
        )  # fmt: skip
        if st.button("Start from this example", key="start-more"):
            start(store, chosen, "start-more")


def listed_canvases(store: CanvasStore) -> list[CanvasSummary]:
    """The canvases this person may see: all of them on a laptop, this window's when hosted."""
    try:
        canvases = store.list_canvases()
    except StoreUnavailable as exc:
        st.error(md(str(exc)))
        return []
    if session.is_hosted() and not session.is_practice():
        st.caption(
            "Your canvas link is the key to your canvas: bookmark it or keep it somewhere safe. "
            "Only canvases opened in this browser window are listed here."
        )
        canvases = [c for c in canvases if c.id in session.my_canvases()]
    return canvases


def _when(summary: CanvasSummary) -> str:
    return summary.updated_at.strftime("%d %b %Y, %H:%M")


def canvas_row(
    store: CanvasStore, summary: CanvasSummary, choices: HandOverChoices | None = None
) -> None:
    """One canvas: its link, what it holds, its actions (and, in a practice, giving it to a
    client when `choices` allow)."""
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
            give_button(summary, choices)
        with actions:
            row_actions(store, summary)
        show_error(f"copy-{summary.id}", once=True)


def row_actions(store: CanvasStore, summary: CanvasSummary) -> None:
    rename, copy, history, delete = st.columns(4)
    if rename.button("Rename", key=f"rename-{summary.id}", width="stretch"):
        rename_dialog(store, summary)
    if copy.button("Duplicate", key=f"copy-{summary.id}", width="stretch"):
        duplicate(store, summary)
    if history.button("History", key=f"history-{summary.id}", width="stretch"):
        history_dialog(store, summary)
    if delete.button("Delete", key=f"delete-{summary.id}", width="stretch"):
        delete_dialog(store, summary)


def duplicate(store: CanvasStore, summary: CanvasSummary) -> None:
    name = summary.business_name or "Untitled canvas"
    copied = session.store_write(
        lambda: store.duplicate(summary.id), f"'{name}' was not duplicated", f"copy-{summary.id}"
    )
    if copied is not None:
        st.session_state[session.NOTICE] = f"'{name}' was duplicated."
        st.rerun()


def follow(stored: StoredCanvas, base_revision: int) -> None:
    """After a library change to the canvas this session has open, carry on from the stored
    result, if the working copy was that canvas at `base_revision` with nothing unsaved; else
    its next save meets a conflict and the person chooses."""
    if not session.has_canvas() or session.current().id != stored.canvas.id:
        return
    pending = session.UNSAVED in st.session_state or session.CONFLICT in st.session_state
    if not pending and st.session_state.get(session.REVISION) == base_revision:
        session.adopt(stored)


@st.dialog("Rename canvas")
def rename_dialog(store: CanvasStore, summary: CanvasSummary) -> None:
    new_name = st.text_input(
        "Business name",
        value=summary.business_name,
        help=limit_help(max_length(Canvas, "business_name")),
    )
    if st.button("Save name", type="primary"):
        renamed = session.store_write(
            lambda: store.rename(summary.id, new_name.strip(), summary.revision),
            "The name was not changed",
            f"rename-{summary.id}",
            refusals=(ValueError,),  # the store refuses a name the model does not take
        )
        if renamed is not None:
            follow(renamed, summary.revision)
            st.session_state[session.NOTICE] = "Name saved."
            st.rerun()
    show_error(f"rename-{summary.id}", once=True)


@st.dialog("Delete canvas")
def delete_dialog(store: CanvasStore, summary: CanvasSummary) -> None:
    name = summary.business_name or "Untitled canvas"
    st.write(f"Delete '{md(name)}'? People with the link will no longer be able to open it.")
    left, right = st.columns(2)
    if left.button("Yes, delete it", type="primary", width="stretch"):
        delete(store, summary)
    if right.button("Keep it", width="stretch"):
        st.rerun()
    show_error(f"delete-{summary.id}", once=True)


def delete(store: CanvasStore, summary: CanvasSummary) -> None:
    name = summary.business_name or "Untitled canvas"

    def deleted() -> bool:
        store.delete(summary.id)
        return True

    if session.store_write(deleted, f"'{name}' was not deleted", f"delete-{summary.id}"):
        if session.has_canvas() and session.current().id == summary.id:
            st.session_state.pop(session.CANVAS, None)
        st.session_state[session.NOTICE] = f"'{name}' was deleted."
        st.rerun()


@st.dialog("Earlier versions", width="large")
def history_dialog(store: CanvasStore, summary: CanvasSummary) -> None:
    st.write("Every change is kept. Restoring makes an earlier version the current one again.")
    try:
        versions = store.revisions(summary.id)[:30]
    except StoreUnavailable as exc:
        st.error(md(str(exc)))
        return
    for info in versions:
        left, right = st.columns([4, 1])
        left.write(
            f"Version {info.revision} · {info.saved_at.strftime('%d %b %Y, %H:%M:%S')} · {info.note}"
        )
        if info.revision != summary.revision and right.button(
            "Restore", key=f"restore-{summary.id}-{info.revision}"
        ):
            restore(store, summary, info.revision)
    show_error(f"restore-{summary.id}", once=True)


def restore(store: CanvasStore, summary: CanvasSummary, revision: int) -> None:
    stored = session.store_write(
        lambda: store.restore(summary.id, revision, summary.revision),
        f"Version {revision} was not restored",
        f"restore-{summary.id}",
    )
    if stored is not None:
        follow(stored, summary.revision)
        st.session_state[session.NOTICE] = f"Version {revision} is the current one again."
        st.rerun()


def read_canvas_file(name: str, data: bytes) -> Canvas:
    """A canvas from an uploaded JSON or Excel file; CanvasFileError says what is wrong."""
    lowered = name.lower()
    if lowered.endswith(".json"):
        return canvas_from_json(data)
    if lowered.endswith(".xlsx"):
        try:
            from canvas.outputs.excel import import_workbook
        except ImportError:
            raise CanvasFileError("Excel files cannot be opened by this version yet.") from None
        return import_workbook(data)
    raise CanvasFileError(
        "Choose a canvas file saved by this app: a .json file or an .xlsx workbook."
    )


def upload_canvas(store: CanvasStore) -> None:
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
        stored = session.store_write(
            lambda: store.create(as_new_canvas(canvas), note=f"Opened from {upload.name}"[:120]),
            "The file was not opened as a new canvas",
            "upload",
        )
        if stored is not None:
            session.adopt(stored)
            st.switch_page(page_path("goal"), query_params={"canvas": stored.canvas.id})
    show_error("upload", once=True)
