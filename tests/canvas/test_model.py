from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from canvas.core.document import (
    CanvasFileError,
    canvas_from_document,
    canvas_from_json,
    canvas_to_json,
    migrate,
)
from canvas.core.model import (
    SCHEMA_VERSION,
    Canvas,
    CustomerGroup,
    Intent,
    IntentType,
    Objective,
    Pain,
    PainReliever,
    new_canvas_id,
)
from canvas.storage.schema_file import current_schema_text, schema_path

FIXTURES = Path(__file__).parent / "fixtures"


def test_sample_round_trip_is_identity(bakery: Canvas, it_services: Canvas, blank: Canvas) -> None:
    for canvas in (bakery, it_services, blank):
        text = canvas_to_json(canvas)
        again = canvas_from_json(text)
        assert again == canvas
        assert canvas_to_json(again) == text


def test_third_intent_is_rejected_with_plain_words(bakery: Canvas) -> None:
    """C-01 / V17."""
    doc = bakery.model_dump(mode="json")
    doc["groups"][0]["intents"].append({"type": "re_engineer", "objectives": ["upsell"]})
    with pytest.raises(CanvasFileError) as err:
        canvas_from_document(doc)
    assert "one or two intents, at most" in str(err.value)
    assert "'Weekday commuters'" in str(err.value)
    assert "Traceback" not in str(err.value)


@pytest.mark.parametrize(
    "pair",
    [
        (IntentType.grow, IntentType.retire),
        (IntentType.maintain, IntentType.retire),
        (IntentType.retire, IntentType.grow),
        (IntentType.grow, IntentType.grow),
    ],
)
def test_contradictory_or_repeated_intents_cannot_be_saved(
    pair: tuple[IntentType, IntentType],
) -> None:
    """C-13 / V19."""
    with pytest.raises(ValidationError):
        CustomerGroup(intents=[Intent(type=pair[0]), Intent(type=pair[1])])


def test_assignment_is_validated_too() -> None:
    group = CustomerGroup()
    with pytest.raises(ValidationError):
        group.intents = [
            Intent(type=t) for t in (IntentType.grow, IntentType.maintain, IntentType.re_engineer)
        ]
    with pytest.raises(ValidationError):
        group.retention_pct = 100
    with pytest.raises(ValidationError):
        group.customer_count = -1
    assert group.intents == [] and group.retention_pct == 0


def test_allowed_intent_pairs() -> None:
    ok = CustomerGroup(
        intents=[
            Intent(type=IntentType.grow, objectives=[Objective.acquire]),
            Intent(type=IntentType.maintain),
        ]
    )
    assert ok.has_grow_share and not ok.has_grow_value
    value = CustomerGroup(intents=[Intent(type=IntentType.grow, objectives=[Objective.upsell])])
    assert value.has_grow_value and not value.has_grow_share


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("retention_pct", 100),
        ("retention_pct", 150),
        ("customer_count", -1),
        ("nps_promoters", -3),
        ("nps_score_manual", 101),
        ("value_to_customer_score", 3.3),
        ("value_to_customer_score", 6),
        ("contribution_margin_pct", 120),
        ("share_of_wallet_pct", 0),
    ],
)
def test_impossible_values_are_rejected(field: str, value: float) -> None:
    """C-19 and V11: retention of 100% and negative counts never save."""
    with pytest.raises(ValidationError):
        CustomerGroup(**{field: value})


def test_links_must_point_inside_the_group() -> None:
    with pytest.raises(ValidationError):
        CustomerGroup(pain_relievers=[PainReliever(text="x", pain_ids=["missing"])])
    CustomerGroup(pains=[Pain(id="p1")], pain_relievers=[PainReliever(text="x", pain_ids=["p1"])])


def test_hangout_must_point_to_a_known_group(bakery: Canvas) -> None:
    doc = bakery.model_dump(mode="json")
    doc["hangouts"][0]["group_ids"] = ["nobody"]
    with pytest.raises(CanvasFileError) as err:
        canvas_from_document(doc)
    assert "Station forecourt" in str(err.value)


def test_unknown_fields_and_wrong_types_get_labels() -> None:
    with pytest.raises(CanvasFileError) as err:
        canvas_from_document({"groups": [{"name": "A", "customer_count": "lots", "colour": "red"}]})
    message = str(err.value)
    assert "Customer groups › 'A' › Customers: must be a whole number" in message
    assert "colour: is not something a canvas has" in message
    assert len(err.value.problems) == 2


def test_canvas_ids_carry_128_random_bits() -> None:
    ids = {new_canvas_id() for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) >= 22 for i in ids)  # 16 random bytes, base64url


def test_newer_schema_is_refused() -> None:
    with pytest.raises(CanvasFileError, match="newer version"):
        migrate({"schema_version": SCHEMA_VERSION + 1})
    with pytest.raises(CanvasFileError):
        migrate({"schema_version": "one"})


def test_migration_chain_runs_each_step_in_order() -> None:
    steps = {
        1: lambda d: {k: v for k, v in d.items() if k != "old"} | {"renamed": d["old"]},
        2: lambda d: {**d, "added": True},
    }
    out = migrate({"schema_version": 1, "old": 5}, steps, current=3)
    assert out == {"schema_version": 3, "renamed": 5, "added": True}


def test_every_historic_fixture_still_loads() -> None:
    fixtures = sorted(FIXTURES.glob("canvas-v*.json"))
    assert len(fixtures) == SCHEMA_VERSION
    for fixture in fixtures:
        canvas = canvas_from_json(fixture.read_bytes())
        assert canvas.schema_version == SCHEMA_VERSION


def test_schema_snapshot_matches_the_model() -> None:
    """Changing the model needs a schema_version bump, a migration step and a new snapshot
    (python -m canvas.storage.schema_file)."""
    assert schema_path().exists()
    assert schema_path().read_text() == current_schema_text()
