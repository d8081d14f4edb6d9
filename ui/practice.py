"""Sign-in and the practice, when the app is hosted for a coaching practice (`session.is_practice`:
CANVAS_HOSTED=1 with a PostgreSQL store). On a laptop none of this runs.

- `gate()` starts every page: a share link (`?share=…`) shows its canvas read-only without
  sign-in; a signed-out person gets the sign-in page (st.login); someone signed in who is not (or
  no longer) in the practice is told so, or signed out if the owner just removed them; a page
  that reconnected to a server which never drew it is told its last action was lost.
- `owner_panel()`: the owner adds people, gives coaches their clients, and removes people.
- `share_panel()`: a coach or client makes and revokes read-only links with an expiry.
- `give_button()`: a coach or the owner gives a canvas they own to a client, after confirming.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from canvas.outputs.onepager import one_page_spec
from canvas.storage import CanvasSummary, StoreUnavailable
from canvas.storage.access import (
    MAX_SHARE_DAYS,
    ROLE_NAMES,
    ROLES,
    AccessRefused,
    Caller,
    Person,
    ShareLink,
)
from canvas.storage.revisions import now_utc
from ui import session
from ui.text import md

if TYPE_CHECKING:  # psycopg is imported only when a practice runs (canvas/storage/opening.py)
    from canvas.storage.postgres import PostgresStore
    from canvas.storage.practice import HandOverChoices, Practice

SHARE_PARAM = "share"
NEW_LINK = "_new_share_link"  # (canvas id, link) shown once after it is made
PEOPLE_KEY = "practice-people"
SHARE_KEY = "practice-share"
NOT_FOUND = "We couldn't find that canvas: it may have been deleted."
SEEN = "_seen"  # set in a session's first run: later runs are not the first
LOST_ACTION = (
    "This page lost its place on the server and has just reconnected. If your last change (or "
    "click) does not show below, it did not reach your canvas: please make it again. Everything "
    "saved before it is here."
)
T = TypeVar("T")


# --- who is here -----------------------------------------------------------------------------


def gate() -> None:
    """Let the page run only for someone allowed to see it (in a practice; anyone on a laptop),
    and say so when the person's last action was lost on the way (in both)."""
    lost = arrived_with_lost_action()
    if session.is_practice():
        practice_gate()
    if lost:
        st.warning(LOST_ACTION, icon=":material/sync_problem:")


def practice_gate() -> None:
    """Signed in and in the practice, or holding a live share link; else a page saying why."""
    token = st.query_params.get(SHARE_PARAM)
    if isinstance(token, str) and token:
        shared_canvas(token)
        st.stop()
    if not st.user.is_logged_in:
        sign_in_page()
        st.stop()
    member = current_member()
    if member is None:
        if st.session_state.pop(session.MEMBER, None) is not None:
            st.logout()  # removed by the owner since their last action
        not_a_member_page()
        st.stop()
    st.session_state[session.MEMBER] = member
    signed_in_bar(member)


def arrived_with_lost_action() -> bool:
    """Whether this run is a new session's first and the browser sent the values of a page drawn
    by another session: its server stopped (or dropped the session) and the page reconnected
    here by itself (through the proxy to another server, or to the laptop's server started
    again). The person's action that made this run is then lost:
    Streamlit calls a widget's callback (which saves) only for a widget this session has drawn,
    and fields drawn by this session have keys of their own (`session.first_epoch`), so they show
    the saved canvas, not the lost value. A page opened or reloaded sends no values.

    The values sent are read from Streamlit's own session state (`get_widget_states`, not a public
    API): tests/e2e/test_practice.py fails if an upgrade changes what it gives."""
    if SEEN in st.session_state:
        return False
    st.session_state[SEEN] = True
    ctx = get_script_run_ctx()
    return ctx is not None and bool(ctx.session_state.get_widget_states())


def practice_store() -> PostgresStore:
    from canvas.storage.postgres import PostgresStore

    store = session.get_store()
    assert isinstance(store, PostgresStore)  # is_practice() means a PostgreSQL store
    return store


def signed_in_email() -> str:
    return str(st.user.get("email") or "").strip().lower()


def current_member() -> Caller | None:
    """The signed-in person as the practice knows them now; None if they are not in it. When
    the database cannot be read, the person this session already knew carries on (every store
    call checks again, and the canvas stays open in memory with a plain message); someone not
    known yet gets the message and nothing else."""
    email = signed_in_email()
    try:
        return my_practice(Caller(email)).member()
    except StoreUnavailable as exc:
        known: Caller | None = st.session_state.get(session.MEMBER)
        if known is not None and known.user_id == email:
            return known
        st.error(md(str(exc)))
        st.stop()


