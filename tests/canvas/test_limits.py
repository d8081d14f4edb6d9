"""Widget limits come from the model's own field constraints."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from canvas.core.editing import LIST_JOINER, join_list
from canvas.core.limits import item_max_length, joined_max_length, max_length
from canvas.core.model import Canvas, CustomerGroup, SessionNote, ValueProposition


def test_max_length_reads_the_field_constraint() -> None:
    assert max_length(CustomerGroup, "name") == 40
    assert max_length(Canvas, "first_moves") == 600
    assert max_length(SessionNote, "text") == 300
    assert max_length(CustomerGroup, "value_drivers") == 3  # items, for a list


def test_the_limit_is_the_one_the_model_enforces() -> None:
    limit = max_length(CustomerGroup, "behaviour")
    CustomerGroup(behaviour="x" * limit)
    with pytest.raises(ValidationError):
        CustomerGroup(behaviour="x" * (limit + 1))


def test_list_items_and_joined_text() -> None:
    assert item_max_length(ValueProposition, "proof_points") == 120
    longest = ["x" * item_max_length(CustomerGroup, "value_drivers")] * 3
    CustomerGroup(value_drivers=longest)
    assert joined_max_length(CustomerGroup, "value_drivers", LIST_JOINER) == len(join_list(longest))


def test_a_field_without_a_length_is_refused() -> None:
    with pytest.raises(ValueError, match="currency"):
        max_length(Canvas, "currency")
    with pytest.raises(ValueError, match="intents"):
        item_max_length(CustomerGroup, "intents")
