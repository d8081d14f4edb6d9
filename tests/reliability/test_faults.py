"""Faults: a full or read-only disk, a damaged store file, two people on one canvas.

The SIGKILL tests live in test_sigkill.py (they start real processes).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.document import as_new_canvas, canvas_to_json
from canvas.storage import SqliteStore, open_store
from canvas.storage.files import load_sample
from canvas.storage.salvage_pages import scan
from tests.reliability.conftest import Fault
from tests.support.apptest import all_text, errors, no_exceptions, text_field
from tests.support.disks import UnwritableDisk
from ui import session

GOAL = "Business goal"
NAME = "Business name"


def working_copy(app: AppTest):
    return app.session_state[session.CANVAS]


# --- full or read-only disk -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "words"), [("full", "the disk is full"), ("read_only", "read-only")]
)
def test_unwritable_store_keeps_working_in_memory_then_saves_again(
    kind: str,
    words: str,
    fault: Fault,
    store: SqliteStore,
    new_canvas: Callable[[str], str],
    open_page: Callable[..., AppTest],
) -> None:
    canvas_id = new_canvas("bakery")
    before = store.load(canvas_id)
    app = open_page("goal", canvas_id)

    fault.kind = kind
    text_field(app, GOAL).set_value("Grow weekday lunch trade by a fifth").run()
    no_exceptions(app)
    shown = " ".join(errors(app))
    assert "could not be saved" in shown and words in shown, shown
    assert "download" in shown.lower()
    buttons = [b.label for b in app.get("download_button")]
    assert "Download this canvas (JSON)" in buttons
    assert working_copy(app).business_goal == "Grow weekday lunch trade by a fifth"
    assert store.load(canvas_id).revision == before.revision  # nothing half-written

    # keeps working: a second edit, still in memory, still flagged
    text_field(app, NAME).set_value("Crumb & Co. Central").run()
    no_exceptions(app)
    assert any("could not be saved" in e for e in errors(app))
    assert working_copy(app).business_name == "Crumb & Co. Central"
    assert working_copy(app).business_goal == "Grow weekday lunch trade by a fifth"

    # the disk is back: the next run saves everything, and the banner goes
    fault.kind = None
    app.run()
    no_exceptions(app)
    assert not any("could not be saved" in e for e in errors(app))
    assert not app.get("download_button") or "Download this canvas (JSON)" not in [
        b.label for b in app.get("download_button")
    ]
    saved = store.load(canvas_id)
    assert saved.revision == before.revision + 1
    assert saved.canvas.business_goal == "Grow weekday lunch trade by a fifth"
    assert saved.canvas.business_name == "Crumb & Co. Central"


def test_banner_download_holds_the_unsaved_canvas(
    fault: Fault, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    """AppTest cannot read download bytes; the banner builds them from the working copy, which we
    check here (bench/faults.py downloads the real file in a browser)."""
    app = open_page("goal", new_canvas("blank"))
    fault.kind = "full"
    text_field(app, NAME).set_value("Offline Bakery").run()
    assert app.get("download_button")
    body = canvas_to_json(working_copy(app))
    assert '"business_name": "Offline Bakery"' in body or '"business_name":"Offline Bakery"' in body


def test_store_that_cannot_be_opened_at_start_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    monkeypatch.setenv("CANVAS_STORE", str(blocker / "canvas.db"))
    session.get_store.clear()
    try:
        app = AppTest.from_file(str(Path(__file__).parents[2] / "app.py"), default_timeout=30)
        app.run()
        no_exceptions(app)
        assert any("could not be" in e for e in errors(app) + [w.value for w in app.warning])
    finally:
        session.get_store.clear()


@pytest.mark.parametrize(
    ("kind", "words"), [("full", "the disk is full"), ("read_only", "read-only")]
)
def test_app_started_on_an_unwritable_disk_lists_opens_and_keeps_edits(
    kind: str,
    words: str,
    store: SqliteStore,
    new_canvas: Callable[[str], str],
    open_page: Callable[..., AppTest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As on a real full or read-only disk the app starts on (no -wal/-shm files, so SQLite can
    open the store only as immutable): reads work, writes are refused, edits stay in memory."""
    canvas_id = new_canvas("bakery")
    store.close()  # nothing holds the store's -wal/-shm files: they are gone
    disk = UnwritableDisk(monkeypatch, store.path, kind)
    session.get_store.clear()

    home = open_page(None)
    no_exceptions(home)
    assert "Crumb & Co." in all_text(home)
    assert not errors(home) and not [w.value for w in home.warning]
    app = open_page("goal", canvas_id)
    no_exceptions(app)
    assert text_field(app, NAME).value == "Crumb & Co."
    text_field(app, GOAL).set_value("Kept while the disk was unwritable").run()
    shown = " ".join(errors(app))
    assert "could not be saved" in shown and words in shown, shown
    assert working_copy(app).business_goal == "Kept while the disk was unwritable"

    disk.writable()
    app.run()
    no_exceptions(app)
    assert not any("could not be saved" in e for e in errors(app))
    assert store.load(canvas_id).canvas.business_goal == "Kept while the disk was unwritable"


