"""Access: ids are unguessable, a wrong id gets the same not-found, nothing leaks another canvas."""

from __future__ import annotations

import base64
import logging
import math
import re
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.document import as_new_canvas
from canvas.core.model import new_canvas_id
from canvas.storage import ConflictError, SqliteStore, open_store
from canvas.storage.files import load_sample
from tests.support.apptest import all_text, no_exceptions, shown_text
from ui import session

ID_ALPHABET = re.compile(r"[A-Za-z0-9_-]+")


def test_canvas_ids_carry_at_least_128_random_bits() -> None:
    ids = [new_canvas_id() for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    assert all(ID_ALPHABET.fullmatch(i) for i in ids)
    raw = [base64.urlsafe_b64decode(i + "=" * (-len(i) % 4)) for i in ids]
    assert min(len(r) for r in raw) * 8 >= 128
    assert min(len(i) for i in ids) * math.log2(64) >= 128
    # every full position varies: no fixed prefix, counter or timestamp (the last character of
    # 16 bytes in base64 carries only 2 bits)
    for position in range(min(len(i) for i in ids) - 1):
        assert len({i[position] for i in ids}) > 32


def page_words(app: AppTest) -> list[tuple[str, str]]:
    return [(kind, text) for kind, text, _ in shown_text(app)]


@pytest.mark.parametrize("slug", ["goal", "value-map", "summary"])
def test_wrong_id_gets_the_same_page_whether_or_not_canvases_exist(
    slug: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guessed = secrets.token_urlsafe(16)
    pages = []
    for populated in (False, True):
        path = tmp_path / f"{populated}.db"
        monkeypatch.setenv("CANVAS_STORE", str(path))
        session.get_store.clear()
        store = open_store(path)
        if populated:
            for sample in ("bakery", "it_services", "bakery"):
                store.create(as_new_canvas(load_sample(sample)))
        app = AppTest.from_file(str(Path(__file__).parents[2] / "app.py"), default_timeout=30)
        app.query_params["canvas"] = guessed
        app.run()
        app.switch_page(f"pages/{slug}.py").run()
        no_exceptions(app)
        pages.append(page_words(app))
    session.get_store.clear()
    assert pages[0] == pages[1]
    assert ("title", "We couldn't find that canvas") in pages[0]


def test_not_found_reveals_no_other_canvas(
    store: SqliteStore, new_canvas: Callable[[str], str], open_page: Callable[..., AppTest]
) -> None:
    real = new_canvas("bakery")
    near = real[:-2] + ("AA" if real[-2:] != "AA" else "BB")
    app = open_page("goal", near)
    no_exceptions(app)
    text = all_text(app)
    assert real not in text and "Crumb & Co." not in text and "Weekday commuters" not in text
    assert near not in text  # not even the id that was typed is echoed back


def test_store_logs_never_hold_an_id_or_canvas_content(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    path = tmp_path / "canvas.db"
    store = open_store(path)
    stored = store.create(as_new_canvas(load_sample("bakery")))
    canvas_id = stored.canvas.id
    store.save(stored.canvas, stored.revision)
    with pytest.raises(ConflictError) as conflict:
        store.save(stored.canvas, stored.revision)
    for probe in (canvas_id[:-1] + "x", "' OR 1=1 --", "../../etc/passwd"):
        assert store.load(probe) is None
        assert store.revisions(probe) == []
    path.write_bytes(path.read_bytes()[:4096] + b"\0" * 8192)  # damage it: recovery logs a line
    recovered = open_store(path)
    assert recovered.recovery_note
    messages = [str(conflict.value), repr(stored), recovered.recovery_note]
    messages += [r.getMessage() for r in caplog.records]
    for text in messages:
        assert canvas_id not in text
        assert "Crumb & Co." not in text


def test_a_fresh_visitor_does_not_see_other_peoples_canvases(
    store: SqliteStore,
    new_canvas: Callable[[str], str],
    open_page: Callable[..., AppTest],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When hosted for many people (CANVAS_HOSTED=1); a local install lists its owner's canvases."""
    monkeypatch.setenv("CANVAS_HOSTED", "1")
    someone_elses = new_canvas("bakery")
    app = open_page(None)  # a new browser session, not the one that made the canvas
    no_exceptions(app)
    links = [str(getattr(p.proto, "query_string", "")) + p.label for p in app.get("page_link")]
    assert not any(someone_elses in link for link in links)
    assert "Crumb & Co." not in all_text(app)