def sign_in_page() -> None:
    st.title("Customer strategy canvas")
    st.write("Sign in to see your canvases.")
    if st.button("Sign in", type="primary"):
        st.login()


def not_a_member_page() -> None:
    st.title("You are not part of this practice yet")
    st.write(
        "You are signed in, but the practice has not added you. Ask the practice owner to add "
        "you with the email address you signed in with."
    )
    if st.button("Sign out"):
        st.logout()


def signed_in_bar(member: Caller) -> None:
    with st.sidebar:
        st.caption(f"Signed in as {md(member.user_id)} ({ROLE_NAMES[member.role].lower()})")
        if st.button("Sign out", key="sign-out"):
            st.logout()


# --- a share link ----------------------------------------------------------------------------


def shared_canvas(token: str) -> None:
    """The canvas a live share link points to, read-only; the not-found page otherwise."""
    try:
        stored = practice_store().open_shared(token)
    except StoreUnavailable as exc:
        st.error(md(str(exc)))
        return
    if stored is None:
        st.title("We couldn't find that canvas")
        st.write(
            "The link may be mistyped, or it has expired or been withdrawn. Ask the person who "
            "sent it for a new one."
        )
        return
    canvas = stored.canvas
    st.title(md(canvas.business_name or "Untitled canvas"))
    st.caption("A read-only copy shared with you, as last saved. Nothing here can be changed.")
    st.vega_lite_chart(one_page_spec(canvas, customer_safe=True), width="stretch")


# --- the owner's panel -----------------------------------------------------------------------


def my_practice(caller: Caller | None = None) -> Practice:
    """The practice as `caller` (by default the signed-in member) may see and change it."""
    from canvas.storage.practice import Practice

    return Practice(practice_store(), caller or st.session_state[session.MEMBER])


def owner_panel() -> None:
    """People, roles and coach assignments: the practice owner only."""
    member: Caller | None = st.session_state.get(session.MEMBER)
    if not session.is_practice() or member is None or member.role != "owner":
        return
    with st.expander("People in the practice", icon=":material/group:"):
        people = practice_call(lambda: my_practice().people(), [])
        for person in people:
            st.write(person_line(person))
        add_person_form()
        assign_form(people)
        remove_form(people, member)
        message = session.take_error(PEOPLE_KEY)
        if message:
            st.error(md(message))


def person_line(person: Person) -> str:
    line = f"**{md(person.user_id)}** · {ROLE_NAMES[person.role]}"
    if person.coaches:
        line += " · coached by " + ", ".join(md(coach) for coach in person.coaches)
    return line


def practice_call(call: Callable[[], T], failed: T, key: str = PEOPLE_KEY) -> T:
    """A practice change or read; its refusal or failure kept for `key`, in plain words."""
    try:
        return call()
    except (StoreUnavailable, AccessRefused, ValueError) as exc:
        session.set_error(key, str(exc))
        return failed


def add_person_form() -> None:
    email, role, add = st.columns([3, 2, 1], vertical_alignment="bottom")
    email.text_input("Email address", key="person-email")
    role.selectbox("Role", ROLES, index=2, format_func=ROLE_NAMES.get, key="person-role")
    add.button("Add", key="person-add", on_click=add_person)


def add_person() -> None:
    email, role = st.session_state["person-email"], st.session_state["person-role"]
    if practice_call(lambda: my_practice().add_person(email, role), None):
        st.session_state["person-email"] = ""


def assign_form(people: list[Person]) -> None:
    coaches = [p.user_id for p in people if p.role == "coach"]
    clients = [p.user_id for p in people if p.role == "client"]
    if not coaches or not clients:
        return
    coach, client, act = st.columns([3, 3, 2], vertical_alignment="bottom")
    coach.selectbox("Coach", coaches, key="assign-coach")
    client.selectbox("Client", clients, key="assign-client")
    act.button("Coach this client", key="assign", on_click=assign)
    act.button("Stop coaching", key="unassign", on_click=unassign)


def assign() -> None:
    coach, client = st.session_state["assign-coach"], st.session_state["assign-client"]
    practice_call(lambda: my_practice().assign(coach, client), None)


def unassign() -> None:
    coach, client = st.session_state["assign-coach"], st.session_state["assign-client"]
    practice_call(lambda: my_practice().unassign(coach, client), None)


def remove_form(people: list[Person], member: Caller) -> None:
    others = [p.user_id for p in people if p.user_id != member.user_id]
    if not others:
        return
    who, act = st.columns([6, 2], vertical_alignment="bottom")
    who.selectbox("Remove someone (their canvases stay)", others, key="remove-who")
    act.button("Remove", key="remove", on_click=remove_person)


def remove_person() -> None:
    who = st.session_state["remove-who"]
    practice_call(lambda: my_practice().remove_person(who), None)


