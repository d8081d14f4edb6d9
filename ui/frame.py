"""The frame every page starts with: page setup, the canvas from the URL, the stepper and banners.

Every page calls `frame()` first, so a page works even when a fresh server's first request is a deep
link and Streamlit runs the page without `app.py` (ENGINEERING §2.1).
"""

from __future__ import annotations

import streamlit as st

from canvas.core.checks import Finding
from canvas.core.document import CanvasFileError, canvas_to_json
from canvas.core.labels import field_label, wording
from canvas.core.model import Canvas
from canvas.core.progress import (
    STATE_WORDS,
    STEP_BY_SLUG,
    STEPS,
    Step,
    StepState,
    missing,
    neighbours,
    step_states,
    step_title,
    steps_done,
)
from canvas.storage import CanvasStore, StoreUnavailable
from ui import findings, practice, session
from ui.coaching import sidebar_controls
from ui.guidance import GUIDANCE
from ui.text import md

LIBRARY_PAGE = "pages/library.py"
EARLIER_VERSIONS = "earlier-versions"  # error key of the restore buttons after damage
SHOWN_STEP = "_shown_step"  # (slug, entries so far): the step the last run drew
SCROLL_TO_TOP = """<script>
(() => {
  const doc = window.parent.document.querySelector('[data-testid="stApp"]') ? window.parent.document : document;
  const app = doc.querySelector('[data-testid="stApp"]');
  const toTop = () => doc.querySelector('[data-testid="stMain"]')?.scrollTo(0, 0);
  toTop();
  // Only while this run is still drawing: a script that lands after the run ended would otherwise
  // wait for the next run, the person's first edit, and throw the page back to its top.
  if (!app || app.getAttribute('data-test-script-state') !== 'running') return;
  const settled = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') !== 'running') { toTop(); settled.disconnect(); }
  });
  settled.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
})();
</script>"""

# Each step's state in the stepper, as Material icons: they render the same in every browser and
# font, where the text marks (canvas.core.progress.STATE_ICONS) could shrink to a sliver.
STATE_SYMBOLS: dict[StepState, str] = {
    StepState.not_started: ":material/radio_button_unchecked:",
    StepState.in_progress: ":material/contrast:",
    StepState.done: ":material/check_circle:",
    StepState.warnings: ":material/warning:",
    StepState.errors: ":material/cancel:",
}
CURRENT_STEP = "current-step"  # the key of the stepper's current step, which CALM_CSS highlights

CALM_CSS = """
<style>
[data-testid="stSidebarNav"] {display: none;}
.st-key-current-step [data-testid="stPageLink-NavLink"] {
  background: rgba(0, 114, 178, 0.12); box-shadow: inset 3px 0 0 #0072B2;
}
.st-key-current-step [data-testid="stPageLink-NavLink"] p {font-weight: 600; color: #0b3c5d;}
.block-container {padding-top: 2.2rem; max-width: 1300px;}
@media print {
  @page {size: landscape; margin: 12mm;}
  [data-testid="stSidebar"], header, [data-testid="stDownloadButton"], [data-testid="stExpander"],
  [data-testid="stTextArea"], .stButton, [data-testid="stPageLink"] {display: none !important;}
  .block-container {max-width: 100%; padding: 0;}
}
</style>
"""


def page_path(slug: str) -> str:
    return f"pages/{slug}.py"


def setup_page(title: str) -> None:
    st.set_page_config(
        page_title=f"{title} · Customer strategy canvas",
        page_icon="🧭",
        layout="wide",
        initial_sidebar_state="auto",  # open on a wide screen, folded away on a phone
    )
    st.markdown(CALM_CSS, unsafe_allow_html=True)  # static CSS only, never user text
    practice.gate()  # in a hosted practice: signed in, in the practice, or a share link


def frame(slug: str) -> Canvas:
    """Set up a step page and return the working canvas; stops the run if there is none."""
    step = STEP_BY_SLUG[slug]
    setup_page(step.title)
    open_or_stop()
    canvas = session.current()
    if st.query_params.get("present") == "1":
        st.switch_page("pages/present.py", query_params={"canvas": canvas.id, "step": slug})
    if st.query_params.get("canvas") != canvas.id:
        st.query_params["canvas"] = canvas.id
    session.retry_unsaved()
    stepper(slug)
    sidebar_controls(slug)
    banners()
    heading(slug)
    if slug not in findings.GROUP_BY_GROUP:  # those show them under the group picker
        findings.box(session.current(), slug)
    open_at_top(slug)  # last in the sidebar, so nothing moves when it goes
    return session.current()


