from __future__ import annotations

import json
import re
import zlib

import pytest

from canvas.core.model import Canvas
from canvas.outputs.onepager import (
    PAPERS,
    one_page_pdf,
    one_page_png,
    one_page_spec,
    page_svg,
    paper_for,
)


def media_box(pdf: bytes) -> list[float]:
    """The page size of a one-page PDF, in points, from its MediaBox."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.\s-]+)\]", pdf)
    assert len(boxes) == 1, boxes
    return [float(v) for v in boxes[0].split()]


def text_sizes(svg: str) -> set[float]:
    return {float(v) for v in re.findall(r'font-size="([\d.]+)', svg)}


@pytest.mark.parametrize(("paper", "size"), [("a4", (841.89, 595.28)), ("letter", (792, 612))])
def test_the_pdf_is_one_landscape_page_of_the_paper_asked_for(
    it_services: Canvas, paper: str, size: tuple[float, float]
) -> None:
    pdf = one_page_pdf(it_services, paper=paper)
    assert pdf.startswith(b"%PDF")
    assert media_box(pdf) == pytest.approx([0, 0, *size], abs=0.01)
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") <= 1
    assert re.search(rb"/Count\s+1\b", pdf)


def test_the_paper_follows_the_canvas_currency_unless_asked(bakery: Canvas) -> None:
    bakery.currency = "USD"
    assert paper_for(bakery).key == "letter"
    bakery.currency = "EUR"
    assert paper_for(bakery).key == "a4"
    assert paper_for(bakery, "letter").key == "letter"
    with pytest.raises(ValueError):
        paper_for(bakery, "a3")


@pytest.mark.parametrize("customer_safe", [False, True])
@pytest.mark.parametrize("name", ["bakery", "it_services", "nonprofit"])
def test_every_text_is_at_least_8_pt_on_paper(
    request: pytest.FixtureRequest, name: str, customer_safe: bool
) -> None:
    canvas = request.getfixturevalue(name)
    svg, scale = page_svg(canvas, customer_safe=customer_safe)
    paper = paper_for(canvas)
    assert re.match(rf'<svg[^>]*width="{paper.width}" height="{paper.height}"', svg)
    sizes = text_sizes(svg)
    assert sizes and min(sizes) * scale >= 8.0, (min(sizes), scale)


def test_png_renders_the_same_page_without_a_browser(nonprofit: Canvas) -> None:
    png = one_page_png(nonprofit, paper="letter", scale=1)
    assert png.startswith(b"\x89PNG") and len(png) > 50_000
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (792, 612)


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


def grid_marks(spec: dict) -> list[dict]:
    return spec["vconcat"][1]["data"]["values"]


def test_each_line_of_a_cell_stays_a_line(bakery: Canvas) -> None:
    cells = [m["text"] for m in grid_marks(one_page_spec(bakery)) if m.get("kind") == "cell"]
    commuters_value = next(c for c in cells if c and c[0].startswith("Lifetime value $870"))
    assert commuters_value[:2] == ["Lifetime value $870", "Group value $783,209"]
    # the third line starts the recommendation score; a full page may cut it short with "…"
    rest = " ".join(commuters_value[2:])
    full = "Recommendation score +33, give or take 19"
    assert rest.startswith(full) or (rest.endswith("…") and full.startswith(rest[:-1])), rest
    assert not any("repeat People" in line for cell in cells for line in cell)


def test_the_map_sits_beside_the_heading_and_the_grid_runs_across_the_page(
    bakery: Canvas,
) -> None:
    spec = one_page_spec(bakery, paper="a4")
    heading, value_map = spec["vconcat"][0]["hconcat"]
    assert "Who gets value" in json.dumps(value_map["title"])
    assert any("First moves" in m["text"] for m in heading["data"]["values"])
    assert spec["vconcat"][1]["width"] == pytest.approx(PAPERS["a4"].width - 56, abs=1.5)


def test_a_page_too_full_cuts_cells_and_says_so(bakery: Canvas) -> None:
    bakery.groups[0].description = " ".join(["A long reason to pick us."] * 11)
    marks = grid_marks(one_page_spec(bakery, paper="a4"))
    cut = [m for m in marks if m.get("kind") == "cell" and m["text"][-1].endswith("…")]
    assert cut
    (note,) = [m["text"][0] for m in marks if m.get("kind") == "note"]
    assert "cut short" in note and "One-page strategy step" in note
    safe = grid_marks(one_page_spec(bakery, paper="a4", customer_safe=True))
    (safe_note,) = [m["text"][0] for m in safe if m.get("kind") == "note"]
    assert "cut short" in safe_note and "step" not in safe_note  # no app to look in outside


def test_pdf_text_is_compressed_page_content(bakery: Canvas) -> None:
    """The PDF carries real text (not an image): its content streams draw text with Tf."""
    pdf = one_page_pdf(bakery, customer_safe=True)
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
    content = b"".join(zlib.decompress(s) for s in streams if s[:1] == b"x")
    assert b" Tf" in content