# --- share links -----------------------------------------------------------------------------


def share_panel(canvases: list[CanvasSummary]) -> None:
    """Make and revoke read-only links to one of the person's canvases."""
    if not session.is_practice() or st.session_state.get(session.MEMBER) is None or not canvases:
        return
    by_id = {summary.id: summary for summary in canvases}
    with st.expander("Share a canvas read-only", icon=":material/share:"):
        choice, days, make = st.columns([4, 2, 2], vertical_alignment="bottom")
        canvas_id = choice.selectbox(
            "Canvas", list(by_id), format_func=lambda i: by_id[i].business_name, key="share-canvas"
        )
        days.number_input("Days it works", 1, MAX_SHARE_DAYS, 14, key="share-days")
        make.button("Make a link", key="share-make", on_click=make_link, args=(canvas_id,))
        shown = st.session_state.get(NEW_LINK)
        if shown and shown[0] == canvas_id:
            st.write("Send this link. It is shown only now, and opens the canvas read-only:")
            st.code(shown[1], language=None)
        for link in practice_call(lambda: my_practice().shares(canvas_id), [], SHARE_KEY):
            link_row(link)
        message = session.take_error(SHARE_KEY)
        if message:
            st.error(md(message))


def make_link(canvas_id: str) -> None:
    days = int(st.session_state["share-days"])
    token = practice_call(lambda: my_practice().make_share(canvas_id, days), None, SHARE_KEY)
    if token is None:
        session.set_error(SHARE_KEY, session.error_for(SHARE_KEY) or NOT_FOUND)
        return
    st.session_state[NEW_LINK] = (canvas_id, share_url(token))


def share_url(token: str) -> str:
    """The app's address with the share token: what the person sends."""
    parts = urlsplit(st.context.url or "")
    base = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return f"{base}/?{SHARE_PARAM}={token}"


def link_row(link: ShareLink) -> None:
    text, act = st.columns([6, 2], vertical_alignment="center")
    text.write(link_text(link, now_utc()))
    if link.is_live(now_utc()):
        act.button(
            "Revoke", key=f"revoke-{link.link_id}", on_click=revoke_link, args=(link.link_id,)
        )


def link_text(link: ShareLink, now: datetime) -> str:
    made = f"Made by {md(link.made_by)} on {link.made_at:%d %b %Y}"
    if link.revoked:
        return f"{made} · revoked"
    if link.expires_at <= now:
        return f"{made} · expired {link.expires_at:%d %b %Y}"
    return f"{made} · works until {link.expires_at:%d %b %Y, %H:%M} UTC"


def revoke_link(link_id: int) -> None:
    practice_call(lambda: my_practice().revoke_share(link_id), None, SHARE_KEY)


# --- handing a canvas over to a client -------------------------------------------------------


def hand_over_choices() -> HandOverChoices | None:
    """In a practice, the canvases the signed-in coach or owner may give to a client, and to
    whom; None elsewhere, or when the database cannot say (the list shows why)."""
    member: Caller | None = st.session_state.get(session.MEMBER)
    if not session.is_practice() or member is None or member.role == "client":
        return None
    try:
        return my_practice().hand_over_choices()
    except StoreUnavailable:
        return None


def give_button(summary: CanvasSummary, choices: HandOverChoices | None) -> None:
    """In a canvas's row: give it to a client, for the coach or owner who owns it."""
    if choices is None or not choices.allows(summary.id):
        return
    if st.button(
        "Give to a client",
        key=f"give-{summary.id}",
        icon=":material/person_add:",
        type="tertiary",
    ):
        give_dialog(summary, choices)


@st.dialog("Give to a client")
def give_dialog(summary: CanvasSummary, choices: HandOverChoices) -> None:
    name = summary.business_name or "Untitled canvas"
    client = st.selectbox("Client", choices.clients, key=f"give-to-{summary.id}")
    kept = (
        "you still see it as the practice owner"
        if choices.as_owner
        else "you keep access as their coach"
    )
    st.write(f"Give '{md(name)}' to {md(client)}? They will own it; {kept}.")
    yes, no = st.columns(2)
    if yes.button("Yes, give it", type="primary", width="stretch"):
        give(summary, client)
    if no.button("Keep it", width="stretch"):
        st.rerun()
    message = session.take_error(f"give-{summary.id}")
    if message:
        st.error(md(message))


def give(summary: CanvasSummary, client: str) -> None:
    name = summary.business_name or "Untitled canvas"
    given = session.store_write(
        lambda: my_practice().hand_over(summary.id, client),
        f"'{name}' was not given away",
        f"give-{summary.id}",
        refusals=(AccessRefused, ValueError),
    )
    if given is not None:
        st.session_state[session.NOTICE] = f"'{name}' now belongs to {client}."
        st.rerun()