def test_canvas_link_while_store_unreadable_is_explained(
    fault: Fault, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    open_page(None)  # the app's store is open
    fault.kind = "unreadable"
    app = open_page("goal", canvas_id)
    no_exceptions(app)
    assert any("could not be read" in e for e in errors(app))


# --- a damaged store file -------------------------------------------------------------------


def filled_store(path: Path) -> tuple[SqliteStore, dict[str, str]]:
    """A store with the samples plus six canvases (names -> ids), fully checkpointed."""
    made = open_store(path)
    made.ensure_samples()
    names = {}
    for number in range(6):
        canvas = as_new_canvas(load_sample("bakery" if number % 2 else "it_services"))
        canvas.business_name = f"Shop {number}"
        names[canvas.business_name] = made.create(canvas).canvas.id
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return made, names


def damage_garbage(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def cut_to(share: float) -> Callable[[Path], None]:
    def damage_truncate(path: Path) -> None:
        os.truncate(path, int(path.stat().st_size * share))

    return damage_truncate


def damage_middle_pages(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 2)
        file.write(b"\xde\xad\xbe\xef" * 2048)


def damage_header(path: Path) -> None:
    with path.open("r+b") as file:
        file.seek(0)
        file.write(b"NOT SQLITE AT ALL")


# cut to this share of its size -> canvases (of 8, one revision each) that come back, at least
# (measured: 6, 1 and 0; with more revisions per canvas older ones survive as well, see
# tests/canvas/test_store_recover.py)
CUTS = {0.9: 5, 0.6: 1, 0.4: 0}


@pytest.mark.parametrize(
    ("damage", "share"),
    [
        (damage_garbage, None),
        *((cut_to(share), share) for share in CUTS),
        (damage_middle_pages, None),
        (damage_header, None),
    ],
    ids=[
        "random-bytes",
        *(f"truncated-{share:.0%}" for share in CUTS),
        "overwritten-pages",
        "broken-header",
    ],
)
def test_damaged_store_file_starts_explains_and_keeps_what_it_can(
    damage: Callable[[Path], None],
    share: float | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    open_page: Callable[..., AppTest],
) -> None:
    path = tmp_path / "canvas.db"
    monkeypatch.setenv("CANVAS_STORE", str(path))
    _, names = filled_store(path)
    where = scan(path).pages  # (canvas id, revision) -> the pages its row was read from
    damage(path)
    kept = path.stat().st_size / 4096  # pages, the last one perhaps in part
    session.get_store.clear()

    app = open_page(None)
    no_exceptions(app)
    warnings = " ".join(w.value for w in app.warning)
    assert "damaged" in warnings and "set aside" in warnings, warnings
    assert list(tmp_path.glob("canvas.db.corrupt-*")), "the damaged file is kept, not deleted"
    recovered = session.get_store()
    listed = recovered.list_canvases()
    for summary in listed:  # everything listed opens
        assert recovered.load(summary.id) is not None
    if share is not None:  # a file cut short: every canvas whose row lies in the part kept
        whole = {canvas_id for (canvas_id, _), pages in where.items() if max(pages) <= kept}
        partly = {canvas_id for (canvas_id, _), pages in where.items() if max(pages) < kept + 1}
        back = {s.id for s in listed} & {canvas_id for canvas_id, _ in where}
        assert whole <= back <= partly  # rows on a page cut in two may come back too
        assert len(back) >= CUTS[share]
        assert f"{len(back)} of 8 canvases were recovered" in warnings
        if len(back) < 8:  # what the person can still do
            assert "open that file again" in warnings and "Keep the set-aside file" in warnings
    if damage is damage_middle_pages:
        kept = {s.business_name for s in listed} & set(names)
        assert kept, "a partly damaged file still gives back some canvases"
    text = all_text(app)
    for name in names:
        if name in {s.business_name for s in listed}:
            assert name in text


def test_one_damaged_canvas_leaves_the_others_alone(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    good, bad = new_canvas("bakery"), new_canvas("it_services")
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE revisions SET body = '{\"broken' WHERE canvas_id = ?", (bad,))
    session.get_store.clear()
    app = open_page(None)
    no_exceptions(app)
    assert "Crumb & Co." in all_text(app)
    assert good in {s.id for s in session.get_store().list_canvases()}


def test_link_to_damaged_canvas_gets_a_plain_message(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    bad = new_canvas("it_services")
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE revisions SET body = '{\"broken' WHERE canvas_id = ?", (bad,))
    session.get_store.clear()
    app = open_page("goal", bad)
    no_exceptions(app)
    assert any("damaged" in e and "history" in e for e in errors(app))


# --- two sessions on one canvas ---------------------------------------------------------------


ALICE_GOAL, BOB_GOAL = "Alice: more catering orders", "Bob: fewer discount buyers"


def two_sessions(
    open_page: Callable[..., AppTest],
    canvas_id: str,
    goals: tuple[str, str] = (ALICE_GOAL, BOB_GOAL),
) -> tuple[AppTest, AppTest]:
    """Alice and Bob open one canvas, then each sets its goal: Alice first, Bob second."""
    alice, bob = open_page("goal", canvas_id), open_page("goal", canvas_id)
    text_field(alice, GOAL).set_value(goals[0]).run()
    text_field(bob, GOAL).set_value(goals[1]).run()
    return alice, bob


def test_second_writer_gets_a_conflict_not_a_silent_overwrite(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    alice, bob = two_sessions(open_page, canvas_id)
    no_exceptions(alice)
    no_exceptions(bob)
    assert any("Someone else saved this canvas" in w.value for w in bob.warning)
    assert store.load(canvas_id).canvas.business_goal == "Alice: more catering orders"
    assert working_copy(bob).business_goal == "Bob: fewer discount buyers"  # not lost either

    # Bob keeps his as a copy: both versions now exist as canvases
    next(b for b in bob.button if b.label.startswith("Use the other version")).click().run()
    no_exceptions(bob)
    goals = {s.business_name: store.load(s.id).canvas.business_goal for s in store.list_canvases()}
    assert "Alice: more catering orders" in goals.values()
    assert "Bob: fewer discount buyers" in goals.values()
    assert working_copy(bob).business_goal == "Alice: more catering orders"


def test_saving_over_keeps_the_other_version_in_history(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    _, bob = two_sessions(open_page, canvas_id)
    next(b for b in bob.button if b.label.startswith("Save mine over it")).click().run()
    no_exceptions(bob)
    latest = store.load(canvas_id)
    assert latest.canvas.business_goal == "Bob: fewer discount buyers"
    history = [store.load_revision(canvas_id, r.revision) for r in store.revisions(canvas_id)]
    assert "Alice: more catering orders" in [c.business_goal for c in history if c]


def test_edits_after_a_conflict_stay_in_memory_until_resolved(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    _, bob = two_sessions(open_page, canvas_id, ("Alice's goal", "Bob's goal"))
    text_field(bob, NAME).set_value("Bob's bakery").run()
    no_exceptions(bob)
    assert store.load(canvas_id).canvas.business_name != "Bob's bakery"
    assert working_copy(bob).business_name == "Bob's bakery"
    assert any("Someone else saved" in w.value for w in bob.warning)