def open_at_top(slug: str) -> None:
    """A step entered from another one opens at its top, whichever way it was entered (a button's
    page switch keeps the main area's scroll position otherwise). Static script, no user text."""
    shown = st.session_state.get(SHOWN_STEP, ("", 0))
    if shown[0] != slug:
        entry = shown[1] + 1
        st.session_state[SHOWN_STEP] = (slug, entry)
        # a new container each time, so the browser runs the script again rather than keep the last
        with st.sidebar, st.container(key=f"open-at-top-{entry}"):
            st.html(SCROLL_TO_TOP, unsafe_allow_javascript=True)


def open_or_stop() -> None:
    """Open the canvas in the URL, or explain in plain words why not and stop the page."""
    try:
        found = session.open_from_url()
    except session.CanvasUnreadable as exc:
        st.title("This canvas can't be opened right now")
        st.error(md(str(exc)))
        canvas_id = session.canvas_id_in_url()
        if canvas_id:
            earlier_versions(canvas_id)
        st.page_link(LIBRARY_PAGE, label="Go to your canvases", icon=":material/home:")
        st.stop()
    if not found:
        not_found()
        st.stop()


def earlier_versions(canvas_id: str) -> None:
    """Restore buttons for the versions of a canvas that still open (after damage)."""
    store = session.canvas_store()
    try:
        versions = store.revisions(canvas_id)
    except StoreUnavailable:
        return  # the store itself can't be read; the message above says so
    readable = [v for v in versions if _opens(store, canvas_id, v.revision)]
    if not readable:
        return
    st.write("Earlier versions of this canvas still open. Restore one to carry on from there:")
    for info in readable[:10]:
        when = info.saved_at.strftime("%d %b %Y, %H:%M")
        if st.button(
            f"Restore version {info.revision} ({when}, {info.note})", key=f"restore-{info.revision}"
        ):
            restore(store, canvas_id, info.revision, versions[0].revision)
    show_error(EARLIER_VERSIONS, once=True)


def restore(store: CanvasStore, canvas_id: str, revision: int, base_revision: int) -> None:
    stored = session.store_write(
        lambda: store.restore(canvas_id, revision, base_revision),
        f"Version {revision} was not restored",
        EARLIER_VERSIONS,
    )
    if stored is not None:
        session.adopt(stored)
        st.rerun()


def _opens(store: CanvasStore, canvas_id: str, revision: int) -> bool:
    try:
        return store.load_revision(canvas_id, revision) is not None
    except (CanvasFileError, StoreUnavailable):
        return False


def not_found() -> None:
    st.title("We couldn't find that canvas")
    st.write(
        "The link may be mistyped, or the canvas was deleted. Canvas links are private, so "
        "check the link you were sent, or open one of your canvases."
    )
    st.page_link(LIBRARY_PAGE, label="Go to your canvases", icon=":material/home:")


def canvas_link(slug: str, label: str, icon: str | None = None) -> None:
    st.page_link(
        page_path(slug), label=label, icon=icon, query_params={"canvas": session.current().id}
    )


def stepper(active: str) -> None:
    canvas = session.current()
    _, _, found = session.analysis()
    states = step_states(canvas, found)
    with st.sidebar:
        st.page_link(LIBRARY_PAGE, label="All canvases", icon=":material/home:")
        st.subheader(md(canvas.business_name) or "Untitled canvas")
        done, total = steps_done(states)
        st.progress(done / total, text=f"{done} of {total} steps done")
        for number, step in enumerate(STEPS, start=1):
            state = states[step.code]
            here = step.slug == active
            with st.container(key=CURRENT_STEP if here else None):
                st.page_link(
                    page_path(step.slug),
                    label=f"{number}. {step_title(step.code, canvas)}",
                    icon=STATE_SYMBOLS[state],
                    help=_step_help(
                        canvas, step, state, [f for f in found if f.step == step.code], here
                    ),
                    query_params={"canvas": canvas.id},
                )
        st.caption(" · ".join(f"{STATE_SYMBOLS[s]} {STATE_WORDS[s]}" for s in StepState))


