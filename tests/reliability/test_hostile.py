"""Hostile input: every entry of hostile.py gets a clear message and changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.document import CanvasFileError, as_new_canvas
from canvas.core.model import Canvas
from canvas.storage import SqliteStore
from canvas.storage.files import load_sample
from tests.reliability import hostile
from tests.support.apptest import (
    all_text,
    errors,
    html_elements,
    no_exceptions,
    shown_text,
    text_field,
)
from ui import session
from ui.library import read_canvas_file

ALL_PAGES = [
    None,
    "goal",
    "groups",
    "value-to-customer",
    "value-to-business",
    "value-map",
    "intent",
    "propositions",
    "hangouts",
    "summary",
]


def test_the_list_is_long_enough() -> None:
    assert hostile.COUNT >= 30
    ids = [case[0] for case in hostile.UPLOADS + hostile.TEXTS + hostile.URLS]
    assert len(ids) == len(set(ids))


def snapshot(store: SqliteStore) -> list[tuple[str, int]]:
    return sorted((s.id, s.revision) for s in store.list_canvases())


def plain(message: str) -> None:
    """A message for a person: words, no traceback, no exception class names."""
    assert message and len(message) < 2000
    for leak in ("Traceback", "Error:", "errno", "sqlite", "pydantic", 'File "', "0x"):
        assert leak not in message, message


# --- uploads -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "payload"), [c[1:] for c in hostile.UPLOADS], ids=[c[0] for c in hostile.UPLOADS]
)
def test_hostile_file_is_refused_in_plain_words(name: str, payload: object) -> None:
    with pytest.raises(CanvasFileError) as caught:
        read_canvas_file(name, hostile.upload_bytes(payload))
    plain(str(caught.value))


def upload(app: AppTest, name: str, data: bytes) -> AppTest:
    app.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    button = next(b for b in app.button if b.label == "Open as a new canvas")
    return button.click().run()


@pytest.mark.parametrize(
    ("name", "payload"), [c[1:] for c in hostile.UPLOADS], ids=[c[0] for c in hostile.UPLOADS]
)
def test_hostile_upload_in_the_app_says_why_and_changes_nothing(
    name: str,
    payload: object,
    store: SqliteStore,
    open_page: Callable[..., AppTest],
) -> None:
    app = open_page(None)
    before = snapshot(store)
    if not name.endswith((".json", ".xlsx")):  # the uploader itself refuses other file types
        app.file_uploader[0].set_value((name, hostile.upload_bytes(payload), "text/plain")).run()
        refusals = [e.value for e in app.exception]  # AppTest shows the widget refusing it
        assert all("Invalid file extension" in r for r in refusals), refusals
        assert "Open as a new canvas" not in [b.label for b in app.button]
        assert snapshot(store) == before
        return
    upload(app, name, hostile.upload_bytes(payload))
    no_exceptions(app)
    shown = errors(app)
    assert len(shown) == 1, shown
    plain(shown[0])
    assert snapshot(store) == before
    assert app.title[0].value == "Customer strategy canvas"  # still on the library


def test_a_good_upload_still_works(store: SqliteStore, open_page: Callable[..., AppTest]) -> None:
    """The control: the same path accepts a real canvas file."""
    app = open_page(None)
    before = len(store.list_canvases())
    upload(app, "bakery.json", hostile.bakery_json().encode())
    no_exceptions(app)
    assert len(store.list_canvases()) == before + 1


@pytest.mark.parametrize("formula", hostile.FORMULA_TEXTS)
def test_formula_in_a_text_cell_becomes_plain_text_and_stays_text(formula: str) -> None:
    import io

    import openpyxl

    from canvas.outputs.excel import export_workbook, import_workbook

    canvas = import_workbook(hostile.edit_cells(hostile.set_name(formula)))
    assert canvas.business_name == formula
    sheet = openpyxl.load_workbook(io.BytesIO(export_workbook(canvas)))["Settings"]
    cell = hostile.find(sheet.parent, "Settings", lambda v: v == formula)
    assert cell.data_type == "s"  # written back as text, never as a live formula


# --- text typed into fields ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "value", "outcome"),
    [c[1:] for c in hostile.TEXTS],
    ids=[c[0] for c in hostile.TEXTS],
)
def test_hostile_text_is_kept_exactly_or_refused_with_a_message(
    label: str,
    value: str,
    outcome: str,
    store: SqliteStore,
    new_canvas: Callable[[str], str],
    open_page: Callable[..., AppTest],
) -> None:
    canvas_id = new_canvas("bakery")
    others = [(s.id, s.revision) for s in store.list_canvases() if s.id != canvas_id]
    before = store.load(canvas_id)
    app = open_page("goal", canvas_id)
    text_field(app, label).set_value(value).run()
    no_exceptions(app)
    after = store.load(canvas_id)
    stored_text = {
        "Business name": after.canvas.business_name,
        "Business goal": after.canvas.business_goal,
    }.get(label)
    if outcome == "kept":
        assert not errors(app), errors(app)
        assert after.revision == before.revision + 1
        dumped = after.canvas.model_dump_json()
        assert Canvas.model_validate_json(dumped) == after.canvas  # stored and read back intact
        if stored_text is not None:
            assert stored_text == value.strip()
    else:
        assert len(errors(app)) == 1
        plain(errors(app)[0])
        if len(value) > 400:
            assert f"is {len(value):,} characters" in errors(app)[0], errors(app)[0]
        assert after.revision == before.revision
        assert after.canvas == before.canvas
    assert [(s.id, s.revision) for s in store.list_canvases() if s.id != canvas_id] == others
    assert not html_elements(app) or all(value not in body for body in html_elements(app))


HTML = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">']
MARKDOWN = ["![p](http://127.0.0.1:9/p.png)", "[Verify](javascript:alert(1))"]


def hostile_canvas() -> Canvas:
    canvas = as_new_canvas(load_sample("bakery"))
    canvas.business_name = HTML[0]
    canvas.business_goal = f"{HTML[1]} {MARKDOWN[1]}"
    canvas.why_statement = MARKDOWN[0]
    canvas.groups[0].name = MARKDOWN[0][:40]
    canvas.groups[1].name = HTML[0]
    canvas.groups[0].description = f"{HTML[1]} 🥐 مخبز"
    return canvas


def open_hostile(
    slug: str | None, store: SqliteStore, open_page: Callable[..., AppTest]
) -> AppTest:
    """The page `slug` (None: the library) with the hostile canvas open, drawn without error."""
    canvas_id = store.create(hostile_canvas()).canvas.id
    app = open_page(slug, canvas_id if slug else None)
    no_exceptions(app)
    assert app.title[0].value != "We couldn't find that canvas"
    return app


@pytest.mark.parametrize("slug", ALL_PAGES, ids=[s or "library" for s in ALL_PAGES])
def test_html_in_names_and_notes_is_never_raw_html(
    slug: str | None, store: SqliteStore, open_page: Callable[..., AppTest]
) -> None:
    app = open_hostile(slug, store, open_page)
    for body in html_elements(app):
        for payload in HTML + MARKDOWN:
            assert payload not in body


def markdown_leaks(app: AppTest) -> list[str]:
    return [
        f"{kind}: {text[:80]}"
        for kind, text, markdown in shown_text(app)
        if markdown and any(payload in text for payload in MARKDOWN + HTML)
    ]


@pytest.mark.parametrize("slug", ALL_PAGES, ids=[s or "library" for s in ALL_PAGES])
def test_markdown_in_names_and_notes_renders_as_text(
    slug: str | None, store: SqliteStore, open_page: Callable[..., AppTest]
) -> None:
    app = open_hostile(slug, store, open_page)
    assert not markdown_leaks(app), markdown_leaks(app)


# --- canvas links --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [c[1] for c in hostile.URLS], ids=[c[0] for c in hostile.URLS])
@pytest.mark.parametrize("slug", ["goal", "summary"])
def test_bad_canvas_link_is_a_friendly_not_found(
    value: str,
    slug: str,
    store: SqliteStore,
    new_canvas: Callable[[str], str],
    open_page: Callable[..., AppTest],
) -> None:
    real = new_canvas("bakery")
    if value == "<edited>":
        value = real[:-1] + ("A" if real[-1] != "A" else "B")
    if value == "<deleted>":
        value = new_canvas("it_services")
        store.delete(value)
    before = snapshot(store)
    app = open_page(slug, value)
    no_exceptions(app)
    assert app.title[0].value == "We couldn't find that canvas"
    text = all_text(app)
    assert real not in text and "Crumb & Co." not in text
    assert snapshot(store) == before
    assert session.CANVAS not in app.session_state
