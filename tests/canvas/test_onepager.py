from __future__ import annotations

import json

from canvas.core.model import Canvas
from canvas.outputs.onepager import one_page_pdf, one_page_png, one_page_spec


def test_png_and_pdf_render_without_a_browser(bakery: Canvas) -> None:
    png = one_page_png(bakery, scale=1)
    pdf = one_page_pdf(bakery)
    assert png.startswith(b"\x89PNG") and len(png) > 50_000
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_spec_holds_every_group_and_the_map(it_services: Canvas) -> None:
    text = json.dumps(one_page_spec(it_services))
    for group in it_services.groups:
        assert group.name in text
    assert "Who gets value, and who gives it back" in text
    assert "First moves" in text


def test_customer_safe_picture_leaves_out_internal_labels(bakery: Canvas) -> None:
    text = json.dumps(one_page_spec(bakery, customer_safe=True))
    for internal in ("bargain buyers", "Laptop campers", "Below zero", "Most valuable"):
        assert internal not in text


def test_blank_canvas_still_renders(blank: Canvas) -> None:
    assert one_page_png(blank, scale=1).startswith(b"\x89PNG")


def cell_texts(spec: dict) -> list[list[str]]:
    """The text lines of every strategy-grid cell."""
    grid = next(part for part in spec["vconcat"] if "layer" in part)
    marks = next(iter(spec["datasets"].values())) if spec["datasets"] else grid["data"]["values"]
    return [mark["text"] for mark in marks if mark.get("kind") == "cell"]


def test_each_line_of_a_cell_stays_a_line(bakery: Canvas) -> None:
    cells = cell_texts(one_page_spec(bakery))
    commuters_value = next(c for c in cells if c and c[0].startswith("Lifetime value $870"))
    assert commuters_value[:2] == ["Lifetime value $870", "Group value $783,209"]
    assert " ".join(commuters_value[2:]).startswith("Recommendation score +33, give or take 19")
    assert not any("repeat People" in line for cell in cells for line in cell)


def test_the_map_comes_last_so_its_legend_sits_under_it(bakery: Canvas) -> None:
    parts = one_page_spec(bakery)["vconcat"]
    assert "Who gets value" in json.dumps(parts[-1].get("title"))
    assert "First moves" in json.dumps(parts[-2].get("title"))
