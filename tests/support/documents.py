"""Walking a JSON-like document (a canvas dump, a Vega-Lite spec) for the texts in it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def texts_in(value: Any) -> Iterator[str]:
    """Every string in `value`, through dicts, lists and tuples, in document order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts_in(item)
