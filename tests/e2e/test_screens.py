"""#14: every step looks right at the sizes people use, for every sample and a blank canvas.

Normal view at 1440x900 (a laptop) and 390x844 (a phone); presenter view at 1280x720 (a common
projector) and 1920x1080. What can be asserted is: the main block never scrolls sideways, no chart
is wider than its place, no cell or line says "None" or "nan", the sidebar is folded away on a
phone, and in presenter view the whole step fits one screen: nothing scrolls and nothing is cut at
the screen's edge. The screenshots land in artifacts/screens/ for people to look at.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from canvas.core.document import as_new_canvas
from canvas.core.model import Canvas
from canvas.core.progress import STEPS, step_title
from canvas.storage.files import load_sample
from tests.e2e.conftest import ARTIFACTS
from tests.support.runs import open_url, title
from tests.support.server import Server

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "screens"
LAPTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}
FULL_HD = {"width": 1920, "height": 1080}

CANVASES: dict[str, Callable[[], Canvas]] = {
    "bakery": lambda: as_new_canvas(load_sample("bakery")),
    "it": lambda: as_new_canvas(load_sample("it_services")),
    "nonprofit": lambda: as_new_canvas(load_sample("nonprofit")),
    "blank": Canvas,
}

# What sticks out: the main block scrolling sideways, a chart drawn wider than its place, and (in
# presenter view) the main block scrolling down or anything reaching past the screen's edge.
PROBLEMS_JS = """(presenter) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const problems = [];
  if (main.scrollWidth > main.clientWidth + 1) {
    problems.push(`the page scrolls sideways: ${main.scrollWidth} > ${main.clientWidth}`);
  }
  for (const chart of main.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    const place = chart.getBoundingClientRect();
    for (const drawn of chart.querySelectorAll('canvas, svg')) {
      const box = drawn.getBoundingClientRect();
      if (box.width && box.right > place.right + 2) {
        problems.push(`a chart is ${Math.round(box.right - place.right)}px wider than its place`);
      }
    }
  }
  const text = main.innerText;
  for (const word of ['None', 'nan', 'NaN', 'undefined']) {
    if (new RegExp(`(^|[^\\\\w])${word}([^\\\\w]|$)`).test(text)) problems.push(`the page says "${word}"`);
  }
  if (presenter) {
    if (main.scrollHeight > main.clientHeight + 1) {
      problems.push(`the step is taller than the screen: ${main.scrollHeight} > ${main.clientHeight}`);
    }
    const parts = main.querySelectorAll(
      '[data-testid="stVegaLiteChart"], [data-testid="stMarkdownContainer"], ' +
      '[data-testid="stButton"], [data-testid="stPopover"], [data-testid="stMetric"], ' +
      '[data-testid="stPageLink"], [data-testid="stAlert"], input, textarea');
    for (const part of parts) {
      const box = part.getBoundingClientRect();
      if (!box.width || !box.height) continue;
      if (box.right > window.innerWidth + 1 || box.bottom > window.innerHeight + 1 || box.left < -1) {
        const what = (part.innerText || part.getAttribute('data-testid') || part.tagName).slice(0, 40);
        problems.push(`cut at the screen's edge: ${what}`);
      }
    }
  }
  return problems;
}"""


def settled_problems(page: Page, presenter: bool) -> list[str]:
    """The problems once the layout has settled: charts size themselves after the page's run, so
    wait (up to a few seconds) for a clean layout, and report what is still wrong after that."""
    with contextlib.suppress(PlaywrightTimeout):  # the problems below say what is still wrong
        page.wait_for_function(
            f"() => ({PROBLEMS_JS})({str(presenter).lower()}).length === 0", timeout=5_000
        )
    return page.evaluate(PROBLEMS_JS, presenter)


def look(page: Page, size: dict[str, int], name: str, presenter: bool) -> list[str]:
    page.set_viewport_size(size)
    problems = settled_problems(page, presenter)
    page.screenshot(path=str(SHOTS / f"{name}-{size['width']}.png"), animations="disabled")
    return [f"{name} at {size['width']}x{size['height']}: {p}" for p in problems]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("sample", list(CANVASES))
def test_every_step_fits_the_screens_people_use(page: Page, server: Server, sample: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    canvas = CANVASES[sample]()
    canvas_id = server.store().create(canvas).canvas.id
    problems: list[str] = []
    for number, step in enumerate(STEPS, start=1):
        name = f"{sample}-{number:02d}-{step.slug}"
        page.set_viewport_size(LAPTOP)
        open_url(page, f"{server.url}/{step.slug}?canvas={canvas_id}")
        expect(title(page)).to_have_text(f"{number}. {step_title(step.code, canvas)}")
        problems += look(page, LAPTOP, name, presenter=False)
        problems += look(page, PHONE, name, presenter=False)
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")

        page.set_viewport_size(PROJECTOR)
        open_url(page, f"{server.url}/{step.slug}?canvas={canvas_id}&present=1")
        expect(page.get_by_text(f"Step {number} of {len(STEPS)}")).to_be_visible()
        expect(title(page)).to_have_text(step_title(step.code, canvas))
        problems += look(page, PROJECTOR, f"present-{name}", presenter=True)
        problems += look(page, FULL_HD, f"present-{name}", presenter=True)
    assert not problems, "\n".join(problems)
