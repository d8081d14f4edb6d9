"""Stores as an earlier version of the app wrote them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from canvas.storage import sqlite as store_module


@contextmanager
def writing_as_version_1(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Inside, a store writes revision bodies as version 1 did: as text, not compressed."""
    with monkeypatch.context() as old_app:
        old_app.setattr(store_module, "pack_body", lambda body: body)
        yield
