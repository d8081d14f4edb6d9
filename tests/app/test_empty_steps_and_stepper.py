"""#14 item 9: every empty step says what is missing and links to the step where it is added; the
stepper counts the steps it lists and marks the current one (highlighted, not disabled)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.document import as_new_canvas
from canvas.core.model import BusinessType
from canvas.core.progress import NEEDS_GROUPS, STEPS, StepState, step_title
from canvas.storage import SqliteStore
from canvas.storage.files import load_sample
from tests.support.apptest import all_text, no_exceptions, walk
from ui.frame import CURRENT_STEP, STATE_SYMBOLS

STEP_SLUGS = {s.slug for s in STEPS}


def _step_links(app: AppTest) -> list[Any]:
    """The stepper's links: one per step, in the sidebar."""
    return [p for p in app.sidebar.get("page_link") if p.proto.page in STEP_SLUGS]


def _blank_nonprofit(store: SqliteStore) -> str:
    canvas = as_new_canvas(load_sample("blank"))
    canvas = canvas.model_copy(update={"business_type": BusinessType.nonprofit})
    return store.create(canvas).canvas.id


@pytest.mark.parametrize("nonprofit", [False, True], ids=["business", "nonprofit"])
@pytest.mark.parametrize("slug", list(NEEDS_GROUPS))
def test_an_empty_step_says_what_is_missing_and_links_to_it(
    slug: str,
    nonprofit: bool,
    store: SqliteStore,
    new_canvas: Callable[[str], str],
    open_page: Callable[..., AppTest],
) -> None:
    canvas_id = _blank_nonprofit(store) if nonprofit else new_canvas("blank")
    canvas = store.load(canvas_id).canvas
    app = open_page(slug, canvas_id)
    no_exceptions(app)
    groups = step_title("S2", canvas).lower()
    assert [i.value for i in app.info] == [f"{NEEDS_GROUPS[slug]}: add your {groups} first."]
    links = [p for p in app.main.get("page_link") if p.proto.page == "groups"]
    assert [p.label for p in links].count(f"Go to {groups}") == 1
    assert "Good enough, move on" not in [b.label for b in app.button]
    text = all_text(app)
    assert "add up to" not in text  # no target total over an empty table
    assert not app.get("vega_lite_chart")  # no empty chart frame


@pytest.mark.parametrize("slug", list(NEEDS_GROUPS))
def test_a_step_with_groups_shows_no_empty_message_and_offers_to_move_on(
    slug: str, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page(slug, new_canvas("bakery"))
    assert not [i for i in app.info if "first." in i.value]
    if slug != "summary":
        assert "Good enough, move on" in [b.label for b in app.button]


@pytest.mark.parametrize("sample", ["blank", "bakery", "nonprofit"])
def test_progress_counts_the_steps_it_lists(
    sample: str, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page("groups", new_canvas(sample))
    links = _step_links(app)
    finished = {STATE_SYMBOLS[StepState.done], STATE_SYMBOLS[StepState.warnings]}
    done = sum(1 for p in links if p.proto.icon in finished)
    (progress,) = app.sidebar.get("progress")
    assert progress.proto.text == f"{done} of {len(links)} steps done"
    assert len(links) == len(STEPS)


def _current_blocks(app: AppTest) -> list[Any]:
    return [
        node
        for node in walk(app._tree)
        if str(getattr(getattr(node, "proto", None), "id", "")).endswith(f"-{CURRENT_STEP}")
    ]


@pytest.mark.parametrize("slug", ["goal", "value-map", "summary"])
def test_the_current_step_is_marked_and_not_disabled(
    slug: str, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page(slug, new_canvas("bakery"))
    (block,) = _current_blocks(app)
    (link,) = [n for n in walk(block) if getattr(n, "type", "") == "page_link"]
    assert link.proto.page == slug
    assert not link.proto.disabled
    assert link.proto.help.endswith("you are here")
    others = [p for p in _step_links(app) if p.proto.page != slug]
    assert len(others) == len(STEPS) - 1
    assert not any(p.proto.disabled or "you are here" in p.proto.help for p in others)


def test_the_legend_uses_the_stepper_symbols(
    new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page("goal", new_canvas("bakery"))
    legend = next(c.value for c in app.sidebar.caption if "not started" in c.value)
    for symbol in STATE_SYMBOLS.values():
        assert symbol in legend
    assert not re.search("[○◐●▲✖]", legend)
