"""The "Measure from your sales records" panel: upload, map, compare, accept."""

from __future__ import annotations

import json
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from canvas.core.model import Confidence
from canvas.storage import SqliteStore
from canvas.storage.files import SAMPLES_DIR
from tests.support.apptest import all_text, no_exceptions

PAGE = "value-to-business"
SALES = SAMPLES_DIR / "sales" / "bakery_sales.csv.gz"


def upload(app: AppTest, name: str, data: bytes) -> AppTest:
    uploader = next(u for u in app.file_uploader if u.label.startswith("Sales export"))
    return uploader.set_value((name, data, "text/csv")).run()


def button(app: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in app.button if b.label == label)


def test_upload_then_accept_all_makes_the_figures_measured(
    open_page: Callable[..., AppTest], new_canvas: Callable[[str], str], store: SqliteStore
) -> None:
    canvas_id = new_canvas("bakery")
    before = {g.name: g for g in store.load(canvas_id).canvas.groups}
    app = open_page(PAGE, canvas_id)
    no_exceptions(app)
    app = upload(app, SALES.name, SALES.read_bytes())
    no_exceptions(app)
    text = all_text(app)
    assert "2,018 customers" in text and "walk-in" in text
    button(app, "Accept all measured figures").click().run()
    no_exceptions(app)
    saved = store.load(canvas_id).canvas
    for group in saved.groups:
        assert group.measured is not None and group.measured.file_name == SALES.name
        assert group.confidence.customer_count == Confidence.measured
        was = before[group.name]
        assert group.confidence.contribution_margin_pct == was.confidence.contribution_margin_pct
        assert group.contribution_margin_pct == was.contribution_margin_pct
    commuters = next(g for g in saved.groups if g.name == "Weekday commuters")
    assert commuters.customer_count == 900
    assert "Accepted: these figures are on your canvas" in all_text(app)


def test_accept_one_group(
    open_page: Callable[..., AppTest], new_canvas: Callable[[str], str], store: SqliteStore
) -> None:
    canvas_id = new_canvas("bakery")
    app = upload(open_page(PAGE, canvas_id), SALES.name, SALES.read_bytes())
    button(app, "Accept for Laptop campers").click().run()
    no_exceptions(app)
    saved = {g.name: g for g in store.load(canvas_id).canvas.groups}
    assert saved["Laptop campers"].measured is not None
    assert saved["Weekday commuters"].measured is None


def test_unknown_columns_are_mapped_with_a_preview(
    open_page: Callable[..., AppTest], new_canvas: Callable[[str], str], store: SqliteStore
) -> None:
    canvas_id = new_canvas("bakery")
    data = (
        b"Kunde;Datum;Betrag;Gruppe\n"
        b"a;03.01.2025;6,50;Laptop campers\n"
        b"a;04.01.2025;7,50;Laptop campers\n"
    )
    app = upload(open_page(PAGE, canvas_id), "kasse.csv", data)
    no_exceptions(app)
    assert "were not recognised" in all_text(app)
    assert app.dataframe  # the preview
    for label, column in (
        ("Customer id or email", "Kunde"),
        ("Date", "Datum"),
        ("Amount", "Betrag"),
        ("Group, segment or tag", "Gruppe"),
    ):
        next(s for s in app.selectbox if s.label == label).set_value(column)
    app = button(app.run(), "Use these columns").click().run()
    no_exceptions(app)
    assert "DD.MM.YYYY" in all_text(app)
    button(app, "Accept for Laptop campers").click().run()
    campers = next(g for g in store.load(canvas_id).canvas.groups if g.name == "Laptop campers")
    assert (campers.customer_count, campers.avg_order_value) == (1, 7.0)


def test_a_hostile_file_says_why_and_changes_nothing(
    open_page: Callable[..., AppTest], new_canvas: Callable[[str], str], store: SqliteStore
) -> None:
    canvas_id = new_canvas("bakery")
    before = store.load(canvas_id)
    app = upload(open_page(PAGE, canvas_id), "sales.csv", b"%PDF-1.7 junk")
    no_exceptions(app)
    assert any("This is a PDF document" in e.value for e in app.error)
    after = store.load(canvas_id)
    assert after.revision == before.revision


def test_value_proposal_matched_to_a_canvas_group(
    open_page: Callable[..., AppTest], new_canvas: Callable[[str], str], store: SqliteStore
) -> None:
    canvas_id = new_canvas("bakery")
    app = upload(open_page(PAGE, canvas_id), SALES.name, SALES.read_bytes())
    titles = [
        json.loads(c.proto.spec).get("title", {}).get("text") for c in app.get("vega_lite_chart")
    ]
    assert {"How concentrated your sales are", "How new customers kept buying"} <= set(titles)
    next(r for r in app.radio if r.label == "Group the customers by").set_value(
        "A proposal by value (spend and recency)"
    ).run()
    no_exceptions(app)
    assert "Top 10% by spend" in all_text(app)
    next(s for s in app.selectbox if s.label == "Count 'Top 10% by spend' as").set_value(
        "Office catering accounts"
    ).run()
    no_exceptions(app)
    button(app, "Accept for Office catering accounts").click().run()
    no_exceptions(app)
    office = next(
        g for g in store.load(canvas_id).canvas.groups if g.name == "Office catering accounts"
    )
    assert office.measured is not None and office.customer_count > 100  # the top tenth
