"""The laptop's server stopped and started again under an open page: the page reconnects by
itself as a new session, and the change that wakes it cannot be applied there (Streamlit calls no
callback for a widget the session never drew). The person is told, never left believing it was
kept; everything saved before is there, and the change made again saves."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from canvas.core.document import as_new_canvas
from canvas.storage.files import load_sample
from tests.support.runs import open_url, title
from tests.support.server import Server, stored, wait_stored
from tests.support.widgets import commit_text, text_field
from ui.practice import LOST_ACTION

NAME = "Business name"
RECONNECT_MS = 60_000  # Streamlit's browser code retries with a growing pause


def test_a_restarted_server_says_the_first_change_did_not_reach_the_canvas(
    page: Page, fresh_server: Callable[[], Server]
) -> None:
    server = fresh_server()
    canvas_id = server.store().create(as_new_canvas(load_sample("bakery"))).canvas.id
    open_url(page, f"{server.url}/goal?canvas={canvas_id}")
    expect(title(page)).to_have_text("1. Goal")
    main, field = page.get_by_test_id("stMain"), text_field(page, NAME)
    commit_text(page, NAME, "Crumb & Sons")
    wait_stored(server, canvas_id, lambda c: c.business_name == "Crumb & Sons", "the first name")
    expect(main).not_to_contain_text(LOST_ACTION)  # not on a page opened or edited as usual
    revision = server.store().load(canvas_id).revision

    with page.expect_event("websocket", timeout=RECONNECT_MS):  # the page's own reconnection
        server.kill()
        server.start()
    commit_text(page, NAME, "Crumb & Daughters")
    expect(main.get_by_test_id("stAlert")).to_contain_text(LOST_ACTION)
    expect(field).to_have_value("Crumb & Sons")  # the saved canvas, not the lost value
    assert server.store().load(canvas_id).revision == revision  # nothing saved, nothing pretended

    commit_text(page, NAME, "Crumb & Daughters")
    wait_stored(server, canvas_id, lambda c: c.business_name == "Crumb & Daughters", "the retry")
    expect(main).not_to_contain_text(LOST_ACTION)  # told once, where it happened
    assert stored(server, canvas_id).business_name == "Crumb & Daughters"
