"""The canvas of this browser session: loaded from the store, edited through the model, saved at once.

Data flows one way: widget -> callback -> `apply` (model validates) -> store -> rerun renders from
the model. The canvas id lives in the URL (`?canvas=<id>`), so a reload or a shared link opens the
same canvas on the same step.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st

from canvas.core.checks import Finding, run_checks
from canvas.core.classify import Placement, place
from canvas.core.document import CanvasFileError, as_new_canvas
from canvas.core.editing import EditError
from canvas.core.metrics import CanvasMetrics, compute
from canvas.core.model import Canvas
from canvas.storage import (
    CanvasNotFound,
    CanvasStore,
    ConflictError,
    StoredCanvas,
    StoreUnavailable,
    is_database_url,
    open_store,
)
from canvas.storage.access import Caller
from canvas.storage.errors import REASONS

CANVAS = "_canvas"  # the working copy (never a widget key)
FOCUS_GROUP = "_focus"  # id of the group in focus, kept across steps (never a widget key)
REVISION = "_revision"  # the store revision the working copy is based on
EPOCH = "_epoch"  # bumped when the canvas is replaced from outside, to refresh widgets
UNSAVED = "_unsaved"  # plain-words reason the last change is not in the store yet
CONFLICT = "_conflict"  # a newer version someone else saved
ERRORS = "_errors"  # widget key -> message for a refused edit
NOTICE = "_notice"  # a one-off message for the next run
CONFLICT_KEY = "conflict"  # error key of the conflict banner's choices
OWNERS_ENV = "CANVAS_OWNERS"  # in a practice: the owners' emails, comma-separated
MEMBER = "_member"  # in a practice: the signed-in person (a Caller), checked every run
NOBODY = Caller("", "client")  # in a practice, before anyone signed in: sees nothing
MINE = "_mine"  # ids of canvases opened in this browser session (hosted library)
FIGURES = "_figures"  # (working copy, {name: what was made of it}): once per canvas version


@st.cache_resource(show_spinner=False)
def get_store() -> CanvasStore:
    """The canvas store. If the usual one cannot be opened, a temporary one keeps the app usable,
    and `recovery_note` says so (work there is lost when the app stops unless downloaded)."""
    try:
        store = open_store()
    except StoreUnavailable as exc:
        store = open_store(Path(tempfile.mkdtemp(prefix="canvas-")) / "canvas.db")
        store.recovery_note = (
            f"{exc} Until then, canvases are kept in a temporary store that is lost when the "
            "app stops: download your canvas (on the summary step) to keep it."
        )
    with contextlib.suppress(StoreUnavailable):  # a read-only store still opens
        if is_practice():  # its canvases all belong to someone: no shared samples
            from canvas.storage.practice import add_owners  # psycopg only in a practice

            add_owners(store, os.environ.get(OWNERS_ENV, "").split(","))  # type: ignore[arg-type]
        else:
            store.ensure_samples()
    return store


def canvas_store() -> CanvasStore:
    """The store as this person may use it: on a laptop the whole store; in a practice a view
    that finds only the canvases the signed-in person may open (`ui.practice.gate` sets who)."""
    store = get_store()
    if not is_practice():
        return store
    member = st.session_state.get(MEMBER) or NOBODY
    return store.for_caller(member)  # type: ignore[attr-defined]


def canvas_id_in_url() -> str | None:
    value = st.query_params.get("canvas")
    return value if isinstance(value, str) and value else None


def current() -> Canvas:
    return st.session_state[CANVAS]


def has_canvas() -> bool:
    return CANVAS in st.session_state


def is_hosted() -> bool:
    """Hosted for many people (CANVAS_HOSTED=1): the library lists only this browser session's
    canvases, since canvas ids are the only key. Locally, one owner sees every canvas."""
    return os.environ.get("CANVAS_HOSTED") == "1"


def is_practice() -> bool:
    """Hosted for a coaching practice: CANVAS_HOSTED=1 with a PostgreSQL store. People sign in
    (st.login) and see only what their role lets them (canvas/storage/access.py)."""
    return is_hosted() and is_database_url(os.environ.get("CANVAS_STORE"))


def my_canvases() -> set[str]:
    return st.session_state.setdefault(MINE, set())


def adopt(stored: StoredCanvas) -> None:
    """Make a stored canvas the working copy of this session."""
    my_canvases().add(stored.canvas.id)
    st.session_state[CANVAS] = stored.canvas
    st.session_state[REVISION] = stored.revision
    st.session_state[EPOCH] = st.session_state.get(EPOCH, first_epoch()) + 1
    for key in (UNSAVED, CONFLICT, ERRORS):
        st.session_state.pop(key, None)


def first_epoch() -> int:
    """Where this session's widget keys start. A page whose server died reconnects as a new
    session (to another server in a practice, to the laptop's server started again) and hands it
    the values in its fields; with the same keys they would show there without having been
    saved. Starting each session's keys somewhere new makes the fields show the saved canvas
    instead, and `practice.arrived_with_lost_action` says the last change was lost."""
    return secrets.randbelow(1 << 30)


class CanvasUnreadable(Exception):
    """The canvas exists but cannot be read now; the message says why in plain words."""


def open_from_url() -> bool:
    """Load the canvas named in the URL, unless it is already the working copy. False if unknown.
    Raises CanvasUnreadable when the store can't be read or the canvas's latest version is damaged."""
    canvas_id = canvas_id_in_url()
    if canvas_id is None:
        return False
    if has_canvas() and current().id == canvas_id:
        return True
    try:
        stored = canvas_store().load(canvas_id)
    except (StoreUnavailable, CanvasFileError) as exc:
        raise CanvasUnreadable(str(exc)) from None
    if stored is None:
        st.session_state.pop(CANVAS, None)
        return False
    adopt(stored)
    return True


# What a store write can raise (canvas/storage/): each message is for people and holds no id.
STORE_ERRORS: tuple[type[Exception], ...] = (
    StoreUnavailable,
    ConflictError,
    CanvasNotFound,
    CanvasFileError,
)
T = TypeVar("T")


def plain_failure(exc: Exception, what: str) -> str:
    """`what` did not happen, why, and what the person can do, in plain words: never a
    traceback, never a canvas id (ids are bearer secrets)."""
    if isinstance(exc, StoreUnavailable):
        if exc.kind not in REASONS:
            return f"{what}. {exc}"
        reason, advice = REASONS[exc.kind]
        return f"{what}: {reason}. {advice}"
    if isinstance(exc, ConflictError):  # its own message names a revision: not for a busy owner
        return (
            f"{what}: someone else saved this canvas a moment ago, and their version is kept. "
            "Reload the page to see it, then try again."
        )
    return f"{what}. {exc}"  # CanvasNotFound, CanvasFileError, a refused value: plain already


def store_write(
    write: Callable[[], T],
    what: str,
    key: str,
    refusals: tuple[type[Exception], ...] = (),
) -> T | None:
    """Every store write from the UI but the working copy's own saves (`save`) goes through here.

    Runs `write`; on a store error (or one of `refusals`, such as rename's ValueError) keeps
    "`what`, and why" for `key` (shown where the person acted, by `frame.show_error(key,
    once=True)`) and returns None. The working copy is never touched here."""
    try:
        done = write()
    except (*STORE_ERRORS, *refusals) as exc:
        set_error(key, plain_failure(exc, what))
        return None
    set_error(key, None)
    return done


def take_error(key: str) -> str | None:
    """The message kept for `key`, once: a failed store action is told once, where it happened."""
    return st.session_state.get(ERRORS, {}).pop(key, None)


def widget_key(name: str) -> str:
    """A widget key tied to the canvas and its epoch, so replaced canvases redraw their widgets."""
    return f"{name}@{current().id}:{st.session_state.get(EPOCH, 0)}"


def save(canvas: Canvas, note: str = "Edited") -> None:
    """Make `canvas` the working copy and save it. A conflict waits for the person's choice
    (CONFLICT); any other store error leaves it in memory and says why (UNSAVED banner)."""
    st.session_state[CANVAS] = canvas
    if CONFLICT in st.session_state:
        return  # the person decides first; their edits stay in memory
    try:
        stored = canvas_store().save(canvas, base_revision=st.session_state[REVISION], note=note)
    except ConflictError as exc:
        st.session_state[CONFLICT] = exc.latest
    except STORE_ERRORS as exc:
        st.session_state[UNSAVED] = plain_failure(exc, "Your changes could not be saved")
    else:
        st.session_state[CANVAS] = stored.canvas
        st.session_state[REVISION] = stored.revision
        st.session_state.pop(UNSAVED, None)


def retry_unsaved() -> None:
    if UNSAVED in st.session_state and CONFLICT not in st.session_state:
        save(current())


def apply(change: Callable[[Canvas], Canvas], key: str | None = None) -> bool:
    """Run a model change; on success save it, else keep the canvas as it was and say why."""
    try:
        changed = change(current())
    except EditError as exc:
        set_error(key or "_", " ".join(exc.problems))
        return False
    set_error(key or "_", None)
    save(changed)
    return True


def set_error(key: str, message: str | None) -> None:
    """Show `message` next to the widget `key` (None clears it)."""
    errors: dict[str, str] = st.session_state.setdefault(ERRORS, {})
    if message:
        errors[key] = message
    else:
        errors.pop(key, None)


def error_for(key: str) -> str | None:
    return st.session_state.get(ERRORS, {}).get(key)


def keep_mine_as_copy() -> None:
    """Conflict: take the other version, and keep this session's version as a new canvas.
    If the copy can't be stored, nothing changes and the conflict banner says why."""
    mine = current()
    latest: StoredCanvas = st.session_state[CONFLICT]
    copy = as_new_canvas(mine)
    copy = copy.model_copy(update={"business_name": f"{mine.business_name} (my version)"[:80]})
    kept = store_write(
        lambda: canvas_store().create(copy, note="Kept after a conflict"),
        "Your version was not kept as a copy",
        CONFLICT_KEY,
    )
    if kept is None:
        return
    adopt(latest)
    st.session_state[NOTICE] = (
        f"Your version was kept as a separate canvas, '{copy.business_name}', in your canvas list."
    )


def overwrite_with_mine() -> None:
    """Conflict: save this session's version on top; the other stays in the revision history."""
    latest: StoredCanvas = st.session_state.pop(CONFLICT)
    st.session_state[REVISION] = latest.revision
    save(current(), note="Saved over a newer version")
    if UNSAVED in st.session_state or CONFLICT in st.session_state:
        return  # the banner says why it is not saved yet
    st.session_state[NOTICE] = (
        "Your version is saved. The other version is kept in the history, where you can restore it."
    )


Analysis = tuple[CanvasMetrics, dict[str, Placement], list[Finding]]


def for_this_version(name: str, build: Callable[[Canvas], T]) -> T:
    """What `build` makes of the working copy, made once per version of the canvas.

    Every change makes a new Canvas object (the model is never edited in place), so the object
    itself tells whether what was kept is still current."""
    canvas = current()
    kept = st.session_state.get(FIGURES)
    if kept is None or kept[0] is not canvas:
        kept = (canvas, {})
        st.session_state[FIGURES] = kept
    made = kept[1]
    if name not in made:
        made[name] = build(canvas)
    return made[name]


def _analyse(canvas: Canvas) -> Analysis:
    metrics = compute(canvas)
    return metrics, place(canvas, metrics), run_checks(canvas, metrics)


def analysis() -> Analysis:
    """Figures, placements and findings of the working copy, computed once per version."""
    return for_this_version("analysis", _analyse)


def focus_id(canvas: Canvas) -> str | None:
    """The group in focus: the one last chosen, else the first; None without groups."""
    ids = [g.id for g in canvas.groups]
    remembered = st.session_state.get(FOCUS_GROUP)
    return remembered if remembered in ids else (ids[0] if ids else None)


def set_focus(group_id: str) -> None:
    st.session_state[FOCUS_GROUP] = group_id
