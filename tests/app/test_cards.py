"""Group cards (#14 item 10): every group's proposition as a card whose button puts the group in
the form, and the summary's first screen as a card per group."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from canvas.core.labels import intent_names
from canvas.storage import SqliteStore
from ui.steps.propositions import WHY_LABEL


def test_edit_this_one_puts_the_group_in_the_form(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    brunch = store.load(canvas_id).canvas.group("brunch")
    app = open_page("propositions", canvas_id)
    assert app.selectbox(key="focus-group").value == "commuters"
    assert not [b for b in app.button if b.key and b.key.endswith("edit-proposition-commuters")]
    edit = next(b for b in app.button if b.key and b.key.endswith("edit-proposition-brunch"))
    edit.click().run()
    assert app.selectbox(key="focus-group").value == "brunch"
    why = next(t for t in app.text_area if t.label == WHY_LABEL)
    assert why.value == brunch.proposition.why_for_group


def test_the_summary_opens_with_a_card_per_group(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("it_services")
    canvas = store.load(canvas_id).canvas
    app = open_page("summary", canvas_id)
    texts = [m.value.replace("\\", "") for m in app.markdown]
    lines = [t.split("  \n") for t in texts]
    glance = [
        t
        for t, parts in zip(texts, lines, strict=True)
        if parts[2:3] and parts[2].endswith(" of customers")
    ]
    assert len(glance) == len(canvas.groups)  # one glance card per group
    for group, card in zip(canvas.groups, glance, strict=True):
        intents = intent_names([i.type for i in group.intents]) or "No intent chosen yet"
        assert card.startswith(f"**{intents}**")
    for group in canvas.groups:  # named on its glance card and on its card in the detail
        assert texts.count(f"**{group.name}**") == 2
