"""The workbooks as they print: every sample, full and customer-safe, converted to PDF by
LibreOffice once per session, then every page read back with poppler (`pdftotext -bbox-layout`).

Font sizes come from the height of each word's box (its width, in a line that runs up the page,
like a chart's vertical axis title), measured against a 10 pt cell converted in the same run."""

from __future__ import annotations

import io
import random
import re
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from canvas.outputs.excel import export_workbook
from canvas.outputs.excel.write.printing import END_MARGIN, INCH, line_count
from canvas.outputs.excel.write.styles import INK, MIN_CONTRAST, contrast
from canvas.storage.files import load_sample
from tests.support.office import convert, require_print_tools

SAMPLES = ("bakery", "it_services", "nonprofit")
WORKBOOKS = [f"{name}{suffix}" for name in SAMPLES for suffix in ("", "-safe")]
SMALLEST_PT = 8.0
CALIBRATION_PT = 10
OVERLAP = 0.3  # of the smaller box: more than the leading of two lines of one cell
FOOTER = "Customer strategy canvas · "
NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    upright: bool = True  # False: in a line running up or down the page

    @property
    def height(self) -> float:
        """The height of the line the word is set in (across the line, if it is turned)."""
        return self.y1 - self.y0 if self.upright else self.x1 - self.x0


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]

    @property
    def sheet(self) -> str:
        line = " ".join(w.text for w in self.words if w.y0 > self.height - END_MARGIN * INCH)
        found = re.search(re.escape(FOOTER) + r"(.+?) Page \d+ of \d+", line)
        return found.group(1).strip() if found else ""

    def body(self) -> list[Word]:
        """The words between the page's header and footer."""
        top, bottom = END_MARGIN * INCH - 2, self.height - END_MARGIN * INCH + 2
        return [w for w in self.words if w.y0 >= top and w.y1 <= bottom]


@dataclass
class Printed:
    workbook: openpyxl.Workbook
    pages: list[Page]


