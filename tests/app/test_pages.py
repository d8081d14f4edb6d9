"""Every page renders for blank, bakery and IT canvases; key widgets change the model."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.progress import STEPS, StepState, step_title
from canvas.storage import SqliteStore
from canvas.storage.files import load_sample
from tests.support.apptest import no_exceptions, text_field
from ui.frame import STATE_SYMBOLS

SLUGS = [s.slug for s in STEPS]


@pytest.mark.parametrize("sample", ["blank", "bakery", "it_services", "nonprofit", "coaching"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_renders(
    slug: str, sample: str, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page(slug, new_canvas(sample))
    no_exceptions(app)
    step = next(s for s in STEPS if s.slug == slug)
    assert app.title[0].value.endswith(step_title(step.code, load_sample(sample)))


def test_library_lists_samples_on_first_start(open_page: Callable[..., AppTest]) -> None:
    app = open_page(None)
    no_exceptions(app)
    assert app.title[0].value == "Customer strategy canvas"
    labels = [b.label for b in app.button]
    assert "Bakery-café example" in labels and "Start blank" in labels
    links = [p.label for p in app.get("page_link")]
    assert "**Crumb & Co.**" in links and "**Northgate IT**" in links


def test_unknown_canvas_is_a_friendly_not_found(open_page: Callable[..., AppTest]) -> None:
    app = open_page("value-map", "x" * 22)
    no_exceptions(app)
    assert app.title[0].value == "We couldn't find that canvas"


def test_typing_the_goal_saves_it(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("blank")
    app = open_page("goal", canvas_id)
    text_field(app, "Business goal").set_value("Lift profit 15% without longer hours").run()
    no_exceptions(app)
    assert store.load(canvas_id).canvas.business_goal == "Lift profit 15% without longer hours"


def test_bad_currency_is_refused_and_explained(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("bakery")
    app = open_page("goal", canvas_id)
    text_field(app, "Currency").set_value("$$").run()
    assert any("three-letter currency code" in e.value for e in app.error)
    assert store.load(canvas_id).canvas.currency == "AUD"


def test_third_intent_is_disabled(
    new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page("intent", new_canvas("bakery"))
    no_exceptions(app)
    boxes = {c.label: c for c in app.checkbox}
    # Weekday commuters: maintain + grow already chosen
    assert boxes["Maintain"].value and boxes["Grow"].value
    assert boxes["Re-engineer"].disabled and boxes["Retire"].disabled


def test_choosing_an_intent_saves_it(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    canvas_id = new_canvas("it_services")
    app = open_page("intent", canvas_id)
    app.selectbox(key="focus-group").set_value("startups").run()
    boxes = {c.label: c for c in app.checkbox}
    assert boxes["Grow"].value and boxes["Retire"].disabled  # retire cannot go with grow
    assert not boxes["Maintain"].disabled
    boxes["Maintain"].check().run()
    no_exceptions(app)
    types = [i.type for i in store.load(canvas_id).canvas.group("startups").intents]
    assert types == ["grow", "maintain"]


def test_stepper_reflects_checks(
    new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page("goal", new_canvas("bakery"))
    icons = {p.label: p.proto.icon for p in app.get("page_link")}
    assert icons["4. Value to the business"] == STATE_SYMBOLS[StepState.warnings]
    assert icons["1. Goal"] == STATE_SYMBOLS[StepState.done]
    blank = open_page("goal", new_canvas("blank"))
    icons = {p.label: p.proto.icon for p in blank.get("page_link")}
    assert icons["2. Customer groups"] == STATE_SYMBOLS[StepState.not_started]


def test_summary_lists_findings_with_links(
    new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    app = open_page("summary", new_canvas("bakery"))
    no_exceptions(app)
    text = " ".join(m.value for m in app.markdown)
    assert "below\\-zero group" in text or "below-zero group" in text
    assert "Crumb & Co. customer strategy" in text
