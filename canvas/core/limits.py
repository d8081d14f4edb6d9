"""How long a text may be, read from the model's own field constraints, so that a widget's limit
(`max_chars`) is the limit the model enforces and the two cannot drift apart."""

from __future__ import annotations

from collections.abc import Iterable
from typing import get_args

from annotated_types import MaxLen  # pydantic's own constraint type
from pydantic import BaseModel


def _max_len(metadata: Iterable[object]) -> int | None:
    return next((m.max_length for m in metadata if isinstance(m, MaxLen)), None)


def max_length(model: type[BaseModel], field: str) -> int:
    """The `max_length` the model sets on a field: characters for text, items for a list."""
    limit = _max_len(model.model_fields[field].metadata)
    if limit is None:
        raise ValueError(f"{model.__name__}.{field} has no max_length")
    return limit


def item_max_length(model: type[BaseModel], field: str) -> int:
    """The `max_length` of each text in a list field (`list[Annotated[str, Field(max_length=…)]]`)."""
    (item,) = get_args(model.model_fields[field].annotation)
    limit = _max_len(m for info in get_args(item)[1:] for m in getattr(info, "metadata", ()))
    if limit is None:
        raise ValueError(f"the items of {model.__name__}.{field} have no max_length")
    return limit


def joined_max_length(model: type[BaseModel], field: str, separator: str) -> int:
    """The longest text a list field can be typed as: its most items, each at most its longest,
    joined by `separator`."""
    items = max_length(model, field)
    return items * item_max_length(model, field) + (items - 1) * len(separator)
