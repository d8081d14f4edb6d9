"""A file that is not a canvas gets a plain error on the library page and creates nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.runs import open_url, rerun, wait_for_app
from tests.support.server import Server

pytestmark = pytest.mark.e2e

BAD_FILES = {
    "broken.json": ("application/json", b'{"business_name": "Crumb & Co.", "groups": ['),
    "not-a-canvas.json": ("application/json", b'{"hello": "world"}'),
    "really-a-csv.xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"name,customers\nRegulars,120\nCaterers,15\n",
    ),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_is_refused_plainly(page: Page, server: Server, name: str) -> None:
    mime, data = BAD_FILES[name]
    open_url(page, server.url + "/")
    before = len(server.store().list_canvases())
    page.get_by_text("Open a canvas file (JSON or Excel workbook)").click()
    dropzone = page.get_by_test_id("stFileUploaderDropzoneInput")
    rerun(
        page,
        lambda: dropzone.set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}]),
    )
    expect(page.get_by_test_id("stFileUploader")).to_contain_text(name)
    rerun(page, lambda: page.get_by_role("button", name="Open as a new canvas").click())

    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_be_visible()
    message = error.inner_text()
    assert "Traceback" not in message and "Error:" not in message, message
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("heading", name="Customer strategy canvas")).to_be_visible()
    wait_for_app(page)
    assert len(server.store().list_canvases()) == before