def _box(element: ET.Element) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(element.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
    return x0, y0, x1, y1


def _upright(boxes: list[tuple[float, float, float, float]]) -> bool:
    """False for a line of several words stacked one above the other: turned text."""
    if len(boxes) < 2:
        return True
    x0, _, x1, _ = boxes[0]
    same_column = all(abs(b[0] - x0) < 0.5 and abs(b[2] - x1) < 0.5 for b in boxes)
    return not same_column


def read_pages(pdf: Path) -> list[Page]:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    root = ET.fromstring(out)
    pages = []
    for number, page in enumerate(root.iter(f"{NS}page"), start=1):
        words = []
        for line in page.iter(f"{NS}line"):
            found = list(line.iter(f"{NS}word"))
            upright = _upright([_box(w) for w in found])
            words += [Word(*_box(w), w.text or "", upright) for w in found]
        pages.append(Page(number, float(page.get("width", 0)), float(page.get("height", 0)), words))
    return pages


def calibration_workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Calibration"
    wb.active["A1"].font = Font(name="Calibri", size=CALIBRATION_PT)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """Every workbook and its PDF, converted in one LibreOffice run."""
    soffice = require_print_tools()
    folder = tmp_path_factory.mktemp("print")
    books = {}
    for name in SAMPLES:
        canvas = load_sample(name)
        books[name] = export_workbook(canvas)
        books[f"{name}-safe"] = export_workbook(canvas, customer_safe=True)
    books["calibration"] = calibration_workbook()
    sources = []
    for name, data in books.items():
        (folder / f"{name}.xlsx").write_bytes(data)
        sources.append(folder / f"{name}.xlsx")
    pdfs = convert(soffice, sources, "pdf", folder / "pdf", folder / "profile")
    return {
        pdf.stem: Printed(openpyxl.load_workbook(io.BytesIO(books[pdf.stem])), read_pages(pdf))
        for pdf in pdfs
    }


@pytest.fixture(scope="module")
def box_per_point(printed: dict[str, Printed]) -> float:
    """How tall the box of a word is per point of font size, in this run's PDF."""
    (word,) = [w for page in printed["calibration"].pages for w in page.words]
    assert word.text == "Calibration"
    return word.height / CALIBRATION_PT


def overlapping(words: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs of words drawn over each other (a sweep down the page, not every pair)."""
    ordered = sorted(words, key=lambda w: w.y0)
    found = []
    for i, one in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other.y0 >= one.y1:
                break
            dx = min(one.x1, other.x1) - max(one.x0, other.x0)
            dy = min(one.y1, other.y1) - max(one.y0, other.y0)
            smaller = min((w.x1 - w.x0) * (w.y1 - w.y0) for w in (one, other))
            if dx > 0 and dy > 0 and dx * dy > OVERLAP * smaller:
                found.append((one, other))
    return found


def title_row_words(ws: openpyxl.worksheet.worksheet.Worksheet) -> set[str]:
    """The words of the rows printed on top of every page of a sheet."""
    if not ws.print_title_rows:
        return set()
    first, last = (int(n) for n in ws.print_title_rows.replace("$", "").split(":"))
    return {
        word
        for row in ws.iter_rows(min_row=first, max_row=last)
        for cell in row
        if cell.value is not None
        for word in str(cell.value).split()
    }


@pytest.mark.parametrize("name", WORKBOOKS)
def test_every_page_is_landscape_and_named(name: str, printed: dict[str, Printed]) -> None:
    book = printed[name]
    visible = [ws.title for ws in book.workbook.worksheets if ws.sheet_state == "visible"]
    assert book.pages
    for page in book.pages:
        assert page.width > page.height, (name, page.number)
        assert page.sheet in visible, (name, page.number, page.sheet)
    assert {page.sheet for page in book.pages} == set(visible)


@pytest.mark.parametrize("name", WORKBOOKS)
def test_text_prints_at_8_points_or_more(
    name: str, printed: dict[str, Printed], box_per_point: float
) -> None:
    for page in printed[name].pages:
        small = [w for w in page.words if w.height / box_per_point < SMALLEST_PT - 0.05]
        assert not small, f"{name} page {page.number} ({page.sheet}): " + ", ".join(
            f"'{w.text}' {w.height / box_per_point:.1f} pt" for w in small[:8]
        )


@pytest.mark.parametrize("name", WORKBOOKS)
def test_no_text_prints_over_other_text(name: str, printed: dict[str, Printed]) -> None:
    for page in printed[name].pages:
        pairs = overlapping(page.words)
        assert not pairs, f"{name} page {page.number} ({page.sheet}): " + "; ".join(
            f"'{a.text}' over '{b.text}' at y {a.y0:.0f}" for a, b in pairs[:6]
        )


@pytest.mark.parametrize("name", WORKBOOKS)
def test_no_page_of_headers_only(name: str, printed: dict[str, Printed]) -> None:
    book = printed[name]
    for page in book.pages:
        repeated = title_row_words(book.workbook[page.sheet])
        content = [w.text for w in page.body() if w.text not in repeated]
        assert content, f"{name} page {page.number} ({page.sheet}) prints only its headers"


def _rgb(color: object, default: str) -> str:
    rgb = getattr(color, "rgb", None)
    return rgb[-6:] if isinstance(rgb, str) and re.fullmatch(r"[0-9A-Fa-f]{6,8}", rgb) else default


@pytest.mark.parametrize("name", WORKBOOKS)
def test_text_on_every_fill_has_contrast(name: str, printed: dict[str, Printed]) -> None:
    book = printed[name].workbook
    checked = 0
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in (None, "") or cell.fill.fill_type != "solid":
                    continue
                fill = _rgb(cell.fill.start_color, "FFFFFF")
                text = _rgb(cell.font.color, "000000")
                ratio = contrast(fill, text)
                assert ratio >= MIN_CONTRAST, (ws.title, cell.coordinate, text, fill, ratio)
                checked += 1
    assert checked > 20  # headers, group names and calculated cells at least


def test_the_checks_can_fail() -> None:
    """The overlap and contrast checks find what they look for."""
    line = Word(10, 10, 60, 23, "over")
    assert overlapping([line, Word(30, 12, 80, 25, "lapping")])
    assert not overlapping([line, Word(10, 21.5, 60, 34.5, "next line")])
    assert contrast("FFFFFF", "E69F00") < MIN_CONTRAST < contrast("FFFFFF", INK)


def test_line_count_wraps_as_textwrap_does(fuzz_rng: random.Random) -> None:
    """The fast line count behind the row heights agrees with the standard library's wrapping."""
    words = ["a", "bb", "ccc", "dddd", "eeeeeeeeee", "f" * 28, "gg"]
    for _ in range(2000):
        text = " ".join(fuzz_rng.choice(words) for _ in range(fuzz_rng.randint(1, 30)))
        per_line = fuzz_rng.randint(3, 30)
        expected = max(1, len(textwrap.wrap(text, per_line, break_on_hyphens=False)))
        assert line_count(text, per_line) == expected, (text, per_line)
