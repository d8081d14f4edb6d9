"""Each step screen is defined once (`ui/steps/<step>.py`): the page and the presenter view draw
the same fields, with the same labels, bound to the same model fields."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.model import Canvas
from canvas.core.progress import STEPS
from canvas.storage import SqliteStore
from tests.app.conftest import ROOT
from tests.support.apptest import walk

PAGE_LINES = 40


def presenter(open_page: Callable[..., AppTest], canvas_id: str, slug: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.query_params.update(canvas=canvas_id, step=slug)
    app.run()
    return app.switch_page("pages/present.py").run()


@pytest.mark.parametrize("step", STEPS, ids=[s.slug for s in STEPS])
def test_every_step_draws_on_its_page_and_in_presenter_view(
    step: Any, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    page = open_page(step.slug, canvas_id)
    shown = presenter(open_page, canvas_id, step.slug)
    assert not page.exception and not shown.exception
    assert f"# {step.title}" in [m.value for m in shown.markdown]


def _widget(app: AppTest, kind: str, label: str) -> Any:
    return next(w for w in getattr(app, kind) if w.label == label)


# (step, widget kind, label, value typed, what the saved canvas must show)
EDITS: list[tuple[str, str, str, Any, Callable[[Canvas], Any]]] = [
    (
        "goal",
        "text_area",
        "Business goal: in 12 to 24 months, what must be true for the business?",
        "Double the catering",
        lambda c: c.business_goal,
    ),
    ("groups", "text_input", "Name", "Early commuters", lambda c: c.groups[0].name),
    (
        "value-to-business",
        "number_input",
        "Retention %",
        71.0,
        lambda c: c.groups[0].retention_pct,
    ),
    (
        "propositions",
        "text_area",
        "Why: what you believe that they care about too",
        "Mornings matter",
        lambda c: c.groups[0].proposition.why_for_group,
    ),
]


@pytest.mark.parametrize("slug, kind, label, value, saved", EDITS, ids=[e[0] for e in EDITS])
def test_a_field_edited_in_presenter_view_is_saved_like_on_its_page(
    slug: str,
    kind: str,
    label: str,
    value: Any,
    saved: Callable[[Canvas], Any],
    store: SqliteStore,
    new_canvas: Callable[[str], str],
    open_page: Callable[..., AppTest],
) -> None:
    canvas_id = new_canvas("bakery")
    shown = presenter(open_page, canvas_id, slug)
    _widget(shown, kind, label).set_value(value).run()
    assert not shown.exception
    assert saved(store.load(canvas_id).canvas) == value
    if slug in ("goal", "propositions"):  # the other pages hold these fields in a table
        assert _widget(open_page(slug, canvas_id), kind, label).value == value


def test_intent_toggles_in_presenter_view_save_each_change(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    """Off and on again: each toggle starts from the saved intents, as on the page."""
    canvas_id = new_canvas("bakery")

    def intents() -> list[str]:
        return [i.type.value for i in store.load(canvas_id).canvas.groups[0].intents]

    assert intents() == ["maintain", "grow"]
    shown = presenter(open_page, canvas_id, "intent")
    _widget(shown, "checkbox", "Grow").uncheck().run()
    assert intents() == ["maintain"]
    _widget(shown, "checkbox", "Grow").check().run()
    assert not shown.exception
    assert intents() == ["maintain", "grow"]


def _calls(path: str) -> set[str]:
    tree = ast.parse((ROOT / path).read_text())
    return {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }


def test_the_presenter_view_binds_no_field_itself() -> None:
    binding = {"field_input", "table_editor", "score_picker", "text_input", "text_area"}
    binding |= {"number_input", "checkbox", "multiselect", "selectbox", "data_editor"}
    assert not _calls("ui/present.py") & binding


@pytest.mark.parametrize("path", sorted(p.name for p in (ROOT / "pages").glob("*.py")))
def test_pages_are_thin(path: str) -> None:
    lines = (ROOT / "pages" / path).read_text().splitlines()
    assert len(lines) <= PAGE_LINES, f"pages/{path} has {len(lines)} lines: draw it in ui/"


def _grid_columns(app: AppTest) -> list[dict[str, Any]]:
    return [
        column
        for node in walk(app._tree)
        if getattr(node, "type", "") == "dataframe" and node.proto.editing_mode  # editors only
        for column in json.loads(node.proto.columns or "{}").values()
    ]


@pytest.mark.parametrize("step", STEPS, ids=[s.slug for s in STEPS])
def test_no_table_cuts_text_without_a_word(
    step: Any, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    """#16: a grid column with a character limit cuts a longer text silently. Text columns carry
    no such limit; their help says it, and a longer text is refused with a message instead."""
    columns = _grid_columns(open_page(step.slug, new_canvas("bakery")))
    assert not [c for c in columns if c.get("type_config", {}).get("max_chars")]
    text = [
        c
        for c in columns
        if c.get("type_config", {}).get("type") == "text" and not c.get("disabled")
    ]
    assert all(re.match(r"Up to \d+ characters\.", c.get("help", "")) for c in text), text


# The only text fields that keep the browser's own limit: the currency (three capital letters, a
# pattern the model checks) and the coach's quick note, whose form empties itself when it is sent.
BROWSER_LIMITS = {"Currency (three letters)", "Quick note"}


@pytest.mark.parametrize("step", STEPS, ids=[s.slug for s in STEPS])
def test_no_text_field_cuts_a_paste_without_a_word(
    step: Any, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    """#16 item 4: a field's own `max_chars` cuts a longer paste silently. Fields bound to the
    canvas say their limit in their help instead, and the model refuses a longer text with its
    length (tests/reliability: 'is 10,000 characters, 9,920 more than the 80 it can hold')."""
    app = open_page(step.slug, new_canvas("bakery"))
    fields = [*app.text_input, *app.text_area]
    assert fields or step.slug in {"value-map", "summary", "value-to-business"}
    for field in fields:
        if field.label in BROWSER_LIMITS:
            continue
        assert not field.proto.max_chars, field.label
        assert re.search(r"[Uu]p to \d+ characters\.$", field.help or ""), field.label