def _step_help(
    canvas: Canvas, step: Step, state: StepState, step_findings: list[Finding], here: bool
) -> str:
    """What a step's mark in the stepper means, on hover: its state and what the checks found."""
    found = findings.counts(step_findings)
    where = " (listed on the step)" if found else ""
    now = " · you are here" if here else ""
    return f"{step_title(step.code, canvas)}: {STATE_WORDS[state]}{f' · {found}' if found else ''}{where} · about {step.minutes} min{now}"


def banners() -> None:
    notice = st.session_state.pop(session.NOTICE, None)
    if notice:
        st.success(md(notice))
    unsaved = st.session_state.get(session.UNSAVED)
    if unsaved:
        st.error(f"{md(unsaved)} Your work is kept in this window; download it to be safe.")
        st.download_button(
            "Download this canvas (JSON)",
            data=canvas_to_json(session.current()),
            file_name="canvas.json",
            mime="application/json",
            on_click="ignore",
        )
    if session.CONFLICT in st.session_state:
        st.warning(
            "Someone else saved this canvas (in another tab or window) after you opened it. "
            "Your latest changes are not saved yet. Choose what to keep: nothing is lost either way."
        )
        left, right = st.columns(2)
        left.button(
            "Use the other version, keep mine as a copy",
            on_click=session.keep_mine_as_copy,
            width="stretch",
        )
        right.button(
            "Save mine over it (the other stays in the history)",
            on_click=session.overwrite_with_mine,
            width="stretch",
        )
        show_error(session.CONFLICT_KEY, once=True)


def heading(slug: str) -> None:
    step = STEP_BY_SLUG[slug]
    number = STEPS.index(step) + 1
    canvas = session.current()
    st.title(f"{number}. {step_title(step.code, canvas)}")
    guide = GUIDANCE[slug]
    words = wording(canvas)
    why = guide.why.replace("Customers", words.customers.capitalize())
    why = why.replace("{behaviour}", field_label("behaviour", canvas).lower())
    st.markdown(why.replace("customers", words.customers))
    with st.expander("How to do this step", expanded=False):
        for prompt in guide.prompts:
            st.markdown(f"- {prompt}")
        if guide.example:
            st.caption(f"Example: {guide.example}")


def empty_step(slug: str) -> bool:
    """On a step with nothing to work on yet: say what is missing and link to the step where it
    is added. True if the step is empty (the page then shows nothing more)."""
    canvas = session.current()
    lack = missing(canvas, slug)
    if lack is None:
        return False
    st.info(lack.message)
    canvas_link(
        lack.step.slug,
        f"Go to {step_title(lack.step.code, canvas).lower()}",
        ":material/arrow_forward:",
    )
    return True


def step_footer(slug: str) -> None:
    """Previous / next, and 'good enough, move on' (Hocknell: don't try to perfect it), which an
    empty step leaves out: there is nothing there to be good enough yet."""
    before, after = neighbours(slug)
    canvas = session.current()
    empty = missing(canvas, slug) is not None
    st.divider()
    left, middle, right = st.columns([1, 2, 1])
    if before:
        with left:
            canvas_link(before.slug, f"← {step_title(before.code, canvas)}")
    if after:
        with right:
            canvas_link(after.slug, f"{step_title(after.code, canvas)} →")
        with middle:
            if not empty and st.button(
                "Good enough, move on", type="primary", key=f"move-on-{slug}"
            ):
                st.switch_page(page_path(after.slug), query_params={"canvas": canvas.id})
    st.caption(
        f"Money in {canvas.currency}. Lifetime value is discounted at {canvas.discount_rate_pct:g}% "
        "a year (you can change this on the Goal step). Your work saves as you go."
    )


def show_error(key: str, once: bool = False) -> None:
    """The message for `key`: a refused edit's stays until the next good edit; a failed store
    action's (`once`) is shown in the run after it and then dropped."""
    message = session.take_error(key) if once else session.error_for(key)
    if message:
        st.error(md(message))
