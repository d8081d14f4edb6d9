from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from canvas.core.document import as_new_canvas
from canvas.storage import SqliteStore, open_store
from canvas.storage.files import load_sample
from ui import session

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SqliteStore]:
    monkeypatch.setenv("CANVAS_STORE", str(tmp_path / "canvas.db"))
    session.get_store.clear()
    yield open_store()
    session.get_store.clear()


@pytest.fixture
def new_canvas(store: SqliteStore) -> Callable[[str], str]:
    def make(sample: str) -> str:
        return store.create(as_new_canvas(load_sample(sample))).canvas.id

    return make


@pytest.fixture
def open_page(store: SqliteStore) -> Callable[..., AppTest]:
    def run(slug: str | None, canvas_id: str | None = None) -> AppTest:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        if canvas_id:
            app.query_params["canvas"] = canvas_id
        app.run()
        if slug:
            app.switch_page(f"pages/{slug}.py").run()
        return app

    return run
