"""Two tabs save the same canvas: the second is told, and choosing keeps both versions."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, expect

from canvas.core.document import as_new_canvas
from canvas.storage.files import load_sample
from tests.support.runs import assert_no_exception, open_url, rerun
from tests.support.server import Server, wait_stored
from tests.support.widgets import commit_text

pytestmark = pytest.mark.e2e

BANNER = "Someone else saved this canvas"
KEEP_COPY = "Use the other version, keep mine as a copy"


def test_second_tab_sees_the_conflict_and_keeps_a_copy(
    context: BrowserContext, server: Server
) -> None:
    store = server.store()
    canvas = store.create(as_new_canvas(load_sample("bakery"))).canvas
    url = f"{server.url}/goal?canvas={canvas.id}"
    tab1, tab2 = context.new_page(), context.new_page()
    open_url(tab1, url)
    open_url(tab2, url)

    commit_text(tab1, "Business name", "Crumb & Co. North")
    wait_stored(server, canvas.id, lambda c: c.business_name == "Crumb & Co. North", "tab 1's save")
    expect(tab1.get_by_text(BANNER)).to_have_count(0)

    commit_text(tab2, "Business name", "Crumb & Co. South")
    expect(tab2.get_by_text(BANNER)).to_be_visible()
    assert store.load(canvas.id).canvas.business_name == "Crumb & Co. North"

    rerun(tab2, tab2.get_by_role("button", name=KEEP_COPY).click)
    expect(tab2.get_by_text(BANNER)).to_have_count(0)
    expect(tab2.get_by_label("Business name", exact=True)).to_have_value("Crumb & Co. North")
    expect(tab2.get_by_text("(my version)").first).to_be_visible()
    assert_no_exception(tab2)

    names = {s.business_name: s.id for s in store.list_canvases()}
    assert "Crumb & Co. South (my version)" in names, sorted(names)
    copy = store.load(names["Crumb & Co. South (my version)"]).canvas
    assert copy.id != canvas.id
    assert [g.name for g in copy.groups] == [g.name for g in canvas.groups]
    assert store.load(canvas.id).canvas.business_name == "Crumb & Co. North"
    assert_no_exception(tab1)
